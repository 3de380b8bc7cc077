//! `cargo aspect check`: validate specs, steps and aspects without judging anything.
//!
//! Every harness runs as a dry run ([`crate::event::DRY_RUN_ENV`]): it parses
//! every spec and aspect (a parse error, a missing or non-executable script, a
//! duplicate name make it exit 2 with the located message, which becomes this
//! command's error), matches every step without calling it, and reports how
//! many steps each definition matched. This module turns those events into
//! errors (undefined and ambiguous steps, with the snippet to add) and
//! warnings (step definitions no spec uses, the harness's own `warning`
//! events: description lines that look like misspelled keywords, and steps
//! that can never fail:
//! their source, read with [`crate::cli::step_source`], judged by
//! [`hollow_step`]).
//!
//! It must not run step code or evidence, and must not parse specs itself:
//! what the harness matched is what `test` would run.
//!
//! `hollow_step.rs` is the "can never fail" heuristic; only `check` uses it.

mod command;
mod hollow_step;

pub use command::{run, CheckArgs};
