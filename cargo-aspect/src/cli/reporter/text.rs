//! The words several reporters share, so a failure reads the same in the
//! terminal, in JUnit and in a GitHub annotation: the failure report of a
//! scenario or an aspect (located at `file:line:col` as the harness says it),
//! a verdict's word, a message's first line.

use std::fmt::Write as _;

use crate::cli::workspace::Locations;
use crate::event::{AspectEvent, ScenarioEvent, Status};
use crate::evidence::units::{format_duration, format_size};

/// `line:col` of an aspect's evidence; `line` alone for events without a column.
pub(super) fn aspect_position(e: &AspectEvent) -> String {
    match e.column {
        Some(column) => format!("{}:{column}", e.line),
        None => e.line.to_string(),
    }
}

/// The first line that is not blank, trimmed.
pub(super) fn first_line(text: &str) -> &str {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
}

/// The report of a failed scenario: the harness's (it names the failing
/// step's `file:line:col`), or one built from the failed step.
pub(super) fn scenario_failure_text(e: &ScenarioEvent, locations: &Locations) -> String {
    if let Some(message) = e.message.as_deref().filter(|m| !m.trim().is_empty()) {
        return message.trim_end().to_owned();
    }
    let file = locations.path(&e.package, &e.file);
    match &e.failed_step {
        Some(step) => format!(
            "{file}:{}:{}: step {}: {} {}",
            step.line,
            step.column,
            step.reason,
            step.keyword.trim(),
            step.text
        ),
        None => format!("{file}:{}: scenario failed (no report)", e.line),
    }
}

/// The report of a failed aspect: where (`file:line:col`, as the harness
/// prints it), what evidence, the property (its first paragraph), then the
/// evidence's output.
pub(super) fn aspect_failure_text(e: &AspectEvent, locations: &Locations) -> String {
    let mut out = format!(
        "{}:{}: evidence failed: {} ({})",
        locations.path(&e.package, &e.file),
        aspect_position(e),
        if e.description.is_empty() {
            &e.evidence
        } else {
            &e.description
        },
        e.evidence
    );
    if !e.summary.trim().is_empty() {
        let _ = write!(out, "\n  {}", e.summary.trim());
    }
    let mut body = String::new();
    if let Some(m) = e.measurement.as_ref().filter(|m| m.value > m.budget) {
        let show = |v: f64| match m.unit.as_str() {
            "ns" => format_duration(std::time::Duration::from_nanos(v.max(0.0) as u64)),
            "bytes" => format_size(v.max(0.0) as u64),
            unit => format!("{v} {unit}"),
        };
        let _ = writeln!(body, "over budget: {} > {}", show(m.value), show(m.budget));
    }
    if let Some(message) = &e.message {
        body.push_str(message.trim_end());
    }
    if !body.trim().is_empty() {
        out.push_str("\n\n");
        for (i, line) in body.trim_end().lines().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            if !line.is_empty() {
                out.push_str("    ");
                out.push_str(line);
            }
        }
    }
    out
}

/// How a verdict reads.
pub(super) fn status_word(status: Status) -> &'static str {
    match status {
        Status::Passed => "passed",
        Status::Failed => "failed",
        Status::Ignored => "ignored",
        Status::NotJudged => "not judged",
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;

    /// test` `aspects/x.md:4:` for the same failure.
    #[test]
    fn a_failed_aspect_is_located_at_line_and_column_as_the_harness_says() {
        let mut event = aspect("shop", "aspect::core-is-pure", "imports", None, None);
        (event.line, event.column) = (4, Some(3));
        let text = aspect_failure_text(&event, &Locations::default());
        assert!(
            text.starts_with("aspects/core-is-pure.md:4:3: evidence failed: "),
            "{text}"
        );
        // Events saved before the column existed still say where.
        event.column = None;
        let text = aspect_failure_text(&event, &Locations::default());
        assert!(
            text.starts_with("aspects/core-is-pure.md:4: evidence failed: "),
            "{text}"
        );
    }

    #[test]
    fn the_first_line_is_the_first_that_is_not_blank() {
        assert_eq!(first_line("\n  \n  x: y\nz"), "x: y");
    }
}
