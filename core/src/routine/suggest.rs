//! "Did you mean …?": the closest of a few known names to a misspelt one.

/// Longer than this, a value is like no key or name.
const MAX_SUGGESTED: usize = 100;

/// The candidate closest to a misspelt `given`, if any is close enough to
/// be what was meant.
pub fn closest<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // Every name we suggest is short; comparing a megabyte-long value with
    // each would cost seconds to say nothing.
    if given.len() > MAX_SUGGESTED {
        return None;
    }
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(given, c), c))
        .filter(|(score, _)| *score > 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// "did you mean `x`?" when a candidate is close, else the list of choices.
pub fn suggest<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str> + Clone) -> String {
    match closest(given, candidates.clone()) {
        Some(c) => format!("did you mean `{c}`?"),
        None => {
            let all: Vec<String> = candidates.into_iter().map(|c| format!("`{c}`")).collect();
            format!("expected one of {}", all.join(", "))
        }
    }
}
