//! Breathing patterns: the named presets and the phases of one breath cycle.

use std::time::Duration;

/// One part of a breath cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhaseKind {
    Inhale,
    /// The short second inhale of a physiological sigh.
    TopUp,
    Hold,
    Exhale,
    /// Resting with empty lungs before the next inhale.
    HoldOut,
}

impl PhaseKind {
    /// What the pacer calls this phase.
    pub fn label(self) -> &'static str {
        match self {
            Self::Inhale => "Breathe in",
            Self::TopUp => "In a little more",
            Self::Hold => "Hold",
            Self::Exhale => "Breathe out",
            Self::HoldOut => "Hold, empty",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Phase {
    pub kind: PhaseKind,
    pub length: Duration,
}

/// A breath cycle: phases with lengths, repeated for the whole step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreathPattern {
    /// The preset's name, or `None` for a pattern written out in the file.
    pub preset: Option<&'static str>,
    pub phases: Vec<Phase>,
}

/// The presets a routine can name, with a one-line description each.
pub const PRESETS: &[(&str, &str)] = &[
    ("box", "4 s in, hold 4, 4 s out, hold 4"),
    ("4-7-8", "4 s in, hold 7, 8 s out"),
    (
        "coherent",
        "5.5 s in, 5.5 s out: about 5.5 breaths a minute",
    ),
    ("relax", "4 s in, 6 s out"),
    ("sigh", "2 s in, a short top-up in, a long 6 s out"),
];

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

impl BreathPattern {
    /// The preset called `name`, if there is one.
    pub fn preset(name: &str) -> Option<Self> {
        use PhaseKind::*;
        let (id, parts): (&'static str, &[(PhaseKind, f64)]) = match name {
            "box" => (
                "box",
                &[(Inhale, 4.0), (Hold, 4.0), (Exhale, 4.0), (HoldOut, 4.0)],
            ),
            "4-7-8" => ("4-7-8", &[(Inhale, 4.0), (Hold, 7.0), (Exhale, 8.0)]),
            "coherent" => ("coherent", &[(Inhale, 5.5), (Exhale, 5.5)]),
            "relax" => ("relax", &[(Inhale, 4.0), (Exhale, 6.0)]),
            "sigh" => ("sigh", &[(Inhale, 2.0), (TopUp, 1.0), (Exhale, 6.0)]),
            _ => return None,
        };
        Some(Self {
            preset: Some(id),
            phases: parts
                .iter()
                .map(|&(kind, s)| Phase {
                    kind,
                    length: secs(s),
                })
                .collect(),
        })
    }

    /// A pattern written out as seconds; zero-length holds are left out.
    pub fn custom(inhale: f64, hold: f64, exhale: f64, hold_out: f64) -> Self {
        let phases = [
            (PhaseKind::Inhale, inhale),
            (PhaseKind::Hold, hold),
            (PhaseKind::Exhale, exhale),
            (PhaseKind::HoldOut, hold_out),
        ]
        .into_iter()
        .filter(|&(_, s)| s > 0.0)
        .map(|(kind, s)| Phase {
            kind,
            length: secs(s),
        })
        .collect();
        Self {
            preset: None,
            phases,
        }
    }

    /// The length of one whole cycle.
    pub fn cycle(&self) -> Duration {
        self.phases.iter().map(|p| p.length).sum()
    }

    /// `4-7-8 (4 s in, hold 7, 8 s out)` or `4 in · 6 out`.
    pub fn describe(&self) -> String {
        if let Some(name) = self.preset {
            let what = PRESETS
                .iter()
                .find(|(n, _)| *n == name)
                .map_or("", |(_, d)| d);
            return format!("{name} ({what})");
        }
        self.phases
            .iter()
            .map(|p| {
                let word = match p.kind {
                    PhaseKind::Inhale | PhaseKind::TopUp => "in",
                    PhaseKind::Hold => "hold",
                    PhaseKind::Exhale => "out",
                    PhaseKind::HoldOut => "rest",
                };
                format!("{} {word}", p.length.as_secs_f64())
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_preset_exists_and_exhales_at_least_as_long_as_it_inhales() {
        for (name, _) in PRESETS {
            let p = BreathPattern::preset(name).unwrap();
            let inhale: Duration = p
                .phases
                .iter()
                .filter(|ph| matches!(ph.kind, PhaseKind::Inhale | PhaseKind::TopUp))
                .map(|ph| ph.length)
                .sum();
            let exhale: Duration = p
                .phases
                .iter()
                .filter(|ph| ph.kind == PhaseKind::Exhale)
                .map(|ph| ph.length)
                .sum();
            assert!(exhale >= inhale, "{name}");
        }
    }

    #[test]
    fn coherent_breathing_is_about_five_and_a_half_breaths_a_minute() {
        let p = BreathPattern::preset("coherent").unwrap();
        assert_eq!(p.cycle(), Duration::from_secs(11));
    }

    #[test]
    fn custom_patterns_drop_empty_holds() {
        let p = BreathPattern::custom(4.0, 0.0, 6.0, 0.0);
        assert_eq!(p.phases.len(), 2);
        assert_eq!(p.describe(), "4 in · 6 out");
    }
}
