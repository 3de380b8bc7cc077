//! Given steps for a crate exactly as a new user has it: made by `cargo new`
//! with its own git repository (whose `.gitignore` is `/target`), its own
//! workspace and its own `target/` inside the repository. The idle-game copies
//! build into the shared fixture target dir, outside their repository, so they
//! cannot show what happens to a tree whose target dir git ignores.

use aspect::given;

use super::{read, write, Dogfood};
use crate::support::{Fixture, Run};

/// `git <args>` in the crate.
fn git(world: &Dogfood, args: &[&str]) -> Result<Run, String> {
    let dir = world.workdir()?;
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(&dir)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    if run.code == 0 {
        Ok(run)
    } else {
        Err(format!("git {args:?} failed:\n{}", run.all()))
    }
}

#[given("a crate made by `cargo new` in a git repository and target directory of its own")]
fn git_crate(world: &mut Dogfood) -> Result<(), String> {
    let name = world.fixture_name()?;
    let fixture = Fixture::new(&name);
    let package = fixture.package("fresh");
    // `cargo new` joins the nearest workspace: this one, not the repository's.
    fixture.file("Cargo.toml", "[workspace]\nmembers = []\n");
    let made = fixture.run_cargo(&["new", "--lib", "--vcs", "git", "--quiet", &package]);
    if made.code != 0 {
        return Err(format!("cargo new failed:\n{}", made.all()));
    }
    let _ = std::fs::remove_file(fixture.root.join("Cargo.toml"));
    let dir = fixture.root.join(&package);
    let ignore = read(&dir.join(".gitignore"))?;
    if ignore != "/target\n" {
        return Err(format!("cargo new wrote a .gitignore of {ignore:?}"));
    }
    // A workspace of its own (it lives inside this repository's), with this
    // repository's lock file, so it resolves to versions already downloaded.
    let manifest = dir.join("Cargo.toml");
    write(&manifest, &format!("{}\n[workspace]\n", read(&manifest)?))?;
    std::fs::copy(fixture.root.join("Cargo.lock"), dir.join("Cargo.lock"))
        .map_err(|e| format!("copying Cargo.lock: {e}"))?;
    let target = dir.join("target").display().to_string();
    world.workdir = package.into();
    world.fixture = Some(fixture);
    world.env.retain(|(k, _)| k != "CARGO_TARGET_DIR");
    world.env.push(("CARGO_TARGET_DIR".to_owned(), target));
    for args in [
        &["config", "user.name", "cargo-aspect specs"][..],
        &["config", "user.email", "specs@cargo-aspect.invalid"],
        &["config", "commit.gpgsign", "false"],
    ] {
        git(world, args)?;
    }
    Ok(())
}

#[given("the crate is committed to git")]
fn crate_committed(world: &mut Dogfood) -> Result<(), String> {
    // cargo settles Cargo.lock on its first run; settled now, it stays as committed.
    let settled = world
        .fixture()?
        .cargo()
        .args(["metadata", "--format-version", "1"])
        .current_dir(world.workdir()?)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !settled.status.success() {
        return Err(format!(
            "cargo metadata failed:\n{}",
            String::from_utf8_lossy(&settled.stderr)
        ));
    }
    git(world, &["add", "-A"])?;
    git(world, &["commit", "-q", "-m", "the crate"])?;
    Ok(())
}
