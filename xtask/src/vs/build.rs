//! Building the generated packages with cargo and finding the executables cargo
//! made: the timed clean debug builds of the build rows (what a user waits for
//! after `cargo aspect init`), and the untimed release builds the runs use.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::bench::cargo;

/// Make sure `package` has a lock file and its dependencies are downloaded, so no
/// timed build waits for the network.
pub(super) fn resolve(package: &Path) -> Result<(), String> {
    if !package.join("Cargo.lock").is_file() {
        cargo_in(package, &["generate-lockfile"], None)?;
    }
    cargo_in(package, &["fetch"], None)
}

/// Run `cargo args` in `dir` (with `CARGO_TARGET_DIR` = `target_dir` if given); fail unless it succeeds.
pub(super) fn cargo_in(dir: &Path, args: &[&str], target_dir: Option<&Path>) -> Result<(), String> {
    let mut cmd = cargo();
    cmd.args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(target_dir) = target_dir {
        cmd.env("CARGO_TARGET_DIR", target_dir);
    }
    let output = cmd.output().map_err(|e| format!("running cargo: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`cargo {}` in {} failed ({})\n{}",
            args.join(" "),
            dir.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// One timed clean build.
#[derive(Clone, Copy, Debug)]
pub(super) struct BuildTime {
    pub(super) wall: Duration,
    /// User plus system time of cargo and every rustc it ran: less sensitive to
    /// a shared machine than the wall time (the target is on the wall time).
    pub(super) cpu: Duration,
}

/// A package whose clean debug build is timed, and its builds.
pub(super) struct Timed {
    /// What the row calls it: `cargo-aspect as init sets it up`, ...
    pub(super) label: String,
    pub(super) package: PathBuf,
    /// The test target whose executable the build must produce.
    pub(super) test: &'static str,
    pub(super) builds: Vec<BuildTime>,
}

/// The folder the timed builds of `package` go to, apart from the release
/// builds of the runs (a clean of one does not touch the other).
pub(super) fn clean_target_dir(package: &Path) -> PathBuf {
    package.join("target-clean")
}

/// `cargo clean` then `cargo test --no-run -j jobs` (debug, as after `cargo
/// aspect init`) of `package` in [`clean_target_dir`]: the build's wall and CPU
/// time, not counting the clean. Fails unless the executable of `test` was made.
pub(super) fn clean_debug_build(
    package: &Path,
    test: &str,
    jobs: usize,
) -> Result<BuildTime, String> {
    let target_dir = clean_target_dir(package);
    cargo_in(package, &["clean"], Some(&target_dir))?;
    let jobs = jobs.to_string();
    let cpu_before = children_cpu();
    let started = Instant::now();
    let output = cargo()
        .args(["test", "--no-run", "-j", &jobs, "--message-format=json"])
        .current_dir(package)
        .env("CARGO_TARGET_DIR", &target_dir)
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("running cargo: {e}"))?;
    let wall = started.elapsed();
    let cpu = children_cpu().saturating_sub(cpu_before);
    executable(&output, test, package)?;
    Ok(BuildTime { wall, cpu })
}

/// `cargo test --release --no-run` of `package` in its own `target/`
/// (incremental, not timed): the executable of test target `test`, for the runs.
pub(super) fn release_build(package: &Path, test: &str, jobs: usize) -> Result<PathBuf, String> {
    let jobs = jobs.to_string();
    let output = cargo()
        .args([
            "test",
            "--release",
            "--no-run",
            "-j",
            &jobs,
            "--message-format=json",
        ])
        .current_dir(package)
        .env("CARGO_TARGET_DIR", package.join("target"))
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("running cargo: {e}"))?;
    executable(&output, test, package)
}

/// The `cargo-aspect` binary of the workspace at `root` (built if needed, not
/// timed), to run `cargo aspect init` in a generated package.
pub(super) fn build_cli(root: &Path, jobs: usize) -> Result<PathBuf, String> {
    let jobs = jobs.to_string();
    let output = cargo()
        .args([
            "build",
            "-p",
            "cargo-aspect",
            "--bin",
            "cargo-aspect",
            "-j",
            &jobs,
            "--message-format=json",
        ])
        .current_dir(root)
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("running cargo: {e}"))?;
    executable(&output, "cargo-aspect", root)
}

/// `cargo aspect init --path runtime` in `package` with the binary `cli`: the
/// package gets the dependency, target and sample aspect init writes for it.
pub(super) fn run_init(cli: &Path, package: &Path, runtime: &Path) -> Result<String, String> {
    let output = std::process::Command::new(cli)
        .args(["aspect", "init", "--path"])
        .arg(runtime)
        .current_dir(package)
        .output()
        .map_err(|e| format!("running {}: {e}", cli.display()))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    if output.status.success() {
        Ok(text)
    } else {
        Err(format!(
            "`cargo aspect init` in {} failed ({})\n{text}",
            package.display(),
            output.status
        ))
    }
}

/// The `features = [...]` of the `aspect` dev-dependency in `package`'s
/// manifest, as written (for the row's label).
pub(super) fn runtime_features(package: &Path) -> String {
    let manifest = std::fs::read_to_string(package.join("Cargo.toml")).unwrap_or_default();
    manifest
        .lines()
        .find(|line| line.trim_start().starts_with("aspect = "))
        .and_then(|line| {
            let start = line.find("features = [")?;
            let end = line[start..].find(']')? + start + 1;
            Some(line[start..end].to_owned())
        })
        .unwrap_or_else(|| "features = ?".to_owned())
}

/// User plus system time of this process's waited-for children (and theirs).
#[allow(unsafe_code)]
fn children_cpu() -> Duration {
    // SAFETY: getrusage writes one rusage into the zeroed struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) } != 0 {
        return Duration::ZERO;
    }
    let time = |t: libc::timeval| {
        Duration::from_secs(u64::try_from(t.tv_sec).unwrap_or(0))
            + Duration::from_micros(u64::try_from(t.tv_usec).unwrap_or(0))
    };
    time(usage.ru_utime) + time(usage.ru_stime)
}

/// The probe, built in release in the shared bench target folder (not timed).
pub(super) fn build_probe(
    package: &Path,
    target_dir: &Path,
    jobs: usize,
) -> Result<PathBuf, String> {
    let jobs = jobs.to_string();
    let output = cargo()
        .args(["build", "--release", "-j", &jobs, "--message-format=json"])
        .current_dir(package)
        .env("CARGO_TARGET_DIR", target_dir)
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("running cargo: {e}"))?;
    executable(&output, "imports-probe", package)
}

/// From `cargo --message-format=json` output: the executable of target `name`.
pub(super) fn executable(
    output: &std::process::Output,
    name: &str,
    package: &Path,
) -> Result<PathBuf, String> {
    let messages: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect();
    if !output.status.success() {
        let mut text = String::from_utf8_lossy(&output.stderr).into_owned();
        for message in &messages {
            if let Some(rendered) = message["message"]["rendered"].as_str() {
                text.push_str(rendered);
            }
        }
        return Err(format!(
            "building {} failed ({})\n{text}",
            package.display(),
            output.status
        ));
    }
    messages
        .iter()
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == name)
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| {
            format!(
                "cargo reported no `{name}` executable in {}",
                package.display()
            )
        })
}

/// `runs` clean debug builds of each package, alternating, the order rotating
/// each run so that no package always builds first (or after the same one).
pub(super) fn timed_builds(timed: &mut [Timed], runs: usize, jobs: usize) -> Result<(), String> {
    println!(
        "\nclean builds: `cargo clean` then `cargo test --no-run -j {jobs}` (debug), {runs} per package"
    );
    for run in 0..runs {
        for i in 0..timed.len() {
            let package = &mut timed[(i + run) % timed.len()];
            let took = clean_debug_build(&package.package, package.test, jobs)?;
            println!(
                "  build {}: {:<55} {:>7.1} s wall {:>7.1} s cpu   (load {})",
                run + 1,
                package.label,
                took.wall.as_secs_f64(),
                took.cpu.as_secs_f64(),
                super::measure::load_average()
            );
            package.builds.push(took);
        }
    }
    Ok(())
}
