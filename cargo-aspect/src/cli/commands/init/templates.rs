//! The files `cargo aspect init` writes: a harness, a sample spec its steps
//! match, and a sample aspect.
//!
//! They exist so that a new user's first `cargo aspect test` passes and shows
//! one of each kind of trial. They must not depend on the user's crate beyond
//! its package name: the steps drive a World of their own, and the aspect only
//! denies imports the crate does not use yet (see `sample_aspect`). The
//! aspect's prose must promise no more than its evidence checks.

/// Where the sample spec goes, relative to the package.
pub(super) const SAMPLE_SPEC_PATH: &str = "specs/example.feature";
/// Where the sample aspect goes, relative to the package.
pub(super) const SAMPLE_ASPECT_PATH: &str = "aspects/example.md";
/// The scenario of the sample spec (its trial is `spec::example::<scenario>`).
pub(super) const SAMPLE_SCENARIO: &str = "Adding to a counter";

/// What init may deny in the sample aspect: the path, and the word for the
/// aspect's name.
pub(super) const SAMPLE_DENIALS: &[(&str, &str)] =
    &[("std::net", "net"), ("std::process", "process")];

/// The targets the sample aspect checks (`targets:`): the crate's lib and
/// bins, whichever it has, so a crate from `cargo new` (a bin) is checked.
pub(super) const SAMPLE_TARGETS: &[&str] = &["lib", "bins"];

/// The name of the sample aspect denying `deny` (its trial is `aspect::<name>`):
/// `no-std-net-or-process-imports`. It names the imports it denies, not a
/// behaviour: a dependency can still open connections or start processes.
pub(super) fn sample_aspect_name(deny: &[&str]) -> String {
    let words: Vec<&str> = SAMPLE_DENIALS
        .iter()
        .filter(|(path, _)| deny.contains(path))
        .map(|(_, word)| *word)
        .collect();
    format!("no-std-{}-imports", words.join("-or-"))
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
    let listed: Vec<String> = deny.iter().map(|d| format!("`{d}`")).collect();
    format!(
        r#"---
name: {name}
evidence:
  imports:
    crate: "{package}"
    targets: [{targets}]
    deny: [{deny}]
---
{summary}

This is all the evidence checks: it reads the sources of the crate's lib and
binaries (`targets`; add `tests`, `benches`, `examples` or `build` for those)
without running them, and finds every path they write into a denied module,
through `use` aliases and re-exports. It does not watch what the crate does,
so a dependency such as tokio or reqwest can still open connections or start
processes for it, and code a macro generates is not seen. Add `external` to the
`deny` list to forbid using any dependency (each use is reported; `allow` names
those that may be used), `"std::fs"` for no file access from the crate's own
code, or `module: <path>` to check one module (and its submodules) instead of
the whole crate.

A sample aspect written by `cargo aspect init`. An aspect names a property the
whole crate keeps and the evidence that proves it; the first paragraph is what
a failure shows. Other evidence: a script, a `{{command: [...]}}`, a benchmark
bound or a memory bound (see the cargo-aspect README).
"#,
        name = sample_aspect_name(deny),
        targets = SAMPLE_TARGETS.join(", "),
        deny = quoted.join(", "),
        summary = wrap(&format!(
            "The code of `{package}` imports nothing from {}.",
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
        let prose = text.replace('\n', " ");
        assert!(
            prose.contains(
                "The code of `fresh` imports nothing from `std::net` or `std::process`. "
            ),
            "{text}"
        );
        let text = sample_aspect("fresh", &["std::process"]);
        assert!(text.contains("deny: [\"std::process\"]"), "{text}");
        assert!(
            text.contains("The code of `fresh` imports nothing from `std::process`.\n"),
            "{text}"
        );
        assert!(text.contains("name: no-std-process-imports\n"), "{text}");
        assert!(text.contains("    targets: [lib, bins]\n"), "{text}");
        assert!(
            prose.contains("it reads the sources of the crate's lib and binaries (`targets`;"),
            "the prose names what `targets` checks: {text}"
        );
        assert_eq!(
            sample_aspect_name(&["std::net", "std::process"]),
            "no-std-net-or-process-imports"
        );
    }

    /// Regression: the sample promised "opens no network connections" while its
    /// evidence only reads the crate's imports, so a tokio server passed it.
    #[test]
    fn the_sample_aspect_promises_no_more_than_its_evidence_checks() {
        let prose = sample_aspect("fresh", &["std::net", "std::process"]).replace('\n', " ");
        for promise in ["opens no network", "starts no processes", "no network"] {
            assert!(!prose.contains(promise), "promises {promise:?}: {prose}");
        }
        assert!(
            prose.contains("a dependency such as tokio or reqwest can still open connections or start processes for it"),
            "{prose}"
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
