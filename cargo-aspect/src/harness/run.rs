//! [`Harness`]: from the process's arguments to libtest's verdict. It takes
//! `--tags` out, loads the config, builds the spec and aspect trials, reports
//! what will not run, and hands the rest to libtest-mimic. Building trials is
//! `specs`' and `aspects`'; this module must not run a scenario or judge
//! evidence itself.

use std::ffi::OsString;
use std::fmt;
use std::future::Future;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use libtest_mimic::{Arguments, Trial};

#[cfg(feature = "aspects")]
use super::aspects::aspect_trials;
use super::execute::NewWorld;
use super::schedule::Schedule;
use super::specs::{spec_trials, Settings, SpecTrials};
use super::trial::{exact_target, with_status, Exact, Listed, Run};
use crate::config::Config;
use crate::event::{Event, EventSink, FilteredOutEvent, Status, DRY_RUN_ENV, EVENTS_ENV};
use crate::exit_code::{EXIT_CANNOT_JUDGE, EXIT_FAILS, EXIT_HOLDS};
use crate::runtime::{BlockOn, Runtime};
use crate::tags::TagExpr;

/// Environment variable read for a tag expression when `--tags` is not given.
pub const TAGS_ENV: &str = "ASPECT_TAGS";

/// How long an async step (or async constructor) may stay pending by default.
pub const DEFAULT_STEP_TIMEOUT: Duration = Duration::from_secs(60);

/// How many scenarios of a World with async steps run at once by default.
pub const DEFAULT_CONCURRENCY: usize = 64;

/// The test harness of one package: finds its specs and runs them as trials.
///
/// Usually built by [`crate::main!`]; use it directly to construct the World
/// with a function or to pass arguments in a test. [`crate::package_root!`] is
/// the root to give it: the package the harness runs in (moved checkouts, shared
/// target dirs and nextest archives included), not the one it was compiled in.
///
/// ```no_run
/// #[derive(Default)]
/// struct World { gold: u64 }
///
/// fn main() -> std::process::ExitCode {
///     aspect::Harness::new(aspect::package_root!()).run_with(|| World { gold: 10 })
/// }
/// ```
///
/// Async steps run on [`BlockOn`] unless [`Harness::runtime`] names another
/// [`Runtime`]; each may stay pending for [`Harness::step_timeout`] (60 s by
/// default, `@timeout(5s)` on a scenario); a World with async steps runs up to
/// [`Harness::concurrency`] scenarios at once (64 by default).
pub struct Harness {
    package_root: PathBuf,
    args: Option<Vec<OsString>>,
    runtime: Arc<dyn Runtime>,
    step_timeout: Duration,
    concurrency: usize,
}

impl fmt::Debug for Harness {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Harness")
            .field("package_root", &self.package_root)
            .field("args", &self.args)
            .field("step_timeout", &self.step_timeout)
            .field("concurrency", &self.concurrency)
            .finish_non_exhaustive()
    }
}

impl Harness {
    /// A harness for the package whose manifest is in `package_root`.
    pub fn new(package_root: impl Into<PathBuf>) -> Self {
        Harness {
            package_root: package_root.into(),
            args: None,
            runtime: Arc::new(BlockOn),
            step_timeout: DEFAULT_STEP_TIMEOUT,
            concurrency: DEFAULT_CONCURRENCY,
        }
    }

    /// Run async steps and async World constructors on `runtime` (by default
    /// [`BlockOn`]; with the `tokio` feature, `aspect::Tokio::new()`).
    #[must_use]
    pub fn runtime(mut self, runtime: impl Runtime) -> Self {
        self.runtime = Arc::new(runtime);
        self
    }

    /// Fail a scenario whose async step (or async World constructor) is still
    /// pending after `timeout`; a scenario's `@timeout(5s)` tag overrides it.
    /// A sync step cannot be interrupted, so it has no timeout.
    #[must_use]
    pub fn step_timeout(mut self, timeout: Duration) -> Self {
        self.step_timeout = timeout;
        self
    }

    /// Run up to `scenarios` scenarios at once when the World has async steps
    /// and neither `--test-threads` nor `RUST_TEST_THREADS` says otherwise.
    #[must_use]
    pub fn concurrency(mut self, scenarios: usize) -> Self {
        self.concurrency = scenarios.max(1);
        self
    }

    /// Use these arguments (without the program name) instead of the process's.
    #[must_use]
    pub fn with_args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        self.args = Some(args.into_iter().map(Into::into).collect());
        self
    }

    /// Run with a `Default` World.
    #[must_use = "return the exit code from main so failures fail the test run"]
    pub fn run<W: Default + 'static>(self) -> ExitCode {
        self.run_with(W::default)
    }

    /// Run, making each scenario's World with `new_world`.
    #[must_use = "return the exit code from main so failures fail the test run"]
    pub fn run_with<W: 'static>(
        self,
        new_world: impl Fn() -> W + Send + Sync + 'static,
    ) -> ExitCode {
        self.run_new(NewWorld::plain(new_world))
    }

    /// Run, making each scenario's World with the async, fallible `new_world`
    /// (`async fn connect() -> Result<World, E>`): an `Err` fails that scenario
    /// with the error, and the others run.
    #[must_use = "return the exit code from main so failures fail the test run"]
    pub fn run_with_async<W, F, E>(
        self,
        new_world: impl Fn() -> F + Send + Sync + 'static,
    ) -> ExitCode
    where
        W: 'static,
        F: Future<Output = Result<W, E>> + 'static,
        E: fmt::Display + 'static,
    {
        self.run_new(NewWorld::awaited(new_world))
    }

    fn run_new<W: 'static>(self, new_world: NewWorld<W>) -> ExitCode {
        // This binary, run again, is the small parent `memory: {command}` evidence
        // measures commands from (see `evidence::memory`).
        if let Some(code) = crate::evidence::memory::intermediate_main() {
            return code;
        }
        match self.trials(new_world) {
            Ok((args, trials, cannot_judge)) => {
                let conclusion = libtest_mimic::run(&args, trials);
                if cannot_judge.load(Ordering::Relaxed) {
                    eprintln!(
                        "error: a feature file does not parse (its trial says where); cannot judge"
                    );
                    return ExitCode::from(EXIT_CANNOT_JUDGE);
                }
                ExitCode::from(if conclusion.has_failed() {
                    EXIT_FAILS
                } else {
                    EXIT_HOLDS
                })
            }
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::from(EXIT_CANNOT_JUDGE)
            }
        }
    }

    fn trials<W: 'static>(
        self,
        new_world: NewWorld<W>,
    ) -> Result<(Arguments, Vec<Trial>, Arc<AtomicBool>), String> {
        let raw = self
            .args
            .unwrap_or_else(|| std::env::args_os().skip(1).collect());
        let (tags, rest) = take_tags(raw)?;
        let mut args = Arguments::from_iter(std::iter::once(OsString::from("aspect")).chain(rest));
        let target = crate::config::current_target();
        let config =
            Config::load_for(&self.package_root, target.as_deref()).map_err(|e| e.to_string())?;
        let sink = EventSink::from_env()
            .map_err(|e| format!("cannot open ${EVENTS_ENV}: {e}"))?
            .map(Arc::new);
        let run = Run {
            exact: exact_target(&args),
            list_only: args.list,
            bench_mode: args.bench,
            dry_run: std::env::var(DRY_RUN_ENV).is_ok_and(|v| v == "1"),
            config: &config,
            tags: tags.as_ref(),
            sink: sink.clone(),
        };
        // libtest-mimic reads no RUST_TEST_THREADS, so it is honoured here.
        if args.test_threads.is_none() {
            if let Ok(threads) = std::env::var("RUST_TEST_THREADS") {
                args.test_threads = Some(
                    threads
                        .trim()
                        .parse()
                        .ok()
                        .filter(|n| *n > 0)
                        .ok_or_else(|| {
                            format!("RUST_TEST_THREADS is {threads:?}, not a number of threads")
                        })?,
                );
            }
        }
        // Async scenarios mostly wait: as many run at once as asked (or as the
        // user's thread count), on workers that run them ahead of their trials.
        // One at a time gains nothing from running ahead, and each trial then
        // runs its own scenario, so its output comes in the trials' order.
        let has_async = has_async_steps::<W>() || new_world.is_async();
        let concurrency = args.test_threads.unwrap_or(self.concurrency);
        let schedule = (has_async && !args.list && !run.dry_run && concurrency > 1)
            .then(|| Schedule::new(concurrency));
        let specs = if matches!(run.exact, Exact::Aspect(_)) {
            SpecTrials::default()
        } else {
            let settings = Settings {
                runtime: self.runtime,
                step_timeout: self.step_timeout,
                has_async,
                schedule: schedule.clone(),
            };
            spec_trials(&run, new_world, settings)?
        };
        let (mut trials, warnings) = (specs.trials, specs.warnings);
        let mut aspects_filtered_out = 0;
        if !matches!(run.exact, Exact::Feature(_)) {
            let (aspects, filtered_out) = aspect_trials(&run)?;
            trials.extend(aspects);
            aspects_filtered_out = filtered_out;
        }
        // Only once everything loaded (an error after them would read as one
        // message with them), and not in listings, which tools parse.
        if !args.list {
            for warning in &warnings {
                eprintln!("warning: {}", warning.shown);
                if let Some(sink) = &sink {
                    sink.emit(&warning.event);
                }
            }
            if let (Some(sink), 1..) = (&sink, specs.filtered_out + aspects_filtered_out) {
                sink.emit(&Event::FilteredOut(FilteredOutEvent {
                    package: config.package_name.clone(),
                    scenarios: specs.filtered_out,
                    aspects: aspects_filtered_out,
                }));
            }
        }
        match &sink {
            Some(sink) => report_before_running(sink, &args, &trials),
            None => explain_not_judged(&args, &trials),
        }
        if let Some(schedule) = &schedule {
            // Only the scenarios libtest will run.
            let running = trials
                .iter()
                .map(|listed| &listed.trial)
                .filter(|trial| !args.is_filtered_out(trial) && !args.is_ignored(trial))
                .map(Trial::name);
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
            schedule.start(running, cores);
        }
        let trials = trials.into_iter().map(|t| t.trial).collect();
        Ok((args, trials, specs.cannot_judge))
    }
}

/// Whether any step definition or hook for World `W` is an `async fn`.
fn has_async_steps<W: 'static>() -> bool {
    let world = std::any::TypeId::of::<W>();
    crate::step::StepDef::all()
        .any(|d| (d.world)() == world && matches!(d.func, crate::step::StepBody::Async(_)))
        || crate::hook::any_async(world)
}

/// Listings, and the ignored trials libtest will not run, go out before the
/// run: as not judged (with the reason) when that is why they are ignored.
fn report_before_running(sink: &EventSink, args: &Arguments, trials: &[Listed]) {
    let runs_ignored = args.ignored || args.include_ignored;
    for listed in trials {
        let Some(listing) = &listed.listing else {
            continue;
        };
        if args.is_filtered_out(&listed.trial) {
            continue;
        }
        if args.list {
            sink.emit(listing);
        } else if listed.trial.has_ignored_flag() && !runs_ignored {
            let event = match &listed.not_judged {
                Some(reason) => with_status(
                    listing.clone(),
                    Status::NotJudged,
                    None,
                    Some(reason.clone()),
                ),
                None => with_status(listing.clone(), Status::Ignored, None, None),
            };
            sink.emit(&event);
        }
    }
}

/// libtest prints a trial ignored for not being judged as plain `ignored`;
/// say why (on stderr), as a reason-carrying `#[ignore = "…"]` would.
fn explain_not_judged(args: &Arguments, trials: &[Listed]) {
    if args.list || args.ignored || args.include_ignored {
        return;
    }
    for listed in trials {
        if let Some(reason) = &listed.not_judged {
            if !args.is_filtered_out(&listed.trial) {
                eprintln!("note: {} is ignored: {reason}", listed.trial.name());
            }
        }
    }
}

/// Split `--tags EXPR` / `--tags=EXPR` out of the arguments; fall back to [`TAGS_ENV`].
fn take_tags(raw: Vec<OsString>) -> Result<(Option<TagExpr>, Vec<OsString>), String> {
    let mut expr = None;
    let mut rest = Vec::with_capacity(raw.len());
    let mut iter = raw.into_iter();
    while let Some(arg) = iter.next() {
        let text = arg.to_string_lossy();
        if text == "--tags" {
            let value = iter
                .next()
                .ok_or("`--tags` needs an expression, e.g. `--tags '@fast and not @slow'`")?;
            expr = Some(value.to_string_lossy().into_owned());
        } else if let Some(value) = text.strip_prefix("--tags=") {
            expr = Some(value.to_owned());
        } else {
            rest.push(arg);
        }
    }
    let expr = expr.or_else(|| {
        std::env::var(TAGS_ENV)
            .ok()
            .filter(|s| !s.trim().is_empty())
    });
    let parsed = expr
        .map(|e| e.parse::<TagExpr>().map_err(|e| e.to_string()))
        .transpose()?;
    Ok((parsed, rest))
}

/// Without the `aspects` feature there are no aspect trials, and aspect files
/// that exist are an error, not something to skip in silence.
#[cfg(not(feature = "aspects"))]
fn aspect_trials(run: &Run<'_>) -> Result<(Vec<Listed>, u64), String> {
    match run.config.aspect_files().first() {
        None => Ok((Vec::new(), 0)),
        Some(path) => Err(format!(
            "{}: aspects need cargo-aspect's `aspects` feature: {}",
            run.config.display_path(path).display(),
            crate::config::FEATURES_HINT
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_come_out_of_the_arguments() {
        let (tags, rest) =
            take_tags(vec!["--tags".into(), "@a and @b".into(), "--exact".into()]).unwrap();
        assert_eq!(tags.unwrap().to_string(), "(@a and @b)");
        assert_eq!(rest, vec![OsString::from("--exact")]);
        let (tags, rest) = take_tags(vec!["--tags=not @a".into()]).unwrap();
        assert_eq!(tags.unwrap().to_string(), "not @a");
        assert!(rest.is_empty());
        assert!(take_tags(vec!["--tags".into()]).is_err());
    }
}
