//! `cargo aspect fix --session`: one agent call per attempt for every
//! failing task at once, with the plugin, so Claude Code orchestrates (the
//! spec-aspect skill, subagents as it sees fit). What comes back is handled
//! as every attempt is: protected files and step definitions put back, the
//! diff journaled, the whole selection re-judged, regressions named, the next
//! attempt told what the previous one did. The per-task loop (`attempt.rs`)
//! is the default; this is the other mode of [`Fixer::run`].
//!
//! It must not decide how the work is split: that is the agent's.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::fixer::{context, Fixer, TaskEnd, MAX_JOURNAL_DIFF};
use super::journal::{Record, RunOptions};
use super::prompt::{self, Previous, MAX_DIFF};
use super::protect::Protected;
use super::suite::{self, Judgement, Task};
use crate::cli::workspace::Workspace;
use crate::cli::CliError;

/// The journal's task key of a session attempt.
pub(super) const SESSION: &str = "session";

impl Fixer<'_> {
    /// Session attempts until the whole selection holds with nothing broken,
    /// or the attempts or the budget run out.
    pub(super) fn work_on_all(&mut self, judged: &mut Judgement) -> Result<TaskEnd, CliError> {
        loop {
            let tasks = suite::tasks(&judged.events, &self.ws.locations());
            if tasks.is_empty() && judged.error.is_none() {
                return Ok(TaskEnd::Holds);
            }
            let attempt = self.attempts.get(SESSION).copied().unwrap_or(0) + 1;
            let max = self.options.max_iterations;
            if attempt > max {
                eprintln!("fix: the evidence still fails after {max} session(s)");
                self.gave_up.insert(SESSION.to_owned());
                self.journal.write(&Record::TaskEnd {
                    task: SESSION.to_owned(),
                    holds: false,
                    attempts: max,
                })?;
                return Ok(TaskEnd::GaveUp);
            }
            let budget_left = self.options.max_budget_usd.map(|b| b - self.cost);
            if budget_left.is_some_and(|left| left < 0.01) {
                return Ok(TaskEnd::OutOfBudget);
            }
            eprintln!(
                "fix: session · attempt {attempt}/{max} · {} task(s), {} failing trial(s) · ${:.2} spent so far",
                tasks.len(),
                judged.failed().len(),
                self.cost
            );
            self.guard_steps();
            let text = session_prompt(
                self.ws,
                &self.options,
                &self.protected,
                &self.step_files,
                &tasks,
                attempt,
                self.previous.get(SESSION),
            );
            let tree_before = self.snapshot();
            let result = self.call_agent(SESSION, attempt, &text, budget_left, &tree_before)?;
            let mut previous = self.review(SESSION, attempt, tree_before.as_deref(), None)?;
            previous.agent_said = result.result.clone();
            let whole = self.judge_suite()?;
            let regressions = self.regressions(&whole);
            if whole.error.is_none() && whole.holds() && regressions.is_empty() {
                *judged = whole;
                self.previous.remove(SESSION);
                self.journal.write(&Record::TaskEnd {
                    task: SESSION.to_owned(),
                    holds: true,
                    attempts: attempt,
                })?;
                return Ok(TaskEnd::Holds);
            }
            if !regressions.is_empty() {
                eprintln!(
                    "fix: session {attempt} broke evidence that held: {}",
                    regressions.join(", ")
                );
            }
            previous.error = whole.error.clone();
            previous.regressions = regressions;
            *judged = whole;
            self.previous.insert(SESSION.to_owned(), previous);
        }
    }
}

/// Every task's brief, under one header that hands over the orchestration;
/// what the previous session did, when there was one. `--dry-run` prints it too.
pub(super) fn session_prompt(
    ws: &Workspace,
    options: &RunOptions,
    protected: &Protected,
    step_files: &BTreeMap<String, BTreeSet<String>>,
    tasks: &[Task],
    attempt: u32,
    previous: Option<&Previous>,
) -> String {
    let mut p = String::new();
    let suite = options.filters.test_command();
    let _ = writeln!(
        p,
        "{} tasks of this Rust workspace fail (session attempt {attempt} of {}). You \
         orchestrate the work: follow the `spec-aspect` skill of the cargo-aspect plugin. Tasks \
         that touch different code are independent: give each to a subagent (the Agent tool) \
         with its brief below; keep tasks that share code or step definitions in one agent. \
         Specs, aspects, the scripts their evidence runs and every protected file listed in the \
         briefs must not change (edits to them are refused and put back). When every subagent \
         is done, run `{suite}`: everything must hold, including what held before.\n",
        tasks.len(),
        options.max_iterations
    );
    for (n, task) in tasks.iter().enumerate() {
        let ctx = context(ws, options, protected, step_files, task, attempt);
        let _ = writeln!(
            p,
            "\n# Task {} of {}: {}\n\n{}",
            n + 1,
            tasks.len(),
            task.key,
            prompt::build(task, &ws.root, &ctx, None)
        );
    }
    if let Some(previous) = previous {
        write_previous(&mut p, previous);
    }
    p
}

/// What the previous session did and why it was not enough.
fn write_previous(p: &mut String, previous: &Previous) {
    let _ = writeln!(
        p,
        "\n# The previous session (attempt {}) was not enough\n",
        previous.attempt
    );
    if !previous.agent_said.trim().is_empty() {
        let _ = writeln!(p, "It ended saying: {}\n", previous.agent_said.trim());
    }
    for violation in &previous.violations {
        let _ = writeln!(p, "- {violation}: the change was refused.");
    }
    if !previous.regressions.is_empty() {
        let _ = writeln!(
            p,
            "- It broke evidence that held before: {}.",
            previous.regressions.join(", ")
        );
    }
    if let Some(error) = &previous.error {
        let _ = writeln!(
            p,
            "- Afterwards the evidence could not be judged:\n```text\n{}\n```",
            error.trim_end()
        );
    }
    if !previous.diff.is_empty() {
        let diff: String = previous
            .diff
            .chars()
            .take(MAX_DIFF.min(MAX_JOURNAL_DIFF))
            .collect();
        let _ = writeln!(
            p,
            "\nIts changes (still in the tree):\n```diff\n{}\n```",
            diff.trim_end()
        );
    }
}
