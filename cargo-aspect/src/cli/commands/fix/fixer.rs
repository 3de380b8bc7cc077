//! The loop of `cargo aspect fix`: tasks, attempts, reviews, verdicts.
//!
//! For each failing task: build the prompt, snapshot the tree, call the agent,
//! put back protected files, record the diff, re-judge the task, then the whole
//! selection (a fix that breaks evidence that held is not a fix), and try again
//! with what the previous attempt did, until the task holds or its attempts or
//! the budget run out. Every step is journaled before the next one starts.
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
use super::steps::{self, StepGuard};
use super::suite::{self, Judgement, Task};
use crate::cli::workspace::Workspace;
use crate::cli::{CliError, GlobalOpts, Outcome};

use crate::event::Status;

/// The most characters of a diff kept in the journal.
const MAX_JOURNAL_DIFF: usize = 200_000;

/// How work on one task ended.
enum TaskEnd {
    Holds,
    GaveUp,
    OutOfBudget,
}

/// The state of one run.
pub struct Fixer<'a> {
    ws: &'a Workspace,
    global: &'a GlobalOpts,
    options: RunOptions,
    agent: Agent,
    git: Option<Git>,
    journal: Journal,
    protected: Protected,
    step_files: BTreeMap<String, BTreeSet<String>>,
    attempts: BTreeMap<String, u32>,
    previous: BTreeMap<String, Previous>,
    gave_up: BTreeSet<String>,
    violations: Vec<String>,
    cost: f64,
    calls: u32,
    /// Every trial of the first judging, and those that held then.
    baseline: Option<(BTreeSet<String>, BTreeSet<String>)>,
    /// An agent changed the tree since the whole selection was last judged.
    changed_since_suite: bool,
    /// The step and bench functions before the current attempt (the last
    /// record that could be taken).
    step_guard: Option<StepGuard>,
    /// With `--allow-step-edits`: every step definition an attempt changed.
    step_edits: Vec<String>,
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
        loop {
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

    /// Attempts at one task until it holds (with nothing broken) or a limit is reached.
    fn work_on(&mut self, task: &mut Task, judged: &mut Judgement) -> Result<TaskEnd, CliError> {
        loop {
            let attempt = self.attempts.get(&task.key).copied().unwrap_or(0) + 1;
            let max = self.options.max_iterations;
            if attempt > max {
                match self.previous.get(&task.key) {
                    Some(last) if !last.regressions.is_empty() => eprintln!(
                        "fix: after {max} attempt(s), {} holds only with changes that break other \
                         evidence ({}); they stay in the working tree for review (`git diff`); moving on",
                        task.key,
                        last.regressions.join(", ")
                    ),
                    _ => eprintln!(
                        "fix: {} still fails after {max} attempt(s); moving on",
                        task.key
                    ),
                }
                self.gave_up.insert(task.key.clone());
                self.journal.write(&Record::TaskEnd {
                    task: task.key.clone(),
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
                "fix: {} · attempt {attempt}/{max} · {} failing trial(s) left · ${:.2} spent so far",
                task.key,
                judged.failed().len(),
                self.cost
            );
            self.guard_steps();
            let ctx = context(
                self.ws,
                &self.options,
                &self.protected,
                &self.step_files,
                task,
                attempt,
            );
            let text = prompt::build(task, &self.ws.root, &ctx, self.previous.get(&task.key));
            let tree_before = self.snapshot();
            self.journal.write(&Record::Attempt {
                task: task.key.clone(),
                attempt,
                tree_before: tree_before.clone(),
                prompt: text.clone(),
            })?;
            self.attempts.insert(task.key.clone(), attempt);

            let label = self.agent.label();
            let called = self
                .agent
                .call(&self.ws.root, &text, budget_left, &mut |_| {});
            let result = match called {
                Ok(result) => result,
                Err(failure) => {
                    self.review(&task.key, attempt, tree_before.as_deref(), None)?;
                    self.finish(&format!("error: {}", failure.message))?;
                    return Err(CliError::new(failure.message));
                }
            };
            self.cost += result.cost_usd;
            self.calls += 1;
            self.changed_since_suite = true;
            self.journal.write(&Record::Agent {
                task: task.key.clone(),
                attempt,
                is_error: result.is_error,
                subtype: result.subtype.clone(),
                result: result.result.clone(),
                cost_usd: result.cost_usd,
                session_id: result.session_id.clone(),
                num_turns: result.num_turns,
                duration_ms: result.duration.as_millis() as u64,
            })?;
            let session = if result.session_id.is_empty() {
                String::new()
            } else {
                format!(", session {}", result.session_id)
            };
            eprintln!(
                "fix: {label} finished in {}s ({}, {} turn(s), ${:.2}{session})",
                result.duration.as_secs(),
                result.subtype,
                result.num_turns,
                result.cost_usd
            );

            let mut previous = self.review(&task.key, attempt, tree_before.as_deref(), None)?;
            previous.agent_said = result.result.clone();
            let rerun = suite::judge(
                self.ws,
                self.global,
                self.options.filters.release,
                Some(&task.package),
                &task.libtest_args(&self.options.filters),
            );
            self.record_evidence(&task.key, &rerun)?;
            judged.update(&rerun);
            let selected = self
                .baseline
                .as_ref()
                .map(|(s, _)| s.clone())
                .unwrap_or_default();
            let still: Vec<_> = rerun
                .events
                .iter()
                .filter(|e| task.owns(e) && suite::status(e) == Some(Status::Failed))
                .filter(|e| suite::name(e).is_some_and(|n| selected.contains(n)))
                .cloned()
                .collect();
            if let Some(error) = rerun.error {
                eprintln!(
                    "fix: after attempt {attempt}, {} cannot be judged",
                    task.key
                );
                previous.error = Some(error);
            } else if !still.is_empty() {
                eprintln!(
                    "fix: after attempt {attempt}, {} still fails ({} trial(s))",
                    task.key,
                    still.len()
                );
                task.failures = still;
            } else {
                let whole = self.judge_suite()?;
                let regressions = self.regressions(&whole);
                if whole.error.is_none() && regressions.is_empty() {
                    eprintln!("fix: {} holds now", task.key);
                    *judged = whole;
                    self.previous.remove(&task.key);
                    self.journal.write(&Record::TaskEnd {
                        task: task.key.clone(),
                        holds: true,
                        attempts: attempt,
                    })?;
                    return Ok(TaskEnd::Holds);
                }
                eprintln!(
                    "fix: {} holds, but the change broke other evidence: {}",
                    task.key,
                    if regressions.is_empty() {
                        "it cannot be judged".to_owned()
                    } else {
                        regressions.join(", ")
                    }
                );
                previous.error = whole.error.clone();
                previous.regressions = regressions;
                *judged = whole;
            }
            self.previous.insert(task.key.clone(), previous);
        }
    }

    /// Put back protected files, take the diff since `tree_before`, journal it.
    fn review(
        &mut self,
        task: &str,
        attempt: u32,
        tree_before: Option<&str>,
        note: Option<String>,
    ) -> Result<Previous, CliError> {
        let mut violations = self.protected.restore();
        let allow = self.options.allow_step_edits;
        let mut step_edits = Vec::new();
        for change in self.step_guard.iter().flat_map(|g| g.check(allow)) {
            if allow {
                step_edits.push(change.message);
            } else {
                violations.push(change.message);
            }
        }
        for violation in &violations {
            eprintln!("fix: attempt {attempt}: {violation}");
        }
        for edit in &step_edits {
            eprintln!("fix: attempt {attempt}: {edit} (allowed by --allow-step-edits)");
        }
        self.step_edits.extend(step_edits.iter().cloned());
        self.violations.extend(violations.iter().cloned());
        let (stat, diff) = match (&self.git, tree_before) {
            (Some(git), Some(before)) => match git.snapshot(self.journal.dir()) {
                Ok(after) => (
                    git.diff_stat(before, &after).unwrap_or_default(),
                    git.diff(before, &after).unwrap_or_default(),
                ),
                Err(e) => {
                    eprintln!("warning: cannot take the attempt's diff: {e}");
                    (String::new(), String::new())
                }
            },
            _ => (String::new(), String::new()),
        };
        if !stat.trim().is_empty() {
            eprintln!("fix: attempt {attempt} changed:\n{}", stat.trim_end());
        }
        let kept: String = diff.chars().take(MAX_JOURNAL_DIFF).collect();
        self.journal.write(&Record::Reviewed {
            task: task.to_owned(),
            attempt,
            stat: stat.clone(),
            diff: kept,
            violations: violations.clone(),
            step_edits,
            note: note.clone(),
        })?;
        Ok(Previous {
            attempt,
            stat,
            diff,
            violations,
            note,
            ..Previous::default()
        })
    }

    /// Record the step and bench functions before an attempt (keeping the
    /// last record when the harness cannot say, e.g. it does not build now).
    fn guard_steps(&mut self) {
        let (definitions, complete) = suite::step_definitions(self.ws, self.global);
        if !definitions.is_empty() {
            self.step_files = suite::step_files(&definitions);
        }
        if !complete && self.step_guard.is_some() {
            return;
        }
        let roots: Vec<_> = self.ws.harnesses.iter().map(|h| h.root.clone()).collect();
        let definitions: Vec<_> = definitions.into_values().flatten().collect();
        let guard = StepGuard::record(&self.ws.root, &definitions, &steps::bench_files(&roots));
        if let Err(e) = guard.save(self.journal.dir()) {
            eprintln!(
                "warning: {e}; a resumed run will not check the step definitions of this attempt"
            );
        }
        self.step_guard = Some(guard);
    }

    /// The summary's list of step definitions the agent was allowed to change.
    fn list_step_edits(&self) {
        if self.step_edits.is_empty() {
            return;
        }
        println!(
            "fix: the agent changed existing step definitions (--allow-step-edits); review them:"
        );
        for edit in &self.step_edits {
            println!("  * {}", edit.strip_prefix("agent ").unwrap_or(edit));
        }
    }

    /// The working tree's tree id, when there is git.
    fn snapshot(&self) -> Option<String> {
        let git = self.git.as_ref()?;
        match git.snapshot(self.journal.dir()) {
            Ok(tree) => Some(tree),
            Err(e) => {
                eprintln!("warning: cannot snapshot the working tree: {e}");
                None
            }
        }
    }

    /// Judge the whole selection and journal it.
    fn judge_suite(&mut self) -> Result<Judgement, CliError> {
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

    fn record_evidence(&mut self, scope: &str, judged: &Judgement) -> Result<(), CliError> {
        self.journal.write(&Record::Evidence {
            scope: scope.to_owned(),
            passed: judged.passed(),
            failed: judged.failed(),
            error: judged.error.clone(),
        })
    }

    /// Trials that held at the start and fail now, or no longer run.
    fn regressions(&self, now: &Judgement) -> Vec<String> {
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

    fn done_line(&self, what: &str) -> String {
        format!(
            "fix: {what} after {} agent call(s), ${:.2} spent; journal: {}",
            self.calls,
            self.cost,
            self.journal.dir().display()
        )
    }

    fn finish(&mut self, outcome: &str) -> Result<(), CliError> {
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
