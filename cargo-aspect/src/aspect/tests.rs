//! Loader tests: every kind of bad input gets one error with its line.

use super::*;

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
