//! The JSON-lines events: the machine-readable contract between a harness and
//! `cargo aspect` (and anyone else reading `cargo aspect test --format json`).
//!
//! The contract (every message, every field, the stability rules) is written
//! once, in `EVENTS.md` beside this crate's `Cargo.toml`; `events.schema.json`
//! is its JSON Schema, generated from these types by the unit test
//! `the_committed_schema_is_generated_from_the_event_types`
//! (`ASPECT_BLESS=1` rewrites it), and `tests/events_schema.rs` validates real
//! harness output and every example of `EVENTS.md` against it. Change a type
//! here, and the schema test says which files follow.
//!
//! A harness writes these events to the file named by [`EVENTS_ENV`] when that
//! variable is set, one line per trial as it finishes, so `cargo aspect` reads
//! results through the harness's process interface only, as nextest does.
//! It writes them by hand (`json.rs`), byte for byte what serde_json writes for
//! the types' `Serialize`, which they derive in tests only: a harness's runtime
//! compiles no serde. The CLI reads them with the derived `Deserialize`.
//!
//! This module must not change a field's name or meaning without bumping
//! [`FORMAT_VERSION`].

mod json;
mod sink;

pub use sink::EventSink;

#[cfg(any(feature = "cli", test))]
use serde::Deserialize;
#[cfg(test)]
use serde::Serialize;

/// The version of the events' format, written first by every writer as a
/// [`FormatEvent`]. Bumped when a field or type is removed, renamed or changes
/// meaning (`EVENTS.md`, "Stability"); version 1 wrote no `format` line.
/// Version 3: `step_definition.keyword` can be `step` (a `#[step]` definition).
pub const FORMAT_VERSION: u32 = 3;

/// The oldest version with a `format` line that this crate still reads:
/// version 3 only added a value, so version 2's lines read as version 3's.
#[cfg(any(feature = "cli", test))]
const OLDEST_READ: u32 = 2;

/// When set, a harness appends its events to this file.
pub const EVENTS_ENV: &str = "ASPECT_EVENTS";

/// When set to `1`, a harness matches steps and validates aspects without running anything.
pub const DRY_RUN_ENV: &str = "ASPECT_DRY_RUN";

/// One line of the stream.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(Serialize))]
#[cfg_attr(any(feature = "cli", test), derive(Deserialize))]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(
    any(feature = "cli", test),
    serde(tag = "type", rename_all = "snake_case")
)]
pub enum Event {
    /// The version of the format the lines after it follow.
    Format(FormatEvent),
    /// A pickle: a Scenario or one Examples row.
    Scenario(ScenarioEvent),
    /// An aspect.
    // A harness without the `aspects` feature has none to write.
    #[cfg_attr(not(any(feature = "aspects", test)), allow(dead_code))]
    Aspect(AspectEvent),
    /// A step definition and how many steps use it (dry runs only).
    // Version 1 wrote `step-definition`; read until version 3.
    #[cfg_attr(any(feature = "cli", test), serde(alias = "step-definition"))]
    StepDefinition(StepDefinitionEvent),
    /// Something in a user's file that is accepted but probably not meant.
    Warning(WarningEvent),
    /// How many scenarios and aspects `--tags` left out of a harness's run.
    FilteredOut(FilteredOutEvent),
    /// Totals, last.
    // Written by the CLI, which counts across harnesses.
    #[cfg_attr(not(any(feature = "cli", test)), allow(dead_code))]
    Summary(Summary),
}

/// The verdict of a trial.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(test, derive(Serialize))]
#[cfg_attr(any(feature = "cli", test), derive(Deserialize))]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(any(feature = "cli", test), serde(rename_all = "snake_case"))]
pub enum Status {
    /// Holds.
    Passed,
    /// Does not hold.
    Failed,
    /// Ignored (`@ignore`, or `--ignored` not given).
    Ignored,
    /// Ran without being judged (a benchmark in a debug build).
    // Version 1 wrote `not-judged`; read until version 3.
    #[cfg_attr(any(feature = "cli", test), serde(alias = "not-judged"))]
    NotJudged,
}

/// A scenario's listing or result.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(Serialize))]
#[cfg_attr(any(feature = "cli", test), derive(Deserialize))]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct ScenarioEvent {
    /// The trial name, `spec::<feature>::<scenario>`.
    pub name: String,
    /// The package whose harness ran it.
    #[cfg_attr(
        any(feature = "cli", test),
        serde(default, skip_serializing_if = "String::is_empty")
    )]
    pub package: String,
    /// The feature file, relative to the package root.
    pub file: String,
    /// The line of the scenario (or of its Examples row).
    pub line: u32,
    /// The feature's name.
    #[cfg_attr(
        any(feature = "cli", test),
        serde(default, skip_serializing_if = "String::is_empty")
    )]
    pub feature: String,
    /// Tags, each with its `@`.
    #[cfg_attr(any(feature = "cli", test), serde(default))]
    pub tags: Vec<String>,
    /// The verdict; absent in listings.
    #[cfg_attr(
        any(feature = "cli", test),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub status: Option<Status>,
    /// Wall time of the trial in milliseconds.
    #[cfg_attr(
        any(feature = "cli", test),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub duration_ms: Option<f64>,
    /// The step that failed first, when one did.
    #[cfg_attr(
        any(feature = "cli", test),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub failed_step: Option<FailedStep>,
    /// Every step no definition matches, each with the function to add; a step
    /// after the first failure is matched too, so it is here, not lost as skipped.
    #[cfg_attr(
        any(feature = "cli", test),
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub undefined_steps: Vec<UndefinedStep>,
    /// The full human report of a failure.
    #[cfg_attr(
        any(feature = "cli", test),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub message: Option<String>,
    /// Set when the trial stands for a feature file that does not parse: where
    /// and why. Its status is `failed`, and the run cannot be judged (exit 2).
    #[cfg_attr(
        any(feature = "cli", test),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub parse_error: Option<ParseErrorEvent>,
}

/// Where and why a feature file does not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(Serialize))]
#[cfg_attr(any(feature = "cli", test), derive(Deserialize))]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct ParseErrorEvent {
    /// 1-based line of the problem (0 when the file could not be read).
    pub line: u32,
    /// 1-based column (0 when the file could not be read).
    pub column: u32,
    /// What is wrong, in words.
    pub message: String,
}

/// The step where a scenario stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(Serialize))]
#[cfg_attr(any(feature = "cli", test), derive(Deserialize))]
#[cfg_attr(test, derive(schemars::JsonSchema))]
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
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(Serialize))]
#[cfg_attr(any(feature = "cli", test), derive(Deserialize))]
#[cfg_attr(test, derive(schemars::JsonSchema))]
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
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(Serialize))]
#[cfg_attr(any(feature = "cli", test), derive(Deserialize))]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct AspectEvent {
    /// The trial name, `aspect::<name>`.
    pub name: String,
    /// The package whose harness ran it.
    #[cfg_attr(
        any(feature = "cli", test),
        serde(default, skip_serializing_if = "String::is_empty")
    )]
    pub package: String,
    /// The aspect file, relative to the package root.
    pub file: String,
    /// The line of its `evidence:`.
    pub line: u32,
    /// The column of its `evidence:` value, so a failure reads `file:line:col`
    /// as the harness prints it; absent from events written before it existed.
    #[cfg_attr(
        any(feature = "cli", test),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub column: Option<u32>,
    /// The evidence kind: `command`, `imports`, `bench`, `memory`, `tests`.
    pub evidence: String,
    /// One line describing the evidence.
    #[cfg_attr(
        any(feature = "cli", test),
        serde(default, skip_serializing_if = "String::is_empty")
    )]
    pub description: String,
    /// The property: the aspect's first paragraph.
    #[cfg_attr(
        any(feature = "cli", test),
        serde(default, skip_serializing_if = "String::is_empty")
    )]
    pub summary: String,
    /// Tags, each with its `@`.
    #[cfg_attr(any(feature = "cli", test), serde(default))]
    pub tags: Vec<String>,
    /// The verdict; absent in listings.
    #[cfg_attr(
        any(feature = "cli", test),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub status: Option<Status>,
    /// Wall time of the trial in milliseconds.
    #[cfg_attr(
        any(feature = "cli", test),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub duration_ms: Option<f64>,
    /// The figure against its budget, for bench and memory evidence.
    #[cfg_attr(
        any(feature = "cli", test),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub measurement: Option<MeasurementEvent>,
    /// The evidence's report: why it failed, what it measured, why it was not judged.
    #[cfg_attr(
        any(feature = "cli", test),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub message: Option<String>,
}

/// A measured figure, as in [`crate::evidence::Measurement`].
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(Serialize))]
#[cfg_attr(any(feature = "cli", test), derive(Deserialize))]
#[cfg_attr(test, derive(schemars::JsonSchema))]
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

/// The first line of every writer: which version of this format follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(Serialize))]
#[cfg_attr(any(feature = "cli", test), derive(Deserialize))]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct FormatEvent {
    /// [`FORMAT_VERSION`] of the writer.
    pub version: u32,
}

/// A step definition and its uses across the specs that were loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(Serialize))]
#[cfg_attr(any(feature = "cli", test), derive(Deserialize))]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct StepDefinitionEvent {
    /// `given`, `when`, `then`, or `step` (any keyword).
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
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(Serialize))]
#[cfg_attr(any(feature = "cli", test), derive(Deserialize))]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct WarningEvent {
    /// The package whose harness found it.
    #[cfg_attr(
        any(feature = "cli", test),
        serde(default, skip_serializing_if = "String::is_empty")
    )]
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

/// The scenarios and aspects a harness left out because `--tags` does not select them.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(Serialize))]
#[cfg_attr(any(feature = "cli", test), derive(Deserialize))]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct FilteredOutEvent {
    /// The package whose harness left them out.
    #[cfg_attr(
        any(feature = "cli", test),
        serde(default, skip_serializing_if = "String::is_empty")
    )]
    pub package: String,
    /// How many scenarios (pickles).
    pub scenarios: u64,
    /// How many aspects (absent when none: format 2's first writers had no such field).
    #[cfg_attr(
        any(feature = "cli", test),
        serde(default, skip_serializing_if = "is_zero")
    )]
    pub aspects: u64,
}

/// Totals of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(test, derive(Serialize))]
#[cfg_attr(any(feature = "cli", test), derive(Deserialize))]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Summary {
    /// Trials that held.
    pub passed: u64,
    /// Trials that failed.
    pub failed: u64,
    /// Ignored trials.
    pub ignored: u64,
    /// Trials run but not judged.
    // Version 1 wrote `not-judged`; read until version 3.
    #[cfg_attr(any(feature = "cli", test), serde(alias = "not-judged", default))]
    pub not_judged: u64,
    /// Scenarios `--tags` left out (not trials, so not in the other counts).
    #[cfg_attr(
        any(feature = "cli", test),
        serde(default, skip_serializing_if = "is_zero")
    )]
    pub filtered_out: u64,
}

#[cfg(test)]
#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Summary {
    /// Count one status.
    #[cfg(any(feature = "cli", test))]
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
    /// The `format` line this crate writes first.
    pub fn format() -> Event {
        Event::Format(FormatEvent {
            version: FORMAT_VERSION,
        })
    }

    /// One line of JSON, without the newline, written by hand (see `json.rs`).
    pub fn to_line(&self) -> String {
        json::line(self)
    }

    /// Parse one line.
    ///
    /// # Errors
    /// serde_json's error when the line is not an event.
    #[cfg(any(feature = "cli", test))]
    pub fn from_line(line: &str) -> Result<Event, serde_json::Error> {
        serde_json::from_str(line)
    }
}

impl FormatEvent {
    /// Whether this crate reads what follows: [`FORMAT_VERSION`], or an older
    /// version whose lines read as it (from `OLDEST_READ`). (Lines with no
    /// `format` line before them are version 1, read through the serde aliases
    /// above until version 4.)
    ///
    /// # Errors
    /// Another version, as a sentence naming both and the way out: the
    /// `cargo aspect` binary and a harness's `cargo-aspect` dev-dependency
    /// differ.
    #[cfg(any(feature = "cli", test))]
    pub fn check(&self) -> Result<(), String> {
        if (OLDEST_READ..=FORMAT_VERSION).contains(&self.version) {
            return Ok(());
        }
        Err(format!(
            "events in format version {}, but cargo-aspect {} reads version {FORMAT_VERSION}: \
             the `cargo aspect` binary and the package's `cargo-aspect` dev-dependency differ; \
             use the same version for both (`cargo install cargo-aspect --version <the dependency's>`)",
            self.version,
            env!("CARGO_PKG_VERSION"),
        ))
    }
}

#[cfg(test)]
mod tests;
