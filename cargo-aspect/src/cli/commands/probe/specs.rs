//! Probing specs with cargo-mutants: mutate the code under test, run the spec
//! harness, and report the mutants no scenario catches, by function.
//!
//! cargo-mutants runs in place in the probe's scratch copy (so the workspace is
//! never mutated, even when it is interrupted), builds into the probe's own
//! target directory (kept from run to run, so dependencies are built once), and runs
//! `cargo test -p <harness package> --test <harness> -- spec::`: scenarios only,
//! as the harness runs them under `cargo test`. The unmutated baseline is run
//! here first (cargo-mutants' own would test the mutated packages, which need
//! not hold the harness); its time sets cargo-mutants' timeout. Its
//! `mutants.out/outcomes.json` is read for the verdicts.
//!
//! It must not change the workspace, and must not guess results: a missing
//! cargo-mutants, specs that fail with no mutant, or a run that ends in an
//! error are "cannot probe" (exit 2), never an empty list.

use std::collections::BTreeMap;
use std::process::{Command, Stdio};

use serde::Deserialize;

use super::args::ProbeArgs;
use super::scratch::Scratch;
use crate::cli::probe_outcome::{MissedMutant, SpecProbe, UnpinnedFunction};
use crate::cli::workspace::Workspace;
use crate::cli::{CliError, GlobalOpts};

/// The cargo-mutants version `.ci/run` installs and the error message names.
pub(crate) const CARGO_MUTANTS_VERSION: &str = "27.1.0";

/// The error when cargo-mutants is not installed, with the line that installs it.
///
/// # Errors
/// When `cargo-mutants` is not on PATH.
pub(crate) fn require_cargo_mutants() -> Result<(), CliError> {
    if which::which("cargo-mutants").is_ok() {
        return Ok(());
    }
    Err(CliError::new(format!(
        "cargo-mutants is not installed, so the specs cannot be probed; install it with\n    \
         cargo install cargo-mutants --locked --version {CARGO_MUTANTS_VERSION}\n\
         (or probe only the aspects: `cargo aspect probe --aspects-only`)"
    )))
}

/// Run cargo-mutants on the code under test, the spec harness as the tests.
///
/// # Errors
/// When cargo-mutants is missing, the specs fail with no mutant, or
/// cargo-mutants stops with an error.
pub(crate) fn probe(
    ws: &Workspace,
    global: &GlobalOpts,
    args: &ProbeArgs,
    scratch: &Scratch,
) -> Result<SpecProbe, CliError> {
    require_cargo_mutants()?;
    let packages = if args.mutate.is_empty() {
        under_test(ws)?
    } else {
        args.mutate.clone()
    };
    scratch.sync()?;
    let mut targets: Vec<&str> = ws.harnesses.iter().map(|h| h.target.as_str()).collect();
    targets.sort_unstable();
    targets.dedup();
    // cargo-mutants' own baseline tests the mutated packages, not `--test-package`,
    // so the baseline is run here: the spec harnesses, unmutated, in the copy.
    let baseline = baseline(ws, scratch, &targets, global)?;
    let timeout = args
        .timeout
        .unwrap_or_else(|| (baseline.as_secs_f64() * 5.0).max(20.0).ceil());
    let output = crate::cli::probe_outcome::probe_dir(ws);
    let mut command = Command::new("cargo-mutants");
    command
        .arg("mutants")
        .arg("--in-place")
        .arg("--no-shuffle")
        .arg("--baseline=skip")
        .arg("--dir")
        .arg(&scratch.root)
        .arg("--output")
        .arg(&output);
    for package in &packages {
        command.arg("--package").arg(package);
    }
    for harness in &ws.harnesses {
        command.arg("--test-package").arg(&harness.name);
    }
    if let Some(regex) = &args.mutants {
        command.arg("--re").arg(regex);
    }
    command.arg("--timeout").arg(timeout.to_string());
    command.arg("--");
    for target in targets {
        command.arg("--test").arg(target);
    }
    command.args(["--", "spec::"]);
    command.env("CARGO_TARGET_DIR", crate::cli::probe_outcome::build_dir(ws));
    let shown = format!(
        "cargo mutants {}",
        command
            .get_args()
            .skip(1)
            .map(|a| a.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    );
    if global.verbose {
        eprintln!("running {shown}");
    }
    command.stdin(Stdio::null());
    if global.quiet {
        command.stdout(Stdio::null());
    } else {
        // cargo-mutants' progress is for people: it goes to stderr, as cargo's does.
        command.stdout(std::io::stderr());
    }
    let status = command
        .status()
        .map_err(|e| CliError::new(format!("cannot run cargo-mutants: {e}")))?;
    scratch.sync()?;
    match status.code() {
        // 0 all caught, 2 some missed, 3 some timed out.
        Some(0 | 2 | 3) => {}
        other => {
            return Err(CliError::new(format!(
                "cargo-mutants stopped with {} ({shown}); see {}",
                other.map_or("a signal".to_owned(), |c| format!("exit code {c}")),
                output.join("mutants.out").display()
            )))
        }
    }
    let outcomes = output.join("mutants.out").join("outcomes.json");
    let text = std::fs::read_to_string(&outcomes)
        .map_err(|e| CliError::new(format!("cannot read {}: {e}", outcomes.display())))?;
    let mut probe = read_outcomes(&text)
        .map_err(|e| CliError::new(format!("cannot read {}: {e}", outcomes.display())))?;
    probe.packages = packages;
    probe.command = shown;
    Ok(probe)
}

/// Build, then run, the spec harnesses in the unmutated copy as cargo-mutants
/// will; how long the run (not the build) took.
///
/// # Errors
/// When they do not build or a scenario fails: mutants would tell nothing.
fn baseline(
    ws: &Workspace,
    scratch: &Scratch,
    targets: &[&str],
    global: &GlobalOpts,
) -> Result<std::time::Duration, CliError> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut elapsed = std::time::Duration::ZERO;
    for build_only in [true, false] {
        let mut command = Command::new(&cargo);
        command
            .arg("test")
            .arg("--manifest-path")
            .arg(scratch.root.join("Cargo.toml"));
        for harness in &ws.harnesses {
            command.arg("--package").arg(&harness.name);
        }
        for target in targets {
            command.arg("--test").arg(target);
        }
        if build_only {
            command.arg("--no-run");
        } else {
            command.args(["--", "spec::"]);
        }
        command
            .env("CARGO_TARGET_DIR", crate::cli::probe_outcome::build_dir(ws))
            .stdin(Stdio::null());
        if build_only && !global.quiet {
            // cargo's progress and compile errors, as they come.
            command.stderr(Stdio::inherit());
        }
        if global.quiet {
            command.arg("--quiet");
        }
        let started = std::time::Instant::now();
        let output = command
            .output()
            .map_err(|e| CliError::new(format!("cannot run cargo: {e}")))?;
        elapsed = started.elapsed();
        if !output.status.success() {
            let text = String::from_utf8_lossy(&output.stdout).into_owned()
                + &String::from_utf8_lossy(&output.stderr);
            let tail: Vec<&str> = text.lines().rev().take(20).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            return Err(CliError::new(format!(
                "the specs {} before any mutant, so mutants would tell nothing; make them hold first (`cargo aspect test`):\n{}",
                if build_only { "do not build" } else { "fail" },
                tail.join("\n")
            )));
        }
    }
    Ok(elapsed)
}

/// The selected harness packages and the workspace packages they depend on
/// (normal dependencies: the code the specs drive).
fn under_test(ws: &Workspace) -> Result<Vec<String>, CliError> {
    let metadata = cargo_metadata::MetadataCommand::new()
        .manifest_path(&ws.manifest_path)
        .no_deps()
        .exec()
        .map_err(|e| CliError::new(format!("cannot run `cargo metadata`: {e}")))?;
    let members: Vec<&cargo_metadata::Package> = metadata.workspace_packages();
    let mut names = Vec::new();
    for harness in &ws.harnesses {
        names.push(harness.name.clone());
        let Some(package) = members.iter().find(|p| p.name.as_str() == harness.name) else {
            continue;
        };
        for dep in &package.dependencies {
            let normal = dep.kind == cargo_metadata::DependencyKind::Normal;
            let member = members.iter().any(|m| m.name.as_str() == dep.name);
            if normal && member && dep.path.is_some() && !names.contains(&dep.name) {
                names.push(dep.name.clone());
            }
        }
    }
    Ok(names)
}

#[derive(Deserialize)]
struct Outcomes {
    outcomes: Vec<Outcome>,
    total_mutants: u64,
    missed: u64,
    caught: u64,
    timeout: u64,
    unviable: u64,
}

#[derive(Deserialize)]
struct Outcome {
    scenario: serde_json::Value,
    summary: String,
}

#[derive(Deserialize)]
struct Mutant {
    name: String,
    package: String,
    file: String,
    function: Option<Function>,
    span: Span,
}

#[derive(Deserialize)]
struct Function {
    function_name: String,
    span: Span,
}

#[derive(Deserialize)]
struct Span {
    start: LineColumn,
}

#[derive(Deserialize)]
struct LineColumn {
    line: u32,
    column: u32,
}

/// The counts and the missed mutants, by function, from `outcomes.json`.
fn read_outcomes(text: &str) -> Result<SpecProbe, String> {
    let outcomes: Outcomes = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let mut by_function: BTreeMap<(String, String, u32, String), Vec<MissedMutant>> =
        BTreeMap::new();
    for outcome in outcomes.outcomes {
        if outcome.summary != "MissedMutant" {
            continue;
        }
        let Some(mutant) = outcome.scenario.get("Mutant") else {
            continue;
        };
        let mutant: Mutant = serde_json::from_value(mutant.clone()).map_err(|e| e.to_string())?;
        let (function, line) = mutant.function.as_ref().map_or_else(
            || ("(outside any function)".to_owned(), mutant.span.start.line),
            |f| (f.function_name.clone(), f.span.start.line),
        );
        by_function
            .entry((mutant.file.clone(), mutant.package.clone(), line, function))
            .or_default()
            .push(MissedMutant {
                line: mutant.span.start.line,
                column: mutant.span.start.column,
                // cargo-mutants' name starts with the location, which is shown apart.
                description: mutant
                    .name
                    .strip_prefix(&format!(
                        "{}:{}:{}: ",
                        mutant.file, mutant.span.start.line, mutant.span.start.column
                    ))
                    .unwrap_or(&mutant.name)
                    .to_owned(),
            });
    }
    Ok(SpecProbe {
        packages: Vec::new(),
        mutants: outcomes.total_mutants,
        caught: outcomes.caught,
        missed: outcomes.missed,
        timeout: outcomes.timeout,
        unviable: outcomes.unviable,
        command: String::new(),
        unpinned: by_function
            .into_iter()
            .map(
                |((file, package, line, function), mutants)| UnpinnedFunction {
                    package,
                    file,
                    function,
                    line,
                    mutants,
                },
            )
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape cargo-mutants 27 writes (trimmed: one baseline, one caught, two missed).
    const OUTCOMES: &str = r#"{
      "outcomes": [
        {"scenario": "Baseline", "summary": "Success", "log_path": "log/baseline.log", "diff_path": null, "phase_results": []},
        {"scenario": {"Mutant": {"name": "core/src/lib.rs:40:9: replace Game::rate -> u64 with 0", "package": "idle-core", "file": "core/src/lib.rs",
          "function": {"function_name": "Game::rate", "return_type": "-> u64", "span": {"start": {"line": 39, "column": 5}, "end": {"line": 41, "column": 6}}},
          "span": {"start": {"line": 40, "column": 9}, "end": {"line": 40, "column": 30}}, "replacement": "0", "genre": "FnValue"}},
         "summary": "CaughtMutant", "log_path": "x", "diff_path": "y", "phase_results": []},
        {"scenario": {"Mutant": {"name": "core/src/lib.rs:60:20: replace > with >= in Game::buy", "package": "idle-core", "file": "core/src/lib.rs",
          "function": {"function_name": "Game::buy", "return_type": "-> Result<(), BuyError>", "span": {"start": {"line": 55, "column": 5}, "end": {"line": 70, "column": 6}}},
          "span": {"start": {"line": 60, "column": 20}, "end": {"line": 60, "column": 21}}, "replacement": ">=", "genre": "BinaryOperator"}},
         "summary": "MissedMutant", "log_path": "x", "diff_path": "y", "phase_results": []},
        {"scenario": {"Mutant": {"name": "core/src/lib.rs:66:9: replace Game::buy -> Result<(), BuyError> with Ok(())", "package": "idle-core", "file": "core/src/lib.rs",
          "function": {"function_name": "Game::buy", "return_type": "-> Result<(), BuyError>", "span": {"start": {"line": 55, "column": 5}, "end": {"line": 70, "column": 6}}},
          "span": {"start": {"line": 66, "column": 9}, "end": {"line": 66, "column": 20}}, "replacement": "Ok(())", "genre": "FnValue"}},
         "summary": "MissedMutant", "log_path": "x", "diff_path": "y", "phase_results": []}
      ],
      "total_mutants": 3, "missed": 2, "caught": 1, "timeout": 0, "unviable": 0, "success": 0,
      "start_time": "2026-01-01T00:00:00Z", "end_time": null, "cargo_mutants_version": "27.1.0"
    }"#;

    #[test]
    fn missed_mutants_are_grouped_by_function_with_their_lines() {
        let probe = read_outcomes(OUTCOMES).unwrap();
        assert_eq!((probe.mutants, probe.caught, probe.missed), (3, 1, 2));
        assert_eq!(probe.unpinned.len(), 1);
        let buy = &probe.unpinned[0];
        assert_eq!((buy.function.as_str(), buy.line), ("Game::buy", 55));
        let lines: Vec<u32> = buy.mutants.iter().map(|m| m.line).collect();
        assert_eq!(lines, [60, 66]);
        assert_eq!(buy.mutants[0].description, "replace > with >= in Game::buy");
    }
}
