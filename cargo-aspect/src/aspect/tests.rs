//! Loader tests: every kind of bad input gets one error with its line.

use std::path::Path;
use std::time::Duration;

use super::{load, parse, validate, Aspect};
use crate::evidence::Context;
use crate::spec::ParseError;

fn err(text: &str) -> ParseError {
    parse(text, Path::new("aspects/x.md")).expect_err("should not load")
}

fn ok(text: &str) -> Aspect {
    parse(text, Path::new("aspects/x.md")).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_seed_form_is_a_command_and_the_body_is_kept() {
    let aspect = ok("---\nname: core-has-no-external-imports\nevidence: scripts/check-core-imports.sh\n---\n# Core is pure\n\nThe `core/` package contains pure game logic.\nIt must not import external dependencies.\n\nMore.\n");
    assert_eq!(aspect.name, "core-has-no-external-imports");
    assert_eq!(aspect.evidence.kind(), "command");
    assert_eq!(aspect.evidence.describe(), "scripts/check-core-imports.sh");
    assert_eq!(aspect.name_location.line, 2);
    assert_eq!(aspect.evidence_location.line, 3);
    assert_eq!(
        aspect.summary(),
        "The `core/` package contains pure game logic. It must not import external dependencies."
    );
}

#[test]
fn every_kind_loads_from_its_map() {
    let kinds = [
        ("{command: [sh, -c, 'exit 0'], timeout: 30s}", "command"),
        #[cfg(feature = "imports")]
        (
            "{imports: {crate: idle-core, deny: [external, \"std::fs\"]}}",
            "imports",
        ),
        ("{bench: buy_generator, max: 5us}", "bench"),
        ("{memory: {bench: load_world, max: 64MiB}}", "memory"),
        (
            "{memory: {command: [sh, -c, 'true'], max: 200MiB}}",
            "memory",
        ),
        ("{tests: [\"idle_core::\"]}", "tests"),
    ];
    for (evidence, kind) in kinds {
        let aspect = ok(&format!("---\nname: a\nevidence: {evidence}\n---\nbody\n"));
        assert_eq!(aspect.evidence.kind(), kind, "{evidence}");
    }
    let block = ok("---\nname: a\ntags: [fast, '@core']\ntimeout: 2s\nevidence:\n  command: [sh, -c, 'true']\n---\n");
    assert_eq!(block.tags, ["@fast", "@core"]);
    assert_eq!(block.timeout, Some(Duration::from_secs(2)));
    // A block map is located at its first key, the line under `evidence:`.
    assert_eq!(block.evidence_location.line, 6);
}

#[test]
fn no_frontmatter() {
    let e = err("# Just markdown\n");
    assert_eq!((e.line, e.column), (1, 1));
    assert!(e.message.contains("no frontmatter"), "{e}");
}

#[test]
fn unterminated_frontmatter() {
    let e = err("---\nname: a\nevidence: x\n\nbody\n");
    assert_eq!(e.line, 1);
    assert!(e.message.contains("never closed"), "{e}");
}

#[test]
fn yaml_syntax_error_is_located_in_the_file() {
    let e = err("---\nname: a\nevidence: [\n---\n");
    assert_eq!(e.line, 3, "{e}");
    assert!(e.message.contains("frontmatter"), "{e}");
    assert!(!e.message.contains("-->"), "no second snippet: {e}");
}

#[test]
fn missing_name_and_missing_evidence() {
    let e = err("---\nevidence: x\n---\n");
    assert!(e.message.contains("missing field `name`"), "{e}");
    let e = err("---\nname: a\n---\n");
    assert!(e.message.contains("missing field `evidence`"), "{e}");
}

#[test]
fn unknown_keys_name_their_line() {
    let e = err("---\nname: a\nevidence: x\ncolour: red\n---\n");
    assert_eq!((e.line, e.column), (4, 1), "{e}");
    assert!(e.message.contains("unknown field `colour`"), "{e}");
    let e = err("---\nname: a\nevidence:\n  bench: f\n  mux: 5us\n---\n");
    assert_eq!(e.line, 5, "{e}");
    assert!(e.message.contains("unknown field `mux`"), "{e}");
}

#[test]
fn unknown_evidence_kind() {
    let e = err("---\nname: a\nevidence: {lint: clippy}\n---\n");
    assert_eq!(e.line, 3, "{e}");
    assert!(e.message.contains("unknown field `lint`"), "{e}");
    assert!(e.message.contains("imports"), "lists the kinds: {e}");
}

#[test]
fn bad_units_name_the_value() {
    let e = err("---\nname: a\nevidence: {bench: f, max: 5 parsecs}\n---\n");
    assert_eq!(e.line, 3, "{e}");
    assert!(e.message.contains("`5 parsecs`"), "{e}");
    let e = err("---\nname: a\nevidence: {memory: {bench: f, max: 64MB}}\n---\n");
    assert!(e.message.contains("unknown size unit `MB`"), "{e}");
    let e = err("---\nname: a\ntimeout: soon\nevidence: x\n---\n");
    assert_eq!(e.line, 3, "{e}");
}

#[test]
fn kinds_must_be_exactly_one_and_keys_must_fit() {
    let e = err("---\nname: a\nevidence: {bench: f, tests: [x], max: 1s}\n---\n");
    assert!(e.message.contains("names 2 kinds"), "{e}");
    let e = err("---\nname: a\nevidence: {tests: [x], max: 1s}\n---\n");
    assert!(e.message.contains("`max` goes with `bench`"), "{e}");
    let e = err("---\nname: a\nevidence: {bench: f}\n---\n");
    assert!(e.message.contains("needs `max`"), "{e}");
}

#[test]
fn names_are_kebab_case() {
    let e = err("---\nname: Core_Pure\nevidence: x\n---\n");
    assert_eq!(e.line, 2, "{e}");
    assert!(e.message.contains("kebab-case"), "{e}");
}

#[test]
fn non_utf8_is_located() {
    let dir = std::env::temp_dir().join(format!("aspect-utf8-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.md");
    std::fs::write(&path, b"---\nname: a\nevidence: \xff\n---\n").unwrap();
    let e = load(&path).unwrap_err();
    assert_eq!((e.line, e.column), (3, 11), "{e}");
    assert!(e.message.contains("UTF-8"), "{e}");
}

#[test]
fn duplicate_names_across_files() {
    let dir = std::env::temp_dir().join(format!("aspect-dup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (a, b) = (dir.join("a.md"), dir.join("b.md"));
    std::fs::write(&a, "---\nname: same\nevidence: sh\n---\n").unwrap();
    std::fs::write(&b, "---\n\nname: same\nevidence: sh\n---\n").unwrap();
    let aspects = vec![load(&a).unwrap(), load(&b).unwrap()];
    let e = validate(&aspects, |aspect| Context {
        workspace_root: &dir,
        package_root: &dir,
        aspect: &aspect.name,
        optimized: false,
        bench_mode: false,
        timeout: None,
    })
    .unwrap_err();
    assert_eq!(e.path, b);
    assert_eq!(e.line, 3);
    assert!(e.message.contains("duplicate aspect name `same`"), "{e}");
    assert!(e.message.contains("a.md:2"), "{e}");
}

// r12: every frontmatter error points at the value at fault. Before, an error in an
// evidence map was reported where the map starts (`timeout: 5 minutes` on line 5
// was reported at line 4). One test per key; each value sits on a line of its own.

/// `(line, column, message)` of the error `text` gives.
fn err_at(text: &str) -> (u32, u32, String) {
    let e = err(text);
    (e.line, e.column, e.message)
}

#[test]
fn name_error_points_at_the_name() {
    let (line, column, message) = err_at("---\n\nname: Core_Pure\nevidence: x\n---\n");
    assert_eq!((line, column), (3, 7), "{message}");
}

#[test]
fn evidence_string_error_points_at_the_string() {
    let (line, column, message) = err_at("---\nname: a\n\nevidence: ''\n---\n");
    assert_eq!((line, column), (4, 11), "{message}");
    assert!(message.contains("`evidence` is empty"), "{message}");
}

#[test]
fn tags_error_points_at_the_tags() {
    let (line, column, message) = err_at("---\nname: a\nevidence: x\ntags: 5\n---\n");
    assert_eq!((line, column), (4, 7), "{message}");
}

#[test]
fn timeout_error_points_at_the_timeout() {
    let (line, column, message) =
        err_at("---\nname: a\nevidence:\n  command: [sh]\ntimeout: 5 minutes\n---\n");
    assert_eq!((line, column), (5, 10), "{message}");
    assert!(message.contains("timeout `5 minutes`"), "{message}");
}

#[test]
fn evidence_command_error_points_at_the_command() {
    let (line, column, message) =
        err_at("---\nname: a\nevidence:\n  timeout: 5s\n  command: []\n---\n");
    assert_eq!((line, column), (5, 12), "{message}");
    assert!(message.contains("`command` is empty"), "{message}");
    let aspect = ok("---\nname: a\nevidence:\n  timeout: 5s\n  command: [sh]\n---\n");
    assert_eq!(
        (aspect.subject_location.line, aspect.subject_location.column),
        (5, 12),
        "a missing program is reported at the command"
    );
}

#[test]
fn evidence_timeout_error_points_at_the_timeout() {
    // The case: line 5, not line 4 where the map starts.
    let (line, column, message) =
        err_at("---\nname: a\nevidence:\n  command: [sh]\n  timeout: 5 minutes\n---\n");
    assert_eq!((line, column), (5, 12), "{message}");
    assert!(message.contains("timeout `5 minutes`"), "{message}");
    let (line, column, message) =
        err_at("---\nname: a\nevidence:\n  tests: [x]\n  timeout: 5s\n  bench: f\n---\n");
    assert_eq!(
        (line, column),
        (6, 10),
        "two kinds: the second written: {message}"
    );
    let (line, column, message) =
        err_at("---\nname: a\nevidence:\n  bench: f\n  max: 1s\n  timeout: 5s\n---\n");
    assert_eq!((line, column), (6, 12), "{message}");
    assert!(
        message.contains("`timeout` goes with `command`"),
        "{message}"
    );
}

#[cfg(feature = "imports")]
#[test]
fn evidence_imports_errors_point_at_the_entry() {
    let imports = |body: &str| format!("---\nname: a\nevidence:\n  imports:\n{body}---\n");
    let (line, column, message) = err_at(&imports("    crate: x\n"));
    assert_eq!((line, column), (5, 5), "{message}");
    assert!(message.contains("denies nothing"), "{message}");
    let (line, column, message) = err_at(&imports(
        "    crate: x\n    deny:\n      - external\n      - 'std fs'\n",
    ));
    assert_eq!((line, column), (8, 9), "{message}");
    assert!(message.contains("deny entry `std fs`"), "{message}");
    let (line, column, message) = err_at(&imports(
        "    crate: x\n    deny: [external]\n    allow: [ok, 'a::']\n",
    ));
    assert_eq!((line, column), (7, 17), "{message}");
    assert!(message.contains("allow entry `a::`"), "{message}");
    let (line, column, message) = err_at(&imports(
        "    crate: x\n    deny: [external]\n    targets: [lib, bin]\n",
    ));
    assert_eq!((line, column), (7, 20), "{message}");
    assert_eq!(
        message,
        "unknown target `bin`: `targets` lists some of lib, bins, tests, benches, examples, build"
    );
    let (line, column, message) = err_at(&imports(
        "    crate: x\n    deny: [external]\n    targets: []\n",
    ));
    assert_eq!((line, column), (7, 14), "{message}");
    assert!(message.contains("checks nothing"), "{message}");
    let aspect = ok(&imports("    deny: [external]\n    crate: idle-core\n"));
    assert_eq!(
        (aspect.subject_location.line, aspect.subject_location.column),
        (6, 12),
        "an unknown crate is reported at `crate:`'s value"
    );
}

#[test]
fn evidence_bench_error_points_at_the_bench() {
    let (line, column, message) = err_at("---\nname: a\nevidence:\n  bench: f\n---\n");
    assert_eq!((line, column), (4, 10), "{message}");
    assert!(message.contains("needs `max`"), "{message}");
    let aspect = ok("---\nname: a\nevidence:\n  max: 1s\n  bench: f\n---\n");
    assert_eq!(
        (aspect.subject_location.line, aspect.subject_location.column),
        (5, 10),
        "an unregistered function is reported at `bench:`'s value"
    );
}

#[test]
fn evidence_max_error_points_at_the_max() {
    let (line, column, message) =
        err_at("---\nname: a\nevidence:\n  bench: f\n  max: 5 parsecs\n---\n");
    assert_eq!((line, column), (5, 8), "{message}");
    assert!(message.contains("max `5 parsecs`"), "{message}");
    let (line, column, message) = err_at("---\nname: a\nevidence:\n  tests: [x]\n  max: 5s\n---\n");
    assert_eq!((line, column), (5, 8), "{message}");
    assert!(message.contains("`max` goes with `bench`"), "{message}");
}

#[test]
fn evidence_memory_errors_point_at_the_value() {
    let memory = |body: &str| format!("---\nname: a\nevidence:\n  memory:\n{body}---\n");
    let (line, column, message) = err_at(&memory("    bench: f\n    max: 64MB\n"));
    assert_eq!((line, column), (6, 10), "{message}");
    assert!(message.contains("max `64MB`"), "{message}");
    let (line, column, message) = err_at(&memory(
        "    bench: f\n    max: 1MiB\n    timeout: 5 minutes\n",
    ));
    assert_eq!((line, column), (7, 14), "{message}");
    let (line, column, message) =
        err_at(&memory("    bench: f\n    max: 1MiB\n    command: [sh]\n"));
    assert_eq!((line, column), (7, 14), "{message}");
    assert!(message.contains("not both"), "{message}");
    let (line, column, message) = err_at(&memory("    max: 1MiB\n"));
    assert_eq!((line, column), (5, 5), "{message}");
    let (line, column, message) = err_at(&memory("    max: 1MiB\n    command: 'a | b'\n"));
    assert_eq!((line, column), (6, 14), "{message}");
    assert!(message.contains("shell syntax"), "{message}");
}

#[test]
fn evidence_tests_problems_point_at_the_filters() {
    let aspect = ok("---\nname: a\nevidence:\n\n  tests: []\n---\n");
    assert_eq!(
        (aspect.subject_location.line, aspect.subject_location.column),
        (5, 10),
        "an empty filter list is reported at `tests:`'s value"
    );
}

// r12: `evidence: "grep -q tokio Cargo.toml | false"` passed: the string was split on
// whitespace, so `|` and `false` became grep arguments.
#[test]
fn a_command_string_with_shell_syntax_is_an_error_at_its_value() {
    let (line, column, message) =
        err_at("---\nname: a\nevidence: \"grep -q tokio Cargo.toml | false\"\n---\n");
    assert_eq!((line, column), (3, 11), "{message}");
    assert!(message.contains("shell syntax (`|`)"), "{message}");
    assert!(
        message.contains("list") && message.contains("script"),
        "{message}"
    );
    let (line, column, message) =
        err_at("---\nname: a\nevidence:\n  command: grep -q x src/*.rs\n---\n");
    assert_eq!((line, column), (4, 12), "{message}");
    assert!(message.contains("(`*`)"), "{message}");
    // Plain words still split: the seed's form keeps working.
    let aspect = ok("---\nname: a\nevidence: scripts/check.sh --crate idle-core\n---\n");
    assert_eq!(
        aspect.evidence.describe(),
        "scripts/check.sh --crate idle-core"
    );
}
