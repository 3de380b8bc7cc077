//! Where `cargo aspect` starts: arguments in, one exit code out. Every error
//! becomes one `error:` line and exit 2; clap's own `--help`/`--version` exit 0.

use std::process::ExitCode;

use clap::{Args, Parser};

use super::commands::{self, Command};
use super::options::GlobalOpts;
use crate::exit_code::{EXIT_CANNOT_JUDGE, EXIT_HOLDS};

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
    let result = commands::run(&cli.global, &cli.command);
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
        assert!(parse(&["cargo", "aspect", "claude", "--out", "plugin"]).is_ok());
        assert!(parse(&["cargo", "aspect", "hook", "Stop", "--max-blocks", "2"]).is_ok());
        assert!(
            parse(&["cargo", "aspect", "hook", "PostToolUse"]).is_ok(),
            "an unknown event is the hook's own exit 1, never clap's exit 2 (which blocks)"
        );
        assert!(parse(&["cargo", "aspect", "fix", "--session"]).is_ok());
        assert!(parse(&["cargo", "aspect", "init", "--claude"]).is_ok());
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
