//! `cargo aspect`: the command line (feature `cli`).
//!
//! The CLI talks to harnesses only through their process interface (libtest
//! arguments plus the JSON-lines events of [`crate::event`]), as nextest does,
//! so a harness built by plain `cargo test` and one built by `cargo aspect
//! test` behave the same.
//!
//! Grouped by stage, in the order a command goes through them:
//!
//! | module | stage |
//! |---|---|
//! | `entry.rs`, `options.rs`, `outcome.rs` | parse the command line; name the exit codes; one error type |
//! | `commands/` | one module per subcommand, and the dispatch |
//! | `agent_config.rs` | the keys of the metadata table only the CLI reads (`protect`, `harness`, `[agent]`); the runtime lets them through unread |
//! | `claude_plugin.rs` | the Claude Code plugin's files (templates in `cargo-aspect/claude-plugin/`), shared by `claude`, `fix` and `init --claude` |
//! | `workspace.rs` | which packages have a harness (`cargo metadata`), and `Locations` for showing their files |
//! | `runner.rs` | build the harnesses with cargo and run them with `ASPECT_EVENTS` |
//! | `filters.rs` | which trials a run selects (`--tags`, names), shared by `test`, `report` and `fix` |
//! | `protected_paths.rs` | which files the agent must not change (specs, aspects, evidence scripts, `protect`), as rules; shared by `fix` and `hook` |
//! | `files.rs` | putting a file's bytes and mode back, shared by `fix` and `probe` |
//! | `step_source.rs` | the Rust function a step-definition event points at, shared by `check` and `fix` |
//! | `reporter/` | the terminal and CI outputs of `test` and `list`: pure functions of the events |
//! | `page/` | the HTML page of `report` |
//! | `probe_outcome.rs` | `probe.json`: written by `probe`, read by `report` and its page |
//!
//! Shared stages sit here, beside `commands/`; a part only one command uses
//! sits inside that command's module. Dependencies point one way: commands use
//! the stages, `reporter/` and `page/` use `workspace.rs`, and no stage uses a
//! command.

mod agent_config;
mod claude_plugin;
mod commands;
mod entry;
mod files;
mod filters;
mod options;
mod outcome;
mod page;
mod probe_outcome;
mod protected_paths;
mod reporter;
mod runner;
mod step_source;
mod workspace;

pub use entry::main;
pub use options::{Color, Format, GlobalOpts};
pub use outcome::{CliError, Outcome};
#[cfg(test)]
pub(crate) use {commands::Command, entry::CargoCli};
