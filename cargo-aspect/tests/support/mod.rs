//! Fixture workspaces for integration tests: written to a temp dir, built with the
//! real cargo, run as real processes.
//!
//! Every fixture shares one `CARGO_TARGET_DIR` under `target/` so the runtime and
//! its dependencies compile once for all tests, and copies this workspace's
//! `Cargo.lock` so it resolves to the versions already built.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The runtime crate's directory, for `path = ...` dependencies.
pub fn runtime_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A workspace written to disk.
///
/// cargo names a workspace member's build outputs by its path relative to the
/// workspace root, so two fixtures with the same layout and package names would
/// overwrite each other's executables in the shared target dir (and an
/// executable embeds its own `CARGO_MANIFEST_DIR`). Name packages that differ
/// per fixture with [`Fixture::package`].
pub struct Fixture {
    pub root: PathBuf,
    /// The fixture's unique name (its directory name).
    pub name: String,
}

/// What a harness run printed.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// stdout and stderr, for assertion messages.
    pub fn all(&self) -> String {
        format!(
            "--- exit {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    /// The verdict libtest printed for trial `name` (`ok`, `FAILED`, `ignored`).
    pub fn verdict(&self, name: &str) -> Option<&str> {
        // libtest-mimic pads names to a column: `test <name>   ... ok`.
        let prefix = format!("test {name} ");
        self.stdout.lines().find_map(|l| {
            let rest = l.strip_prefix(prefix.as_str())?.trim_start();
            rest.strip_prefix("... ").map(str::trim)
        })
    }
}

impl Fixture {
    /// A fresh, empty fixture directory named `name`.
    pub fn new(name: &str) -> Fixture {
        let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join("fixtures")
            .join(name);
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        let lock = runtime_dir().join("../Cargo.lock");
        if lock.is_file() {
            std::fs::copy(lock, root.join("Cargo.lock")).unwrap();
        }
        Fixture {
            root,
            name: name.to_owned(),
        }
    }

    /// A package name unique to this fixture: `<base>-<fixture name>`.
    pub fn package(&self, base: &str) -> String {
        format!("{base}-{}", self.name)
    }

    /// Write `contents` at `relative`, creating folders.
    pub fn file(&self, relative: &str, contents: &str) -> &Fixture {
        let path = self.root.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
        self
    }

    /// Remove a file written earlier.
    pub fn remove(&self, relative: &str) {
        std::fs::remove_file(self.root.join(relative)).unwrap();
    }

    /// The shared target directory for every fixture.
    pub fn target_dir() -> PathBuf {
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("../fixture-target")
    }

    /// A `cargo` command in the fixture with the shared target dir.
    pub fn cargo(&self) -> Command {
        let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        cmd.current_dir(&self.root)
            .env("CARGO_TARGET_DIR", Self::target_dir())
            .env_remove("ASPECT_TAGS")
            .env_remove("RUSTFLAGS");
        cmd
    }

    /// Build the test target `test` of package `package` and return its executable.
    pub fn build_test(&self, package: &str, test: &str, release: bool) -> PathBuf {
        let mut cmd = self.cargo();
        cmd.args([
            "test",
            "--no-run",
            "--message-format=json",
            "-p",
            package,
            "--test",
            test,
        ]);
        if release {
            cmd.arg("--release");
        }
        let output = cmd.output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "building the fixture failed:\n{}\n{}",
            stdout,
            String::from_utf8_lossy(&output.stderr)
        );
        stdout
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == test)
            .find_map(|m| m["executable"].as_str().map(PathBuf::from))
            .expect("cargo reported no test executable")
    }

    /// Run an executable with arguments (as `cargo test` runs it, even when
    /// nextest runs this test: a harness behaves differently under nextest).
    pub fn run(&self, exe: &Path, args: &[&str]) -> Run {
        self.run_env(exe, args, &[])
    }

    /// Run an executable with arguments and extra environment.
    pub fn run_env(&self, exe: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = Command::new(exe);
        cmd.args(args)
            .current_dir(&self.root)
            .env_remove("ASPECT_TAGS")
            .env_remove("NEXTEST");
        for (k, v) in env {
            cmd.env(k, v);
        }
        Run::from(cmd.output().unwrap())
    }

    /// Run a cargo command to completion.
    pub fn run_cargo(&self, args: &[&str]) -> Run {
        Run::from(self.cargo().args(args).output().unwrap())
    }

    /// The 1-based line in `relative` of the first line containing `needle`.
    pub fn line_of(&self, relative: &str, needle: &str) -> usize {
        let text = std::fs::read_to_string(self.root.join(relative)).unwrap();
        text.lines()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle:?} not in {relative}"))
            + 1
    }
}

/// `line` without its `@X@` markers, and each marker's letters with the
/// column (from 1) of what follows it: the seeded imports fixtures mark the
/// place each aspect must report with the aspect's letter.
pub fn unmark(line: &str) -> (String, Vec<(char, usize)>) {
    let (mut written, mut marks) = (String::new(), Vec::new());
    let mut rest = line;
    while let Some(start) = rest.find('@') {
        written.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let end = after.find('@').expect("a marker is `@X@`");
        let column = written.chars().count() + 1;
        marks.extend(after[..end].chars().map(|letter| (letter, column)));
        rest = &after[end + 1..];
    }
    written.push_str(rest);
    (written, marks)
}

/// The `file:line:col` of each report line of an imports failure.
pub fn located(message: &str) -> std::collections::BTreeSet<String> {
    message
        .lines()
        .filter_map(|line| {
            let (at, _) = line.split_once(": ")?;
            let mut parts = at.rsplitn(3, ':');
            let numeric = |p: Option<&str>| p.is_some_and(|p| p.parse::<usize>().is_ok());
            (numeric(parts.next()) && numeric(parts.next())).then(|| at.to_owned())
        })
        .collect()
}
