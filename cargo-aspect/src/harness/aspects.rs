//! Aspects → trials: one `aspect::<name>` trial per aspect, judged by its evidence.
//!
//! A verdict maps onto libtest's outcomes: holds → ok, fails → FAILED with the
//! aspect's first paragraph and the evidence output, not judged → ignored with
//! the reason, never a silent pass. Evidence that knows before it runs that it
//! will not be judged (a benchmark in a debug build) is *listed* as ignored:
//! nextest reads only the listing and the exit code, so a trial that runs and
//! exits 0 is a PASS there, whatever it printed. Run under nextest anyway
//! (`--run-ignored`), it fails: nextest has no verdict for "not judged". Under
//! libtest's `--bench`, bench evidence becomes a bench trial that reports its
//! median.

use std::path::PathBuf;
use std::sync::Arc;

use libtest_mimic::{Completion, Failed, Measurement as LibtestMeasurement, Trial};

use super::trial::{with_status, Exact, Listed, Run};
use crate::aspect::{self, Aspect};
use crate::config::Config;
use crate::event::{AspectEvent, Event, EventSink, MeasurementEvent, Status};
use crate::evidence::units::{format_duration, format_size};
use crate::evidence::{Context, Measurement, Unit, Verdict};

/// Set by nextest in every test process it runs.
const NEXTEST_ENV: &str = "NEXTEST";

/// Load, validate and turn into trials (with listing events) every aspect the
/// run selects; with how many aspects `--tags` left out.
pub(super) fn aspect_trials(run: &Run<'_>) -> Result<(Vec<Listed>, u64), String> {
    let config = run.config;
    let exact = match &run.exact {
        Exact::Aspect(name) => Some(name.as_str()),
        _ => None,
    };
    let show = |e: crate::spec::ParseError| {
        let mut e = e;
        e.path = config.display_path(&e.path).to_owned();
        e.to_string()
    };
    let mut aspects = Vec::new();
    for path in config.aspect_files() {
        aspects.push(aspect::load(&path).map_err(show)?);
    }
    aspects.retain(|a| exact.is_none_or(|name| a.name == name));
    let named = aspects.len();
    aspects.retain(|a| run.tags.is_none_or(|t| t.matches(&a.tags)));
    // Counted like the scenarios `--tags` leaves out: not trials, but not lost.
    let filtered_out = (named - aspects.len()) as u64;
    if !run.list_only {
        aspect::validate(&aspects, |a| context(config, a, run.bench_mode)).map_err(show)?;
    }
    let workspace = Arc::new(config.workspace_root.clone());
    let package = Arc::new(config.package_root.clone());
    let trials = aspects
        .into_iter()
        .map(|aspect| {
            let name = format!("aspect::{}", aspect.name);
            let tagged_ignore = aspect.tags.iter().any(|t| t == "@ignore");
            let not_judged = if tagged_ignore {
                None
            } else {
                aspect
                    .evidence
                    .not_judged(&context(config, &aspect, run.bench_mode))
            };
            let ignored = tagged_ignore || not_judged.is_some();
            let listing = listing(config, &name, &aspect);
            let shown = config.display_path(&aspect.path).to_owned();
            let judged = Judged {
                aspect,
                shown,
                workspace: Arc::clone(&workspace),
                package: Arc::clone(&package),
                sink: run.sink.clone(),
                listing: listing.clone(),
                listed_not_judged: not_judged.is_some(),
            };
            let trial = if run.list_only {
                Trial::test(name, || Ok(()))
            } else if run.dry_run {
                // Validated while loading; a dry run judges nothing.
                Trial::test(name, move || {
                    judged.emit(Status::Passed, 0.0, None, None);
                    Ok(())
                })
            } else if run.bench_mode && judged.aspect.evidence.kind() == "bench" {
                Trial::bench(name, move |_test_mode| judged.bench())
            } else {
                let bench_mode = run.bench_mode;
                Trial::ignorable_test(name, move || judged.test(bench_mode))
            };
            Listed {
                trial: trial.with_ignored_flag(ignored),
                listing: Some(listing),
                not_judged,
            }
        })
        .collect();
    Ok((trials, filtered_out))
}

fn context<'a>(config: &'a Config, aspect: &'a Aspect, bench_mode: bool) -> Context<'a> {
    Context {
        workspace_root: &config.workspace_root,
        package_root: &config.package_root,
        aspect: &aspect.name,
        optimized: !cfg!(debug_assertions),
        bench_mode,
        timeout: aspect.timeout,
    }
}

fn listing(config: &Config, name: &str, aspect: &Aspect) -> Event {
    Event::Aspect(AspectEvent {
        name: name.to_owned(),
        package: config.package_name.clone(),
        file: config.package_path(&aspect.path),
        line: aspect.evidence_location.line,
        column: Some(aspect.evidence_location.column),
        evidence: aspect.evidence.kind().to_owned(),
        description: aspect.evidence.describe(),
        summary: aspect.summary(),
        tags: aspect.tags.clone(),
        status: None,
        duration_ms: None,
        measurement: None,
        message: None,
    })
}

/// One aspect, ready to be judged on a trial's thread.
struct Judged {
    aspect: Aspect,
    shown: PathBuf,
    workspace: Arc<PathBuf>,
    package: Arc<PathBuf>,
    sink: Option<Arc<EventSink>>,
    listing: Event,
    /// Listed as ignored because it cannot be judged in this build.
    listed_not_judged: bool,
}

impl Judged {
    fn emit(
        &self,
        status: Status,
        ms: f64,
        message: Option<String>,
        measured: Option<&Measurement>,
    ) {
        let Some(sink) = &self.sink else { return };
        let mut event = with_status(self.listing.clone(), status, Some(ms), message);
        if let (Event::Aspect(e), Some(m)) = (&mut event, measured) {
            e.measurement = Some(MeasurementEvent {
                unit: match m.unit {
                    Unit::Nanoseconds => "ns".to_owned(),
                    Unit::Bytes => "bytes".to_owned(),
                },
                value: m.value,
                budget: m.budget,
                spread: m.spread,
                samples: m.samples,
            });
        }
        sink.emit(&event);
    }

    /// Judge, and report the verdict as an event.
    fn judge_and_report(&self, bench_mode: bool) -> Verdict {
        let start = std::time::Instant::now();
        let verdict = self.judge(bench_mode);
        let ms = start.elapsed().as_secs_f64() * 1e3;
        match &verdict {
            Verdict::Holds { summary } => {
                self.emit(Status::Passed, ms, Some(summary.clone()), None)
            }
            Verdict::Measured {
                measurement,
                summary,
            } => {
                let status = if measurement.within_budget() {
                    Status::Passed
                } else {
                    Status::Failed
                };
                self.emit(status, ms, Some(summary.clone()), Some(measurement));
            }
            Verdict::Fails { message } => {
                self.emit(Status::Failed, ms, Some(message.clone()), None)
            }
            Verdict::NotJudged { reason } => {
                self.emit(Status::NotJudged, ms, Some(reason.clone()), None)
            }
        }
        verdict
    }

    fn judge(&self, bench_mode: bool) -> Verdict {
        let ctx = Context {
            workspace_root: &self.workspace,
            package_root: &self.package,
            aspect: &self.aspect.name,
            optimized: !cfg!(debug_assertions),
            bench_mode,
            timeout: self.aspect.timeout,
        };
        self.aspect.evidence.judge(&ctx)
    }

    fn test(&self, bench_mode: bool) -> Result<Completion, Failed> {
        match self.judge_and_report(bench_mode) {
            Verdict::Holds { .. } => Ok(Completion::Completed),
            Verdict::Measured { measurement, .. } if measurement.within_budget() => {
                Ok(Completion::Completed)
            }
            Verdict::NotJudged { reason } if self.listed_not_judged && under_nextest() => {
                // nextest counts an exit code of 0 as PASS; it was asked to run
                // an ignored trial, and the honest answer it can show is FAIL.
                Err(self.failure(&format!(
                    "{reason}\nnextest can only pass or fail a test it runs, and this one was not \
                     judged: leave it skipped (the default), or judge it in an optimized build \
                     (`cargo nextest run --release`)"
                )))
            }
            Verdict::NotJudged { reason } => Ok(Completion::ignored_with(reason)),
            Verdict::Measured {
                measurement,
                summary,
            } => Err(self.failure(&format!("{}\n{summary}", over_budget(&measurement)))),
            Verdict::Fails { message } => Err(self.failure(&message)),
        }
    }

    fn bench(&self) -> Result<Option<LibtestMeasurement>, Failed> {
        match self.judge_and_report(true) {
            Verdict::Measured {
                measurement,
                summary,
            } => {
                if !measurement.within_budget() {
                    return Err(self.failure(&format!("{}\n{summary}", over_budget(&measurement))));
                }
                Ok(Some(LibtestMeasurement {
                    avg: measurement.value as u64,
                    variance: measurement.spread as u64,
                }))
            }
            Verdict::Fails { message } => Err(self.failure(&message)),
            other => Err(self.failure(&format!("bench evidence gave no measurement: {other:?}"))),
        }
    }

    /// `file:line:col: evidence failed: ...`, the property, then the evidence's output.
    fn failure(&self, message: &str) -> Failed {
        let at = self.aspect.evidence_location;
        let mut out = format!(
            "{}:{}:{}: evidence failed: {} ({})\n  Aspect: {}\n",
            self.shown.display(),
            at.line,
            at.column,
            self.aspect.evidence.describe(),
            self.aspect.evidence.kind(),
            self.aspect.name,
        );
        let summary = self.aspect.summary();
        if !summary.is_empty() {
            out.push_str(&format!("  {summary}\n"));
        }
        out.push('\n');
        for line in message.lines() {
            if line.is_empty() {
                out.push('\n');
            } else {
                out.push_str(&format!("    {line}\n"));
            }
        }
        Failed::from(out)
    }
}

/// Whether nextest runs this process (it sets `NEXTEST=1` for every test).
fn under_nextest() -> bool {
    std::env::var_os(NEXTEST_ENV).is_some_and(|v| v == "1")
}

fn over_budget(m: &Measurement) -> String {
    let show = |v: f64| match m.unit {
        Unit::Nanoseconds => format_duration(std::time::Duration::from_nanos(v as u64)),
        Unit::Bytes => format_size(v as u64),
    };
    format!("over budget: {} > {}", show(m.value), show(m.budget))
}
