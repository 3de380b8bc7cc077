//! One task of `cargo aspect fix`, attempt by attempt: build the prompt,
//! snapshot the tree, call the agent, review what it did (protected files and
//! step functions put back, the diff journaled), re-judge the task and then
//! the whole selection. It must not decide which tasks run or when the run
//! ends: that is [`Fixer::run`]'s.

use super::agent::AgentResult;
use super::fixer::{context, Fixer, TaskEnd, MAX_JOURNAL_DIFF};
use super::journal::Record;
use super::prompt::{self, Previous};
use super::steps::{self, StepGuard};
use super::suite::{self, Judgement, Task};
use crate::cli::CliError;
use crate::event::Status;

impl Fixer<'_> {
    /// Attempts at one task until it holds (with nothing broken) or a limit is reached.
    pub(super) fn work_on(
        &mut self,
        task: &mut Task,
        judged: &mut Judgement,
    ) -> Result<TaskEnd, CliError> {
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
            let result = self.call_agent(&task.key, attempt, &text, budget_left, &tree_before)?;

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

    /// One agent call for `key`'s attempt: journaled before and after, its
    /// cost counted, its end reported. A call that fails ends the run, with
    /// what the agent changed reviewed first.
    pub(super) fn call_agent(
        &mut self,
        key: &str,
        attempt: u32,
        text: &str,
        budget_left: Option<f64>,
        tree_before: &Option<String>,
    ) -> Result<AgentResult, CliError> {
        self.journal.write(&Record::Attempt {
            task: key.to_owned(),
            attempt,
            tree_before: tree_before.clone(),
            prompt: text.to_owned(),
        })?;
        self.attempts.insert(key.to_owned(), attempt);
        let label = self.agent.label();
        let called = self
            .agent
            .call(&self.ws.root, text, budget_left, &mut |_| {});
        let result = match called {
            Ok(result) => result,
            Err(failure) => {
                self.review(key, attempt, tree_before.as_deref(), None)?;
                self.finish(&format!("error: {}", failure.message))?;
                return Err(CliError::new(failure.message));
            }
        };
        self.cost += result.cost_usd;
        self.calls += 1;
        self.changed_since_suite = true;
        self.journal.write(&Record::Agent {
            task: key.to_owned(),
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
        Ok(result)
    }

    /// Put back protected files, take the diff since `tree_before`, journal it.
    pub(super) fn review(
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
    pub(super) fn guard_steps(&mut self) {
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
    pub(super) fn list_step_edits(&self) {
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
    pub(super) fn snapshot(&self) -> Option<String> {
        let git = self.git.as_ref()?;
        match git.snapshot(self.journal.dir()) {
            Ok(tree) => Some(tree),
            Err(e) => {
                eprintln!("warning: cannot snapshot the working tree: {e}");
                None
            }
        }
    }
}
