//! The idle game's test harness run as `cargo nextest run` runs it: built by
//! `cargo test --no-run`, then run by itself in the package's directory, once
//! to list its trials (`--list --format terse`) and once per trial
//! (`'<name>' --exact`). Its output is checked by [`super::commands`]' Then
//! steps, and here the listing, which nextest reads line by line.

use aspect::{given, then, when, DataTable};

use super::commands::run_in;
use super::Dogfood;
use crate::idle::{package, GAME};

#[given("the game's harness is built by `cargo test --no-run`")]
fn harness_built(world: &mut Dogfood) -> Result<(), String> {
    let fixture = world.fixture()?;
    // Panics with cargo's output when the build fails.
    let exe = fixture.build_test(&package(&fixture.name), "aspect", false);
    world.harness = Some(exe);
    Ok(())
}

#[when("I run the harness with `{}`")]
fn run_harness(world: &mut Dogfood, args: String) -> Result<(), String> {
    let exe = world
        .harness
        .clone()
        .ok_or("no harness yet: a Given step builds it")?;
    let dir = world.fixture()?.root.join(GAME);
    run_in(world, &dir, &exe, &args)
}

/// Every line of stdout is `<name>: test`, as nextest parses it.
#[then("the output lists {int} tests, one `<name>: test` line each, among them:")]
fn lists_tests(world: &mut Dogfood, count: usize, names: &DataTable) -> Result<(), String> {
    let last = world.last()?;
    let listed = last
        .stdout
        .lines()
        .map(|line| line.strip_suffix(": test").ok_or(line))
        .collect::<Result<Vec<&str>, &str>>()
        .map_err(|line| format!("not a `<name>: test` line: {line:?}\n{}", last.all()))?;
    if listed.len() != count {
        return Err(format!("{} tests listed:\n{}", listed.len(), last.all()));
    }
    for row in &names.rows {
        let name = row.first().ok_or("a row without a name")?;
        if !listed.contains(&name.as_str()) {
            return Err(format!("{name:?} is not listed:\n{}", last.all()));
        }
    }
    Ok(())
}
