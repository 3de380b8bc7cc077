//! `cargo aspect`: the command line (feature `cli`).
//!
//! One file per subcommand; this module parses arguments with clap, names the
//! exit codes, and turns every error into one clear message. The CLI talks to
//! harnesses only through their process interface (libtest arguments plus the
//! JSON-lines events of [`crate::event`]), as nextest does, so a harness built
//! by plain `cargo test` and one built by `cargo aspect test` behave the same.

mod commands;
mod filters;
mod page;
mod probe_outcome;
pub mod reporter;
mod runner;
mod step_source;
mod workspace;

use commands::{check, fix, init, list, probe, report, test};

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Exit code: all evidence holds.
pub const EXIT_HOLDS: u8 = 0;
/// Exit code: some evidence fails.
pub const EXIT_FAILS: u8 = 1;
/// Exit code: cannot judge (bad config, unparsable spec or aspect, build failure, missing tool).
pub const EXIT_CANNOT_JUDGE: u8 = 2;

/// Why a command could not judge: printed as `error: {message}`, exit code 2.
#[derive(Debug)]
pub struct CliError {
    /// One clear message; may span lines (a located error quotes its line).
    pub message: String,
}

impl CliError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
        }
    }

    /// The exit code for this error: always [`EXIT_CANNOT_JUDGE`].
    pub fn exit_code(&self) -> u8 {
        EXIT_CANNOT_JUDGE
    }
}

impl<E: std::fmt::Display> From<E> for CliError {
    fn from(e: E) -> Self {
        CliError::new(e.to_string())
    }
}

/// What a command concluded: every command returns one; `main` turns it into the exit code.
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Everything holds (or the command had nothing to judge and succeeded).
    Holds,
    /// Some evidence fails.
    Fails,
}

impl Outcome {
    /// The process exit code.
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Holds => EXIT_HOLDS,
            Outcome::Fails => EXIT_FAILS,
        }
    }
}

/// `cargo aspect …` as cargo invokes it (`cargo-aspect aspect …`).
#[derive(Debug, Parser)]
#[command(name = "cargo", bin_name = "cargo", version, styles = clap::builder::Styles::default())]
pub enum CargoCli {
    /// Specs and aspects: list, check and judge them.
    #[command(name = "aspect", version)]
    Aspect(AspectCli),
}

/// The `cargo aspect` command line.
#[derive(Debug, Args)]
#[command(
    about = "Specs and aspects for Rust: list, check and judge the evidence",
    after_help = "Examples:\n  cargo aspect init                 add specs/, aspects/ and a harness to this crate\n  cargo aspect list                 every scenario and aspect with its file:line\n  cargo aspect check                undefined steps, bad specs and aspects, without running\n  cargo aspect test                 build the harnesses and judge everything\n  cargo aspect test --tags @fast    only what is tagged @fast\n  cargo aspect report               the HTML report: target/aspect/report.html\n  cargo aspect fix                  hand failures to Claude Code\n  cargo aspect probe                evidence that cannot fail: plants and mutants\n\nExit codes: 0 all evidence holds, 1 some fails, 2 cannot judge."
)]
pub struct AspectCli {
    /// Options every command takes.
    #[command(flatten)]
    pub global: GlobalOpts,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Clone, Args)]
pub struct GlobalOpts {
    /// Path to Cargo.toml.
    #[arg(long, global = true, value_name = "PATH")]
    pub manifest_path: Option<PathBuf>,
    /// Only these packages.
    #[arg(short = 'p', long = "package", global = true, value_name = "SPEC")]
    pub packages: Vec<String>,
    /// Every package of the workspace (the default in a virtual workspace).
    #[arg(long, global = true)]
    pub workspace: bool,
    /// Coloring.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Print less.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more (the harness's own output, cargo's build output).
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// Color when writing to a terminal.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl Color {
    /// Whether to color output going to stdout.
    pub fn enabled(self) -> bool {
        use std::io::IsTerminal;
        match self {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        }
    }
}

/// `--format` of `list`, `check` and `test`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: aligned, grouped, colored on a terminal.
    #[default]
    Pretty,
    /// One JSON object per line (see [`crate::event`]).
    Json,
}

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
    /// Hand failing evidence to Claude Code and re-judge until it holds.
    Fix(fix::FixArgs),
    /// Write specs, aspects and verdicts as one self-contained HTML page.
    Report(report::ReportArgs),
    /// Break the code on purpose and report the evidence that does not notice.
    Probe(probe::ProbeArgs),
}

/// Run `cargo aspect` with the process's arguments.
pub fn main() -> ExitCode {
    let args = std::env::args_os();
    main_with(args)
}

/// Run `cargo aspect` with these arguments (the first is the program name).
pub fn main_with(args: impl IntoIterator<Item = std::ffi::OsString>) -> ExitCode {
    let mut args: Vec<std::ffi::OsString> = args.into_iter().collect();
    // Run directly as `cargo-aspect …` (not through cargo): accept it without `aspect`.
    if args.get(1).is_none_or(|a| a != "aspect") {
        args.insert(1, "aspect".into());
    }
    let CargoCli::Aspect(cli) = match CargoCli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                EXIT_CANNOT_JUDGE
            } else {
                EXIT_HOLDS
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match &cli.command {
        Command::Init(args) => init::run(&cli.global, args),
        Command::List(args) => list::run(&cli.global, args),
        Command::Check(args) => check::run(&cli.global, args),
        Command::Test(args) => test::run(&cli.global, args),
        Command::Fix(args) => fix::run(&cli.global, args),
        Command::Report(args) => report::run(&cli.global, args),
        Command::Probe(args) => probe::run(&cli.global, args),
    };
    match result {
        Ok(outcome) => ExitCode::from(outcome.exit_code()),
        Err(error) => {
            eprintln!("error: {}", error.message);
            ExitCode::from(error.exit_code())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<AspectCli, clap::Error> {
        CargoCli::try_parse_from(args.iter().copied()).map(|CargoCli::Aspect(cli)| cli)
    }

    #[test]
    fn command_lines_that_parse_or_fail() {
        assert!(parse(&["cargo", "aspect", "test"]).is_ok());
        assert!(parse(&[
            "cargo",
            "aspect",
            "list",
            "-p",
            "idle-game",
            "--format",
            "json"
        ])
        .is_ok());
        assert!(parse(&["cargo", "aspect", "test", "--color", "never", "-q"]).is_ok());
        assert!(parse(&[
            "cargo",
            "aspect",
            "--manifest-path",
            "x/Cargo.toml",
            "check"
        ])
        .is_ok());
        assert!(
            parse(&["cargo", "aspect"]).is_err(),
            "a command is required"
        );
        assert!(parse(&["cargo", "aspect", "frobnicate"]).is_err());
        assert!(
            parse(&["cargo", "aspect", "test", "-q", "-v"]).is_err(),
            "quiet and verbose conflict"
        );
    }

    #[test]
    fn the_command_definition_is_consistent() {
        use clap::CommandFactory;
        CargoCli::command().debug_assert();
    }
}
