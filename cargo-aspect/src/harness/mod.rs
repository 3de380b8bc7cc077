//! Pickles and aspects → libtest-mimic trials: the only module that knows libtest.
//!
//! Every pickle becomes one `Trial` named `spec::<feature>::<scenario>` (outline
//! rows add ` #<row>`), so libtest's CLI works as users expect: name filters,
//! `--exact`, `--skip`, `--list --format terse`, `--ignored`, `--test-threads`.
//! nextest runs each trial in its own process as `<name> --exact`; with `--exact`
//! only the feature file the name points at is parsed, so a big suite stays O(N).
//!
//! `--tags EXPR` (or `ASPECT_TAGS`) is taken out of the arguments before libtest
//! sees them; it keeps only the scenarios and aspects whose tags match.
//!
//! With `ASPECT_EVENTS=<file>` every trial appends its result as a JSON line
//! (see [`crate::event`]); with `ASPECT_DRY_RUN=1` steps are matched and aspects
//! validated but nothing runs. That is how `cargo aspect` talks to a harness.
//! Warnings about the specs (a description line that looks like a misspelled
//! keyword) go to stderr and, as events, to that file, before any trial runs.
//!
//! A scenario tagged `@serial` runs alone, under libtest's threads and under
//! nextest's processes alike (see `serial`).

#[cfg(feature = "aspects")]
mod aspects;
mod execute;
mod package_root;
mod run;
mod schedule;
mod serial;
mod specs;
mod trial;

pub use package_root::package_root;
pub use run::Harness;
