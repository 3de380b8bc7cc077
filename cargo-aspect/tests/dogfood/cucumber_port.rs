//! Given steps that port the benchmark's cucumber-rs side: its step
//! definitions (`xtask/fixture/cucumber_steps.rs`) taken from this checkout as
//! they are, with only the rewrites the README's "Coming from cucumber-rs"
//! table lists, and the very suite `cargo xtask bench` generates.
//!
//! The rewrites are checked against the README's section, so the spec and the
//! migration table cannot drift apart; nothing else of the file is touched.

use aspect::{given, DataTable};

use super::{read, write, Dogfood};
use crate::support::runtime_dir;

/// The bench's suite generator, the code `cargo xtask bench` writes its
/// feature files with (it computes each expected value with the game in
/// `xtask/fixture/shop.rs`, so every scenario passes by construction).
#[allow(dead_code)]
#[path = "../../../xtask/src/gen/feature.rs"]
mod bench_feature;

/// The checkout's root, where `xtask/` and `README.md` are.
fn checkout() -> std::path::PathBuf {
    runtime_dir().join("..")
}

/// The README's "Coming from cucumber-rs" section.
fn migration_section() -> Result<String, String> {
    let readme = read(&checkout().join("README.md"))?;
    let start = readme
        .find("### Coming from cucumber-rs")
        .ok_or("README.md has no \"### Coming from cucumber-rs\" section")?;
    let rest = &readme[start + 3..];
    let end = rest.find("\n### ").unwrap_or(rest.len());
    Ok(rest[..end].to_owned())
}

#[given("the file {string} is {string} of this checkout")]
fn checkout_file(world: &mut Dogfood, file: String, source: String) -> Result<(), String> {
    let text = read(&checkout().join(&source))?;
    write(&world.path(&file)?, &text)
}

/// Each rewrite (`| cucumber-rs | cargo-aspect |` rows, in order) replaces
/// every occurrence; one that the README does not list, or that the file does
/// not need, is an error, so the list stays exactly what a port needs.
#[given("the file {string} is {string} of this checkout, with the README's rewrites:")]
fn rewritten_checkout_file(
    world: &mut Dogfood,
    file: String,
    source: String,
    rewrites: &DataTable,
) -> Result<(), String> {
    let section = migration_section()?;
    let mut text = read(&checkout().join(&source))?;
    for row in rewrites.rows.iter().skip(1) {
        let [from, to] = row.as_slice() else {
            return Err(format!(
                "expected `| cucumber-rs | cargo-aspect |` rows, found {row:?}"
            ));
        };
        let (from, to) = (from.trim_matches('`'), to.trim_matches('`'));
        for side in [from, to] {
            if !section.contains(&format!("`{side}")) {
                return Err(format!(
                    "README.md's \"Coming from cucumber-rs\" does not list `{side}`"
                ));
            }
        }
        if !text.contains(from) {
            return Err(format!("{source} has no `{from}` left to rewrite"));
        }
        text = text.replace(from, to);
    }
    write(&world.path(&file)?, &text)
}

/// Feature files `0..count` of the bench's suite, as `cargo xtask bench`
/// writes them (`xtask/src/gen`): 100 scenarios each.
#[given("the bench's generated idle-game suite of {int} feature files in {string}")]
fn bench_suite(world: &mut Dogfood, count: usize, dir: String) -> Result<(), String> {
    let dir = world.path(&dir)?;
    for index in 0..count {
        let feature = bench_feature::feature(index);
        write(&dir.join(format!("{}.feature", feature.id)), &feature.text)?;
    }
    Ok(())
}
