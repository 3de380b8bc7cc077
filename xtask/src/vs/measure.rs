//! Measurement: each case run on both harnesses in turn, and the imports check
//! against `cargo check` of the same crate.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::async_templates::SLEEP_ENV;
use super::build::{cargo_in, resolve};
use super::cases::{Case, ImportsFigures, Invocation, Pair, Steps};
use super::options::Options;
use super::templates::SUITE_ENV;
use crate::bench::{median, mib, ms, run_once, Measured};
use crate::gen::write_if_changed;

/// Paths the imports check denies in the measured crate.
const DENY: [&str; 4] = ["std::fs", "std::net", "std::process", "std::env"];

/// Crates of the local registry checked unless `--crate` is given (newest version of each).
const DEFAULT_CRATES: [&str; 2] = ["syn-2.", "regex-syntax-"];

/// Run both harnesses `runs` times, swapping which goes first each run.
pub(super) fn measure_pair(
    case: &Case,
    aspect: &Path,
    cucumber: &Path,
    runs: usize,
) -> Result<Pair, String> {
    let suite: &Path = &case.suite;
    let sleep_ms = match case.steps {
        Steps::Sync => None,
        Steps::Async { sleep_ms } => Some(sleep_ms.to_string()),
    };
    let mut envs = vec![(SUITE_ENV, suite)];
    if let Some(ms) = &sleep_ms {
        envs.push((SLEEP_ENV, Path::new(ms)));
    }
    println!("\n{} (suite {})", case.label, case.suite.display());
    if let Some(ms) = &sleep_ms {
        println!("  async steps on tokio, {SLEEP_ENV}={ms}");
    }
    println!("  cargo-aspect: aspect {}", shown(&case.aspect.0));
    match &case.cucumber {
        Some((args, _)) => println!("  cucumber-rs:  cucumber {}", shown(args)),
        None => println!("  cucumber-rs:  n/a"),
    }
    let mut a = Vec::with_capacity(runs);
    let mut c = Vec::with_capacity(runs);
    for run in 1..=runs {
        let mut order: Vec<(&str, &Path, &Invocation)> =
            vec![("cargo-aspect", aspect, &case.aspect)];
        if let Some(cucumber_case) = &case.cucumber {
            order.push(("cucumber-rs", cucumber, cucumber_case));
        }
        if run % 2 == 0 {
            order.reverse();
        }
        let mut line = format!("  run {run}:");
        for (side, exe, (args, expect)) in order {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let (sample, captured) = run_once(exe, suite, &args, &envs)?;
            expect
                .check(&captured)
                .map_err(|e| format!("{}, {side}, run {run}: {e}", case.label))?;
            let _ = write!(
                line,
                "  {side} {:>10} {:>10}",
                ms(sample.wall),
                mib(sample.rss_kib)
            );
            if side == "cargo-aspect" {
                a.push(sample);
            } else {
                c.push(sample);
            }
        }
        println!("{line}");
    }
    let pair = Pair {
        aspect: Measured { samples: a },
        cucumber: (!c.is_empty()).then_some(Measured { samples: c }),
    };
    let mut line = format!(
        "  median: cargo-aspect {} {}",
        ms(pair.aspect.wall()),
        mib(pair.aspect.rss_kib())
    );
    if let Some(c) = &pair.cucumber {
        let _ = write!(line, "; cucumber-rs {} {}", ms(c.wall()), mib(c.rss_kib()));
    }
    println!("{line}   (load {})", load_average());
    Ok(pair)
}

fn shown(args: &[String]) -> String {
    args.iter()
        .map(|a| {
            if a.contains(' ') {
                format!("{a:?}")
            } else {
                a.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The newest `syn-2.*` and `regex-syntax-*` under `$CARGO_HOME/registry/src/*/`.
pub(crate) fn default_crates() -> Result<Vec<PathBuf>, String> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .ok_or("neither CARGO_HOME nor HOME is set")?;
    let src = home.join("registry/src");
    let mut candidates: Vec<PathBuf> = Vec::new();
    for index in std::fs::read_dir(&src).map_err(|e| format!("{}: {e}", src.display()))? {
        let index = index.map_err(|e| e.to_string())?.path();
        if let Ok(entries) = std::fs::read_dir(&index) {
            candidates.extend(entries.filter_map(Result::ok).map(|e| e.path()));
        }
    }
    let mut found = Vec::new();
    for prefix in DEFAULT_CRATES {
        let newest = candidates
            .iter()
            .filter(|p| {
                let name = p.file_name().unwrap_or_default().to_string_lossy();
                name.strip_prefix(prefix)
                    .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
            })
            .max_by_key(|p| version_key(p));
        match newest {
            Some(path) => found.push(path.clone()),
            None => println!(
                "no {prefix}* crate in {}; pass --crate DIR to check another",
                src.display()
            ),
        }
    }
    if found.is_empty() {
        return Err("no crate for the imports check; pass --crate DIR".to_owned());
    }
    Ok(found)
}

/// `syn-2.0.119` → `[2, 0, 119]`, for picking the newest version.
pub(super) fn version_key(path: &Path) -> Vec<u64> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let version = name.rsplit_once('-').map_or("", |(_, v)| v);
    version
        .split(['.', '+'])
        .map(|part| part.parse().unwrap_or(0))
        .collect()
}

/// `syn-2.0.119` → `syn`; a folder without a version is taken as the name.
pub(crate) fn crate_name(dir: &Path) -> String {
    let name = dir.file_name().unwrap_or_default().to_string_lossy();
    match name.rsplit_once('-') {
        Some((base, version)) if version.starts_with(|c: char| c.is_ascii_digit()) => {
            base.to_owned()
        }
        _ => name.into_owned(),
    }
}

/// Features `cargo check` enables so that it compiles what the imports check reads
/// (the scan follows every `mod`, whatever its `cfg`).
fn check_features(name: &str) -> &'static [&'static str] {
    match name {
        "syn" => &["full", "visit", "visit-mut", "fold", "extra-traits"],
        _ => &[],
    }
}

/// Time the imports probe and a clean `cargo check` of `crate_dir`, alternating.
pub(super) fn measure_imports(
    dir: &Path,
    probe: &Path,
    crate_dir: &Path,
    options: &Options,
) -> Result<ImportsFigures, String> {
    let crate_dir = crate_dir
        .canonicalize()
        .map_err(|e| format!("{}: {e}", crate_dir.display()))?;
    let folder = crate_dir
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let name = crate_name(&crate_dir);
    let features = check_features(&name);

    // The imports check reads a workspace: one whose only member is the crate.
    let ws = dir.join("imports").join(format!("ws-{folder}"));
    write_if_changed(
        &ws.join("Cargo.toml"),
        &format!(
            "# Generated by `cargo xtask bench --vs-cucumber`; read by the imports check only.\n\
             [workspace]\nmembers = [{:?}]\n",
            crate_dir.display().to_string()
        ),
    )
    .map_err(|e| format!("writing {}: {e}", ws.display()))?;
    // `cargo check` of the crate from a package depending on it (its dev-dependencies
    // are not resolved, as the registry's copy may not build them).
    let check = dir.join("imports").join(format!("check-{folder}"));
    let feature_list: Vec<String> = features.iter().map(|f| format!("{f:?}")).collect();
    write_if_changed(
        &check.join("Cargo.toml"),
        &format!(
            "# Generated by `cargo xtask bench --vs-cucumber`; do not edit.\n\
             [package]\nname = \"check-{}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [workspace]\n\n\
             [dependencies]\n{name} = {{ path = {:?}, features = [{}] }}\n",
            name.replace('_', "-"),
            crate_dir.display().to_string(),
            feature_list.join(", ")
        ),
    )
    .map_err(|e| format!("writing {}: {e}", check.display()))?;
    write_if_changed(
        &check.join("src/lib.rs"),
        "//! Nothing: `cargo check` of the dependency.\n",
    )
    .map_err(|e| format!("writing {}: {e}", check.display()))?;
    resolve(&check)?;

    let features_shown = if features.is_empty() {
        "default features".to_owned()
    } else {
        format!("features {}", features.join(","))
    };
    println!(
        "\nimports check of {} (deny {}) vs clean `cargo check -j {}` of it ({features_shown}, with its dependencies)",
        crate_dir.display(),
        DENY.join(", "),
        options.jobs
    );
    let mut args = vec![ws.to_string_lossy().into_owned(), name.clone()];
    args.extend(DENY.iter().map(|d| (*d).to_owned()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut scans = Vec::new();
    let mut checks = Vec::new();
    let (mut files, mut lines, mut violations) = (0, 0, 0);
    let target_dir = check.join("target");
    let jobs = options.jobs.to_string();
    for run in 1..=options.runs.max(options.build_runs) {
        let mut line = format!("  run {run}:");
        if run <= options.runs {
            let (sample, out) = run_once(probe, dir, &args, &[])?;
            out.expect_success()
                .map_err(|e| format!("imports probe on {}: {e}", crate_dir.display()))?;
            let json: serde_json::Value = serde_json::from_str(out.stdout.trim())
                .map_err(|e| format!("imports probe printed {:?}: {e}", out.stdout))?;
            let field = |key: &str| json[key].as_u64().unwrap_or(0);
            files = usize::try_from(field("files")).unwrap_or(0);
            lines = usize::try_from(field("lines")).unwrap_or(0);
            violations = usize::try_from(field("violations")).unwrap_or(0);
            let scan = Duration::from_micros(field("micros"));
            let _ = write!(
                line,
                "  imports check {:>10} (process {}, {})",
                ms(scan),
                ms(sample.wall),
                mib(sample.rss_kib)
            );
            scans.push(scan);
        }
        if run <= options.build_runs {
            cargo_in(&check, &["clean"], Some(&target_dir))?;
            let started = Instant::now();
            cargo_in(&check, &["check", "-j", &jobs], Some(&target_dir))?;
            let took = started.elapsed();
            let _ = write!(line, "  cargo check {:>9}", secs(took));
            checks.push(took);
        }
        println!("{line}");
    }
    Ok(ImportsFigures {
        label: folder,
        files,
        lines,
        violations,
        scan: median(scans.into_iter()),
        check: (!checks.is_empty()).then(|| median(checks.into_iter())),
    })
}

/// The load average (`/proc/loadavg`'s first three fields), or `?`.
pub(super) fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|| "?".to_owned())
}

pub(super) fn secs(duration: Duration) -> String {
    format!("{:.1} s", duration.as_secs_f64())
}
