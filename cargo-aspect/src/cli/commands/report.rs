//! `cargo aspect report`: write the specs, aspects and verdicts of a run as one
//! self-contained HTML page (default `<target-dir>/aspect/report.html`).
//!
//! The verdicts come from events only: either this command runs the harnesses
//! the way `cargo aspect test` does (plus a dry run, for the step definitions
//! no spec uses), or it reads the JSON lines a `cargo aspect test --format json`
//! saved (`--from FILE`). The spec and aspect files are read from the
//! workspace so the page can show them whole. The exit code is the run's: 0
//! when all evidence holds, 1 when some fails, 2 when something could not be
//! judged (the page is written first, showing what could).
//!
//! This module must not judge or format anything itself: the page is
//! [`crate::cli::page`]'s, and harnesses are reached only through [`crate::cli::runner`].

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::cli::filters::Filters;
use crate::cli::page::{self, sources, Input, PackageSources, RunInfo};
use crate::cli::reporter::format_counts;
use crate::cli::runner::{self, BuildOptions};
use crate::cli::workspace::Locations;
use crate::cli::workspace::Workspace;
use crate::cli::{CliError, GlobalOpts, Outcome};
use crate::event::{Event, Status, DRY_RUN_ENV};
use crate::exit_code::EXIT_FAILS;

/// Arguments of `cargo aspect report`.
#[derive(Debug, Default, clap::Args)]
#[command(
    after_help = "Examples:\n  cargo aspect report\n  cargo aspect report --release -o report.html\n  cargo aspect report --tags @performance\n  cargo aspect test --format json > run.jsonl; cargo aspect report --from run.jsonl\n\nExit codes: 0 all evidence holds, 1 some fails, 2 cannot judge."
)]
pub struct ReportArgs {
    /// Read the events from FILE (what `cargo aspect test --format json` printed; `-` reads stdin) instead of running the tests.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with_all = ["filter", "tags", "spec", "aspect", "release", "include_ignored"]
    )]
    pub from: Option<PathBuf>,
    /// Write the page to PATH [default: <target-dir>/aspect/report.html].
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Which evidence to judge, as for `cargo aspect test`; the rest is shown as not run.
    #[command(flatten)]
    pub filters: Filters,
    /// Also run ignored scenarios and aspects.
    #[arg(long)]
    pub include_ignored: bool,
}

/// Run `cargo aspect report`.
///
/// # Errors
/// When the events cannot be read, the workspace has no harness, a harness does
/// not build or could not judge, or the page cannot be written.
pub fn run(global: &GlobalOpts, args: &ReportArgs) -> Result<Outcome, CliError> {
    let collected = match &args.from {
        Some(path) => from_file(global, path)?,
        None => from_run(global, args)?,
    };
    let input = Input {
        events: &collected.events,
        packages: &collected.packages,
        run: &collected.run,
        locations: &collected.locations,
    };
    let probe = read_probe(global);
    let page = match &probe {
        Some(probe) => page::render_with_probe(&input, Some(probe)),
        None => page::render(&input),
    };
    let output = args.output.clone().unwrap_or_else(|| {
        collected
            .target_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from("target"))
            .join("aspect")
            .join("report.html")
    });
    if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| CliError::new(format!("cannot create {}: {e}", parent.display())))?;
    }
    std::fs::write(&output, page)
        .map_err(|e| CliError::new(format!("cannot write {}: {e}", output.display())))?;
    let totals = page::totals(&collected.events);
    if !global.quiet {
        eprintln!("{}", format_counts(&totals.total));
    }
    println!("wrote {}", output.display());
    if !collected.run.errors.is_empty() {
        return Err(CliError::new(format!(
            "{}\n(the report shows what could be judged)",
            collected.run.errors.join("\n")
        )));
    }
    Ok(if totals.holds() {
        Outcome::Holds
    } else {
        Outcome::Fails
    })
}

/// What the page is made of.
struct Collected {
    events: Vec<Event>,
    packages: Vec<PackageSources>,
    run: RunInfo,
    locations: Locations,
    target_dir: Option<PathBuf>,
}

/// Build and run every harness as `cargo aspect test` does, then dry-run them
/// for the step definitions.
fn from_run(global: &GlobalOpts, args: &ReportArgs) -> Result<Collected, CliError> {
    let ws = Workspace::load(global)?;
    if ws.harnesses.is_empty() {
        return Err(ws.no_harness());
    }
    let time = sources::utc(SystemTime::now());
    let built = runner::build_all(
        &ws,
        global,
        BuildOptions {
            release: args.filters.release,
        },
    )?;
    let mut libtest: Vec<OsString> = args.filters.libtest_args();
    if args.include_ignored {
        libtest.push("--include-ignored".into());
    }
    let mut events = Vec::new();
    let mut errors = Vec::new();
    for built in &built {
        match runner::run(&ws, built, &libtest, &[], global.verbose) {
            Ok(run) => {
                let failed = run.events.iter().any(|e| match e {
                    Event::Scenario(s) => s.status == Some(Status::Failed),
                    Event::Aspect(a) => a.status == Some(Status::Failed),
                    _ => false,
                });
                if run.code == EXIT_FAILS && !failed {
                    eprintln!(
                        "warning: the harness of {} failed without reporting a failed trial; run with -v to see its output",
                        run.package
                    );
                }
                errors.extend(runner::unparsed(&run.events));
                events.extend(run.events);
            }
            Err(e) => {
                errors.push(e.message);
                continue;
            }
        }
        // The dry run only adds what a real run does not report: step-definition uses.
        if let Ok(dry) = runner::run(&ws, built, &[], &[(DRY_RUN_ENV, "1")], false) {
            events.extend(
                dry.events
                    .into_iter()
                    .filter(|e| matches!(e, Event::StepDefinition(_))),
            );
        }
    }
    if errors.is_empty() {
        args.filters
            .check_name_if_nothing_ran(&ws, &built, &events, global.verbose)?;
    }
    let packages: Vec<PackageSources> = ws
        .harnesses
        .iter()
        .map(|h| sources::load_package(&h.name, &h.root))
        .collect();
    let title = title(&packages, &ws.root);
    let mut source = args.filters.test_command();
    if args.include_ignored {
        source.push_str(" --include-ignored");
    }
    Ok(Collected {
        events,
        packages,
        run: RunInfo {
            title,
            source,
            commit: sources::git_commit(&ws.root),
            time: Some(time),
            errors,
        },
        locations: ws.locations(),
        target_dir: Some(ws.target_dir),
    })
}

/// Read saved events; find their sources in the workspace when there is one.
fn from_file(global: &GlobalOpts, path: &Path) -> Result<Collected, CliError> {
    let (text, time) = if path == Path::new("-") {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| CliError::new(format!("cannot read the events from stdin: {e}")))?;
        (text, None)
    } else {
        let text = std::fs::read_to_string(path)
            .map_err(|e| CliError::new(format!("cannot read {}: {e}", path.display())))?;
        let time = std::fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .map(sources::utc);
        (text, time)
    };
    let shown = if path == Path::new("-") {
        "stdin".to_owned()
    } else {
        path.display().to_string()
    };
    let events = parse_events(&text, &shown)?;

    // Every member with a harness, unless packages were named: the events say which ran.
    let mut all = global.clone();
    if all.packages.is_empty() {
        all.workspace = true;
    }
    let (packages, locations, target_dir, root) = match Workspace::load(&all) {
        Ok(ws) => {
            let named: Vec<&str> = events
                .iter()
                .filter_map(|e| match e {
                    Event::Scenario(s) => Some(s.package.as_str()),
                    Event::Aspect(a) => Some(a.package.as_str()),
                    _ => None,
                })
                .collect();
            let packages: Vec<PackageSources> = ws
                .harnesses
                .iter()
                .filter(|h| !global.packages.is_empty() || named.contains(&h.name.as_str()))
                .map(|h| sources::load_package(&h.name, &h.root))
                .collect();
            (
                packages,
                ws.locations(),
                Some(ws.target_dir.clone()),
                Some(ws.root),
            )
        }
        Err(e) => {
            eprintln!(
                "warning: cannot read the workspace, so the page shows the events without their specs and aspects: {}",
                e.message
            );
            (Vec::new(), Locations::default(), None, None)
        }
    };
    let here = std::env::current_dir().unwrap_or_default();
    let root = root.unwrap_or(here);
    let title = title(&packages, &root);
    Ok(Collected {
        events,
        packages,
        run: RunInfo {
            title,
            source: format!("events from {shown}"),
            commit: sources::git_commit(&root),
            time,
            errors: Vec::new(),
        },
        locations,
        target_dir,
    })
}

/// The events of `text`, one JSON object per line. Blank lines are skipped, and
/// so (with a warning) are objects of a type this version does not know. A
/// file without a `format` line was saved by version 1, whose names are still
/// read (see `event/mod.rs`).
///
/// # Errors
/// A line that is not a JSON object, a `format` line of another version, or no
/// event at all, names the file and line.
fn parse_events(text: &str, shown: &str) -> Result<Vec<Event>, CliError> {
    let mut events = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match Event::from_line(line) {
            Ok(Event::Format(format)) => format
                .check()
                .map_err(|e| CliError::new(format!("{shown}:{}: {e}", i + 1)))?,
            Ok(event) => events.push(event),
            Err(e) => {
                let typed = serde_json::from_str::<serde_json::Value>(line)
                    .ok()
                    .and_then(|v| v.get("type").and_then(|t| t.as_str()).map(str::to_owned));
                match typed {
                    Some(kind)
                        if !matches!(
                            kind.as_str(),
                            "format"
                                | "scenario"
                                | "aspect"
                                | "step_definition"
                                | "warning"
                                | "summary"
                        ) =>
                    {
                        eprintln!(
                            "warning: {shown}:{}: skipped an event of unknown type `{kind}`",
                            i + 1
                        );
                    }
                    _ => {
                        return Err(CliError::new(format!(
                            "{shown}:{}: not an event of `cargo aspect test --format json`: {e}",
                            i + 1
                        )))
                    }
                }
            }
        }
    }
    if !events
        .iter()
        .any(|e| matches!(e, Event::Scenario(_) | Event::Aspect(_)))
    {
        return Err(CliError::new(format!(
            "{shown}: no scenario or aspect events; save them with `cargo aspect test --format json > FILE`"
        )));
    }
    Ok(events)
}

/// The package's name when the page shows one, else the workspace directory's.
fn title(packages: &[PackageSources], root: &Path) -> String {
    match packages {
        [one] => one.name.clone(),
        _ => root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    }
}

/// The last `cargo aspect probe`'s result for this workspace, when there is one that reads.
fn read_probe(global: &GlobalOpts) -> Option<crate::cli::probe_outcome::ProbeResult> {
    let ws = Workspace::load(global).ok()?;
    let path =
        crate::cli::probe_outcome::probe_dir(&ws).join(crate::cli::probe_outcome::PROBE_FILE);
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(&text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{CargoCli, Command};
    use clap::Parser;

    fn parse(args: &[&str]) -> Result<ReportArgs, clap::Error> {
        let args = ["cargo", "aspect", "report"].iter().chain(args);
        match CargoCli::try_parse_from(args)? {
            CargoCli::Aspect(cli) => match cli.command {
                Command::Report(report) => Ok(report),
                other => panic!("parsed as {other:?}"),
            },
        }
    }

    #[test]
    fn either_saved_events_or_a_selection_to_run() {
        let saved = parse(&["--from", "run.jsonl", "-o", "r.html"]).unwrap();
        assert_eq!(saved.from, Some(PathBuf::from("run.jsonl")));
        assert_eq!(saved.output, Some(PathBuf::from("r.html")));
        let run = parse(&["--tags", "@fast", "--release", "--include-ignored"]).unwrap();
        assert_eq!(run.filters.tags.as_deref(), Some("@fast"));
        assert!(run.filters.release && run.include_ignored);
        assert!(parse(&["--spec", "buying"]).is_ok());
        for conflict in [
            &["--from", "x", "--release"][..],
            &["--from", "x", "--tags", "@a"],
            &["--from", "x", "Purchase"],
            &["--from", "x", "--include-ignored"],
        ] {
            assert!(parse(conflict).is_err(), "{conflict:?}");
        }
    }

    #[test]
    fn saved_events_parse_and_bad_lines_are_located() {
        let text = "{\"type\":\"scenario\",\"name\":\"spec::a::b\",\"file\":\"specs/a.feature\",\"line\":2,\"status\":\"passed\"}\n\n{\"type\":\"later-kind\",\"x\":1}\n{\"type\":\"summary\",\"passed\":1,\"failed\":0,\"ignored\":0}\n";
        let events = parse_events(text, "run.jsonl").unwrap();
        assert_eq!(events.len(), 2);
        let err = parse_events("{\"type\":\"scenario\"}\nnot json", "run.jsonl")
            .unwrap_err()
            .message;
        assert!(err.starts_with("run.jsonl:1: not an event"), "{err}");
        let err = parse_events("", "run.jsonl").unwrap_err().message;
        assert!(err.contains("no scenario or aspect events"), "{err}");
        let err = parse_events("warning: x", "run.jsonl").unwrap_err().message;
        assert!(err.starts_with("run.jsonl:1:"), "{err}");
    }

    #[test]
    fn saved_events_of_another_format_version_are_refused() {
        let scenario = "{\"type\":\"scenario\",\"name\":\"spec::a::b\",\"file\":\"specs/a.feature\",\"line\":2,\"tags\":[],\"status\":\"passed\"}";
        let ours = format!("{{\"type\":\"format\",\"version\":2}}\n{scenario}\n");
        assert_eq!(parse_events(&ours, "run.jsonl").unwrap().len(), 1);
        let older = format!("{{\"type\":\"format\",\"version\":3}}\n{scenario}\n");
        assert_eq!(parse_events(&older, "run.jsonl").unwrap().len(), 1);
        let later = format!("{scenario}\n{{\"type\":\"format\",\"version\":4}}\n{scenario}\n");
        let err = parse_events(&later, "run.jsonl").unwrap_err().message;
        assert!(
            err.starts_with("run.jsonl:2: events in format version 4, but cargo-aspect"),
            "{err}"
        );
    }
}
