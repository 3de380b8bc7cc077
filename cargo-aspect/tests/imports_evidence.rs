//! The `imports` evidence on fixture workspaces and on the idle game's core.
//!
//! The check is static, so fixtures are only written, never built.

mod support;

use std::path::{Path, PathBuf};
use std::time::Instant;

use aspect::__private::evidence::imports::{check_crate, scan_crate, ImportsEvidence};
use aspect::__private::evidence::{Context, Evidence, Verdict};
use support::Fixture;

const ASPECT: &str = "core-is-pure";

fn ctx(root: &Path) -> Context<'_> {
    Context {
        workspace_root: root,
        package_root: root,
        aspect: ASPECT,
        optimized: false,
        bench_mode: false,
        timeout: None,
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn evidence(crate_name: &str) -> ImportsEvidence {
    ImportsEvidence::new(
        crate_name.to_owned(),
        strings(&["external", "std::fs", "std::net", "std::process"]),
        Vec::new(),
    )
}

const CORE_LIB: &str = "\
//! Pure logic.
use std::collections::BTreeMap;

mod rules;

/// Gold per generator.
pub fn totals(counts: &BTreeMap<String, u64>) -> u64 {
    counts.values().sum::<u64>() + rules::bonus()
}
";

/// A workspace with a pure `game-core` and an `app` that depends on it.
fn workspace(name: &str) -> Fixture {
    let f = Fixture::new(name);
    f.file(
        "Cargo.toml",
        "[workspace]\nresolver = \"2\"\nmembers = [\"crates/*\"]\nexclude = [\"crates/scratch\"]\n",
    )
    .file(
        "crates/core/Cargo.toml",
        "[package]\nname = \"game-core\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dev-dependencies]\nserde = \"1\"\n",
    )
    .file("crates/core/src/lib.rs", CORE_LIB)
    .file(
        "crates/core/src/rules.rs",
        "/// A constant bonus.\npub fn bonus() -> u64 {\n    // std::fs::read would be impure, but this is a comment.\n    let _ = \"std::net\";\n    1\n}\n",
    )
    .file(
        "crates/core/tests/io.rs",
        "use std::fs;\n#[test]\nfn t() { fs::read(\"x\").ok(); }\n",
    )
    .file(
        "crates/app/Cargo.toml",
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\ngame-core = { path = \"../core\" }\n",
    )
    .file(
        "crates/app/src/main.rs",
        "fn main() { std::fs::write(\"x\", \"y\").unwrap(); }\n",
    )
    .file(
        "crates/scratch/Cargo.toml",
        "[package]\nname = \"scratch\"\nversion = \"0.1.0\"\n",
    );
    f
}

fn fails(verdict: Verdict) -> String {
    match verdict {
        Verdict::Fails { message } => message,
        other => panic!("expected a failure, got {other:?}"),
    }
}

#[test]
fn a_clean_core_holds_and_says_what_it_read() {
    let f = workspace("imports-clean");
    let e = evidence("game-core");
    assert_eq!(e.kind(), "imports");
    assert_eq!(
        e.describe(),
        "imports of game-core (deny external, std::fs, std::net, std::process)"
    );
    e.validate(&ctx(&f.root)).unwrap();
    match e.judge(&ctx(&f.root)) {
        Verdict::Holds { summary } => assert_eq!(
            summary,
            "game-core: 2 files, 15 lines, no denied imports (targets: lib; deny: external, std::fs, std::net, std::process)"
        ),
        other => panic!("expected the core to hold: {other:?}"),
    }
}

#[test]
fn a_use_of_std_fs_fails_at_its_line_and_column() {
    let f = workspace("imports-use-fs");
    let lib = "crates/core/src/lib.rs";
    f.file(
        lib,
        &CORE_LIB.replace(
            "use std::collections::BTreeMap;",
            "use std::collections::BTreeMap;\nuse std::fs;\n\n/// Reads.\npub fn load() -> String { fs::read_to_string(\"save\").unwrap_or_default() }",
        ),
    );
    let message = fails(evidence("game-core").judge(&ctx(&f.root)));
    let use_line = f.line_of(lib, "use std::fs;");
    let call_line = f.line_of(lib, "fs::read_to_string");
    let expected = format!(
        "{lib}:{use_line}:5: uses std::fs (denied by {ASPECT})\n\
         {lib}:{call_line}:27: uses std::fs::read_to_string (denied by {ASPECT})\n\
         2 denied imports in game-core (targets: lib; deny: external, std::fs, std::net, std::process)"
    );
    assert_eq!(message, expected);
}

#[test]
fn a_full_path_in_an_expression_fails_at_its_first_segment() {
    let f = workspace("imports-full-path");
    let rules = "crates/core/src/rules.rs";
    let text = "/// Connects.\npub fn bonus() -> u64 {\n    let _ = std::net::TcpStream::connect(\"x\");\n    1\n}\n";
    f.file(rules, text);
    // A root written with `..` still gives paths relative to it.
    let violations = check_crate(
        &f.root.join("crates/.."),
        "game-core",
        &strings(&["std::fs", "std::net"]),
        &[],
    )
    .unwrap();
    let line = f.line_of(rules, "TcpStream");
    let column = text
        .lines()
        .nth(line - 1)
        .unwrap()
        .find("std::net")
        .unwrap()
        + 1;
    assert_eq!(violations.len(), 1, "{violations:?}");
    let v = &violations[0];
    assert_eq!(
        (
            v.file.as_path(),
            v.line,
            v.column,
            v.path.as_str(),
            v.rule.as_str()
        ),
        (
            Path::new(rules),
            line,
            column,
            "std::net::TcpStream::connect",
            "std::net"
        )
    );
    assert_eq!(
        v.to_string(),
        format!(
            "{rules}:{line}:{column}: uses std::net::TcpStream::connect (denied by rule std::net)"
        )
    );
}

#[test]
fn a_new_dependency_fails_where_it_is_used_and_passes_named_while_unused() {
    let f = workspace("imports-dependency");
    let manifest = "crates/core/Cargo.toml";
    f.file(
        manifest,
        "[package]\nname = \"game-core\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n# serde = \"1\" is only a comment\n[dependencies]\nrand = \"0.8\"\n\n[dev-dependencies]\nserde = \"1\"\n",
    );
    let Verdict::Holds { summary } = evidence("game-core").judge(&ctx(&f.root)) else {
        panic!("rand is declared, not used");
    };
    assert_eq!(
        summary,
        "game-core: 2 files, 15 lines, no denied imports (targets: lib; deny: external, std::fs, std::net, std::process); \
         declared but not used by these targets: rand"
    );
    f.file(
        "crates/core/src/rules.rs",
        "/// A random bonus.\npub fn bonus() -> u64 {\n    rand::random()\n}\n",
    );
    let message = fails(evidence("game-core").judge(&ctx(&f.root)));
    assert_eq!(
        message,
        format!(
            "crates/core/src/rules.rs:3:5: uses rand::random (dependency rand) (denied by {ASPECT} as external)\n\
             1 denied import in game-core (targets: lib; deny: external, std::fs, std::net, std::process); dependency used: rand"
        )
    );

    let allowed = ImportsEvidence::new(
        "game-core".to_owned(),
        strings(&["external"]),
        strings(&["rand"]),
    );
    assert!(matches!(
        allowed.judge(&ctx(&f.root)),
        Verdict::Holds { .. }
    ));
}

#[test]
fn a_crate_outside_the_workspace_is_a_validation_error() {
    let f = workspace("imports-unknown");
    let err = evidence("scratch").validate(&ctx(&f.root)).unwrap_err();
    assert_eq!(
        err,
        format!(
            "crate `scratch` is not a member of the workspace at {}; members: app, game-core",
            f.root.display()
        )
    );
    let bad = ImportsEvidence::new("game-core".to_owned(), strings(&["std fs"]), Vec::new());
    let err = bad.validate(&ctx(&f.root)).unwrap_err();
    assert!(err.contains("`std fs`"), "{err}");
}

#[test]
fn the_idle_game_core_holds() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let e = evidence("idle-core");
    e.validate(&ctx(&root)).unwrap();
    match e.judge(&ctx(&root)) {
        Verdict::Holds { summary } => {
            assert!(summary.starts_with("idle-core: 1 file, "), "{summary}")
        }
        other => panic!("idle-core must hold: {other:?}"),
    }
}

/// The largest of syn 2 and regex-syntax in the local cargo registry.
fn largest_registry_crate() -> Option<(String, PathBuf)> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))?;
    let pattern = home.join("registry/src/*/*");
    let mut found: Vec<(u64, String, PathBuf)> = glob::glob(&pattern.to_string_lossy())
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|dir| {
            let name = dir.file_name()?.to_str()?.to_owned();
            let krate = [("syn-2.", "syn"), ("regex-syntax-", "regex-syntax")]
                .iter()
                .find(|(prefix, _)| name.starts_with(prefix))
                .map(|(_, krate)| *krate)?;
            let size = glob::glob(&dir.join("src/**/*.rs").to_string_lossy())
                .ok()?
                .filter_map(Result::ok)
                .filter_map(|f| f.metadata().ok())
                .map(|m| m.len())
                .sum();
            Some((size, krate.to_owned(), dir))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, name, dir)| (name, dir))
}

/// `cargo test --release -p cargo-aspect --test imports_evidence -- --ignored --nocapture`
#[test]
#[ignore = "measures; run in release with --nocapture"]
fn time_the_check_on_the_largest_registry_crate() {
    let Some((name, dir)) = largest_registry_crate() else {
        eprintln!("no syn 2 or regex-syntax in the local registry");
        return;
    };
    let deny = strings(&["external", "std::fs", "std::net", "std::process"]);
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..7 {
        let start = Instant::now();
        last = Some(scan_crate(&dir, &name, &deny, &[]).unwrap());
        times.push(start.elapsed());
    }
    times.sort();
    let scan = last.unwrap();
    println!(
        "imports check of {} ({}): {} files, {} lines, {} violations; median {:.1} ms, min {:.1} ms",
        name,
        dir.display(),
        scan.files,
        scan.lines,
        scan.violations.len(),
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
    );
}
