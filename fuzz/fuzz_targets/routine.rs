//! Coverage-guided fuzzing of parse + validate + plan + session + render.
//! On stable: `cargo fuzz run -s none routine -- -max_total_time=60`
//! (seed it with `mkdir -p corpus/routine && cp ../routines/*.toml ../tests/invalid/*.toml corpus/routine/`).

#![no_main]

use kneadle::plan::Plan;
use kneadle::routine::Routine;
use kneadle::session::Session;
use kneadle::front::tui::{App, theme::Theme};
use libfuzzer_sys::fuzz_target;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::time::{Duration, Instant};

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else { return };
    match Routine::parse("fuzz.toml", source) {
        Ok(routine) => {
            let t0 = Instant::now();
            let mut session = Session::start(Plan::new(routine.clone()), t0);
            let mut now = t0;
            for step in 0..20u64 {
                now += Duration::from_millis(step * 997);
                match step % 5 {
                    0 => session.next(now),
                    1 => session.extend(now),
                    2 => session.shorten(now),
                    3 => session.previous(now),
                    _ => session.toggle_pause(now),
                }
                let _ = session.state(now);
                let _ = session.next_change_at(now, 40);
            }
            let app = App::running(routine, Theme::colour(), t0, kneadle::guide::COUNTDOWN);
            for (w, h) in [(1, 1), (20, 5), (80, 24)] {
                let area = Rect::new(0, 0, w, h);
                app.render(area, &mut Buffer::empty(area), now);
            }
        }
        Err(report) => {
            let text = report.render();
            assert!(text.bytes().all(|b| b >= 0x20 || b == b'\n'));
        }
    }
});
