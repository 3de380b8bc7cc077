//! Pickles → trials. Each trial runs one pickle with a fresh World (or, in a dry
//! run, only matches its steps) and, when events are wanted, appends its result.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use libtest_mimic::{Failed, Trial};

use super::execute::{NewWorld, Scenarios};
use super::schedule::Schedule;
use super::serial::{Access, SerialLock};
use super::trial::{with_status, Exact, Listed, Run};
use crate::config::Config;
use crate::event::{
    Event, FailedStep, ParseErrorEvent, ScenarioEvent, Status, StepDefinitionEvent, UndefinedStep,
    WarningEvent,
};
use crate::evidence::units::parse_duration;
use crate::hook::Hooks;
use crate::runtime::Runtime;
use crate::scenario::{check_pickle, ScenarioOutcome, StepStatus};
use crate::spec::{self, Pickle};
use crate::step::{Match, Matcher};

/// A warning about a spec, as stderr shows it and as its event.
pub(super) struct SpecWarning {
    /// `path:line:col: message`, the path relative to the workspace root.
    pub shown: String,
    /// The same as an event, the path relative to the package.
    pub event: Event,
}

/// How the scenarios' async code runs.
pub(super) struct Settings {
    pub runtime: Arc<dyn Runtime>,
    /// The timeout of a scenario without an `@timeout(…)` tag.
    pub step_timeout: Duration,
    /// Whether the World's steps, hooks or constructor await.
    pub has_async: bool,
    /// Runs the scenarios ahead of their trials (a World with async code).
    pub schedule: Option<Arc<Schedule<Judged>>>,
}

/// A scenario's verdict and how long it ran, in milliseconds.
pub(super) type Judged = (ScenarioOutcome, f64);

/// The last part of the trial name of a feature file that does not parse.
pub(crate) const UNPARSED: &str = "does not parse";

/// What [`spec_trials`] built.
#[derive(Default)]
pub(super) struct SpecTrials {
    /// Every pickle the run selects, and every feature file that does not parse.
    pub trials: Vec<Listed>,
    /// The warnings about the feature files that were loaded.
    pub warnings: Vec<SpecWarning>,
    /// How many pickles `--tags` left out.
    pub filtered_out: u64,
    /// Set once the trial of a file that does not parse has run: the run
    /// cannot be judged, whatever the other trials say.
    pub cannot_judge: Arc<AtomicBool>,
}

/// Every pickle the run selects, as a trial and its listing event; a file that
/// does not parse is one failing trial, and the others still run.
pub(super) fn spec_trials<W: 'static>(
    run: &Run<'_>,
    new_world: NewWorld<W>,
    settings: Settings,
) -> Result<SpecTrials, String> {
    let config = run.config;
    let world_name = short_type_name::<W>();
    let scenarios = if run.list_only {
        None
    } else {
        let world = std::any::TypeId::of::<W>();
        let m = Matcher::for_world(world).map_err(|e| e.to_string())?;
        let hooks = Hooks::for_world(world)?;
        Some(Arc::new(Scenarios::new(
            m,
            hooks,
            new_world,
            world_name,
            settings.runtime,
            settings.has_async,
        )))
    };

    // Taken by every scenario that runs; a dry run runs none.
    let serial = (!run.list_only && !run.dry_run)
        .then(|| Arc::new(SerialLock::for_run(&config.workspace_root)));

    let mut trials = Vec::new();
    let mut names = HashSet::new();
    let mut all_pickles = Vec::new();
    let mut warnings = Vec::new();
    let mut filtered_out = 0;
    let cannot_judge = Arc::new(AtomicBool::new(false));
    for (path, id) in feature_ids(config, &config.spec_files()) {
        if matches!(&run.exact, Exact::Feature(wanted) if *wanted != id) {
            continue;
        }
        let (file, pickles) = match spec::load(&path) {
            Ok(loaded) => loaded,
            Err(error) => {
                trials.push(unparsed_trial(run, &path, &id, error, &cannot_judge));
                continue;
            }
        };
        let shown = Arc::new(config.display_path(&path).to_owned());
        warnings.extend(file.warnings.into_iter().map(|w| SpecWarning {
            shown: format!(
                "{}:{}:{}: {}",
                shown.display(),
                w.location.line,
                w.location.column,
                w.message
            ),
            event: Event::Warning(WarningEvent {
                package: config.package_name.clone(),
                file: config.package_path(&path),
                line: w.location.line,
                column: w.location.column,
                message: w.message,
            }),
        }));
        for pickle in pickles {
            if run.tags.is_some_and(|t| !t.matches(&pickle.tags)) {
                filtered_out += 1;
                continue;
            }
            let name = unique_name(&mut names, &id, &pickle);
            // Events are only built for a sink: most runs have none, and at 10k
            // scenarios the strings of unused events showed in profiles.
            let listing = run
                .sink
                .is_some()
                .then(|| listing(config, &path, &name, &pickle));
            let ignored = pickle.tags.iter().any(|t| t == "@ignore");
            let pickle = Arc::new(pickle);
            if run.dry_run {
                all_pickles.push(Arc::clone(&pickle));
            }
            let trial = match &scenarios {
                None => Trial::test(name, || Ok(())),
                Some(scenarios) => {
                    let (scenarios, shown) = (Arc::clone(scenarios), Arc::clone(&shown));
                    let timeout = timeout_tag(&pickle.tags).unwrap_or(Ok(settings.step_timeout));
                    let (sink, event, dry_run) = (run.sink.clone(), listing.clone(), run.dry_run);
                    let (serial, access) = (serial.clone(), Access::for_tags(&pickle.tags));
                    let ran = Arc::clone(&pickle);
                    // Holds the `@serial` lock while the scenario runs. Its
                    // duration is the scenario's: the wait for the lock is not counted.
                    let judge = move |wait: &dyn Fn()| -> Result<Judged, String> {
                        let _held = serial.as_deref().map(|s| s.acquire(access)).transpose()?;
                        let start = Instant::now();
                        let outcome = if dry_run {
                            check_pickle(&ran, &scenarios.matcher, world_name)
                        } else {
                            scenarios.run(&ran, timeout, wait)
                        };
                        Ok((outcome, start.elapsed().as_secs_f64() * 1e3))
                    };
                    // With async code, a worker runs it ahead (see `schedule`).
                    let mut judge = Some(judge);
                    let scheduled = settings.schedule.as_ref().map(|s| {
                        (
                            Arc::clone(s),
                            s.add(&name, access, judge.take().expect("once")),
                        )
                    });
                    Trial::test(name, move || {
                        let judged = match (scheduled, judge) {
                            (Some((schedule, id)), _) => schedule.verdict(id),
                            (None, Some(judge)) => judge(&|| {}),
                            (None, None) => unreachable!("a trial is judged here or scheduled"),
                        };
                        let (outcome, ms) = match judged {
                            Ok(judged) => judged,
                            Err(message) => {
                                if let (Some(sink), Some(event)) = (&sink, event) {
                                    let failed = Some(message.clone());
                                    sink.emit(&with_status(event, Status::Failed, None, failed));
                                }
                                return Err(Failed::from(message));
                            }
                        };
                        let report = (!outcome.passed()).then(|| outcome.render(&pickle, &shown));
                        if let (Some(sink), Some(event)) = (sink, event) {
                            let status = if outcome.passed() {
                                Status::Passed
                            } else {
                                Status::Failed
                            };
                            let mut event = with_status(event, status, Some(ms), report.clone());
                            if let Event::Scenario(e) = &mut event {
                                e.failed_step = failed_step(&pickle, &outcome);
                                e.undefined_steps = undefined_steps(&pickle, &outcome);
                            }
                            sink.emit(&event);
                        }
                        report.map_or(Ok(()), |r| Err(Failed::from(r)))
                    })
                }
            };
            trials.push(Listed {
                trial: trial.with_ignored_flag(ignored),
                listing,
                not_judged: None,
            });
        }
    }
    if let (true, Some(sink), Some(scenarios)) = (run.dry_run, &run.sink, &scenarios) {
        for event in step_uses(&scenarios.matcher, &all_pickles) {
            sink.emit(&event);
        }
    }
    Ok(SpecTrials {
        trials,
        warnings,
        filtered_out,
        cannot_judge,
    })
}

/// The trial that stands for a feature file that does not parse, so the other
/// files still run: it fails with the located error and, when it runs, marks
/// the run as one that cannot be judged. It is named `spec::<id>::does not
/// parse`, so `--exact` under nextest loads that file alone and meets it again.
fn unparsed_trial(
    run: &Run<'_>,
    path: &Path,
    id: &str,
    mut error: spec::ParseError,
    cannot_judge: &Arc<AtomicBool>,
) -> Listed {
    let config = run.config;
    let event = Event::Scenario(ScenarioEvent {
        name: format!("spec::{id}::{UNPARSED}"),
        package: config.package_name.clone(),
        file: config.package_path(path),
        line: error.line,
        feature: String::new(),
        tags: Vec::new(),
        status: None,
        duration_ms: None,
        failed_step: None,
        undefined_steps: Vec::new(),
        message: None,
        parse_error: Some(ParseErrorEvent {
            line: error.line,
            column: error.column,
            message: error.message.clone(),
        }),
    });
    error.path = config.display_path(&error.path).to_owned();
    let report = error.to_string();
    let (sink, listing) = (run.sink.clone(), event.clone());
    let cannot_judge = Arc::clone(cannot_judge);
    let trial = Trial::test(format!("spec::{id}::{UNPARSED}"), move || {
        cannot_judge.store(true, Ordering::Relaxed);
        if let Some(sink) = &sink {
            sink.emit(&with_status(
                listing,
                Status::Failed,
                Some(0.0),
                Some(report.clone()),
            ));
        }
        Err(Failed::from(report))
    });
    Listed {
        trial,
        listing: run.sink.is_some().then_some(event),
        not_judged: None,
    }
}

/// The duration of a scenario's `@timeout(5s)` tag, if it has one (the
/// innermost, as tags inherit feature → scenario); `Err` for one that is not a
/// duration, which fails the scenario rather than dropping the limit.
fn timeout_tag(tags: &[String]) -> Option<Result<Duration, String>> {
    let tag = tags.iter().rev().find(|t| t.starts_with("@timeout("))?;
    let inner = tag["@timeout(".len()..].strip_suffix(')');
    Some(
        inner
            .ok_or_else(|| "it has no closing `)`".to_owned())
            .and_then(parse_duration)
            .map_err(|e| {
                format!("the tag `{tag}` is not a timeout: {e}; write e.g. `@timeout(5s)`")
            }),
    )
}

fn listing(config: &Config, path: &Path, name: &str, pickle: &Pickle) -> Event {
    let line = pickle
        .example
        .as_ref()
        .map_or(pickle.scenario_location.line, |e| e.location.line);
    Event::Scenario(ScenarioEvent {
        name: name.to_owned(),
        package: config.package_name.clone(),
        file: config.package_path(path),
        line,
        feature: pickle.feature_name.clone(),
        tags: pickle.tags.clone(),
        status: None,
        duration_ms: None,
        failed_step: None,
        undefined_steps: Vec::new(),
        message: None,
        parse_error: None,
    })
}

fn failed_step(pickle: &Pickle, outcome: &ScenarioOutcome) -> Option<FailedStep> {
    let i = outcome.first_problem()?;
    let step = &pickle.steps[i];
    let reason = match &outcome.steps[i] {
        StepStatus::Undefined { .. } => "undefined",
        StepStatus::Ambiguous(_) => "ambiguous",
        _ => "failed",
    };
    Some(FailedStep {
        keyword: step.keyword.clone(),
        text: step.text.clone(),
        line: step.location.line,
        column: step.location.column,
        reason: reason.to_owned(),
    })
}

/// Every undefined step of the pickle with its snippet, failed or not.
fn undefined_steps(pickle: &Pickle, outcome: &ScenarioOutcome) -> Vec<UndefinedStep> {
    pickle
        .steps
        .iter()
        .zip(&outcome.steps)
        .filter_map(|(step, status)| match status {
            StepStatus::Undefined { snippet, .. } => Some(UndefinedStep {
                keyword: step.keyword.clone(),
                text: step.text.clone(),
                line: step.location.line,
                column: step.location.column,
                snippet: snippet.clone(),
            }),
            _ => None,
        })
        .collect()
}

/// How many steps of the loaded pickles each definition matches (dry runs).
fn step_uses(matcher: &Matcher, pickles: &[Arc<Pickle>]) -> Vec<Event> {
    let mut uses: HashMap<*const crate::step::StepDef, u64> = HashMap::new();
    for pickle in pickles {
        for step in &pickle.steps {
            // An ambiguous step uses every definition it matches: each is
            // written for it, and none is dead code to delete.
            let defs = match matcher.find(step.kind, &step.text) {
                Match::Found { def, .. } => vec![def],
                Match::Ambiguous(defs) => defs,
                Match::Undefined { .. } => Vec::new(),
            };
            for def in defs {
                *uses.entry(std::ptr::from_ref(def)).or_default() += 1;
            }
        }
    }
    matcher
        .definitions()
        .iter()
        .map(|def| {
            Event::StepDefinition(StepDefinitionEvent {
                keyword: def.keyword.attribute().to_owned(),
                expression: def.expression.to_owned(),
                function: def.fn_name.to_owned(),
                file: def.file.to_owned(),
                line: def.line,
                uses: uses.get(&std::ptr::from_ref(*def)).copied().unwrap_or(0),
            })
        })
        .collect()
}

/// Each feature file with the id its trial names use: the file stem, or the path
/// relative to the package (without `.feature`) when two files share a stem.
fn feature_ids(config: &Config, files: &[PathBuf]) -> Vec<(PathBuf, String)> {
    let stem = |p: &Path| {
        p.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    for file in files {
        *counts.entry(stem(file)).or_default() += 1;
    }
    files
        .iter()
        .map(|file| {
            let s = stem(file);
            let id = if counts[&s] > 1 {
                let relative = file.strip_prefix(&config.package_root).unwrap_or(file);
                relative
                    .with_extension("")
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/")
            } else {
                s
            };
            (file.clone(), id)
        })
        .collect()
}

/// `spec::<id>::<name>`, ` #<row>` for outline rows, ` (line N)` when a name repeats.
fn unique_name(seen: &mut HashSet<String>, id: &str, pickle: &Pickle) -> String {
    let mut name = format!("spec::{id}::{}", pickle.name.trim());
    if let Some(row) = &pickle.example {
        name.push_str(&format!(" #{}", row.index));
    }
    if !seen.insert(name.clone()) {
        let line = pickle
            .example
            .as_ref()
            .map_or(pickle.scenario_location.line, |e| e.location.line);
        name.push_str(&format!(" (line {line})"));
        seen.insert(name.clone());
    }
    name
}

fn short_type_name<W>() -> &'static str {
    let full = std::any::type_name::<W>();
    let base = full.split('<').next().unwrap_or(full);
    let start = base.rfind("::").map_or(0, |i| i + 2);
    &full[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_drop_the_module_path() {
        struct Local;
        assert_eq!(short_type_name::<Local>(), "Local");
        assert_eq!(short_type_name::<Vec<u8>>(), "Vec<u8>");
    }

    #[test]
    fn the_innermost_timeout_tag_sets_the_timeout() {
        let tags = |t: &[&str]| t.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>();
        assert_eq!(timeout_tag(&tags(&["@fast"])), None);
        assert_eq!(
            timeout_tag(&tags(&["@timeout(1m)", "@db", "@timeout(250ms)"])),
            Some(Ok(Duration::from_millis(250)))
        );
        let bad = timeout_tag(&tags(&["@timeout(5)"])).unwrap().unwrap_err();
        assert!(
            bad.contains("the tag `@timeout(5)` is not a timeout"),
            "{bad}"
        );
        assert!(timeout_tag(&tags(&["@timeout(5s"])).unwrap().is_err());
    }
}
