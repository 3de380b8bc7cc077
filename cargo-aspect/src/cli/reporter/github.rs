//! GitHub Actions annotations: when `GITHUB_ACTIONS=true`, `cargo aspect
//! test` also prints one workflow command per failure, so each failure shows
//! on the spec or aspect file in the pull request, at the failing step's line.
//!
//! Workflow commands have their own escaping (`%`, CR and LF in the message;
//! also `:` and `,` in properties) and want paths relative to the repository
//! root, which is why this is more than a `println!`.

use std::fmt::Write as _;

use super::group::group;
use super::text::{aspect_failure_text, first_line, scenario_failure_text};
use crate::cli::workspace::Locations;
use crate::event::Event;
use crate::event::Status;

/// One `::error file=…,line=…,title=<trial name>::<report>` line per failure,
/// and one `::notice …::<reason>` per aspect that was not judged.
///
/// A failed scenario points at its failing step (`line` and `col`), else at
/// the scenario; an aspect points at its `evidence:` line. The message is the
/// whole failure report (GitHub shows it on several lines). Paths are relative
/// to `locations.workspace_root`, the repository root in a usual checkout.
pub fn github_annotations(events: &[Event], locations: &Locations) -> String {
    let mut out = String::new();
    for package in group(events) {
        for s in package.scenarios() {
            if s.status != Some(Status::Failed) {
                continue;
            }
            let (line, col) = s
                .failed_step
                .as_ref()
                .map_or((s.line, None), |f| (f.line, Some(f.column)));
            command(
                &mut out,
                "error",
                &locations.path(&s.package, &s.file),
                line,
                col,
                &s.name,
                &scenario_failure_text(s, locations),
            );
        }
        for a in &package.aspects {
            let (kind, message) = match a.status {
                Some(Status::Failed) => ("error", aspect_failure_text(a, locations)),
                Some(Status::NotJudged) => (
                    "notice",
                    a.message
                        .as_deref()
                        .map_or("not judged", first_line)
                        .to_owned(),
                ),
                _ => continue,
            };
            command(
                &mut out,
                kind,
                &locations.path(&a.package, &a.file),
                a.line,
                a.column,
                &a.name,
                &message,
            );
        }
    }
    out
}

/// `::{kind} file=…,line=…[,col=…],title=…::{message}` and a newline.
fn command(
    out: &mut String,
    kind: &str,
    file: &str,
    line: u32,
    col: Option<u32>,
    title: &str,
    message: &str,
) {
    let _ = write!(out, "::{kind} file={},line={line}", escape_property(file));
    if let Some(col) = col {
        let _ = write!(out, ",col={col}");
    }
    let _ = writeln!(
        out,
        ",title={}::{}",
        escape_property(title),
        escape_data(message.trim_end())
    );
}

/// A workflow command's message: `%`, CR and LF.
pub(super) fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: as a message, plus `:` and `,`.
pub(super) fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;

    #[test]
    fn failures_point_at_their_step_or_evidence() {
        let locations = Locations::new(
            "/ws",
            [("shop".to_owned(), "/ws/examples/shop".into())].into(),
        );
        let text = github_annotations(&sample(), &locations);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert_eq!(
            lines[0],
            "::error file=examples/shop/specs/buying.feature,line=11,col=5,title=spec%3A%3Abuying%3A%3ABuy without gold::\
             examples/shop/specs/buying.feature:11:5: step failed: Then I have 5 gold%0A  Feature: Buying%0A  \
             Scenario: Buy without gold  (examples/shop/specs/buying.feature:8)%0A    ✔ Given I have 0 gold%0A    \
             ✘ Then I have 5 gold  (examples/shop/specs/buying.feature:11)%0A        expected 5, got 0"
        );
        assert_eq!(
            lines[1],
            "::notice file=examples/shop/aspects/buy-is-fast.md,line=3,col=3,title=aspect%3A%3Abuy-is-fast::\
             not judged in a debug build: run `cargo test --release`"
        );
        assert_eq!(
            lines[2],
            "::error file=examples/shop/aspects/core-is-pure.md,line=3,col=3,title=aspect%3A%3Acore-is-pure::\
             examples/shop/aspects/core-is-pure.md:3:3: evidence failed: imports of shop-core (imports)%0A  \
             The core stays pure.%0A%0A    shop-core/src/lib.rs:3: imports std::fs%0A    \
             shop-core/src/lib.rs:9: imports std::net"
        );
        assert_eq!(github_annotations(&passing(), &locations), "");
    }

    #[test]
    fn escaping_follows_the_workflow_command_rules() {
        assert_eq!(escape_data("100% a:b,c\r\nd"), "100%25 a:b,c%0D%0Ad");
        assert_eq!(
            escape_property("100% a:b,c\r\nd"),
            "100%25 a%3Ab%2Cc%0D%0Ad"
        );
        assert_eq!(
            escape_property("%3A"),
            "%253A",
            "already-escaped text is escaped again"
        );
        let mut e = scenario(
            "p",
            "spec::a,b::50%: x",
            "specs/a,b.feature",
            2,
            Some(Status::Failed),
        );
        e.message = Some("line one\r\nline two: 100%".into());
        let text = github_annotations(&[Event::Scenario(e)], &Locations::default());
        assert_eq!(
            text,
            "::error file=specs/a%2Cb.feature,line=2,title=spec%3A%3Aa%2Cb%3A%3A50%25%3A x::line one%0D%0Aline two: 100%25\n"
        );
    }
}
