//! Runs one pickle's steps against a World and describes what happened.
//!
//! This is where a scenario's verdict is made: each step is matched, run under
//! `catch_unwind`, and the first failure turns the rest into skipped steps (they
//! are still matched, so every undefined step gets its snippet in one run). It
//! knows nothing of libtest: the harness turns a [`ScenarioOutcome`] into a trial
//! verdict, and a dry run can use [`check_pickle`] without running any code.
//! A scenario is one future: a sync step is called inside it, an async step is
//! awaited, bounded by its [`StepLimits::timeout`], each poll under the same
//! `catch_unwind` as a sync step. Where the future is polled (the trial's
//! thread, or a driver of the harness's runtime) is the harness's choice.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::fmt::Write as _;
use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::pin::Pin;
use std::sync::Once;
use std::task::{Context, Poll};
use std::time::Duration;

use crate::hook::{HookBody, HookDef, HookKind, Hooks, Outcome, Scenario};
use crate::runtime::deadline::{within, TimedOut};
use crate::spec::{Pickle, PickleStep};
use crate::step::{snippet, Match, Matcher, StepBody, StepContext};

/// How long async code of a scenario may stay pending.
#[derive(Clone, Copy, Debug)]
pub struct StepLimits {
    /// An async step still pending after this fails its scenario.
    pub timeout: Duration,
}

impl StepLimits {
    /// Await `future` within the timeout, catching its panics.
    pub async fn run<T>(&self, future: impl Future<Output = T>) -> Result<T, Interrupted> {
        match CatchPanics(std::pin::pin!(within(self.timeout, future))).await {
            Ok(Ok(output)) => Ok(output),
            Ok(Err(TimedOut)) => Err(Interrupted::TimedOut),
            Err(panic) => Err(Interrupted::Panicked(panic)),
        }
    }

    /// The failure of `what` (a step, a hook) still pending at the timeout.
    pub fn timed_out(&self, what: &str) -> String {
        format!(
            "{what} did not complete within {:?} (the timeout: set it with \
             `@timeout(…)` on the scenario, or in `main!`/`Harness`)",
            self.timeout
        )
    }
}

/// Why awaited code did not finish.
#[derive(Debug)]
pub enum Interrupted {
    /// It panicked: `panicked at file:line:col:\nmessage`.
    Panicked(String),
    /// It was still pending at the timeout.
    TimedOut,
}

/// A future whose panics, while polled, become `Err` with where it panicked.
pub(crate) struct CatchPanics<'f, F: Future>(pub(crate) Pin<&'f mut F>);

impl<F: Future> Future for CatchPanics<'_, F> {
    type Output = Result<F::Output, String>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match catching_panics(|| self.0.as_mut().poll(cx)) {
            Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(panic) => Poll::Ready(Err(panic)),
        }
    }
}

/// What happened to one step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepStatus {
    /// Ran and returned `Ok`.
    Passed,
    /// Panicked or returned an error; the message says which.
    Failed(String),
    /// No definition matches: the snippet to paste, and a note when another keyword matches.
    Undefined {
        /// A ready-to-paste step function.
        snippet: String,
        /// Why a close definition did not match, if one exists.
        note: Option<String>,
    },
    /// Several definitions match; each is named with its source location.
    Ambiguous(Vec<String>),
    /// Not run because an earlier step did not pass.
    Skipped,
    /// Matched exactly one definition; not run (dry run).
    Matched,
}

impl StepStatus {
    fn is_ok(&self) -> bool {
        matches!(self, StepStatus::Passed | StepStatus::Matched)
    }
}

/// The verdict of one pickle: one status per step, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioOutcome {
    /// One per step of the pickle.
    pub steps: Vec<StepStatus>,
    /// Why the scenario could not start (its World could not be made, a tag is
    /// malformed); its steps were then skipped.
    pub setup_error: Option<String>,
    /// What failed after the steps (an after hook, the World's `Drop`),
    /// reported below them: each fails the scenario without hiding its steps.
    pub after_errors: Vec<String>,
}

impl ScenarioOutcome {
    /// The scenario could not start: every step skipped, and why.
    pub fn not_started(pickle: &Pickle, error: String) -> Self {
        ScenarioOutcome {
            steps: vec![StepStatus::Skipped; pickle.steps.len()],
            setup_error: Some(error),
            after_errors: Vec::new(),
        }
    }

    /// Whether the World was made and every step passed (or matched, in a dry run).
    pub fn passed(&self) -> bool {
        self.setup_error.is_none()
            && self.after_errors.is_empty()
            && self.steps.iter().all(StepStatus::is_ok)
    }

    /// What an after hook is shown: passed, or the first failure's message.
    fn as_outcome(&self, pickle: &Pickle) -> Outcome {
        if let Some(error) = &self.setup_error {
            return Outcome::Failed(error.clone());
        }
        let Some(i) = self.first_problem() else {
            return Outcome::Passed;
        };
        let step = &pickle.steps[i];
        Outcome::Failed(match &self.steps[i] {
            StepStatus::Failed(message) => message.clone(),
            StepStatus::Undefined { .. } => {
                format!("undefined step: {} {}", step.keyword, step.text)
            }
            _ => format!("ambiguous step: {} {}", step.keyword, step.text),
        })
    }

    /// The index of the first step that did not pass.
    pub fn first_problem(&self) -> Option<usize> {
        self.steps.iter().position(|s| !s.is_ok())
    }

    /// A human report: the failing step's `file:line:col` first, then the
    /// scenario with each step's status, messages indented under their step.
    pub fn render(&self, pickle: &Pickle, feature_path: &Path) -> String {
        let path = feature_path.display();
        let mut out = String::new();
        if let Some(error) = &self.setup_error {
            let at = &pickle.scenario_location;
            let _ = writeln!(out, "{path}:{}:{}: {error}", at.line, at.column);
        } else if let Some(i) = self.first_problem() {
            let step = &pickle.steps[i];
            let what = match &self.steps[i] {
                StepStatus::Undefined { .. } => "undefined step",
                StepStatus::Ambiguous(_) => "ambiguous step",
                _ => "step failed",
            };
            let _ = writeln!(
                out,
                "{path}:{}:{}: {what}: {} {}",
                step.location.line, step.location.column, step.keyword, step.text
            );
        } else if let Some(error) = self.after_errors.first() {
            let at = &pickle.scenario_location;
            let first = error.lines().next().unwrap_or_default();
            let _ = writeln!(out, "{path}:{}:{}: {first}", at.line, at.column);
        }
        let _ = writeln!(out, "  Feature: {}", pickle.feature_name);
        let line = pickle
            .example
            .as_ref()
            .map_or(pickle.scenario_location.line, |e| e.location.line);
        let _ = writeln!(out, "  Scenario: {}  ({path}:{line})", pickle.name);
        for (step, status) in pickle.steps.iter().zip(&self.steps) {
            render_step(&mut out, step, status, &path.to_string());
        }
        for error in &self.after_errors {
            let mut lines = error.lines();
            let _ = writeln!(out, "    ✘ {}", lines.next().unwrap_or_default());
            for line in lines {
                let _ = writeln!(out, "        {line}");
            }
        }
        out
    }
}

fn render_step(out: &mut String, step: &PickleStep, status: &StepStatus, path: &str) {
    let (mark, suffix) = match status {
        StepStatus::Passed => ("✔", String::new()),
        StepStatus::Matched => ("·", String::new()),
        StepStatus::Skipped => ("-", "  (skipped)".to_owned()),
        StepStatus::Failed(_) => ("✘", format!("  ({path}:{})", step.location.line)),
        StepStatus::Undefined { .. } => {
            ("?", format!("  ({path}:{}, undefined)", step.location.line))
        }
        StepStatus::Ambiguous(_) => ("✘", format!("  ({path}:{}, ambiguous)", step.location.line)),
    };
    let _ = writeln!(out, "    {mark} {} {}{suffix}", step.keyword, step.text);
    let body = match status {
        StepStatus::Failed(message) => message.clone(),
        StepStatus::Undefined { snippet, note } => {
            let mut body = String::from("no step definition matches this text; add one:\n\n");
            body.push_str(snippet);
            if let Some(note) = note {
                let _ = write!(body, "\n\nnote: {note}");
            }
            body
        }
        StepStatus::Ambiguous(defs) => {
            let mut body = String::from("more than one step definition matches this text:");
            for def in defs {
                let _ = write!(body, "\n  {def}");
            }
            body
        }
        _ => return,
    };
    for line in body.lines() {
        if line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "        {line}");
        }
    }
}

/// Run a scenario on a World already made: the before hooks that apply, the
/// steps (skipped when a before hook failed), every after hook that applies
/// (whatever happened before), then the World's `Drop`. A failing hook or
/// `Drop` is reported beside the steps, never instead of them.
pub async fn run_scenario<W: 'static>(
    pickle: &Pickle,
    matcher: &Matcher,
    hooks: &Hooks,
    world: W,
    world_name: &str,
    limits: StepLimits,
) -> ScenarioOutcome {
    let mut world = world;
    if hooks.is_empty() {
        // The common case, where building the hooks' `Scenario` and `Outcome`
        // (five allocations) showed at ten thousand scenarios.
        let mut outcome = run_pickle(pickle, matcher, &mut world, world_name, limits).await;
        if let Err(panic) = catching_panics(move || drop(world)) {
            outcome
                .after_errors
                .push(format!("the World's Drop {panic}"));
        }
        return outcome;
    }
    let scenario = Scenario {
        feature: pickle.feature_name.clone(),
        name: pickle.name.clone(),
        tags: pickle.tags.clone(),
    };
    let mut before = None;
    for hook in hooks.applying(HookKind::Before, &pickle.tags) {
        if let Err(error) = run_hook(hook, &mut world, &scenario, None, limits).await {
            before = Some(error);
            break;
        }
    }
    let mut outcome = match before {
        None => run_pickle(pickle, matcher, &mut world, world_name, limits).await,
        Some(error) => ScenarioOutcome::not_started(pickle, error),
    };
    let result = outcome.as_outcome(pickle);
    for hook in hooks.applying(HookKind::After, &pickle.tags) {
        if let Err(error) = run_hook(hook, &mut world, &scenario, Some(&result), limits).await {
            outcome.after_errors.push(error);
        }
    }
    if let Err(panic) = catching_panics(move || drop(world)) {
        outcome
            .after_errors
            .push(format!("the World's Drop {panic}"));
    }
    outcome
}

/// Run one hook; `Err` says which hook and how it failed.
async fn run_hook(
    hook: &HookDef,
    world: &mut dyn Any,
    scenario: &Scenario,
    outcome: Option<&Outcome>,
    limits: StepLimits,
) -> Result<(), String> {
    let returned = match hook.func {
        HookBody::Sync(func) => catching_panics(|| func(world, scenario, outcome)),
        HookBody::Async(func) => match limits.run(func(world, scenario, outcome)).await {
            Ok(returned) => Ok(returned),
            Err(Interrupted::Panicked(panic)) => Err(panic),
            Err(Interrupted::TimedOut) => return Err(limits.timed_out(&hook.to_string())),
        },
    };
    match returned {
        Ok(Ok(())) => Ok(()),
        // A hook's `Err` comes through the steps' conversion: say "hook", not "step".
        Ok(Err(failure)) => Err(format!(
            "{hook} returned an error: {}",
            failure
                .0
                .strip_prefix(crate::step::RETURNED_AN_ERROR)
                .unwrap_or(&failure.0)
        )),
        Err(panic) => Err(format!("{hook} {panic}")),
    }
}

/// Run every step of `pickle` on `world`, stopping at the first that does not pass.
pub async fn run_pickle(
    pickle: &Pickle,
    matcher: &Matcher,
    world: &mut dyn Any,
    world_name: &str,
    limits: StepLimits,
) -> ScenarioOutcome {
    let mut steps = Vec::with_capacity(pickle.steps.len());
    let mut failed = false;
    for step in &pickle.steps {
        let status = match matcher.find(step.kind, &step.text) {
            Match::Found { def, captures } if !failed => {
                let ctx = StepContext { step, captures };
                let returned = match def.func {
                    StepBody::Sync(func) => {
                        catching_panics(|| func(world, &ctx)).map_err(Interrupted::Panicked)
                    }
                    StepBody::Async(func) => limits.run(func(world, &ctx)).await,
                };
                match returned {
                    Ok(Ok(())) => StepStatus::Passed,
                    Ok(Err(failure)) => StepStatus::Failed(failure.0),
                    Err(Interrupted::Panicked(panic)) => {
                        StepStatus::Failed(format!("step {panic}"))
                    }
                    Err(Interrupted::TimedOut) => StepStatus::Failed(limits.timed_out("the step")),
                }
            }
            Match::Found { .. } => StepStatus::Skipped,
            other => unmatched(other, step, world_name),
        };
        failed |= !status.is_ok();
        steps.push(status);
    }
    ScenarioOutcome {
        steps,
        setup_error: None,
        after_errors: Vec::new(),
    }
}

/// Match every step of `pickle` without running any: a dry run for `check` and `--list`.
pub fn check_pickle(pickle: &Pickle, matcher: &Matcher, world_name: &str) -> ScenarioOutcome {
    let steps = pickle
        .steps
        .iter()
        .map(|step| match matcher.find(step.kind, &step.text) {
            Match::Found { .. } => StepStatus::Matched,
            other => unmatched(other, step, world_name),
        })
        .collect();
    ScenarioOutcome {
        steps,
        setup_error: None,
        after_errors: Vec::new(),
    }
}

fn unmatched(found: Match<'_>, step: &PickleStep, world_name: &str) -> StepStatus {
    match found {
        Match::Ambiguous(defs) => {
            StepStatus::Ambiguous(defs.iter().map(|d| d.to_string()).collect())
        }
        Match::Undefined { other_keywords } => StepStatus::Undefined {
            snippet: snippet(step.kind, &step.text, step.argument.as_ref(), world_name),
            note: other_keywords.first().map(|def| {
                format!(
                    "{def} matches the text, but steps match by keyword and this is a `{}` step",
                    step.keyword
                )
            }),
        },
        Match::Found { .. } => StepStatus::Matched,
    }
}

thread_local! {
    static CAPTURING: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Run `f`, turning a panic into `panicked at file:line:col:\nmessage` instead of printing it.
///
/// The default hook would print the panic to stderr out of context; the report
/// shows it under the step that panicked instead.
pub(crate) fn catching_panics<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if CAPTURING.with(Cell::get) {
                let message = payload_text(info.payload());
                let text = match info.location() {
                    Some(l) => format!(
                        "panicked at {}:{}:{}:\n{message}",
                        l.file(),
                        l.line(),
                        l.column()
                    ),
                    None => format!("panicked:\n{message}"),
                };
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(text));
            } else {
                previous(info);
            }
        }));
    });
    CAPTURING.with(|c| c.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    CAPTURING.with(|c| c.set(false));
    result.map_err(|payload| {
        LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| format!("panicked:\n{}", payload_text(&*payload)))
    })
}

fn payload_text(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(a panic payload that is not a string)".to_owned()
    }
}
