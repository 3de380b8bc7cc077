//! `cargo aspect hook <EVENT>`'s arguments and its one rule: read stdin,
//! answer on stdout, and turn any error of its own into exit 1 (a
//! non-blocking error in Claude Code), never 2 (which blocks).

use std::io::{Read, Write};
use std::path::PathBuf;

use super::{input, pre_tool_use, session_start, stop};
use crate::cli::{CliError, GlobalOpts, Outcome};

/// Arguments of `cargo aspect hook`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Claude Code runs this with the hook's JSON on stdin (see `cargo aspect claude`).\n\nEvents:\n  PreToolUse     deny an Edit, Write, MultiEdit or NotebookEdit of a protected file\n  Stop           judge the evidence; block while some fails, at most --max-blocks times in a row\n  SessionStart   add the specs, the aspects and the last verdicts as context\n\nExit codes: 0 answered (JSON on stdout, or nothing), 1 the hook's own error (Claude Code shows it and goes on)."
)]
pub struct HookArgs {
    /// The event, as Claude Code names it: PreToolUse, Stop or SessionStart.
    // A string, not an enum: a wrong name must be exit 1, not clap's exit 2.
    #[arg(value_name = "EVENT")]
    pub event: String,
    /// Stop: let Claude stop after this many consecutive blocks [default:
    /// `max-stop-blocks` of `[workspace.metadata.aspect.agent]`, else 3].
    #[arg(long, value_name = "N")]
    pub max_blocks: Option<u32>,
}

/// The events `hook` answers.
pub(crate) const EVENTS: &[&str] = &["PreToolUse", "Stop", "SessionStart"];

/// Run `cargo aspect hook`: every failure is an `error:` line and exit 1.
///
/// # Errors
/// Never: an error is reported here so that it cannot become exit 2.
pub fn run(_global: &GlobalOpts, args: &HookArgs) -> Result<Outcome, CliError> {
    let mut stdin = String::new();
    let answered = std::io::stdin()
        .read_to_string(&mut stdin)
        .map_err(|e| format!("cannot read stdin: {e}"))
        .and_then(|_| answer(&args.event, &stdin, args.max_blocks));
    match answered {
        Ok(Some(json)) => {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{json}");
            Ok(Outcome::Holds)
        }
        Ok(None) => Ok(Outcome::Holds),
        Err(message) => {
            eprintln!("error: cargo aspect hook {}: {message}", args.event);
            Ok(Outcome::Fails)
        }
    }
}

/// The answer to `stdin` for `event`: a JSON object to print, or nothing.
pub(super) fn answer(
    event: &str,
    stdin: &str,
    max_blocks: Option<u32>,
) -> Result<Option<serde_json::Value>, String> {
    if !EVENTS.contains(&event) {
        return Err(format!(
            "unknown event `{event}`: the events are {}",
            EVENTS.join(", ")
        ));
    }
    let input = input::parse(stdin, event)?;
    let cwd = match &input.cwd {
        Some(cwd) => cwd.clone(),
        None => std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
    };
    match event {
        "PreToolUse" => pre_tool_use::answer(&input, &cwd),
        "Stop" => stop::answer(&input, &cwd, max_blocks),
        _ => session_start::answer(&cwd),
    }
}
