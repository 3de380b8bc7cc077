//! One module per subcommand of `cargo aspect`, and the dispatch.
//!
//! A command is a file when it is short (`list`, `test`, `report`) and a
//! directory when it has parts (`check`, `fix`, `init`, `probe`: `mod.rs` for
//! the docs, `command.rs` for the arguments and the flow). What several
//! commands share (the runner, the filters, the reporters, the workspace) sits
//! in `cli/`, never here: a command must not import another command.

mod check;
mod claude;
mod fix;
mod hook;
mod init;
mod list;
mod probe;
mod report;
mod test;

use clap::Subcommand;

use super::options::GlobalOpts;
use super::outcome::{CliError, Outcome};

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add the metadata table, a harness, a sample spec and a sample aspect to a crate.
    Init(init::InitArgs),
    /// List every scenario and aspect with its source and evidence kind.
    List(list::ListArgs),
    /// Validate specs, steps and aspects without judging anything.
    Check(check::CheckArgs),
    /// Build the harnesses, run them, and report per spec and aspect.
    Test(test::TestArgs),
    /// Write cargo-aspect's Claude Code plugin (skill, subagent, hooks) to a directory.
    Claude(claude::ClaudeArgs),
    /// Hand failing evidence to Claude Code and re-judge until it holds.
    Fix(fix::FixArgs),
    /// Answer a Claude Code hook (JSON on stdin): PreToolUse, Stop, SessionStart.
    Hook(hook::HookArgs),
    /// Write specs, aspects and verdicts as one self-contained HTML page.
    Report(report::ReportArgs),
    /// Break the code on purpose and report the evidence that does not notice.
    Probe(probe::ProbeArgs),
}

/// Run the command `command` stands for.
pub(super) fn run(global: &GlobalOpts, command: &Command) -> Result<Outcome, CliError> {
    match command {
        Command::Init(args) => init::run(global, args),
        Command::List(args) => list::run(global, args),
        Command::Check(args) => check::run(global, args),
        Command::Test(args) => test::run(global, args),
        Command::Claude(args) => claude::run(global, args),
        Command::Fix(args) => fix::run(global, args),
        Command::Hook(args) => hook::run(global, args),
        Command::Report(args) => report::run(global, args),
        Command::Probe(args) => probe::run(global, args),
    }
}
