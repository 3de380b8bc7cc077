//! A harness run away from the tree it was built in: the copy moved after the
//! build, a second checkout sharing the target dir, a nextest archive run
//! elsewhere in partitions. The steps move and copy the fixture and run the real
//! cargo (and cargo-nextest) in it; what they printed is checked by
//! [`super::commands`]' Then steps, and here which tests the partitions ran.
//!
//! `$ROOT` in a command stands for the fixture's root where it is now.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use aspect::{given, then, when, DataTable};

use super::commands::run_in;
use super::Dogfood;
use crate::idle::{copy_dir, package};
use crate::support::{Fixture, Run};

/// `<fixture root>-<suffix>`: a sibling of the fixture, outside its tree.
fn sibling(world: &Dogfood, suffix: &str) -> Result<PathBuf, String> {
    let root = &world.fixture()?.root;
    let mut name = root.file_name().unwrap_or_default().to_owned();
    name.push(format!("-{suffix}"));
    Ok(root.with_file_name(name))
}

/// Point the World's fixture at `root` (same name, so same package names).
fn work_in(world: &mut Dogfood, root: PathBuf) -> Result<(), String> {
    let name = world.fixture()?.name.clone();
    world.fixture = Some(Fixture { root, name });
    Ok(())
}

fn remove_dir(dir: &Path) -> Result<(), String> {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(format!("{}: {e}", dir.display()))
        }
        _ => Ok(()),
    }
}

/// Renamed, as `mv` would: the old path no longer exists.
#[given("the checkout is moved to another directory")]
fn moved(world: &mut Dogfood) -> Result<(), String> {
    let to = sibling(world, "moved")?;
    remove_dir(&to)?;
    let from = world.fixture()?.root.clone();
    std::fs::rename(&from, &to)
        .map_err(|e| format!("{} -> {}: {e}", from.display(), to.display()))?;
    work_in(world, to)
}

/// The fixture's files copied now, so that a build made afterwards in the first
/// checkout is newer than all of them: cargo then takes the second checkout's
/// executable to be fresh, as with two git worktrees of one commit.
#[given("a second checkout of it, sharing its target dir")]
fn second_checkout(world: &mut Dogfood) -> Result<(), String> {
    let to = sibling(world, "second")?;
    remove_dir(&to)?;
    copy_dir(&world.fixture()?.root, &to);
    Ok(())
}

#[given("I work in the second checkout")]
fn in_second_checkout(world: &mut Dogfood) -> Result<(), String> {
    let root = sibling(world, "second")?;
    work_in(world, root)
}

/// The real cargo in `dir` (relative to the working directory), with the
/// shared fixture target dir.
fn cargo_in(world: &mut Dogfood, args: &str, dir: &str) -> Result<(), String> {
    let root = world.fixture()?.root.display().to_string();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let args = args.replace("$ROOT", &root);
    let dir = world.path(dir)?;
    run_in(world, &dir, Path::new(&cargo), &args)
}

#[when("I run `cargo {}` in {string}")]
fn i_run_cargo(world: &mut Dogfood, args: String, dir: String) -> Result<(), String> {
    cargo_in(world, &args, &dir)
}

#[given("I have run `cargo {}` in {string}")]
fn i_have_run_cargo(world: &mut Dogfood, args: String, dir: String) -> Result<(), String> {
    cargo_in(world, &args, &dir)?;
    let last = world.last()?;
    if last.code != 0 {
        return Err(format!("`cargo {args}` failed:\n{}", last.all()));
    }
    Ok(())
}

/// One command per partition, as separate CI machines would run it; the output
/// is all of theirs and the exit code the worst.
#[when("I run `cargo {}` in {string} as partitions {word} and {word}")]
fn i_run_partitions(
    world: &mut Dogfood,
    args: String,
    dir: String,
    first: String,
    second: String,
) -> Result<(), String> {
    let mut all = Run {
        code: 0,
        stdout: String::new(),
        stderr: String::new(),
    };
    for partition in [first, second] {
        cargo_in(world, &format!("{args} --partition {partition}"), &dir)?;
        let run = world.last()?;
        all.code = all.code.max(run.code);
        all.stdout.push_str(&run.stdout);
        all.stderr.push_str(&run.stderr);
    }
    world.last = Some(all);
    Ok(())
}

/// The tests of `binary` nextest reported with a verdict (`PASS [`, `FAIL [`
/// lines: run with `--final-status-level none` so that no summary repeats
/// them), by name, with how many times each ran.
fn nextest_verdicts(run: &Run, binary: &str) -> BTreeMap<String, usize> {
    let mut ran = BTreeMap::new();
    let binary = format!(" {binary} ");
    for line in run.stderr.lines().chain(run.stdout.lines()) {
        let line = line.trim_start();
        if !(line.starts_with("PASS [") || line.starts_with("FAIL [")) {
            continue;
        }
        // `PASS [   0.004s] (1/13) <binary id> <test name>`
        if let Some((_, name)) = line.split_once(&binary) {
            *ran.entry(name.trim().to_owned()).or_default() += 1;
        }
    }
    ran
}

#[then("no test of the game's harness ran twice, and each of these ran once:")]
fn each_ran_once(world: &mut Dogfood, names: &DataTable) -> Result<(), String> {
    let binary = format!("{}::aspect", package(&world.fixture()?.name));
    let last = world.last()?;
    let ran = nextest_verdicts(last, &binary);
    if let Some((name, times)) = ran.iter().find(|(_, times)| **times > 1) {
        return Err(format!("{name:?} ran {times} times:\n{}", last.all()));
    }
    for row in &names.rows {
        let name = row.first().ok_or("a row without a name")?;
        if !ran.contains_key(name) {
            return Err(format!("{name:?} did not run:\n{}", last.all()));
        }
    }
    Ok(())
}
