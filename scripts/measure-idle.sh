#!/usr/bin/env bash
# Usage: scripts/measure-idle.sh [ROUTINE] [RUN_SECONDS] [PAUSED_SECONDS]
# (after `cargo build --release`; needs tmux and Linux /proc).
# Measures kneadle's CPU time and wake-ups while it runs a routine in tmux.
set -eu
bin="$(cd "$(dirname "$0")/.." && pwd)/target/release/kneadle"
tmux kill-session -t meas 2>/dev/null || true
tmux new -d -s meas -x 100 -y 30 "$bin run ${1:-middle-back}"
sleep 1
pid=$(pgrep -n -f "$bin run")
tmux send-keys -t meas Enter   # skip the caution countdown
sample() {
  local t=$(awk '{print $14+$15}' /proc/$pid/stat)
  local cs=0
  for f in /proc/$pid/task/*/status; do
    cs=$((cs + $(awk '/^voluntary_ctxt_switches/{print $2}' $f) + $(awk '/^nonvoluntary_ctxt_switches/{print $2}' $f)))
  done
  echo "$t $cs"
}
hz=$(getconf CLK_TCK)
read t0 c0 < <(sample); sleep ${2:-60}; read t1 c1 < <(sample)
echo "running ${2:-60} s: cpu $(( (t1-t0) * 1000 / hz )) ms, context switches $((c1-c0)), rss $(awk '/VmRSS/{print $2}' /proc/$pid/status) kB"
tmux send-keys -t meas ' '
read t0 c0 < <(sample); sleep ${3:-20}; read t1 c1 < <(sample)
echo "paused ${3:-20} s: cpu $(( (t1-t0) * 1000 / hz )) ms, context switches $((c1-c0))"
tmux kill-session -t meas
