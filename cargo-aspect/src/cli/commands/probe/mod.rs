//! `cargo aspect probe`: find the evidence that cannot fail.
//!
//! Evidence that holds proves something only if it could have failed. This
//! command breaks the code on purpose, in a scratch copy of the workspace
//! ([`scratch`]), and reports what did not notice:
//!
//! - **aspects** ([`aspects`]): one kind-specific plant per aspect ([`plant`]);
//!   an aspect whose evidence still holds "cannot fail";
//! - **specs** ([`specs`]): cargo-mutants mutates the code under test and runs
//!   the spec harness; the mutants no scenario catches are "behaviour no spec
//!   pins down", grouped by function.
//!
//! The result is printed (pretty or JSON) and written to
//! `<target>/aspect/probe/<workspace>-<hash>/probe.json`, which `cargo aspect
//! report` shows. Exit codes:
//! 0 everything can fail, 1 something cannot (or a mutant is missed), 2 the
//! probe could not run (a build failed, evidence fails already, cargo-mutants
//! is missing).
//!
//! It must never change the workspace itself: plants and mutants go into the
//! copy, which a sync puts back after each.
//!
//! | file | why it exists |
//! |---|---|
//! | `args.rs` | the arguments |
//! | `command.rs` | the flow: list, probe, write `probe.json`, print |
//! | `scratch.rs` | the copy under the target dir, synced by content |
//! | `plant.rs` | text edits that break a function |
//! | `aspects.rs` | one plant per evidence kind, judged in process or by the copy's harness |
//! | `specs.rs` | cargo-mutants in place in the copy |
//!
//! Where the probe keeps its files and the format of `probe.json` are
//! [`crate::cli::probe_outcome`]'s: `report` reads them too.

mod args;
mod aspects;
mod command;
mod plant;
mod scratch;
mod specs;

pub use args::ProbeArgs;
pub use command::run;
