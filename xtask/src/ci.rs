//! `cargo xtask ci`: what CI runs, runnable locally with one command.
//!
//! Keeping the list here (rather than only in a CI config) means a contributor
//! can reproduce a CI failure before pushing, and CI and local runs cannot drift:
//! the steps are `.ci/run`'s, in its order, less its installs.

use std::path::Path;
use std::process::Stdio;

use crate::bench::cargo;

/// The cargo invocations CI runs, in order.
const STEPS: &[&[&str]] = &[
    &["fmt", "--all", "--", "--check"],
    &[
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ],
    // The runtime as users depend on it (init's features, and specs only).
    &[
        "clippy",
        "-p",
        "cargo-aspect",
        "--no-default-features",
        "--features",
        "imports",
        "--",
        "-D",
        "warnings",
    ],
    &[
        "clippy",
        "-p",
        "cargo-aspect",
        "--no-default-features",
        "--",
        "-D",
        "warnings",
    ],
    // The `tokio` feature is off by default, so the lines above never compile it.
    &[
        "clippy",
        "-p",
        "cargo-aspect",
        "--features",
        "tokio",
        "--lib",
        "--",
        "-D",
        "warnings",
    ],
    &[
        "test",
        "-p",
        "cargo-aspect",
        "--features",
        "tokio",
        "--lib",
        "runtime::",
    ],
    // examples/kv-server turns `tokio` on in workspace builds (features unify),
    // so the compile error for its absence is checked on its own.
    &["test", "-p", "cargo-aspect", "--test", "ui_without_tokio"],
    &["test", "--workspace"],
];

/// Run every step in `root`, stopping at the first failure; the exit code to end with.
pub fn run(root: &Path) -> i32 {
    for args in STEPS {
        let code = step(root, args);
        if code != 0 {
            return code;
        }
    }
    let nextest = cargo()
        .args(["nextest", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if nextest {
        let code = step(root, &["nextest", "run", "--workspace", "--no-fail-fast"]);
        if code != 0 {
            return code;
        }
    } else {
        println!("skipped `cargo nextest run --workspace`: `cargo nextest --version` does not work (cargo-nextest not installed)");
    }
    // Bench evidence is judged only when optimized.
    for package in ["cargo-aspect", "idle-game"] {
        let args = [
            "test",
            "--release",
            "-p",
            package,
            "--test",
            "aspect",
            "--",
            "--tags",
            "@performance",
        ];
        let code = step(root, &args);
        if code != 0 {
            return code;
        }
    }
    println!("ci: all steps passed");
    0
}

/// Print and run `cargo args`; its exit code (1 if it could not start or was killed).
fn step(root: &Path, args: &[&str]) -> i32 {
    println!("$ cargo {}", args.join(" "));
    match cargo().args(args).current_dir(root).status() {
        Ok(status) if status.success() => 0,
        Ok(status) => {
            eprintln!("ci: `cargo {}` failed ({status})", args.join(" "));
            status.code().unwrap_or(1)
        }
        Err(e) => {
            eprintln!("ci: could not run cargo: {e}");
            1
        }
    }
}
