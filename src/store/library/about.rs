//! What the picker keeps of a routine: a bounded digest, whatever the
//! file's size.

use super::{Origin, load};
use crate::routine::{Routine, Technique};
use std::time::Duration;

/// What the picker shows of a routine: a bounded digest, however large
/// the file, so the picker's memory is bounded by what it lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct About {
    pub name: String,
    pub summary: String,
    pub areas: Vec<String>,
    pub caution: Option<String>,
    pub total: Duration,
    pub step_count: usize,
    /// The first [`ABOUT_STEPS`] steps.
    pub steps: Vec<StepLine>,
}

/// One step as the picker lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepLine {
    pub name: String,
    pub technique: Technique,
    pub duration: Duration,
    pub sides: bool,
    pub repeat: u32,
}

/// Steps the picker lists before "and N more".
pub const ABOUT_STEPS: usize = 40;

/// Problem lines the picker keeps of an invalid routine.
pub const ABOUT_PROBLEMS: usize = 10;

impl About {
    pub fn of(r: &Routine) -> Self {
        Self {
            name: r.name.clone(),
            summary: r.summary.clone(),
            areas: r.areas.clone(),
            caution: r.caution.clone(),
            total: r.total(),
            step_count: r.steps.len(),
            steps: r
                .steps
                .iter()
                .take(ABOUT_STEPS)
                .map(|s| StepLine {
                    name: s.name.clone(),
                    technique: s.technique,
                    duration: s.duration,
                    sides: s.sides,
                    repeat: s.repeat,
                })
                .collect(),
        }
    }
}

/// A routine as the picker lists it: where it is, and its digest or the
/// first lines of what is wrong with it.
#[derive(Debug, Clone)]
pub struct Listing {
    pub id: String,
    pub origin: Origin,
    pub about: Result<About, Vec<String>>,
}

impl Listing {
    /// Reads and checks the routine, keeping only what the picker shows.
    pub fn load(id: String, origin: Origin) -> Self {
        let entry = load(id, origin);
        let about = match &entry.routine {
            Ok(r) => Ok(About::of(r)),
            Err(report) => Err(report
                .short()
                .lines()
                .take(ABOUT_PROBLEMS)
                .map(str::to_owned)
                .collect()),
        };
        Self {
            id: entry.id,
            origin: entry.origin,
            about,
        }
    }
}
