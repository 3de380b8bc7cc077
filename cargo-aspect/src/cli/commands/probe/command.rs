//! `cargo aspect probe`'s flow: list the aspects, probe them and the specs in
//! the scratch copy, write `probe.json`, print the result.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::args::ProbeArgs;
use super::aspects::{Listed, Prober};
use super::scratch::Scratch;
use super::specs;
use crate::cli::probe_outcome::{
    build_dir, probe_dir, AspectVerdict, ProbeResult, PROBE_FILE, PROBE_FORMAT_VERSION,
};
use crate::cli::runner::{self, BuildOptions};
use crate::cli::workspace::Workspace;
use crate::cli::{CliError, Format, GlobalOpts, Outcome};
use crate::event::{Event, DRY_RUN_ENV};

/// Run `cargo aspect probe`.
///
/// # Errors
/// When the workspace has no harness, a build fails, an aspect's evidence
/// fails before any plant, a `probe:` patch does not apply, or cargo-mutants
/// is missing or cannot run.
pub fn run(global: &GlobalOpts, args: &ProbeArgs) -> Result<Outcome, CliError> {
    let started = Instant::now();
    if !args.aspects_only {
        // Fail before any build when the tool is missing.
        specs::require_cargo_mutants()?;
    }
    let ws = Workspace::load(global)?;
    if ws.harnesses.is_empty() {
        return Err(ws.no_harness());
    }
    let probe_dir = probe_dir(&ws);
    let _lock = lock(&probe_dir)?;
    let scratch = Scratch::new(
        &ws.root,
        probe_dir.join("tree"),
        vec![ws.target_dir.clone()],
    );
    let mut result = ProbeResult {
        version: PROBE_FORMAT_VERSION,
        workspace: ws.root.display().to_string(),
        ..ProbeResult::default()
    };
    let listed = if args.specs_only {
        Vec::new()
    } else {
        list_aspects(&ws, global, args.tags.as_deref())?
    };
    // From here on every cargo run (the copy's harness, nested `cargo test` of
    // tests evidence, commands that build, cargo-mutants) builds into the
    // probe's own directory. Nothing else runs in this process meanwhile.
    std::env::set_var("CARGO_TARGET_DIR", build_dir(&ws));
    if !args.specs_only {
        let mut listed = listed;
        // Probed and reported by name, whatever order the listing came in.
        listed.sort_by(|a, b| a.event.name.cmp(&b.event.name));
        if !args.aspect.is_empty() {
            listed.retain(|l| {
                args.aspect
                    .iter()
                    .any(|name| l.event.name.strip_prefix("aspect::") == Some(name.as_str()))
            });
            if listed.is_empty() {
                return Err(CliError::new(format!(
                    "no aspect is named {}",
                    args.aspect.join(" or ")
                )));
            }
        }
        if !listed.is_empty() {
            let prober = Prober {
                ws: &ws,
                global,
                scratch: &scratch,
                empty: probe_dir.join("empty"),
                members: members(&ws)?,
            };
            result.aspects = prober.probe(&listed)?;
        }
    }
    if !args.aspects_only {
        result.specs = Some(specs::probe(&ws, global, args, &scratch)?);
    }
    result.seconds = started.elapsed().as_secs_f64();

    let path = probe_dir.join(PROBE_FILE);
    let json = serde_json::to_string_pretty(&result)
        .map_err(|e| CliError::new(format!("cannot write the probe result: {e}")))?;
    std::fs::write(&path, format!("{json}\n"))
        .map_err(|e| CliError::new(format!("cannot write {}: {e}", path.display())))?;
    match args.format {
        Format::Json => println!("{}", serde_json::to_string(&result).unwrap_or_default()),
        Format::Pretty => print_pretty(&result, &path, global)?,
    }
    let fails_already: Vec<&str> = result
        .aspects
        .iter()
        .filter(|a| a.verdict == AspectVerdict::FailsAlready)
        .map(|a| a.name.as_str())
        .collect();
    if !fails_already.is_empty() {
        return Err(CliError::new(format!(
            "{} fail{} before anything is planted, so probing {} tells nothing: make {} hold first (`cargo aspect test`)",
            fails_already.join(", "),
            if fails_already.len() == 1 { "s" } else { "" },
            if fails_already.len() == 1 { "it" } else { "them" },
            if fails_already.len() == 1 { "it" } else { "them" },
        )));
    }
    if result.cannot_fail() > 0 || result.missed() > 0 {
        Ok(Outcome::Fails)
    } else {
        Ok(Outcome::Holds)
    }
}

/// Hold the probe directory's lock for the whole probe: two probes of one
/// workspace would plant into the same copy.
fn lock(probe_dir: &Path) -> Result<std::fs::File, CliError> {
    std::fs::create_dir_all(probe_dir)
        .map_err(|e| CliError::new(format!("cannot create {}: {e}", probe_dir.display())))?;
    let path = probe_dir.join("lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| CliError::new(format!("cannot open {}: {e}", path.display())))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(CliError::new(format!(
            "another `cargo aspect probe` is running on this workspace (it holds {})",
            path.display()
        ))),
        Err(std::fs::TryLockError::Error(e)) => Err(CliError::new(format!(
            "cannot lock {}: {e}",
            path.display()
        ))),
    }
}

/// Every aspect of every harness, as a dry run lists them (validated, nothing judged).
fn list_aspects(
    ws: &Workspace,
    global: &GlobalOpts,
    tags: Option<&str>,
) -> Result<Vec<Listed>, CliError> {
    let built = runner::build_all(ws, global, BuildOptions { release: false })?;
    let mut listed = Vec::new();
    let mut args = vec![
        OsString::from("--include-ignored"),
        OsString::from("aspect::"),
    ];
    if let Some(tags) = tags {
        args.extend([OsString::from("--tags"), OsString::from(tags)]);
    }
    for harness in &built {
        let run = runner::run(ws, harness, &args, &[(DRY_RUN_ENV, "1")], global.verbose)
            .and_then(runner::HarnessRun::judged)?;
        for event in run.events {
            if let Event::Aspect(mut event) = event {
                if event.package.is_empty() {
                    event.package.clone_from(&harness.package.name);
                }
                listed.push(Listed {
                    event,
                    package_root: harness.package.root.clone(),
                });
            }
        }
    }
    Ok(listed)
}

/// Every member of the workspace: its name and directory.
fn members(ws: &Workspace) -> Result<Vec<(String, PathBuf)>, CliError> {
    let metadata = cargo_metadata::MetadataCommand::new()
        .manifest_path(&ws.manifest_path)
        .no_deps()
        .exec()
        .map_err(|e| CliError::new(format!("cannot run `cargo metadata`: {e}")))?;
    Ok(metadata
        .workspace_packages()
        .iter()
        .filter_map(|p| {
            let dir = p.manifest_path.parent()?.as_std_path().to_owned();
            Some((p.name.to_string(), dir))
        })
        .collect())
}

fn print_pretty(result: &ProbeResult, path: &Path, global: &GlobalOpts) -> Result<(), CliError> {
    let color = runner::stderr_color(global.color);
    let paint = |code: &str, text: &str| {
        if color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    };
    let write_error = |e: std::io::Error| CliError::new(format!("cannot write the report: {e}"));
    let mut out = std::io::stdout().lock();
    for a in &result.aspects {
        let word = match a.verdict {
            AspectVerdict::CanFail => paint("32", "can fail"),
            AspectVerdict::CannotFail => paint("1;31", "cannot fail"),
            AspectVerdict::NotProbed => paint("33", "not probed"),
            AspectVerdict::FailsAlready => paint("1;31", "fails already"),
        };
        writeln!(
            out,
            "{} ({}) {word}  {}:{}",
            a.name, a.evidence, a.file, a.line
        )
        .map_err(write_error)?;
        if !a.plant.is_empty() {
            writeln!(out, "    planted: {}", a.plant).map_err(write_error)?;
        }
        let show_message = a.verdict != AspectVerdict::CanFail || global.verbose;
        if show_message && !a.message.is_empty() {
            for line in a
                .message
                .lines()
                .take(if global.verbose { usize::MAX } else { 6 })
            {
                writeln!(out, "    {line}").map_err(write_error)?;
            }
        }
    }
    if let Some(specs) = &result.specs {
        if !specs.unpinned.is_empty() {
            writeln!(out, "\nbehaviour no spec pins down:").map_err(write_error)?;
        }
        for f in &specs.unpinned {
            writeln!(out, "  {} ({}:{})", f.function, f.file, f.line).map_err(write_error)?;
            for m in &f.mutants {
                writeln!(
                    out,
                    "    {}:{}:{}: {}",
                    f.file, m.line, m.column, m.description
                )
                .map_err(write_error)?;
            }
        }
        writeln!(
            out,
            "\nmutants of {}: {} in all, {} caught, {} missed, {} timed out, {} unviable",
            specs.packages.join(", "),
            specs.mutants,
            specs.caught,
            specs.missed,
            specs.timeout,
            specs.unviable
        )
        .map_err(write_error)?;
    }
    let count = |v: AspectVerdict| result.aspects.iter().filter(|a| a.verdict == v).count();
    writeln!(
        out,
        "probed {} aspect{}: {} can fail, {} cannot fail, {} not probed; {} mutant{} missed ({:.0} s); written to {}",
        result.aspects.len(),
        if result.aspects.len() == 1 { "" } else { "s" },
        count(AspectVerdict::CanFail),
        count(AspectVerdict::CannotFail),
        count(AspectVerdict::NotProbed),
        result.missed(),
        if result.missed() == 1 { "" } else { "s" },
        result.seconds,
        path.display()
    )
    .map_err(write_error)?;
    out.flush().map_err(write_error)
}
