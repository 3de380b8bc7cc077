//! Judging the evidence for `cargo aspect fix`, and grouping what fails into tasks.
//!
//! The evidence is judged exactly as `cargo aspect test` judges it: the same
//! filters become the same libtest arguments, and the harnesses are built and
//! run through [`crate::cli::runner`]. A task is one failing feature file or
//! one failing aspect, with the failed trials' events.
//!
//! It must not print reports (the loop prints one line per run) nor reach a
//! harness other than through [`crate::cli::runner`]; a build failure or a
//! harness that cannot judge is returned as [`Judgement::error`], not raised,
//! because after an agent edit it is a failed attempt, not the end of the run.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;

pub use crate::cli::filters::Filters;
use crate::cli::runner::{self, BuildOptions, HarnessRun};
use crate::cli::workspace::Locations;
use crate::cli::workspace::Workspace;
use crate::cli::GlobalOpts;
use crate::event::{Event, Status, StepDefinitionEvent, DRY_RUN_ENV};

/// The events of one judging, and why it could not judge everything.
#[derive(Debug, Default, Clone)]
pub struct Judgement {
    /// Every scenario and aspect event.
    pub events: Vec<Event>,
    /// A build failure or harness error (the other harnesses still ran).
    pub error: Option<String>,
}

impl Judgement {
    /// Whether everything judged holds and nothing went wrong.
    pub fn holds(&self) -> bool {
        self.error.is_none() && self.failed().is_empty()
    }

    /// The names of the failed trials.
    pub fn failed(&self) -> Vec<String> {
        self.events
            .iter()
            .filter(|e| status(e) == Some(Status::Failed))
            .filter_map(|e| name(e).map(str::to_owned))
            .collect()
    }

    /// How many trials passed.
    pub fn passed(&self) -> u64 {
        self.events
            .iter()
            .filter(|e| status(e) == Some(Status::Passed))
            .count() as u64
    }

    /// Take the verdicts of `rerun` (a re-run of some trials) over the older
    /// ones, so counts and lists say what the latest judging found. Only
    /// trials judged here are updated (a task's re-run may run more of its
    /// feature file than the selection has); a rerun that could not judge
    /// leaves the older verdicts.
    pub fn update(&mut self, rerun: &Judgement) {
        if rerun.error.is_some() {
            return;
        }
        let key = |e: &Event| match e {
            Event::Scenario(s) => Some((s.package.clone(), s.name.clone())),
            Event::Aspect(a) => Some((a.package.clone(), a.name.clone())),
            _ => None,
        };
        for event in &rerun.events {
            let Some(new) = key(event) else { continue };
            if let Some(old) = self
                .events
                .iter_mut()
                .find(|e| key(e).as_ref() == Some(&new))
            {
                *old = event.clone();
            }
        }
    }

    /// Trial name → status.
    pub fn statuses(&self) -> BTreeMap<String, Status> {
        self.events
            .iter()
            .filter_map(|e| Some((name(e)?.to_owned(), status(e)?)))
            .collect()
    }
}

/// A trial's name.
pub fn name(event: &Event) -> Option<&str> {
    match event {
        Event::Scenario(e) => Some(&e.name),
        Event::Aspect(e) => Some(&e.name),
        _ => None,
    }
}

/// A trial's status.
pub fn status(event: &Event) -> Option<Status> {
    match event {
        Event::Scenario(e) => e.status,
        Event::Aspect(e) => e.status,
        _ => None,
    }
}

/// Build the harnesses of `ws` (all, or only `package`'s) and run each with `libtest`.
pub fn judge(
    ws: &Workspace,
    global: &GlobalOpts,
    release: bool,
    package: Option<&str>,
    libtest: &[OsString],
) -> Judgement {
    let mut ws = ws.clone();
    if let Some(package) = package {
        ws.harnesses.retain(|h| h.name == package);
    }
    // cargo's progress is noise between attempts; compiler errors still show.
    let mut quiet = global.clone();
    quiet.quiet = !global.verbose;
    let built = match runner::build_all(&ws, &quiet, BuildOptions { release }) {
        Ok(built) => built,
        Err(e) => {
            return Judgement {
                events: Vec::new(),
                error: Some(e.message),
            }
        }
    };
    let mut judgement = Judgement::default();
    let mut errors = Vec::new();
    for built in &built {
        match runner::run(&ws, built, libtest, &[], global.verbose).and_then(HarnessRun::judged) {
            Ok(run) => judgement.events.extend(
                run.events
                    .into_iter()
                    .filter(|e| matches!(e, Event::Scenario(_) | Event::Aspect(_))),
            ),
            Err(e) => errors.push(e.message),
        }
    }
    if !errors.is_empty() {
        judgement.error = Some(errors.join("\n"));
    }
    judgement
}

/// The step definitions each package's harness registers (its events on a
/// dry run), and whether every harness could be built and run.
pub fn step_definitions(
    ws: &Workspace,
    global: &GlobalOpts,
) -> (BTreeMap<String, Vec<StepDefinitionEvent>>, bool) {
    let mut quiet = global.clone();
    quiet.quiet = true;
    let mut definitions: BTreeMap<String, Vec<StepDefinitionEvent>> = BTreeMap::new();
    let Ok(built) = runner::build_all(ws, &quiet, BuildOptions { release: false }) else {
        return (definitions, false);
    };
    let mut complete = true;
    for built in &built {
        let Ok(run) =
            runner::run(ws, built, &[], &[(DRY_RUN_ENV, "1")], false).and_then(HarnessRun::judged)
        else {
            complete = false;
            continue;
        };
        let defs = definitions.entry(run.package.clone()).or_default();
        for event in run.events {
            if let Event::StepDefinition(def) = event {
                defs.push(def);
            }
        }
    }
    (definitions, complete)
}

/// The step definition files of each package, for prompts.
pub fn step_files(
    definitions: &BTreeMap<String, Vec<StepDefinitionEvent>>,
) -> BTreeMap<String, BTreeSet<String>> {
    definitions
        .iter()
        .map(|(package, defs)| {
            (
                package.clone(),
                defs.iter().map(|d| d.file.clone()).collect(),
            )
        })
        .collect()
}

/// What a task is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TaskKind {
    /// A feature file; `id` is the trial names' middle part (`spec::<id>::`).
    Spec {
        /// The feature's id in trial names.
        id: String,
    },
    /// An aspect.
    Aspect {
        /// Its name.
        name: String,
        /// Its evidence kind.
        evidence: String,
    },
}

/// One failing feature file or aspect, with its failed trials.
#[derive(Clone, Debug)]
pub struct Task {
    /// `spec <file>` or `aspect <file>`, the file relative to the workspace root.
    pub key: String,
    /// The package whose harness runs it.
    pub package: String,
    /// The file, relative to the workspace root.
    pub file: String,
    /// The file, relative to its package (as events name it).
    pub package_file: String,
    /// Spec or aspect.
    pub kind: TaskKind,
    /// The failed trials' events.
    pub failures: Vec<Event>,
}

impl Task {
    /// The libtest arguments that re-run this task's evidence (with the run's tags).
    pub fn libtest_args(&self, filters: &Filters) -> Vec<OsString> {
        let mut out: Vec<OsString> = match &self.kind {
            TaskKind::Spec { id } => vec![format!("spec::{id}::").into()],
            TaskKind::Aspect { name, .. } => {
                vec![format!("aspect::{name}").into(), "--exact".into()]
            }
        };
        filters.tags_args(&mut out);
        out
    }

    /// Whether a trial belongs to this task.
    pub fn owns(&self, event: &Event) -> bool {
        match (event, &self.kind) {
            (Event::Scenario(e), TaskKind::Spec { .. }) => {
                e.package == self.package && e.file == self.package_file
            }
            (Event::Aspect(e), TaskKind::Aspect { name, .. }) => {
                e.package == self.package && e.name == format!("aspect::{name}")
            }
            _ => false,
        }
    }
}

/// Group the failed trials of `events` into tasks: specs by file, then aspects, in a stable order.
pub fn tasks(events: &[Event], locations: &Locations) -> Vec<Task> {
    let mut tasks: BTreeMap<(u8, String), Task> = BTreeMap::new();
    for event in events {
        if status(event) != Some(Status::Failed) {
            continue;
        }
        let (order, package, package_file, kind) = match event {
            Event::Scenario(e) => {
                let rest = e.name.strip_prefix("spec::").unwrap_or(&e.name);
                let id = rest.split("::").next().unwrap_or(rest).to_owned();
                (0, &e.package, &e.file, TaskKind::Spec { id })
            }
            Event::Aspect(e) => {
                let name = e
                    .name
                    .strip_prefix("aspect::")
                    .unwrap_or(&e.name)
                    .to_owned();
                let evidence = e.evidence.clone();
                (1, &e.package, &e.file, TaskKind::Aspect { name, evidence })
            }
            _ => continue,
        };
        let file = locations.path(package, package_file);
        let word = if order == 0 { "spec" } else { "aspect" };
        let key = format!("{word} {file}");
        tasks
            .entry((order, key.clone()))
            .or_insert_with(|| Task {
                key,
                package: package.clone(),
                file,
                package_file: package_file.clone(),
                kind,
                failures: Vec::new(),
            })
            .failures
            .push(event.clone());
    }
    tasks.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{AspectEvent, ScenarioEvent};

    fn scenario(name: &str, file: &str, status: Status) -> Event {
        Event::Scenario(ScenarioEvent {
            name: name.into(),
            package: "game".into(),
            file: file.into(),
            line: 2,
            feature: String::new(),
            tags: vec![],
            status: Some(status),
            duration_ms: None,
            failed_step: None,
            undefined_steps: Vec::new(),
            message: Some("boom".into()),
            parse_error: None,
        })
    }

    fn aspect(name: &str, status: Status) -> Event {
        Event::Aspect(AspectEvent {
            name: format!("aspect::{name}"),
            package: "game".into(),
            file: format!("aspects/{name}.md"),
            line: 3,
            column: Some(3),
            evidence: "command".into(),
            description: String::new(),
            summary: String::new(),
            tags: vec![],
            status: Some(status),
            duration_ms: None,
            measurement: None,
            message: None,
        })
    }

    #[test]
    fn failures_group_by_feature_file_and_aspect() {
        let events = vec![
            aspect("fast", Status::Failed),
            scenario("spec::buying::A", "specs/buying.feature", Status::Failed),
            scenario("spec::buying::B", "specs/buying.feature", Status::Failed),
            scenario("spec::buying::C", "specs/buying.feature", Status::Passed),
            aspect("light", Status::Passed),
        ];
        let locations = Locations::new(
            "/w",
            [("game".to_owned(), "/w/game".into())]
                .into_iter()
                .collect(),
        );
        let tasks = tasks(&events, &locations);
        let keys: Vec<&str> = tasks.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "spec game/specs/buying.feature",
                "aspect game/aspects/fast.md"
            ]
        );
        assert_eq!(tasks[0].failures.len(), 2);
        assert!(tasks[0].owns(&events[3]));
        assert!(!tasks[0].owns(&events[0]));
        let filters = Filters {
            tags: Some("@fast".into()),
            ..Filters::default()
        };
        assert_eq!(
            tasks[0].libtest_args(&filters),
            ["spec::buying::", "--tags", "@fast"]
        );
        assert_eq!(
            tasks[1].libtest_args(&Filters::default()),
            ["aspect::fast", "--exact"]
        );
    }

    #[test]
    fn a_rerun_updates_the_verdicts_of_the_trials_judged_before() {
        let mut judged = Judgement {
            events: vec![
                scenario("spec::buying::A", "specs/buying.feature", Status::Failed),
                scenario("spec::buying::B", "specs/buying.feature", Status::Failed),
                aspect("fast", Status::Failed),
            ],
            error: None,
        };
        let rerun = Judgement {
            events: vec![
                scenario("spec::buying::A", "specs/buying.feature", Status::Passed),
                scenario("spec::buying::B", "specs/buying.feature", Status::Failed),
                scenario(
                    "spec::buying::Unselected",
                    "specs/buying.feature",
                    Status::Failed,
                ),
            ],
            error: None,
        };
        judged.update(&rerun);
        assert_eq!(judged.failed(), ["spec::buying::B", "aspect::fast"]);
        assert_eq!(judged.passed(), 1);
        let broken = Judgement {
            events: Vec::new(),
            error: Some("does not build".into()),
        };
        judged.update(&broken);
        assert_eq!(judged.failed(), ["spec::buying::B", "aspect::fast"]);
    }

    #[test]
    fn filters_match_cargo_aspect_test() {
        let filters = Filters {
            filter: Some("it's".into()),
            exact: true,
            release: true,
            ..Filters::default()
        };
        assert_eq!(filters.libtest_args(), ["it's", "--exact"]);
        assert_eq!(
            filters.test_command(),
            r"cargo aspect test 'it'\''s' --exact --release"
        );
    }
}
