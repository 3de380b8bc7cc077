//! `cargo aspect list`: every scenario and aspect, from the harnesses themselves.
//!
//! The listing is what each harness prints under libtest's `--list` (as
//! listing events), so it names exactly the trials `cargo test`, nextest and
//! `cargo aspect test` run. This module only builds, runs with `--list`, and
//! hands the events to [`crate::cli::reporter`]; it must not parse specs or aspects
//! itself, or judge anything.

use std::ffi::OsString;
use std::io::Write;

use crate::cli::reporter::{list_json, list_pretty, PrettyOptions};
use crate::cli::runner::{self, BuildOptions};
use crate::cli::workspace::Workspace;
use crate::cli::{CliError, Format, GlobalOpts, Outcome};
use crate::event::Event;

/// Arguments of `cargo aspect list`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cargo aspect list\n  cargo aspect list -p idle-game --format json"
)]
pub struct ListArgs {
    /// Output format: `json` prints one object per line, as `test --format json` without `status`.
    #[arg(long, value_enum, default_value_t = Format::Pretty)]
    pub format: Format,
}

/// Run `cargo aspect list`.
///
/// # Errors
/// When the workspace has no harness, a harness does not build, or a spec or
/// aspect cannot be read or parsed (after the listing, which shows the others).
pub fn run(global: &GlobalOpts, args: &ListArgs) -> Result<Outcome, CliError> {
    let ws = Workspace::load(global)?;
    if ws.harnesses.is_empty() {
        return Err(ws.no_harness());
    }
    let built = runner::build_all(&ws, global, BuildOptions { release: false })?;
    let mut events = Vec::new();
    for harness in &built {
        let list = [OsString::from("--list")];
        let run = runner::run(&ws, harness, &list, &[], global.verbose)?;
        events.extend(run.events);
    }
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        Format::Json => list_json(&events, &mut out),
        Format::Pretty => {
            let opts = PrettyOptions {
                color: global.color.enabled(),
                quiet: global.quiet,
                release: false,
                locations: ws.locations(),
            };
            list_pretty(&events, &opts, &mut out)
        }
    };
    match written.and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            return Err(CliError::new(format!("cannot write the listing: {e}")));
        }
        _ => {}
    }
    // Listed as trials of their own (so nextest runs the other files), but a
    // file that does not parse is still an error of the listing.
    let locations = ws.locations();
    let unparsed: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::Scenario(s) => s.parse_error.as_ref().map(|p| {
                let file = locations.path(&s.package, &s.file);
                format!("{file}:{}:{}: {}", p.line, p.column, p.message)
            }),
            _ => None,
        })
        .collect();
    if unparsed.is_empty() {
        Ok(Outcome::Holds)
    } else {
        Err(CliError::new(unparsed.join("\n")))
    }
}
