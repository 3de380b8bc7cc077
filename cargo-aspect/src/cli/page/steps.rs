//! A scenario's steps on the page: each step line with its mark (passed,
//! failed, undefined, skipped) read from the scenario's event, data tables,
//! the snippet for an undefined step, and the failure under a failed one.

use std::fmt::Write as _;

use super::markup::{dedent, esc};
use crate::event::{ScenarioEvent, Status};
use crate::spec::ast;

/// How a step is marked.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mark {
    Passed,
    Failed,
    Undefined,
    Skipped,
}

impl Mark {
    fn html(self) -> &'static str {
        match self {
            Mark::Passed => "<span class=\"mark\" title=\"passed\">✔</span>",
            Mark::Failed => "<span class=\"mark\" title=\"failed\">✘</span>",
            Mark::Undefined => "<span class=\"mark\" title=\"undefined\">?</span>",
            Mark::Skipped => "<span class=\"mark\" title=\"skipped\">–</span>",
        }
    }

    fn class(self) -> &'static str {
        match self {
            Mark::Passed => "s-passed",
            Mark::Failed => "s-failed",
            Mark::Undefined => "s-undefined",
            Mark::Skipped => "s-skipped",
        }
    }
}

/// Whether `event` says the step at `line` is undefined: listed in
/// `undefined_steps`, or (events written before that field) the failed step.
pub(super) fn undefined(event: &ScenarioEvent, line: u32) -> bool {
    event.undefined_steps.iter().any(|u| u.line == line)
        || event
            .failed_step
            .as_ref()
            .is_some_and(|f| f.line == line && f.reason == "undefined")
}

/// The step definition to add for the undefined step at `line`, if the event has it.
pub(super) fn snippet(event: Option<&ScenarioEvent>, line: u32) -> Option<&str> {
    event?
        .undefined_steps
        .iter()
        .find(|u| u.line == line)
        .map(|u| u.snippet.as_str())
}

/// The mark of the step at `line` given a scenario's event.
pub(super) fn mark(event: Option<&ScenarioEvent>, line: u32) -> Option<Mark> {
    let event = event?;
    if event.status == Some(Status::Failed) && undefined(event, line) {
        return Some(Mark::Undefined);
    }
    match event.status? {
        Status::Passed => Some(Mark::Passed),
        Status::Ignored => Some(Mark::Skipped),
        Status::NotJudged => None,
        Status::Failed => {
            let failed = event.failed_step.as_ref()?.line;
            Some(match line.cmp(&failed) {
                std::cmp::Ordering::Less => Mark::Passed,
                std::cmp::Ordering::Equal => Mark::Failed,
                std::cmp::Ordering::Greater => Mark::Skipped,
            })
        }
    }
}

pub(super) fn steps<'e>(
    out: &mut String,
    steps: &[ast::Step],
    mark: impl Fn(u32) -> Option<Mark>,
    snippet: impl Fn(u32) -> Option<&'e str>,
) {
    out.push_str("<ol class=\"steps\">");
    for step in steps {
        let m = mark(step.location.line);
        let _ = write!(
            out,
            "<li class=\"step {}\">{}<span class=\"kw\">{}</span><span class=\"text\">{}</span>",
            m.map_or("", Mark::class),
            m.map_or("<span class=\"mark\"></span>", Mark::html),
            esc(step.keyword.trim_end()),
            esc(&step.text)
        );
        for argument in &step.arguments {
            match argument {
                ast::Argument::DataTable(t) => table(out, &t.rows, "datatable"),
                ast::Argument::DocString(d) => {
                    let _ = write!(
                        out,
                        "<pre class=\"docstring\">{}{}</pre>",
                        d.media_type.as_deref().map_or(String::new(), |m| format!(
                            "<span class=\"media\">{}</span>",
                            esc(m)
                        )),
                        esc(&d.content)
                    );
                }
            }
        }
        if let Some(snippet) = snippet(step.location.line).filter(|_| m == Some(Mark::Undefined)) {
            let _ = write!(
                out,
                "<div class=\"snippet\"><span class=\"why\">no step definition matches; add one:</span><pre>{}</pre></div>",
                esc(snippet)
            );
        }
        out.push_str("</li>");
    }
    out.push_str("</ol>");
}

fn table(out: &mut String, rows: &[ast::TableRow], class: &str) {
    let _ = write!(out, "<table class=\"{class}\">");
    for row in rows {
        out.push_str("<tr>");
        for cell in &row.cells {
            let _ = write!(out, "<td>{}</td>", esc(&cell.value));
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>");
}

/// The failing step (when `show_step`: it is not among the steps shown) and
/// its error, then the harness's full report, collapsed.
pub(super) fn failure(out: &mut String, event: &ScenarioEvent, path: &str, show_step: bool) {
    out.push_str("<div class=\"failure\">");
    if let Some(step) = &event.failed_step {
        let what = if show_step {
            format!(
                "<span class=\"mark\">✘</span><span class=\"kw\">{}</span> <span class=\"text\">{}</span> ",
                esc(step.keyword.trim_end()),
                esc(&step.text)
            )
        } else {
            String::new()
        };
        let _ = write!(
            out,
            "<div class=\"failed-step\">{what}<span class=\"reason\">step {}</span> <span class=\"loc\">{}:{}:{}</span></div>",
            esc(&step.reason),
            esc(path),
            step.line,
            step.column
        );
    }
    let message = event.message.as_deref().unwrap_or("");
    if let Some(detail) = step_detail(message) {
        let _ = write!(out, "<pre class=\"error\">{}</pre>", esc(&detail));
        let _ = write!(
            out,
            "<details><summary>full report</summary><pre class=\"output\">{}</pre></details>",
            esc(message.trim_end())
        );
    } else if !message.trim().is_empty() {
        let _ = write!(
            out,
            "<pre class=\"error\">{}</pre>",
            esc(message.trim_end())
        );
    }
    out.push_str("</div>");
}

/// The lines under the `✘` step of a harness report (the error, or the
/// snippet of an undefined step), dedented; `None` when there are none.
fn step_detail(message: &str) -> Option<String> {
    let lines: Vec<&str> = message.lines().collect();
    let at = lines.iter().position(|l| l.trim_start().starts_with('✘'))?;
    let indent = |l: &str| l.len() - l.trim_start().len();
    let base = indent(lines[at]);
    let detail: Vec<&str> = lines[at + 1..]
        .iter()
        .copied()
        .take_while(|l| l.trim().is_empty() || indent(l) > base)
        .collect();
    let text = dedent(&detail.join("\n")).trim().to_owned();
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_under_the_failed_step_is_found() {
        let message = "x.feature:11:5: step failed: Then a\n  Feature: F\n    ✔ Given b\n    ✘ Then a  (x.feature:11)\n        boom\n          at here\n    - And c  (skipped)\n";
        assert_eq!(step_detail(message).as_deref(), Some("boom\n  at here"));
        assert_eq!(step_detail("no marks"), None);
        assert_eq!(dedent("  a\n    b"), "a\n  b");
    }
}
