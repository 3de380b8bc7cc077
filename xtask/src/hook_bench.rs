//! The `PreToolUse` row of `cargo xtask bench`: how long `cargo aspect hook
//! PreToolUse` takes to answer, as Claude Code runs it before every edit.
//!
//! It builds the `cargo-aspect` binary in release (as `cargo install`
//! builds it), sends it the hook's JSON for an edit of a spec of this
//! repository (denied) and of a source file (allowed) 21 times each, and
//! reports the medians. The hook must answer within [`BUDGET`]: it reads
//! manifests and aspect files and must not spawn cargo. A wrong answer, or
//! a median over the budget, fails the bench.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one `PreToolUse` answer may take.
pub const BUDGET: Duration = Duration::from_millis(20);

/// Runs per measurement; the median is reported.
const RUNS: usize = 21;

/// The table row: `cargo aspect hook PreToolUse` → `denied x ms, allowed y ms`.
pub fn pre_tool_use(root: &Path) -> Result<(String, String), String> {
    let exe = build(root)?;
    let input = |file: &str| {
        serde_json::json!({
            "session_id": "xtask-bench",
            "transcript_path": "/dev/null",
            "cwd": root,
            "permission_mode": "acceptEdits",
            "hook_event_name": "PreToolUse",
            "tool_name": "Edit",
            "tool_input": {"file_path": root.join(file), "old_string": "a", "new_string": "b"},
            "tool_use_id": "toolu_bench",
        })
        .to_string()
    };
    let denied = median(&exe, root, &input("specs/fix.feature"), |out| {
        out.contains("\"permissionDecision\":\"deny\"")
    })?;
    let allowed = median(&exe, root, &input("cargo-aspect/src/lib.rs"), str::is_empty)?;
    let label = format!(
        "cargo aspect hook PreToolUse (this repo, budget {} ms)",
        BUDGET.as_millis()
    );
    let value = format!(
        "denied {:.1} ms, allowed {:.1} ms (median of {RUNS})",
        denied.as_secs_f64() * 1000.0,
        allowed.as_secs_f64() * 1000.0
    );
    if denied.max(allowed) > BUDGET {
        return Err(format!("{label}: {value}, over the budget"));
    }
    Ok((label, value))
}

/// `cargo build --release -p cargo-aspect --bin cargo-aspect`; the binary.
fn build(root: &Path) -> Result<PathBuf, String> {
    println!("\n$ cargo build --release -p cargo-aspect --bin cargo-aspect");
    let status = crate::bench::cargo()
        .args([
            "build",
            "--release",
            "-p",
            "cargo-aspect",
            "--bin",
            "cargo-aspect",
        ])
        .current_dir(root)
        .status()
        .map_err(|e| format!("running cargo: {e}"))?;
    if !status.success() {
        return Err(format!("building cargo-aspect failed ({status})"));
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(|t| root.join(t))
        .unwrap_or_else(|| root.join("target"));
    Ok(target.join("release").join("cargo-aspect"))
}

/// The median wall time of `RUNS` answers to `input`, each checked by `answered`.
fn median(
    exe: &Path,
    root: &Path,
    input: &str,
    answered: fn(&str) -> bool,
) -> Result<Duration, String> {
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let started = Instant::now();
        let mut child = Command::new(exe)
            .args(["aspect", "hook", "PreToolUse"])
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("running {}: {e}", exe.display()))?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin
                .write_all(input.as_bytes())
                .map_err(|e| format!("writing the hook's input: {e}"))?;
        }
        let output = child
            .wait_with_output()
            .map_err(|e| format!("waiting for the hook: {e}"))?;
        times.push(started.elapsed());
        let stdout = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() || !answered(stdout.trim()) {
            return Err(format!(
                "the hook answered {input} with {}: {stdout}{}",
                output.status,
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    times.sort();
    Ok(times[RUNS / 2])
}
