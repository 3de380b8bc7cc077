//! `cargo xtask bench --vs-cucumber`: cargo-aspect and cucumber-rs 0.23 side by
//! side, on the same generated idle-game suites, in one run.
//!
//! Everything it builds is generated under `target/xtask-bench/vs/`, as standalone
//! packages with their own `[workspace]`, lock file and target folder, so cucumber
//! never enters the dependency graph of the published crates (nor xtask's):
//!
//! - `suites/1k` and `suites/10k`: 10 and 100 of the feature files `gen` writes
//!   for `cargo xtask bench` (1,000 and 10,000 scenarios); both harnesses read them.
//! - `aspect/`: the cargo-aspect harness (`default-features = false`), the steps of
//!   `fixture/steps.rs`, and `aspect::main!` spelt out so that `BENCH_SUITE` picks
//!   the suite folder at run time.
//! - `aspect-init/`: the same harness, set up by this checkout's `cargo aspect
//!   init --path` (its dependency, features and sample aspect), rewritten each run:
//!   the build row users get.
//! - `cucumber/`: the cucumber-rs harness, the same 31 step expressions and bodies
//!   (`fixture/cucumber_steps.rs`), `World::run` on the `futures` executor.
//! - `aspect-async/` and `cucumber-async/`: the same two harnesses with every step
//!   an `async fn` on tokio (`Harness::runtime(aspect::Tokio::new())`, and
//!   `#[tokio::main]`), written by `async_templates` from the sync steps; each
//!   step first awaits a `tokio::time::sleep` of `$BENCH_STEP_SLEEP_MS` (the
//!   I/O-bound case; unset for the async rows). Built, not timed.
//! - `imports-probe/`: a release binary timing the imports evidence's `scan_crate`
//!   on a real crate of the local cargo registry, and `imports/` the one-member
//!   workspace it reads plus a package that `cargo check`s the same crate.
//!
//! Clean builds come first: `cargo clean` then a debug `cargo test --no-run` (what
//! a user waits for) of `aspect-init/`, `aspect/` and `cucumber/`, each in its own
//! `target-clean/`, the same `-j`, the order rotating each run; wall and CPU time.
//! The runs use release builds in each package's `target/`, not timed. Then each measurement runs
//! both harnesses in turn, swapping which goes first every run, and reports the
//! median of the runs. The machine may be shared, so the load average is printed.
//!
//! By stage: `options` → `templates`, `async_templates` (write the packages) → `build` → `measure`
//! (on the `cases`) → `table`; `run` calls them in order.

mod async_templates;
mod build;
mod cases;
mod measure;
mod options;
mod run;
mod table;
mod templates;
pub(crate) use measure::{crate_name, default_crates};
#[cfg(test)]
mod tests;

pub use options::Options;
pub use run::run;
