//! The small pieces of HTML every section of the page writes: escaping (all
//! user text goes through [`esc`]), verdict chips, tags, durations, dedented text.

use crate::event::Status;
use crate::spec::ast;

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

/// Lines with their common indentation removed.
pub(crate) fn dedent(text: &str) -> String {
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    text.lines()
        .map(|l| l.get(indent..).unwrap_or(l.trim_start()))
        .collect::<Vec<_>>()
        .join("\n")
}
