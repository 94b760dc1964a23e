//! What `list` and `show` print: for people as aligned text, for scripts
//! as one JSON document (`--format json`). Every text from a file or a
//! file name passes the sanitizer first, in both.

use crate::cli::Format;
use crate::duration;
use crate::library::{self, Origin, Whose};
use crate::plan::{Plan, SegmentKind};
use crate::text::{count, sanitize};
use serde_json::{Value, json};
use std::io::{self, Write};
use std::process::ExitCode;

/// The version of the JSON documents' shape: raised only when a field
/// changes meaning or goes away (new fields may appear).
const JSON_VERSION: u32 = 1;

/// `kneadle list`.
pub fn list(format: Format, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<ExitCode> {
    match format {
        Format::Text => list_text(out, err),
        Format::Json => list_json(out, err),
    }
}

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

/// Whose a routine is, as `list` says it.
fn whose(id: &str, origin: &Origin) -> &'static str {
    match library::whose(id, origin) {
        Whose::Replaces(_) => "yours, replaces the built-in",
        Whose::Replaced => "built-in, replaced by yours",
        Whose::Yours => "yours",
        Whose::BuiltIn => "built-in",
    }
}

fn list_json(out: &mut dyn Write, err: &mut dyn Write) -> io::Result<ExitCode> {
    let (places, folder) = library::places();
    let mut routines = Vec::new();
    for (id, origin) in places {
        let entry = library::load(id, origin);
        let path = match &entry.origin {
            Origin::File(p) => Some(sanitize(&p.display().to_string()).into_owned()),
            Origin::Builtin(_) => None,
        };
        let mut item = json!({
            "id": sanitize(&entry.id),
            "whose": whose(&entry.id, &entry.origin),
            "path": path,
        });
        match &entry.routine {
            Ok(r) => {
                item["valid"] = json!(true);
                item["name"] = json!(sanitize(&r.name));
                item["areas"] = json!(r.areas.iter().map(|a| sanitize(a)).collect::<Vec<_>>());
                item["seconds"] = json!(r.total().as_secs());
                item["steps"] = json!(r.steps.len());
            }
            Err(report) => {
                item["valid"] = json!(false);
                item["problems"] = json!(report.short().lines().collect::<Vec<_>>());
            }
        }
        routines.push(item);
    }
    let document = json!({
        "version": JSON_VERSION,
        "routines": routines,
        "notices": folder.notices().iter().map(|n| sanitize(n).into_owned()).collect::<Vec<_>>(),
        "folder": library::user_dir().map(|d| sanitize(&d.display().to_string()).into_owned()),
    });
    let text = serde_json::to_string_pretty(&document).map_err(io::Error::other)?;
    writeln!(out, "{text}")?;
    let _ = err;
    Ok(ExitCode::SUCCESS)
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

fn list_text(out: &mut dyn Write, err: &mut dyn Write) -> io::Result<ExitCode> {
    // Each routine is read, printed and dropped in turn: memory stays that
    // of one file, however many the folder holds.
    let (places, folder) = library::places();
    let id_width = places
        .iter()
        .map(|(id, _)| sanitize(id).chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    writeln!(
        out,
        "{:id_width$}  {:>8}  {:>5}  NAME / AREAS",
        "ROUTINE", "TIME", "STEPS"
    )?;
    for (id, origin) in places {
        let entry = library::load(id, origin);
        let id = sanitize(&entry.id);
        match &entry.routine {
            Ok(r) => {
                let areas = if r.areas.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", r.areas.join(", "))
                };
                let own = match library::whose(&entry.id, &entry.origin) {
                    Whose::BuiltIn => String::new(),
                    Whose::Replaced => " [replaced by yours]".to_owned(),
                    _ => format!(" [{}]", whose(&entry.id, &entry.origin)),
                };
                writeln!(
                    out,
                    "{id:id_width$}  {:>8}  {:>5}  {}{}{own}",
                    duration::clock(r.total()),
                    r.steps.len(),
                    sanitize(&r.name),
                    sanitize(&areas)
                )?;
            }
            Err(report) => {
                writeln!(
                    out,
                    "{id:id_width$}  {:>8}  {:>5}  (invalid: see below)",
                    "-", "-"
                )?;
                for line in report.short().lines() {
                    writeln!(err, "warning: {line}")?;
                }
            }
        }
    }
    for notice in folder.notices() {
        writeln!(err, "warning: {notice}")?;
    }
    if let Some(dir) = library::user_dir() {
        let note = if dir.is_dir() {
            ""
        } else {
            " (create the folder to add your own)"
        };
        writeln!(
            out,
            "\nYour routines live in {}{note}",
            sanitize(&dir.display().to_string())
        )?;
    }
    Ok(ExitCode::SUCCESS)
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
