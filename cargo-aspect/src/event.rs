//! The JSON-lines events: the machine-readable contract between a harness and
//! `cargo aspect` (and anyone else reading `cargo aspect test --format json`).
//!
//! One JSON object per line, `type` first:
//!
//! ```text
//! {"type":"scenario","name":"spec::buying::Purchase with sufficient funds","package":"idle-game","file":"specs/buying.feature","line":2,"status":"passed","duration_ms":0.4,"tags":[]}
//! {"type":"aspect","name":"aspect::core-has-no-external-imports","package":"idle-game","file":"aspects/core-has-no-external-imports.md","line":4,"column":3,"evidence":"imports","status":"failed","message":"…"}
//! {"type":"step-definition","keyword":"given","expression":"I have {int} gold","file":"tests/steps/mod.rs","line":20,"uses":3}
//! {"type":"warning","package":"idle-game","file":"specs/buying.feature","line":4,"column":3,"message":"`Scenaro:` is not a keyword, …"}
//! {"type":"summary","passed":12,"failed":1,"ignored":0,"not-judged":1}
//! ```
//!
//! - `status` is one of `passed`, `failed`, `ignored`, `not-judged`; listings
//!   (`cargo aspect list --format json`, a harness run with `--list`) omit it.
//! - `warning` is something in a user's file that parses but is probably not
//!   meant (a description line that looks like a misspelled keyword); a harness
//!   writes its warnings before its trials, except when listing. The type was
//!   added without bumping [`FORMAT_VERSION`]: a new type is an addition.
//! - `file` is relative to the package root; `line` and `column` are 1-based.
//! - Optional fields are omitted when empty. New optional fields and new `type`s
//!   may be added, so a reader skips a `type` it does not know; no field is
//!   removed or renamed without bumping [`FORMAT_VERSION`].
//!
//! A harness writes these events to the file named by [`EVENTS_ENV`] when that
//! variable is set, one line per trial as it finishes, so `cargo aspect` reads
//! results through the harness's process interface only, as nextest does.

use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

/// Bumped when a field is removed or changes meaning.
#[expect(
    dead_code,
    reason = "never emitted yet: the events-contract change of issue 14 emits it"
)]
pub const FORMAT_VERSION: u32 = 1;

/// When set, a harness appends its events to this file.
pub const EVENTS_ENV: &str = "ASPECT_EVENTS";

/// When set to `1`, a harness matches steps and validates aspects without running anything.
pub const DRY_RUN_ENV: &str = "ASPECT_DRY_RUN";

/// One line of the stream.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Event {
    /// A pickle: a Scenario or one Examples row.
    Scenario(ScenarioEvent),
    /// An aspect.
    Aspect(AspectEvent),
    /// A step definition and how many steps use it (dry runs only).
    StepDefinition(StepDefinitionEvent),
    /// Something in a user's file that is accepted but probably not meant.
    Warning(WarningEvent),
    /// Totals, last.
    Summary(Summary),
}

/// The verdict of a trial.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Holds.
    Passed,
    /// Does not hold.
    Failed,
    /// Ignored (`@ignore`, or `--ignored` not given).
    Ignored,
    /// Ran without being judged (a benchmark in a debug build).
    NotJudged,
}

/// A scenario's listing or result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct ScenarioEvent {
    /// The trial name, `spec::<feature>::<scenario>`.
    pub name: String,
    /// The package whose harness ran it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub package: String,
    /// The feature file, relative to the package root.
    pub file: String,
    /// The line of the scenario (or of its Examples row).
    pub line: u32,
    /// The feature's name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub feature: String,
    /// Tags, each with its `@`.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The verdict; absent in listings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// Wall time of the trial in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<f64>,
    /// The step that failed first, when one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed_step: Option<FailedStep>,
    /// Every step no definition matches, each with the function to add; a step
    /// after the first failure is matched too, so it is here, not lost as skipped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub undefined_steps: Vec<UndefinedStep>,
    /// The full human report of a failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// The step where a scenario stopped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedStep {
    /// The keyword as written (`Then`).
    pub keyword: String,
    /// The step text.
    pub text: String,
    /// Its line in the feature file.
    pub line: u32,
    /// Its column.
    pub column: u32,
    /// `failed`, `undefined` or `ambiguous`.
    pub reason: String,
}

/// A step no step definition matches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UndefinedStep {
    /// The keyword as written (`And`).
    pub keyword: String,
    /// The step text.
    pub text: String,
    /// Its line in the feature file.
    pub line: u32,
    /// Its column.
    pub column: u32,
    /// A step definition to paste, as the harness prints it.
    pub snippet: String,
}

/// An aspect's listing or result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct AspectEvent {
    /// The trial name, `aspect::<name>`.
    pub name: String,
    /// The package whose harness ran it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub package: String,
    /// The aspect file, relative to the package root.
    pub file: String,
    /// The line of its `evidence:`.
    pub line: u32,
    /// The column of its `evidence:` value, so a failure reads `file:line:col`
    /// as the harness prints it; absent from events written before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// The evidence kind: `command`, `imports`, `bench`, `memory`, `tests`.
    pub evidence: String,
    /// One line describing the evidence.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The property: the aspect's first paragraph.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// Tags, each with its `@`.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The verdict; absent in listings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// Wall time of the trial in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<f64>,
    /// The figure against its budget, for bench and memory evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measurement: Option<MeasurementEvent>,
    /// The evidence's report: why it failed, what it measured, why it was not judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// A measured figure, as in [`crate::evidence::Measurement`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeasurementEvent {
    /// `ns` or `bytes`.
    pub unit: String,
    /// The median (bench) or peak (memory).
    pub value: f64,
    /// The budget.
    pub budget: f64,
    /// p90 − p10, or 0.
    pub spread: f64,
    /// How many samples.
    pub samples: u64,
}

/// A step definition and its uses across the specs that were loaded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepDefinitionEvent {
    /// `given`, `when` or `then`.
    pub keyword: String,
    /// The expression or regex as written.
    pub expression: String,
    /// The function's name.
    pub function: String,
    /// Source file of the definition.
    pub file: String,
    /// Its line.
    pub line: u32,
    /// How many steps it matched.
    pub uses: u64,
}

/// A warning about a user's file, located.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningEvent {
    /// The package whose harness found it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub package: String,
    /// The file, relative to the package root.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// What looks wrong, and what it is read as.
    pub message: String,
}

/// Totals of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Trials that held.
    pub passed: u64,
    /// Trials that failed.
    pub failed: u64,
    /// Ignored trials.
    pub ignored: u64,
    /// Trials run but not judged.
    #[serde(rename = "not-judged", default)]
    pub not_judged: u64,
}

impl Summary {
    /// Count one status.
    pub fn add(&mut self, status: Status) {
        match status {
            Status::Passed => self.passed += 1,
            Status::Failed => self.failed += 1,
            Status::Ignored => self.ignored += 1,
            Status::NotJudged => self.not_judged += 1,
        }
    }
}

impl Event {
    /// One line of JSON, without the newline.
    pub fn to_line(&self) -> String {
        serde_json::to_string(self)
            .unwrap_or_else(|e| format!("{{\"type\":\"error\",\"message\":{:?}}}", e.to_string()))
    }

    /// Parse one line.
    ///
    /// # Errors
    /// serde_json's error when the line is not an event.
    pub fn from_line(line: &str) -> Result<Event, serde_json::Error> {
        serde_json::from_str(line)
    }
}

/// Appends events to a file, one line each, from any trial thread.
#[derive(Debug)]
pub struct EventSink {
    file: Mutex<File>,
}

impl EventSink {
    /// The sink named by [`EVENTS_ENV`], if it is set.
    ///
    /// # Errors
    /// When the file cannot be opened for appending.
    pub fn from_env() -> std::io::Result<Option<EventSink>> {
        match std::env::var_os(EVENTS_ENV) {
            Some(path) if !path.is_empty() => EventSink::open(Path::new(&path)).map(Some),
            _ => Ok(None),
        }
    }

    /// Append to `path`, creating it.
    ///
    /// # Errors
    /// When the file cannot be opened for appending.
    pub fn open(path: &Path) -> std::io::Result<EventSink> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        Ok(EventSink {
            file: Mutex::new(file),
        })
    }

    /// Write one event as one line. A failed write is reported on stderr, never a panic.
    pub fn emit(&self, event: &Event) {
        let mut line = event.to_line();
        line.push('\n');
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        if let Err(e) = file.write_all(line.as_bytes()) {
            eprintln!("warning: cannot write an event to ${EVENTS_ENV}: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenario_lines_match_the_documented_shape() {
        let event = Event::Scenario(ScenarioEvent {
            name: "spec::buying::Purchase with sufficient funds".into(),
            package: "idle-game".into(),
            file: "specs/buying.feature".into(),
            line: 2,
            feature: String::new(),
            tags: vec![],
            status: Some(Status::Passed),
            duration_ms: Some(0.4),
            failed_step: None,
            undefined_steps: Vec::new(),
            message: None,
        });
        assert_eq!(
            event.to_line(),
            r#"{"type":"scenario","name":"spec::buying::Purchase with sufficient funds","package":"idle-game","file":"specs/buying.feature","line":2,"tags":[],"status":"passed","duration_ms":0.4}"#
        );
        assert_eq!(Event::from_line(&event.to_line()).unwrap(), event);
    }

    #[test]
    fn warning_lines_match_the_documented_shape() {
        let event = Event::Warning(WarningEvent {
            package: "idle-game".into(),
            file: "specs/buying.feature".into(),
            line: 4,
            column: 3,
            message: "m".into(),
        });
        assert_eq!(
            event.to_line(),
            r#"{"type":"warning","package":"idle-game","file":"specs/buying.feature","line":4,"column":3,"message":"m"}"#
        );
        assert_eq!(Event::from_line(&event.to_line()).unwrap(), event);
    }

    #[test]
    fn statuses_and_summary_are_kebab_case() {
        let mut summary = Summary::default();
        summary.add(Status::NotJudged);
        summary.add(Status::Passed);
        assert_eq!(
            Event::Summary(summary).to_line(),
            r#"{"type":"summary","passed":1,"failed":0,"ignored":0,"not-judged":1}"#
        );
        assert_eq!(
            serde_json::to_string(&Status::NotJudged).unwrap(),
            r#""not-judged""#
        );
    }
}
