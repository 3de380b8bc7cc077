//! The idle-game example as a standalone fixture workspace: copied with its
//! layout under a virtual workspace root, the runtime path rewritten, the game
//! package renamed per fixture (so copies in the shared target dir do not
//! overwrite each other's test executables), optionally committed to git; and
//! the `cargo aspect` binary to run on it.
//!
//! Declared with `#[path]` next to `mod support;` by the tests that use it.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

use crate::support::{runtime_dir, Fixture, Run};

/// Where the game lives inside the fixture.
pub const GAME: &str = "examples/idle-game";

/// The game's package name in fixture `name`.
///
/// cargo names a workspace member's artifacts by its path relative to the
/// workspace root, so copies of one layout in a shared target dir would
/// overwrite each other's test executables; a name per fixture keeps them apart.
pub fn package(name: &str) -> String {
    format!("idle-game-{name}")
}

/// The idle game, copied under a fresh workspace named `name`.
pub fn idle_game(name: &str) -> Fixture {
    let fixture = Fixture::new(name);
    copy_dir(
        &runtime_dir().join("../examples/idle-game"),
        &fixture.root.join(GAME),
    );
    fixture.file(
        "Cargo.toml",
        "[workspace]\nresolver = \"2\"\nmembers = [\"examples/idle-game\", \"examples/idle-game/core\"]\n\n\
         [workspace.package]\nedition = \"2021\"\n\n\
         [workspace.lints.rust]\nmissing_docs = \"warn\"\nunsafe_code = \"deny\"\n",
    );
    let manifest = fixture.root.join(GAME).join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    assert!(text.contains("\"../../cargo-aspect\""), "{text}");
    assert!(text.contains("name = \"idle-game\""), "{text}");
    let runtime = runtime_dir().display().to_string();
    let text = text
        .replace("\"../../cargo-aspect\"", &format!("{runtime:?}"))
        .replace(
            "name = \"idle-game\"",
            &format!("name = \"{}\"", package(name)),
        );
    std::fs::write(&manifest, text).unwrap();
    fixture
}

/// Replace `from` by `to` in the fixture file `relative` (which must contain it).
pub fn edit(fixture: &Fixture, relative: &str, from: &str, to: &str) {
    let path = fixture.root.join(relative);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?} not in {relative}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Settle `Cargo.lock` (cargo rewrites it for this workspace), then `git init`
/// and commit everything, with a local identity.
pub fn commit(fixture: &Fixture) {
    let settled = fixture.run_cargo(&["metadata", "--format-version", "1"]);
    assert_eq!(settled.code, 0, "{}", settled.all());
    fixture.file(".gitignore", "target/\n");
    for args in [
        &["init", "-q"][..],
        &["config", "user.name", "cargo-aspect tests"],
        &["config", "user.email", "tests@cargo-aspect.invalid"],
        &["config", "commit.gpgsign", "false"],
        &["add", "-A"],
        &["commit", "-q", "-m", "fixture"],
    ] {
        let run = git(fixture, args);
        assert_eq!(run.code, 0, "git {args:?}: {}", run.all());
    }
}

/// `cargo aspect <args>` in `dir` with `env`, and without the variables a test
/// inherits that would change the run (tags, events, dry run, GitHub, RUSTFLAGS).
pub fn cargo_aspect(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cargo-aspect"));
    cmd.arg("aspect")
        .args(args)
        .current_dir(dir)
        .env_remove("ASPECT_TAGS")
        .env_remove("ASPECT_EVENTS")
        .env_remove("ASPECT_DRY_RUN")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("RUSTFLAGS");
    for (k, v) in env {
        cmd.env(k, v);
    }
    run(&mut cmd)
}

/// `git <args>` in the fixture.
pub fn git(fixture: &Fixture, args: &[&str]) -> Run {
    run(Command::new("git").args(args).current_dir(&fixture.root))
}

/// Run `cmd` to completion.
fn run(cmd: &mut Command) -> Run {
    let output = cmd.output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Put the fixture back to its commit (tracked and untracked files).
pub fn reset(fixture: &Fixture) {
    for args in [&["reset", "-q", "--hard"][..], &["clean", "-q", "-fdx"]] {
        let run = git(fixture, args);
        assert_eq!(run.code, 0, "git {args:?}: {}", run.all());
    }
}

/// Copy a directory tree, keeping file modes, leaving out `target`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "target" {
            continue;
        }
        let path = entry.path();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&path, &to.join(&name));
        } else {
            std::fs::copy(&path, to.join(&name)).unwrap();
            // Keep the script executable.
            let mode = std::fs::metadata(&path).unwrap().permissions();
            std::fs::set_permissions(to.join(&name), mode).unwrap();
        }
    }
}
