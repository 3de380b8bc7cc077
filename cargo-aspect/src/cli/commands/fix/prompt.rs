//! The prompt for one attempt at one task.
//!
//! A prompt carries everything the agent needs and nothing it must guess: the
//! Gherkin text of the failing feature (failing scenarios and steps marked) or
//! the whole aspect file; each failure's report (the failed step or evidence,
//! its error and output tail); where the step definitions and the package
//! under test live; the rules (make this evidence pass, do not edit protected
//! files, keep the rest green); and, from the second attempt on, what the
//! previous attempt changed (its diff) and why it was not enough.
//!
//! It is a pure function of its inputs (plus reading the task's file), so a
//! `--dry-run` prints exactly what a real run sends. It must not run anything.

use std::fmt::Write as _;
use std::path::Path;

use super::suite::{Task, TaskKind};
use crate::event::Event;

/// The most characters of one failure report (the tail is kept).
const MAX_REPORT: usize = 6_000;
/// The most characters of the previous attempt's diff.
pub const MAX_DIFF: usize = 20_000;

/// Where things are, and the rules' details.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The package's directory relative to the workspace root (`.` for the root).
    pub package_dir: String,
    /// The package's name.
    pub package: String,
    /// Its harness test target's name.
    pub harness: String,
    /// Step definition files, as the harness reports them.
    pub step_files: Vec<String>,
    /// Every protected file, relative to the workspace root.
    pub protected: Vec<String>,
    /// The `cargo aspect test ...` line that judges the whole selection.
    pub suite_command: String,
    /// 1-based.
    pub attempt: u32,
    /// Attempts allowed.
    pub max_attempts: u32,
    /// Whether the agent may change existing step definitions.
    pub allow_step_edits: bool,
}

/// What the previous attempt at this task did and why it was not enough.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Previous {
    /// Its number.
    pub attempt: u32,
    /// The agent's last message.
    pub agent_said: String,
    /// `git diff --stat`.
    pub stat: String,
    /// The patch (empty when nothing changed or there is no git).
    pub diff: String,
    /// Protected files it changed (they were put back).
    pub violations: Vec<String>,
    /// Trials that held before and fail (or vanished) after it.
    pub regressions: Vec<String>,
    /// Why the evidence could not be judged after it (a build failure).
    pub error: Option<String>,
    /// Anything else (`it was interrupted`).
    pub note: Option<String>,
}

/// The prompt for `task`, its file read under `workspace_root`.
pub fn build(
    task: &Task,
    workspace_root: &Path,
    ctx: &Context,
    previous: Option<&Previous>,
) -> String {
    let mut p = String::new();
    let text = std::fs::read_to_string(workspace_root.join(&task.file)).unwrap_or_default();
    let _ = writeln!(
        p,
        "You are working in the Rust workspace in the current directory. Its behaviour is \
         specified by Gherkin specs (`.feature` files) and by aspects (markdown files whose \
         frontmatter names the evidence that proves a property). The specs and aspects are the \
         truth; the code must be changed to satisfy them.\n"
    );
    match &task.kind {
        TaskKind::Spec { .. } => {
            let _ = writeln!(
                p,
                "## Failing: the spec `{}` (package `{}`)\n",
                task.file, task.package
            );
            let _ = writeln!(
                p,
                "Lines marked `>>` are failing scenarios and the steps where they failed.\n"
            );
            let marked = marked_lines(&task.failures);
            let _ = writeln!(p, "```gherkin");
            for (n, line) in text.lines().enumerate() {
                let n = n as u32 + 1;
                let mark = if marked.contains(&n) { ">>" } else { "  " };
                let _ = writeln!(p, "{mark} {n:>3} | {line}");
            }
            let _ = writeln!(p, "```\n");
        }
        TaskKind::Aspect { name, evidence } => {
            let _ = writeln!(
                p,
                "## Failing: the aspect `{name}` in `{}` (package `{}`, {evidence} evidence)\n",
                task.file, task.package
            );
            let _ = writeln!(p, "```markdown\n{}\n```\n", text.trim_end());
        }
    }
    let _ = writeln!(p, "## What fails\n");
    for (i, event) in task.failures.iter().enumerate() {
        let _ = writeln!(p, "{}. {}", i + 1, headline(event));
        let report = report(event);
        if !report.is_empty() {
            let _ = writeln!(p, "\n```text\n{}\n```\n", cut_front(&report, MAX_REPORT));
        }
    }
    let _ = writeln!(p, "## Where things are\n");
    let _ = writeln!(
        p,
        "- The package under test is `{}` in `{}/` (its code in `src/`; its dependencies, \
         including path dependencies in this workspace, are listed in its `Cargo.toml`).",
        ctx.package, ctx.package_dir
    );
    if !ctx.step_files.is_empty() {
        let _ = writeln!(
            p,
            "- Step definitions (the Rust functions behind each Gherkin step): {}.",
            quoted(&ctx.step_files)
        );
    }
    let _ = writeln!(
        p,
        "- The harness is the test target `{}` of `{}`: `cargo test -p {} --test {}` runs \
         every spec and aspect of the package; `{}` judges everything this run judges.\n",
        ctx.harness, ctx.package, ctx.package, ctx.harness, ctx.suite_command
    );
    let _ = writeln!(p, "## Rules\n");
    if ctx.allow_step_edits {
        let _ = writeln!(
            p,
            "1. Make the evidence above pass by changing the code under test (or a step \
             definition, when the step itself is wrong: every such change is listed for \
             review). Do not weaken, skip or special-case the check."
        );
    } else {
        let _ = writeln!(
            p,
            "1. Make the evidence above pass by changing the code under test. Do not weaken, \
             skip or special-case the check. Existing step definitions and bench functions \
             are evidence too: a change to one (its body, signature or attributes) is put \
             back and the attempt counts as failed. You may add new step definitions for \
             steps that have none."
        );
    }
    let _ = writeln!(
        p,
        "2. Do not edit protected files; any change to them is reverted and the attempt \
         counts as failed. Protected: {}.",
        quoted(&ctx.protected)
    );
    let _ = writeln!(
        p,
        "3. Keep the rest of the suite green: a fix that breaks another scenario or aspect \
         is not a fix."
    );
    let _ = writeln!(
        p,
        "4. Do not commit, and do not ask questions: nobody will answer. When done, reply \
         with one short paragraph saying what you changed and why."
    );
    if let Some(previous) = previous {
        previous_section(&mut p, previous, ctx);
    }
    let _ = write!(
        p,
        "\nThis is attempt {} of {}.",
        ctx.attempt, ctx.max_attempts
    );
    p
}

fn previous_section(p: &mut String, previous: &Previous, ctx: &Context) {
    let _ = writeln!(
        p,
        "\n## The previous attempt ({} of {}) was not enough\n",
        previous.attempt, ctx.max_attempts
    );
    if let Some(note) = &previous.note {
        let _ = writeln!(p, "- {note}");
    }
    for violation in &previous.violations {
        let _ = writeln!(p, "- {violation}: that change was reverted.");
    }
    if let Some(error) = &previous.error {
        let _ = writeln!(
            p,
            "- After it, the evidence could not be judged:\n\n```text\n{}\n```\n",
            cut_front(error.trim(), MAX_REPORT)
        );
    }
    if !previous.regressions.is_empty() {
        let _ = writeln!(
            p,
            "- It broke evidence that held before: {}.",
            quoted(&previous.regressions)
        );
    }
    let _ = writeln!(
        p,
        "- What still fails is listed under \"What fails\" above (judged after that attempt)."
    );
    if !previous.agent_said.trim().is_empty() {
        let _ = writeln!(
            p,
            "- The agent said: {}",
            cut_front(previous.agent_said.trim(), 1_500)
        );
    }
    if previous.diff.trim().is_empty() {
        let _ = writeln!(p, "- It changed no file.");
    } else {
        let _ = writeln!(
            p,
            "\nIts changes (still in the working tree; build on them or undo them):\n\n```diff\n{}\n```",
            cut_back(previous.diff.trim_end(), MAX_DIFF)
        );
    }
}

/// The lines to mark: each failing scenario (or Examples row) and its failed step.
fn marked_lines(failures: &[Event]) -> Vec<u32> {
    let mut lines = Vec::new();
    for event in failures {
        if let Event::Scenario(e) = event {
            lines.push(e.line);
            if let Some(step) = &e.failed_step {
                lines.push(step.line);
            }
        }
    }
    lines
}

/// `Scenario "X" (specs/a.feature:2): step `Then ...` (line 5) failed`.
fn headline(event: &Event) -> String {
    match event {
        Event::Scenario(e) => {
            let title = e.name.splitn(3, "::").nth(2).unwrap_or(&e.name);
            let step = e.failed_step.as_ref().map_or(String::new(), |s| {
                format!(
                    ": step `{} {}` (line {}) {}",
                    s.keyword.trim(),
                    s.text,
                    s.line,
                    s.reason
                )
            });
            format!("Scenario \"{title}\" (line {}){step}", e.line)
        }
        Event::Aspect(e) => {
            let description = if e.description.is_empty() {
                String::new()
            } else {
                format!(" ({})", e.description)
            };
            format!(
                "Aspect `{}`: its {} evidence{description} does not hold",
                e.name, e.evidence
            )
        }
        _ => String::new(),
    }
}

fn report(event: &Event) -> String {
    match event {
        Event::Scenario(e) => e.message.clone().unwrap_or_default(),
        Event::Aspect(e) => e.message.clone().unwrap_or_default(),
        _ => String::new(),
    }
    .trim_end()
    .to_owned()
}

fn quoted(items: &[String]) -> String {
    if items.is_empty() {
        return "none".to_owned();
    }
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The last `max` characters of `text`, saying what was left out.
fn cut_front(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_owned();
    }
    let tail: String = text.chars().skip(count - max).collect();
    format!("[{} earlier characters not shown]\n{tail}", count - max)
}

/// The first `max` characters of `text`, saying what was left out.
fn cut_back(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_owned();
    }
    let head: String = text.chars().take(max).collect();
    format!("{head}\n[{} more characters not shown]", count - max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{FailedStep, ScenarioEvent, Status};

    #[test]
    fn a_spec_prompt_marks_the_failure_and_carries_the_previous_diff() {
        let root = std::env::temp_dir().join(format!("aspect-fix-prompt-{}", std::process::id()));
        std::fs::create_dir_all(root.join("game/specs")).unwrap();
        std::fs::write(
            root.join("game/specs/buying.feature"),
            "Feature: Buying\n  Scenario: Buy\n    Given I have 50 gold\n    Then I have 0 gold\n",
        )
        .unwrap();
        let failure = Event::Scenario(ScenarioEvent {
            name: "spec::buying::Buy".into(),
            package: "game".into(),
            file: "specs/buying.feature".into(),
            line: 2,
            feature: "Buying".into(),
            tags: vec![],
            status: Some(Status::Failed),
            duration_ms: None,
            failed_step: Some(FailedStep {
                keyword: "Then ".into(),
                text: "I have 0 gold".into(),
                line: 4,
                column: 5,
                reason: "failed".into(),
            }),
            undefined_steps: Vec::new(),
            message: Some("assertion failed: left 1, right 0".into()),
            parse_error: None,
        });
        let task = Task {
            key: "spec game/specs/buying.feature".into(),
            package: "game".into(),
            file: "game/specs/buying.feature".into(),
            package_file: "specs/buying.feature".into(),
            kind: TaskKind::Spec {
                id: "buying".into(),
            },
            failures: vec![failure],
        };
        let ctx = Context {
            package_dir: "game".into(),
            package: "game".into(),
            harness: "aspect".into(),
            step_files: vec!["game/tests/steps/mod.rs".into()],
            protected: vec!["game/specs/buying.feature".into()],
            suite_command: "cargo aspect test".into(),
            attempt: 2,
            max_attempts: 3,
            allow_step_edits: false,
        };
        let previous = Previous {
            attempt: 1,
            agent_said: "I fixed buy().".into(),
            stat: " src/lib.rs | 2 +-".into(),
            diff: "--- a/src/lib.rs\n+++ b/src/lib.rs\n-    gold -= 1\n+    gold -= cost\n".into(),
            violations: vec![
                "agent edited protected file game/specs/buying.feature (put back)".into(),
            ],
            ..Previous::default()
        };
        let prompt = build(&task, &root, &ctx, Some(&previous));
        assert!(prompt.contains(">>   2 |   Scenario: Buy"), "{prompt}");
        assert!(
            prompt.contains("     3 |     Given I have 50 gold"),
            "{prompt}"
        );
        assert!(
            prompt.contains(">>   4 |     Then I have 0 gold"),
            "{prompt}"
        );
        assert!(
            prompt.contains("step `Then I have 0 gold` (line 4) failed"),
            "{prompt}"
        );
        assert!(
            prompt.contains("assertion failed: left 1, right 0"),
            "{prompt}"
        );
        assert!(prompt.contains("`game/tests/steps/mod.rs`"), "{prompt}");
        assert!(prompt.contains("+    gold -= cost"), "{prompt}");
        assert!(prompt.contains("agent edited protected file game/specs/buying.feature"));
        assert!(prompt.ends_with("This is attempt 2 of 3."), "{prompt}");
        let first = build(&task, &root, &Context { attempt: 1, ..ctx }, None);
        assert!(!first.contains("previous attempt"), "{first}");
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn long_texts_are_cut_saying_so() {
        assert_eq!(
            cut_front("abcdef", 2),
            "[4 earlier characters not shown]\nef"
        );
        assert_eq!(cut_back("abcdef", 2), "ab\n[4 more characters not shown]");
        assert_eq!(cut_back("ab", 2), "ab");
    }
}
