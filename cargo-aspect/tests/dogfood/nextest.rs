//! The real `cargo nextest run` on the copy of the idle game (When), so specs
//! can say what nextest itself shows: PASS, FAIL or skipped. [`super::harness`]
//! runs the harness the way nextest does; this is nextest.
//!
//! It runs in the fixture root with the shared fixture target dir, as every
//! command of [`super::commands`] does. Without cargo-nextest installed the step
//! fails and says so: a spec about nextest that passed without it would be a
//! silent green.

use std::path::Path;

use aspect::when;

use super::commands::run_in;
use super::Dogfood;
use crate::idle::package;

/// `cargo nextest run -p <the game> --test aspect <args>`.
fn nextest(world: &mut Dogfood, args: &str) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let fixture = world.fixture()?;
    let root = fixture.root.clone();
    let game = package(&fixture.name);
    let installed = std::process::Command::new(&cargo)
        .args(["nextest", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !installed {
        return Err(
            "cargo-nextest is not installed: `cargo install cargo-nextest --locked`".to_owned(),
        );
    }
    run_in(
        world,
        &root,
        Path::new(&cargo),
        &format!("nextest run --no-fail-fast --color never -p {game} --test aspect {args}"),
    )
}

#[when("nextest runs the game's harness")]
fn nextest_runs(world: &mut Dogfood) -> Result<(), String> {
    nextest(world, "")
}

#[when("nextest runs the game's harness with `{}`")]
fn nextest_runs_with(world: &mut Dogfood, args: String) -> Result<(), String> {
    nextest(world, &args)
}
