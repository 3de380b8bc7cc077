//! The files `cargo aspect init` writes: a harness, a sample spec its steps
//! match, and a sample aspect.
//!
//! They exist so that a new user's first `cargo aspect test` passes and shows
//! one of each kind of trial. They must not depend on the user's crate beyond
//! its package name: the steps drive a World of their own, and the aspect only
//! denies imports the crate does not use yet (see `sample_aspect`).

/// Where the sample spec goes, relative to the package.
pub(super) const SAMPLE_SPEC_PATH: &str = "specs/example.feature";
/// Where the sample aspect goes, relative to the package.
pub(super) const SAMPLE_ASPECT_PATH: &str = "aspects/example.md";
/// The scenario of the sample spec (its trial is `spec::example::<scenario>`).
pub(super) const SAMPLE_SCENARIO: &str = "Adding to a counter";

/// What init may deny in the sample aspect: the path, the word for the aspect's
/// name, and what the denial promises.
pub(super) const SAMPLE_DENIALS: &[(&str, &str, &str)] = &[
    ("std::net", "network", "opens no network connections"),
    ("std::process", "processes", "starts no processes"),
];

/// The name of the sample aspect denying `deny` (its trial is `aspect::<name>`):
/// `no-network-or-processes`.
pub(super) fn sample_aspect_name(deny: &[&str]) -> String {
    let words: Vec<&str> = SAMPLE_DENIALS
        .iter()
        .filter(|(path, _, _)| deny.contains(path))
        .map(|(_, word, _)| *word)
        .collect();
    format!("no-{}", words.join("-or-"))
}

/// The harness `tests/<target>.rs`: a World, the sample spec's steps, `aspect::main!`.
pub(super) fn harness(target: &str) -> String {
    format!(
        r#"//! Specs and aspects of this crate, run as one test each:
//! `cargo aspect test` or `cargo test --test {target}`.
//!
//! Specs are the `.feature` files under `specs/`, aspects the `.md` files under
//! `aspects/` (globs in `[package.metadata.aspect]` of Cargo.toml). The steps
//! below match `specs/example.feature`; replace them with steps that drive your
//! crate, in this file or in modules of it.

use aspect::{{given, then, when}};

/// What the steps of one scenario share; each scenario starts from `World::default()`.
#[derive(Debug, Default)]
struct World {{
    counter: i64,
}}

#[given("a counter at {{int}}")]
fn a_counter_at(world: &mut World, value: i64) {{
    world.counter = value;
}}

/// A step fails its scenario by panicking or by returning an `Err`.
#[when("I add {{int}}")]
fn i_add(world: &mut World, amount: i64) -> Result<(), String> {{
    world.counter = world
        .counter
        .checked_add(amount)
        .ok_or("the counter overflowed")?;
    Ok(())
}}

#[then("the counter is {{int}}")]
fn the_counter_is(world: &mut World, expected: i64) {{
    assert_eq!(world.counter, expected);
}}

aspect::main!(World);
"#
    )
}

/// The sample spec; its steps are those of [`harness`], at `harness_path`.
pub(super) fn sample_spec(harness_path: &str) -> String {
    format!(
        "Feature: Example
  A sample spec written by `cargo aspect init`: its steps are in the harness,
  {harness_path}. Replace it with what your crate must do; each scenario runs
  as its own test.

  Scenario: {SAMPLE_SCENARIO}
    Given a counter at 2
    When I add 3
    Then the counter is 5
"
    )
}

/// The sample aspect: package `package` imports nothing from `deny` (a
/// non-empty subset of [`SAMPLE_DENIALS`]).
pub(super) fn sample_aspect(package: &str, deny: &[&str]) -> String {
    let quoted: Vec<String> = deny.iter().map(|d| format!("\"{d}\"")).collect();
    let promises: Vec<&str> = SAMPLE_DENIALS
        .iter()
        .filter(|(path, _, _)| deny.contains(path))
        .map(|(_, _, promise)| *promise)
        .collect();
    let listed: Vec<String> = deny.iter().map(|d| format!("`{d}`")).collect();
    format!(
        r#"---
name: {name}
evidence:
  imports:
    crate: "{package}"
    deny: [{deny}]
---
{summary}

A sample aspect written by `cargo aspect init`. An aspect names a property the
whole crate keeps and the evidence that proves it; the paragraph above is what
a failure shows. This evidence reads the crate's sources (its lib and bin
targets) without running them: add `external` to the `deny` list to allow no
dependencies, or `"std::fs"` for no file access. Other evidence: a script, a
`{{command: [...]}}`, a benchmark bound or a memory bound (see the cargo-aspect
README).
"#,
        name = sample_aspect_name(deny),
        deny = quoted.join(", "),
        summary = wrap(&format!(
            "`{package}` {}: its code imports nothing from {}.",
            promises.join(" and "),
            listed.join(" or ")
        )),
    )
}

/// `text` wrapped at 80 columns (between words).
fn wrap(text: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for word in text.split(' ') {
        if width > 0 && width + 1 + word.len() > 80 {
            out.push('\n');
            width = 0;
        } else if width > 0 {
            out.push(' ');
            width += 1;
        }
        out.push_str(word);
        width += word.len();
    }
    out
}

/// Whether an existing harness file is an aspect harness (so init can rely on it).
pub(super) fn looks_like_a_harness(text: &str) -> bool {
    text.contains("aspect::main!") || text.contains("Harness::new")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_aspect_says_what_it_denies() {
        let text = sample_aspect("fresh", &["std::net", "std::process"]);
        assert!(
            text.contains("deny: [\"std::net\", \"std::process\"]"),
            "{text}"
        );
        assert!(
            text.replace('\n', " ").contains("`fresh` opens no network connections and starts no processes: its code imports nothing from `std::net` or `std::process`. "),
            "{text}"
        );
        let text = sample_aspect("fresh", &["std::process"]);
        assert!(text.contains("deny: [\"std::process\"]"), "{text}");
        assert!(text.contains("`fresh` starts no processes:"), "{text}");
        assert!(text.contains("name: no-processes\n"), "{text}");
        assert_eq!(
            sample_aspect_name(&["std::net", "std::process"]),
            "no-network-or-processes"
        );
    }

    #[test]
    fn the_harness_names_its_target_and_is_recognized() {
        let text = harness("aspect");
        assert!(text.contains("cargo test --test aspect`"));
        assert!(looks_like_a_harness(&text));
        assert!(!looks_like_a_harness("#[test]\nfn t() {}\n"));
    }
}
