//! `cargo aspect claude`: write cargo-aspect's Claude Code plugin (skill,
//! subagent, hooks) to a directory, for `claude --plugin-dir`.
//!
//! The plugin's files are in [`crate::cli::claude_plugin`]; this command only
//! chooses the directory (`--out`, default `<target>/aspect/claude-plugin`).
//! It must not install anything into the user's Claude Code settings (that is
//! `init --claude`).

mod command;

pub use command::{run, ClaudeArgs};
