//! The HTML page of `cargo aspect report`: specs, aspects and their verdicts as
//! living documentation, in one self-contained file.
//!
//! This module exists so a person can read a run the way they read the specs:
//! each feature rendered as Gherkin with its scenarios' verdicts, each aspect's
//! prose rendered from markdown with its evidence and verdict, a traceability
//! matrix, the gaps, and a filter box. It is a pure function of its [`Input`]:
//! the events of a run (see [`crate::event`]) and the sources they point at,
//! read by [`sources`].
//!
//! It must not judge anything: every verdict on the page comes from an event,
//! and a spec or aspect without one is shown as *not run*, never as passed. It
//! must not fetch anything either: the CSS and the script are inlined, there
//! are no web fonts, images or external links to load, and every piece of user
//! text (spec text, tags, markdown, evidence output) is escaped, so nothing a
//! user wrote can run in the reader's browser.
//!
//! | part | module |
//! |---|---|
//! | events ↔ sources, what is shown for what | `model.rs` |
//! | the page: summary bar, filter, matrix, gaps | `page.rs` |
//! | features as Gherkin with step verdicts | `gherkin.rs` |
//! | aspects: markdown, evidence, measurement bar | `aspects.rs` |
//! | reading spec and aspect files, git commit, time | `sources.rs` |
//! | the last `cargo aspect probe`, when there is one | `probe.rs` |

mod aspects;
mod gherkin;
mod layout;
mod model;
mod probe;
pub mod sources;

use crate::event::{Event, Status};
use crate::spec::ast;

use super::workspace::Locations;

pub use sources::{PackageSources, RunInfo};

/// Everything one page shows.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    /// The events of the run, in any order; a trial that appears more than
    /// once is shown with its last event.
    pub events: &'a [Event],
    /// The spec and aspect files of each package, as read from disk.
    pub packages: &'a [PackageSources],
    /// Where and when the run happened.
    pub run: &'a RunInfo,
    /// Package roots, to show paths relative to the workspace root.
    pub locations: &'a Locations,
}

/// The whole page, `<!DOCTYPE html>` to `</html>`.
pub fn render(input: &Input<'_>) -> String {
    render_with_probe(input, None)
}

/// The page, with a "Probe" section when a probe result is given.
pub(crate) fn render_with_probe(
    input: &Input<'_>,
    probe: Option<&crate::cli::probe_outcome::ProbeResult>,
) -> String {
    let events = model::dedup(input.events);
    let model = model::Model::build(&events, input);
    layout::page(
        &model,
        input,
        &probe.map(probe::section).unwrap_or_default(),
    )
}

/// The counts of `events` as the page shows them: a trial that appears more
/// than once counted at its last event.
pub fn totals(events: &[Event]) -> super::reporter::Totals {
    super::reporter::summarize(&model::dedup(events))
}

/// Text escaped for HTML element content and quoted attribute values.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A verdict as the page shows it: an event's status, or none (*not run*).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Shown {
    /// An event said so.
    Status(Status),
    /// No event names this spec or aspect.
    NotRun,
}

impl Shown {
    /// From an event's optional status (a listing has none).
    pub(crate) fn of(status: Option<Status>) -> Shown {
        status.map_or(Shown::NotRun, Shown::Status)
    }

    /// The CSS class and filter value.
    pub(crate) fn class(self) -> &'static str {
        match self {
            Shown::Status(Status::Passed) => "passed",
            Shown::Status(Status::Failed) => "failed",
            Shown::Status(Status::Ignored) => "ignored",
            Shown::Status(Status::NotJudged) => "not-judged",
            Shown::NotRun => "not-run",
        }
    }

    /// How it reads.
    pub(crate) fn word(self) -> &'static str {
        match self {
            Shown::Status(Status::Passed) => "passed",
            Shown::Status(Status::Failed) => "failed",
            Shown::Status(Status::Ignored) => "ignored",
            Shown::Status(Status::NotJudged) => "not judged",
            Shown::NotRun => "not run",
        }
    }

    /// The verdict as a small labelled chip.
    pub(crate) fn chip(self) -> String {
        format!(
            "<span class=\"verdict v-{}\">{}</span>",
            self.class(),
            self.word()
        )
    }
}

/// A trial's wall time, small; nothing when it is missing or not a duration.
pub(crate) fn duration(ms: Option<f64>) -> String {
    ms.and_then(|ms| std::time::Duration::try_from_secs_f64(ms / 1000.0).ok())
        .map_or(String::new(), |d| {
            format!(
                "<span class=\"dur\">{}</span>",
                esc(&crate::evidence::units::format_duration(d))
            )
        })
}

/// Tags as chips.
pub(crate) fn tag_chips<'t>(tags: impl IntoIterator<Item = &'t str>) -> String {
    let mut out = String::new();
    for tag in tags {
        out.push_str("<span class=\"tag\">");
        out.push_str(&esc(tag));
        out.push_str("</span>");
    }
    out
}

/// Tags for the filter's `data-tags`: lowercased, space-separated (a tag has no spaces).
pub(crate) fn tag_data<'t>(tags: impl IntoIterator<Item = &'t str>) -> String {
    let tags: Vec<String> = tags.into_iter().map(str::to_lowercase).collect();
    esc(&tags.join(" "))
}

/// The names of AST tags.
pub(crate) fn ast_tags(tags: &[ast::Tag]) -> impl Iterator<Item = &str> {
    tags.iter().map(|t| t.name.as_str())
}

#[cfg(test)]
mod tests;
