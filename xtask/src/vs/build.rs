//! Building the generated packages with cargo (clean builds timed) and finding
//! the executables cargo made.

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

/// `cargo test --release --no-run` of `package` in its own `target/`, after a
/// `cargo clean` there if `clean`: the executable of test target `test` and the
/// build's wall time (not counting the clean).
pub(super) fn build(
    package: &Path,
    test: &str,
    jobs: usize,
    clean: bool,
) -> Result<(PathBuf, Duration), String> {
    let target_dir = package.join("target");
    if clean {
        cargo_in(package, &["clean"], Some(&target_dir))?;
    }
    let jobs = jobs.to_string();
    let started = Instant::now();
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
        .env("CARGO_TARGET_DIR", &target_dir)
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("running cargo: {e}"))?;
    let took = started.elapsed();
    let exe = executable(&output, test, package)?;
    Ok((exe, took))
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
