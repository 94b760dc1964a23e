//! What `show` prints: a routine's plan, every step, side and lead-in
//! with its start time, as aligned text or one JSON document.

use super::Format;
use super::list::JSON_VERSION;
use crate::duration;
use crate::plan::{Plan, SegmentKind};
use crate::text::{count, sanitize};
use serde_json::{Value, json};
use std::io::{self, Write};

/// `kneadle show`.
pub fn show(format: Format, out: &mut dyn Write, plan: &Plan) -> io::Result<()> {
    match format {
        Format::Text => show_text(out, plan),
        Format::Json => {
            let text = serde_json::to_string_pretty(&plan_json(plan)).map_err(io::Error::other)?;
            writeln!(out, "{text}")
        }
    }
}

/// A plan as one JSON document: the routine and every segment.
fn plan_json(plan: &Plan) -> Value {
    let r = &plan.routine;
    let steps: Vec<Value> = r
        .steps
        .iter()
        .map(|s| {
            json!({
                "name": sanitize(&s.name),
                "technique": s.technique.to_string(),
                "seconds": s.duration.as_secs_f64(),
                "sides": s.sides,
                "repeat": s.repeat,
                "breath": s.breath.as_ref().map(|b| b.describe()),
                "instructions": sanitize(&s.instructions),
                "cues": s.cues.iter().map(|c| json!({"at": c.at.as_secs_f64(), "text": sanitize(&c.text)})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let segments: Vec<Value> = plan
        .segments
        .iter()
        .map(|seg| {
            json!({
                "start": seg.start.as_secs_f64(),
                "length": seg.length.as_secs_f64(),
                "kind": match seg.kind { SegmentKind::LeadIn => "lead-in", SegmentKind::Work => "work" },
                "step": seg.step + 1,
                "side": seg.side.map(|s| s.name()),
                "round": seg.round + 1,
            })
        })
        .collect();
    json!({
        "version": JSON_VERSION,
        "name": sanitize(&r.name),
        "summary": sanitize(&r.summary),
        "caution": r.caution.as_deref().map(|c| sanitize(c).into_owned()),
        "areas": r.areas.iter().map(|a| sanitize(a)).collect::<Vec<_>>(),
        "seconds": plan.total().as_secs_f64(),
        "steps": steps,
        "segments": segments,
    })
}

fn show_text(out: &mut dyn Write, plan: &Plan) -> io::Result<()> {
    let r = &plan.routine;
    writeln!(
        out,
        "{} — {}, {}",
        sanitize(&r.name),
        duration::words(r.total()),
        count(r.steps.len(), "step")
    )?;
    if !r.summary.is_empty() {
        writeln!(out, "{}", sanitize(&r.summary))?;
    }
    if let Some(caution) = &r.caution {
        writeln!(out, "\nCaution: {}", sanitize(caution))?;
    }
    writeln!(out, "\n START  LENGTH  STEP")?;
    for (index, seg) in plan.segments.iter().enumerate() {
        let step = plan.step(seg);
        let what = match seg.kind {
            SegmentKind::LeadIn => {
                let work = plan.segments.get(plan.work_of(index));
                format!(
                    "  {}",
                    work.map_or("Get ready", |w| plan.lead_in_title(w))
                        .to_lowercase()
                )
            }
            SegmentKind::Work => {
                let mut s = format!(
                    "{}. {} ({})",
                    seg.step + 1,
                    sanitize(&step.name),
                    step.technique
                );
                if let Some(side) = seg.side {
                    s.push_str(&format!(", {}", side.name()));
                }
                if step.repeat > 1 {
                    s.push_str(&format!(", round {} of {}", seg.round + 1, step.repeat));
                }
                if let Some(b) = &step.breath {
                    s.push_str(&format!(" · breath {}", b.describe()));
                }
                s
            }
        };
        writeln!(
            out,
            "{:>6}  {:>6}  {what}",
            duration::clock(seg.start),
            duration::clock(seg.length)
        )?;
    }
    writeln!(out, "{:>6}          done", duration::clock(plan.total()))?;
    Ok(())
}
