//! `cargo aspect test`: build every harness, run each, report the verdicts as one run.
//!
//! This module turns the command line into libtest arguments (a filter,
//! `--exact`, `--tags`, `--include-ignored`), runs every harness even when an
//! earlier one failed or could not judge (no fail-fast), and chooses the
//! reporters: pretty or JSON lines on stdout, JUnit XML to a file, GitHub
//! annotations under `GITHUB_ACTIONS=true`. The exit code is 0 when all
//! evidence holds, 1 when some fails, 2 when something could not be judged.
//!
//! It must not format results itself (that is [`crate::cli::reporter`]) nor reach
//! into a harness other than through [`crate::cli::runner`].

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use crate::cli::filters::Filters;
use crate::cli::reporter::{
    github_annotations, hints, json_lines, junit, pretty, summarize, warning_lines, PrettyOptions,
};
use crate::cli::runner::{self, BuildOptions};
use crate::cli::workspace::Workspace;
use crate::cli::{CliError, Format, GlobalOpts, Outcome};
use crate::event::{Event, Status};
use crate::exit_code::EXIT_FAILS;

/// Arguments of `cargo aspect test`.
#[derive(Debug, Default, clap::Args)]
#[command(
    after_help = "Examples:\n  cargo aspect test\n  cargo aspect test 'Purchase with'\n  cargo aspect test --spec buying\n  cargo aspect test --aspect buy-is-fast --release\n  cargo aspect test --tags '@fast and not @wip' --junit target/aspect.xml\n\nExit codes: 0 all evidence holds, 1 some fails, 2 cannot judge."
)]
pub struct TestArgs {
    /// Which evidence to judge.
    #[command(flatten)]
    pub filters: Filters,
    /// Also run ignored scenarios and aspects.
    #[arg(long)]
    pub include_ignored: bool,
    /// Run only the ignored scenarios and aspects.
    #[arg(long, conflicts_with = "include_ignored")]
    pub ignored: bool,
    /// Output format: `json` prints one object per trial, then a summary.
    #[arg(long, value_enum, default_value_t = Format::Pretty)]
    pub format: Format,
    /// Also write a JUnit XML report to PATH.
    #[arg(long, value_name = "PATH")]
    pub junit: Option<PathBuf>,
    /// Accepted for `cargo test` habits: every harness always runs.
    #[arg(long, hide = true)]
    pub no_fail_fast: bool,
}

/// The libtest arguments `args` stand for.
fn libtest_args(args: &TestArgs) -> Vec<OsString> {
    let mut out = args.filters.libtest_args();
    if args.include_ignored {
        out.push("--include-ignored".into());
    }
    if args.ignored {
        out.push("--ignored".into());
    }
    out
}

/// Run `cargo aspect test`.
///
/// # Errors
/// When the workspace has no harness, a harness does not build, or a harness
/// could not judge (its located message); every other harness still runs and
/// is reported first.
pub fn run(global: &GlobalOpts, args: &TestArgs) -> Result<Outcome, CliError> {
    let ws = Workspace::load(global)?;
    if ws.harnesses.is_empty() {
        return Err(ws.no_harness());
    }
    let options = BuildOptions {
        release: args.filters.release,
    };
    let built = runner::build_all(&ws, global, options)?;
    let libtest = libtest_args(args);

    let mut events: Vec<Event> = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    let mut unexplained = Vec::new();
    let mut unparsed = 0;
    for harness in &built {
        match runner::run(&ws, harness, &libtest, &[], global.verbose) {
            Ok(run) => {
                let failed = run.events.iter().any(is_failure);
                if run.code == EXIT_FAILS && !failed {
                    unexplained.push(run.package.clone());
                }
                unparsed += runner::unparsed(&run.events).len();
                events.extend(run.events);
            }
            Err(e) => errors.push(e.message),
        }
    }

    if errors.is_empty() {
        args.filters
            .check_name_if_nothing_ran(&ws, &built, &events, global.verbose)?;
    }
    let totals = summarize(&events);
    // A lone harness that could not judge has nothing to report but its error.
    if errors.is_empty() || !events.is_empty() {
        report(global, args, &ws, &events)?;
    }
    // Not verdicts, so after the report; they change no count and no exit code.
    for line in warning_lines(&events, &ws.locations()) {
        eprintln!("warning: {line}");
    }
    for package in &unexplained {
        eprintln!(
            "warning: the harness of {package} failed without reporting a failed trial; run with -v to see its output"
        );
    }
    // Reported with the other failures above; they make the run unjudgeable.
    if unparsed > 0 {
        errors.push(format!(
            "{unparsed} feature file{} not parse; cannot judge",
            if unparsed == 1 { " does" } else { "s do" }
        ));
    }
    if !errors.is_empty() {
        return Err(CliError::new(errors.join("\n")));
    }
    if totals.judged_nothing() && !global.quiet {
        eprintln!("note: no scenario or aspect matches");
    }
    if totals.holds() && unexplained.is_empty() {
        Ok(Outcome::Holds)
    } else {
        Ok(Outcome::Fails)
    }
}

fn is_failure(event: &Event) -> bool {
    match event {
        Event::Scenario(e) => e.status == Some(Status::Failed),
        Event::Aspect(e) => e.status == Some(Status::Failed),
        _ => false,
    }
}

/// Print the chosen report, write the JUnit file, and annotate for GitHub.
fn report(
    global: &GlobalOpts,
    args: &TestArgs,
    ws: &Workspace,
    events: &[Event],
) -> Result<(), CliError> {
    let locations = ws.locations();
    let write_error = |e: std::io::Error| CliError::new(format!("cannot write the report: {e}"));
    if let Some(path) = &args.junit {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| CliError::new(format!("cannot create {}: {e}", parent.display())))?;
        }
        std::fs::write(path, junit(events, &locations))
            .map_err(|e| CliError::new(format!("cannot write {}: {e}", path.display())))?;
    }
    let github = std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true");
    let annotations = if github {
        let mut text = github_annotations(events, &locations);
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text
    } else {
        String::new()
    };
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        Format::Pretty => {
            let opts = PrettyOptions {
                color: global.color.enabled(),
                quiet: global.quiet,
                release: args.filters.release,
                locations: locations.clone(),
            };
            // Annotations first, so the report (and its hint) ends the output.
            out.write_all(annotations.as_bytes())
                .and_then(|()| pretty(events, &opts, &mut out))
        }
        Format::Json => {
            // stdout stays one JSON object per line; the rest goes to stderr.
            let written = json_lines(events, &mut out);
            let mut err = std::io::stderr().lock();
            let _ = err.write_all(annotations.as_bytes());
            for hint in hints(events, &locations) {
                let _ = writeln!(err, "{hint}");
            }
            written
        }
    };
    match written.and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(write_error(e)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &TestArgs) -> Vec<String> {
        libtest_args(args)
            .into_iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn options_become_libtest_arguments() {
        let spec = TestArgs {
            filters: Filters {
                spec: Some("buying".into()),
                tags: Some("@fast".into()),
                ..Filters::default()
            },
            ..TestArgs::default()
        };
        assert_eq!(strings(&spec), ["spec::buying::", "--tags", "@fast"]);
        let aspect = TestArgs {
            filters: Filters {
                aspect: Some("buy-is-fast".into()),
                ..Filters::default()
            },
            include_ignored: true,
            ..TestArgs::default()
        };
        assert_eq!(
            strings(&aspect),
            ["aspect::buy-is-fast", "--exact", "--include-ignored"]
        );
        let filter = TestArgs {
            filters: Filters {
                filter: Some("Purchase".into()),
                exact: true,
                ..Filters::default()
            },
            ..TestArgs::default()
        };
        assert_eq!(strings(&filter), ["Purchase", "--exact"]);
        assert!(strings(&TestArgs::default()).is_empty());
    }
}
