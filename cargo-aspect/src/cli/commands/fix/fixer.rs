//! The loop of `cargo aspect fix`: tasks, attempts, reviews, verdicts.
//!
//! For each failing task: build the prompt, snapshot the tree, call the agent,
//! put back protected files, record the diff, re-judge the task, then the whole
//! selection (a fix that breaks evidence that held is not a fix), and try again
//! with what the previous attempt did, until the task holds or its attempts or
//! the budget run out. Every step is journaled before the next one starts.
//!
//! One attempt at one task (prompt, agent, review, re-judging) is
//! `attempt.rs`'s; this file holds the run around the attempts.
//!
//! Progress goes to stderr as plain lines, one per step (no spinner: `indicatif`
//! is not a dependency). It must not format prompts (`prompt.rs`), parse the
//! agent's output (`agent.rs`) or reach harnesses (`suite.rs`).

use std::collections::{BTreeMap, BTreeSet};

use std::path::Path;

use super::agent::Agent;
use super::git::Git;
use super::journal::{Journal, Record, Replay, RunOptions};
use super::prompt::{self, Previous};
use super::protect::Protected;
use super::steps::StepGuard;
use super::suite::{self, Judgement, Task};
use crate::cli::workspace::Workspace;
use crate::cli::{CliError, GlobalOpts, Outcome};

use crate::event::Status;

/// The most characters of a diff kept in the journal.
pub(super) const MAX_JOURNAL_DIFF: usize = 200_000;

/// How work on one task ended.
pub(super) enum TaskEnd {
    Holds,
    GaveUp,
    OutOfBudget,
}

/// The state of one run.
pub struct Fixer<'a> {
    pub(super) ws: &'a Workspace,
    pub(super) global: &'a GlobalOpts,
    pub(super) options: RunOptions,
    pub(super) agent: Agent,
    pub(super) git: Option<Git>,
    pub(super) journal: Journal,
    pub(super) protected: Protected,
    pub(super) step_files: BTreeMap<String, BTreeSet<String>>,
    pub(super) attempts: BTreeMap<String, u32>,
    pub(super) previous: BTreeMap<String, Previous>,
    pub(super) gave_up: BTreeSet<String>,
    pub(super) violations: Vec<String>,
    pub(super) cost: f64,
    pub(super) calls: u32,
    /// Every trial of the first judging, and those that held then.
    pub(super) baseline: Option<(BTreeSet<String>, BTreeSet<String>)>,
    /// An agent changed the tree since the whole selection was last judged.
    pub(super) changed_since_suite: bool,
    /// The step and bench functions before the current attempt (the last
    /// record that could be taken).
    pub(super) step_guard: Option<StepGuard>,
    /// With `--allow-step-edits`: every step definition an attempt changed.
    pub(super) step_edits: Vec<String>,
}

impl<'a> Fixer<'a> {
    /// A run about to start (or resume).
    pub fn new(
        ws: &'a Workspace,
        global: &'a GlobalOpts,
        options: RunOptions,
        agent: Agent,
        git: Option<Git>,
        journal: Journal,
        protected: Protected,
    ) -> Self {
        Fixer {
            ws,
            global,
            options,
            agent,
            git,
            journal,
            protected,
            step_files: BTreeMap::new(),
            attempts: BTreeMap::new(),
            previous: BTreeMap::new(),
            gave_up: BTreeSet::new(),
            violations: Vec::new(),
            cost: 0.0,
            calls: 0,
            baseline: None,
            changed_since_suite: false,
            step_guard: None,
            step_edits: Vec::new(),
        }
    }

    /// Take up a journaled run: its attempts, cost, baseline, and the attempt
    /// that was cut short (reviewed now: protected files put back, diff taken).
    ///
    /// # Errors
    /// When the journal cannot be written.
    pub fn resume(&mut self, replay: &Replay) -> Result<(), CliError> {
        self.attempts = replay.attempts.clone();
        self.gave_up = replay.gave_up.iter().cloned().collect();
        self.cost = replay.cost_usd;
        self.calls = replay.calls;
        self.baseline = replay.baseline.as_ref().map(|(selected, held)| {
            (
                selected.iter().cloned().collect(),
                held.iter().cloned().collect(),
            )
        });
        for (task, record) in &replay.last_review {
            if let Record::Reviewed {
                attempt,
                stat,
                diff,
                violations,
                note,
                ..
            } = record
            {
                let agent_said = replay
                    .last_result
                    .get(task)
                    .filter(|(a, _)| a == attempt)
                    .map(|(_, said)| said.clone())
                    .unwrap_or_default();
                self.previous.insert(
                    task.clone(),
                    Previous {
                        attempt: *attempt,
                        agent_said,
                        stat: stat.clone(),
                        diff: diff.clone(),
                        violations: violations.clone(),
                        note: note.clone(),
                        ..Previous::default()
                    },
                );
            }
        }
        self.step_guard = StepGuard::load(self.journal.dir());
        if let Some((task, attempt, tree)) = &replay.cut_short {
            eprintln!("fix: attempt {attempt} at {task} was cut short; reviewing what it changed");
            let note = "it was cut short (the run was interrupted) before the agent finished";
            let previous = self.review(task, *attempt, tree.as_deref(), Some(note.to_owned()))?;
            self.previous.insert(task.clone(), previous);
        }
        Ok(())
    }

    /// Run the loop to the end.
    ///
    /// # Errors
    /// When the evidence cannot be judged before any attempt, the agent fails,
    /// or the journal cannot be written.
    pub fn run(&mut self) -> Result<Outcome, CliError> {
        let mut judged = self.judge_suite()?;
        if let Some(error) = &judged.error {
            let message = format!("the evidence cannot be judged, so there is nothing to hand to the agent yet:\n{error}");
            self.finish(&format!("error: {message}"))?;
            return Err(CliError::new(message));
        }
        if self.baseline.is_none() {
            let statuses = judged.statuses();
            let selected: Vec<String> = statuses.keys().cloned().collect();
            let held: Vec<String> = statuses
                .iter()
                .filter(|(_, s)| **s == Status::Passed)
                .map(|(n, _)| n.clone())
                .collect();
            self.journal.write(&Record::Baseline {
                selected: selected.clone(),
                held: held.clone(),
            })?;
            self.baseline = Some((selected.into_iter().collect(), held.into_iter().collect()));
        }
        if judged.holds() {
            self.list_step_edits();
            let message = if self.calls == 0 {
                "fix: all evidence holds; nothing to fix".to_owned()
            } else {
                self.done_line("all evidence holds")
            };
            println!("{message}");
            self.finish("holds")?;
            return Ok(Outcome::Holds);
        }
        let mut out_of_budget = false;
        if self.options.session {
            out_of_budget = matches!(self.work_on_all(&mut judged)?, TaskEnd::OutOfBudget);
        }
        while !self.options.session {
            let tasks = suite::tasks(&judged.events, &self.ws.locations());
            let Some(mut task) = tasks.into_iter().find(|t| !self.gave_up.contains(&t.key)) else {
                break;
            };
            match self.work_on(&mut task, &mut judged)? {
                TaskEnd::Holds | TaskEnd::GaveUp => {}
                TaskEnd::OutOfBudget => {
                    out_of_budget = true;
                    break;
                }
            }
        }
        for violation in &self.violations {
            eprintln!("fix: {violation}");
        }
        // The verdict and the list of what still fails come from a judging of
        // the tree as the agent left it, not from before its last attempts.
        if self.changed_since_suite {
            judged = self.judge_suite()?;
        }
        self.list_step_edits();
        if judged.holds() {
            println!("{}", self.done_line("all evidence holds"));
            self.finish("holds")?;
            return Ok(Outcome::Holds);
        }
        let why = if out_of_budget {
            format!(
                "the budget of ${:.2} is spent",
                self.options.max_budget_usd.unwrap_or(0.0)
            )
        } else {
            format!(
                "{} attempt(s) per task did not make it hold",
                self.options.max_iterations
            )
        };
        let mut left: Vec<String> = judged.failed();
        if let Some(error) = &judged.error {
            eprintln!("fix: some evidence cannot be judged:\n{}", error.trim_end());
            let what = if left.is_empty() { "" } else { "and " };
            left.push(format!("{what}some evidence cannot be judged"));
        }
        println!(
            "{}",
            self.done_line(&format!(
                "evidence still fails ({why}): {}",
                left.join(", ")
            ))
        );
        self.finish("fails")?;
        Ok(Outcome::Fails)
    }

    /// Judge the whole selection and journal it.
    pub(super) fn judge_suite(&mut self) -> Result<Judgement, CliError> {
        let judged = suite::judge(
            self.ws,
            self.global,
            self.options.filters.release,
            None,
            &self.options.filters.libtest_args(),
        );
        self.record_evidence("suite", &judged)?;
        self.changed_since_suite = false;
        let failed = judged.failed().len();
        eprintln!(
            "fix: evidence: {} passed, {failed} failed{}",
            judged.passed(),
            if judged.error.is_some() {
                ", some could not be judged"
            } else {
                ""
            }
        );
        Ok(judged)
    }

    pub(super) fn record_evidence(
        &mut self,
        scope: &str,
        judged: &Judgement,
    ) -> Result<(), CliError> {
        self.journal.write(&Record::Evidence {
            scope: scope.to_owned(),
            passed: judged.passed(),
            failed: judged.failed(),
            error: judged.error.clone(),
        })
    }

    /// Trials that held at the start and fail now, or no longer run.
    pub(super) fn regressions(&self, now: &Judgement) -> Vec<String> {
        let Some((_, held)) = &self.baseline else {
            return Vec::new();
        };
        let statuses = now.statuses();
        held.iter()
            .filter_map(|name| match statuses.get(name) {
                Some(Status::Failed) => Some(format!("{name} (fails)")),
                None if now.error.is_none() => Some(format!("{name} (no longer runs)")),
                _ => None,
            })
            .collect()
    }

    pub(super) fn done_line(&self, what: &str) -> String {
        format!(
            "fix: {what} after {} agent call(s), ${:.2} spent; journal: {}",
            self.calls,
            self.cost,
            self.journal.dir().display()
        )
    }

    pub(super) fn finish(&mut self, outcome: &str) -> Result<(), CliError> {
        self.journal.write(&Record::Finished {
            outcome: outcome.to_owned(),
            cost_usd: self.cost,
        })
    }
}

/// Where things are, for the prompt of `task`.
pub(super) fn context(
    ws: &Workspace,
    options: &RunOptions,
    protected: &Protected,
    step_files: &BTreeMap<String, BTreeSet<String>>,
    task: &Task,
    attempt: u32,
) -> prompt::Context {
    let package = ws.harnesses.iter().find(|h| h.name == task.package);
    let package_dir = package
        .map(|h| relative_dir(&ws.root, &h.root))
        .unwrap_or_else(|| ".".to_owned());
    prompt::Context {
        package_dir,
        package: task.package.clone(),
        harness: package.map_or_else(|| "aspect".to_owned(), |h| h.target.clone()),
        step_files: step_files
            .get(&task.package)
            .map(|files| files.iter().cloned().collect())
            .unwrap_or_default(),
        protected: protected.paths(),
        suite_command: options.filters.test_command(),
        attempt,
        max_attempts: options.max_iterations,
        allow_step_edits: options.allow_step_edits,
    }
}

fn relative_dir(root: &Path, dir: &Path) -> String {
    match dir.strip_prefix(root) {
        Ok(rel) if rel.as_os_str().is_empty() => ".".to_owned(),
        Ok(rel) => rel.to_string_lossy().into_owned(),
        Err(_) => dir.to_string_lossy().into_owned(),
    }
}
