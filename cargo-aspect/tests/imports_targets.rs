//! `targets:` of imports evidence, and `external` reported where a dependency
//! is used: a bin-only dependency (clap), a dev-dependency used in `tests/`
//! and in `#[cfg(test)]` code, a build-dependency, an optional-feature
//! dependency, renamed dependencies (`package = ".."`, from the workspace's
//! `[workspace.dependencies]`, `extern crate x as y`), `::dep::path` and
//! macros from dependencies, each found or not per `targets`, at its
//! `file:line:col`; and path denies following `targets` the same way.
//!
//! A use is marked in the sources below by `@X@` right before the ident it is
//! reported at, `X` naming the aspects that must report it. The check is
//! static, so the workspace is only written, never built.

mod support;

use std::collections::BTreeSet;
use std::path::Path;

use aspect::__private::aspect::parse;
use aspect::__private::evidence::{Context, Verdict};
use support::Fixture;

const FILES: &[(&str, &str)] = &[
    (
        "Cargo.toml",
        "[workspace]\nmembers = [\"shop\"]\n\n[workspace.dependencies]\nser = { package = \"serde\", version = \"1\" }\n",
    ),
    (
        "shop/Cargo.toml",
        "\
[package]
name = \"shop\"
version = \"0.1.0\"
edition = \"2021\"

[dependencies]
bytes = \"1\"
clap = \"4\"
json = { package = \"serde_json\", version = \"1\" }
ser = { workspace = true }
tokio = \"1\"
opentelemetry = { version = \"0.20\", optional = true }

[dev-dependencies]
proptest = \"1\"

[build-dependencies]
cc = \"1\"

[features]
otel = [\"dep:opentelemetry\"]
",
    ),
    (
        "shop/src/lib.rs",
        "\
extern crate @LBA@bytes as buf;
pub fn size() -> usize {
    @LBA@buf::Bytes::new().len()
}
pub fn encode() -> String {
    @LBA@json::to_string(&1).unwrap()
}
#[derive(@LBA@ser::Serialize)]
pub struct Order;
pub fn spawn() {
    ::@LBA@tokio::spawn(async {});
}
#[cfg(feature = \"otel\")]
pub fn trace() {
    let _ = @LBA@opentelemetry::global::tracer(\"shop\");
}
pub fn save() {
    let _ = @PQ@std::fs::write(\"x\", \"y\");
}
#[cfg(test)]
mod tests {
    use @A@proptest::prelude::any;
}
",
    ),
    (
        "shop/src/main.rs",
        "\
use @BA@clap::Parser;
#[@BA@tokio::main]
async fn main() {
    let _ = @Q@std::fs::read(\"x\");
}
",
    ),
    (
        "shop/tests/orders.rs",
        "\
use @TA@proptest::strategy::Just;
use shop::size;
#[test]
fn sizes() {
    let _ = @TA@bytes::Bytes::new();
    assert_eq!(size(), 0);
}
",
    ),
    ("shop/build.rs", "fn main() {\n    @A@cc::Build::new();\n}\n"),
    (
        "shop/examples/cli.rs",
        "fn main() {\n    let _ = @A@clap::Command::new(\"x\");\n}\n",
    ),
];

/// The aspects, by the letter their uses carry.
const ASPECTS: &[(char, &str)] = &[
    ('L', "    deny: [external]\n"),
    ('B', "    deny: [external]\n    targets: [lib, bins]\n"),
    ('T', "    deny: [external]\n    targets: [tests]\n"),
    (
        'A',
        "    deny: [external]\n    targets: [lib, bins, tests, benches, examples, build]\n",
    ),
    ('P', "    deny: [\"std::fs\"]\n"),
    ('Q', "    deny: [\"std::fs\"]\n    targets: [lib, bins]\n"),
];

/// Write the workspace and return, per aspect letter, the `file:line:col` of
/// each marked use.
fn write(f: &Fixture) -> Vec<(char, String)> {
    let mut marked = Vec::new();
    for (path, text) in FILES {
        let mut out = String::new();
        for (line_no, line) in text.lines().enumerate() {
            let (written, marks) = support::unmark(line);
            for (letter, column) in marks {
                marked.push((letter, format!("{path}:{}:{column}", line_no + 1)));
            }
            out.push_str(&written);
            out.push('\n');
        }
        f.file(path, &out);
    }
    marked
}

fn ctx(root: &Path) -> Context<'_> {
    Context {
        workspace_root: root,
        package_root: root,
        aspect: "shop-deps",
        optimized: false,
        bench_mode: false,
        timeout: None,
    }
}

fn judge(root: &Path, evidence: &str) -> Verdict {
    let text = format!(
        "---\nname: shop-deps\nevidence:\n  imports:\n    crate: shop\n{evidence}---\nFew.\n"
    );
    let aspect = parse(&text, Path::new("aspects/shop-deps.md")).unwrap();
    aspect.evidence.validate_at(&ctx(root)).unwrap();
    aspect.evidence.judge(&ctx(root))
}

fn fails(verdict: Verdict) -> String {
    match verdict {
        Verdict::Fails { message } => message,
        other => panic!("must fail: {other:?}"),
    }
}

#[test]
fn each_use_is_found_at_its_place_by_the_targets_that_compile_it() {
    let f = Fixture::new("imports-targets");
    let marked = write(&f);
    for (letter, evidence) in ASPECTS {
        let expected: BTreeSet<String> = marked
            .iter()
            .filter(|(l, _)| l == letter)
            .map(|(_, at)| at.clone())
            .collect();
        let message = fails(judge(&f.root, evidence));
        assert_eq!(
            support::located(&message),
            expected,
            "aspect {letter}:\n{message}"
        );
    }
}

#[test]
fn a_use_names_its_dependency_its_package_and_the_feature_that_brings_it_in() {
    let f = Fixture::new("imports-targets-names");
    write(&f);
    let message = fails(judge(&f.root, ASPECTS[3].1));
    for expected in [
        "shop/src/lib.rs:1:14: uses bytes (dependency bytes) (denied by shop-deps as external)",
        "shop/src/lib.rs:3:5: uses bytes::Bytes::new (dependency bytes) (denied by shop-deps as external)",
        "shop/src/lib.rs:6:5: uses json::to_string (dependency json, package serde_json) (denied by shop-deps as external)",
        "shop/src/lib.rs:8:10: uses ser::Serialize (dependency ser, package serde) (denied by shop-deps as external)",
        "shop/src/lib.rs:11:7: uses tokio::spawn (dependency tokio) (denied by shop-deps as external)",
        "shop/src/lib.rs:15:13: uses opentelemetry::global::tracer (dependency opentelemetry, optional: brought in by feature `otel`) (denied by shop-deps as external)",
        "shop/src/lib.rs:22:9: uses proptest::prelude::any (dev-dependency proptest) (denied by shop-deps as external)",
        "shop/src/main.rs:2:3: uses tokio::main (dependency tokio) (denied by shop-deps as external)",
        "shop/build.rs:2:5: uses cc::Build::new (build-dependency cc) (denied by shop-deps as external)",
    ] {
        assert!(
            message.lines().any(|l| l == expected),
            "no line {expected:?} in:\n{message}"
        );
    }
    assert!(
        message.ends_with(
            "\n13 denied imports in shop (targets: lib, bins, tests, examples, build; deny: external); \
             dependencies used: bytes, cc, clap, json, opentelemetry, proptest, ser, tokio"
        ),
        "benches are named but the crate has none: {message}"
    );
}

#[test]
fn the_lib_holds_without_its_bin_only_dependency_and_says_which_it_does_not_use() {
    let f = Fixture::new("imports-targets-lib");
    write(&f);
    let allow = "    allow: [bytes, serde_json, ser, tokio, \"feature:otel\"]\n";
    let Verdict::Holds { summary } = judge(&f.root, &format!("{}{allow}", ASPECTS[0].1)) else {
        panic!("the lib uses only allowed dependencies");
    };
    assert_eq!(
        summary,
        "shop: 1 file, 23 lines, no denied imports (targets: lib; deny: external); \
         declared but not used by these targets: clap"
    );
    let message = fails(judge(&f.root, &format!("{}{allow}", ASPECTS[1].1)));
    assert_eq!(
        message,
        "shop/src/main.rs:1:5: uses clap::Parser (dependency clap) (denied by shop-deps as external)\n\
         1 denied import in shop (targets: lib, bins; deny: external); dependency used: clap",
        "with the bins, clap is used"
    );
}

#[test]
fn targets_the_crate_does_not_have_are_an_error_at_targets() {
    let f = Fixture::new("imports-targets-missing");
    f.file("Cargo.toml", "[workspace]\nmembers = [\"lean\"]\n")
        .file(
            "lean/Cargo.toml",
            "[package]\nname = \"lean\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        )
        .file("lean/src/lib.rs", "pub fn f() {}\n");
    let text = "---\nname: lean\nevidence:\n  imports:\n    crate: lean\n    deny: [external]\n    targets: [tests, benches]\n---\nLean.\n";
    let aspect = parse(text, Path::new("aspects/lean.md")).unwrap();
    assert_eq!(
        aspect.evidence.describe(),
        "imports of lean (targets tests, benches; deny external)"
    );
    let (message, at) = aspect.evidence.validate_at(&ctx(&f.root)).unwrap_err();
    assert_eq!(at, Some((7, 14)), "{message}");
    assert_eq!(
        message,
        format!(
            "crate `lean` has no tests or benches target in {} (it has: lib)",
            f.root.join("lean").display()
        )
    );
}

#[test]
fn a_dependency_used_everywhere_is_listed_five_times_then_counted() {
    let f = Fixture::new("imports-targets-many");
    f.file("Cargo.toml", "[workspace]\nmembers = [\"dense\"]\n")
        .file(
            "dense/Cargo.toml",
            "[package]\nname = \"dense\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\nbytes = \"1\"\n",
        )
        .file(
            "dense/src/lib.rs",
            &(1..=8)
                .map(|n| format!("pub fn f{n}() -> bytes::Bytes {{ bytes::Bytes::new() }}\n"))
                .collect::<String>(),
        );
    let text = "---\nname: dense\nevidence:\n  imports:\n    crate: dense\n    deny: [external, \"std::fs\"]\n---\nDense.\n";
    let aspect = parse(text, Path::new("aspects/dense.md")).unwrap();
    let message = fails(aspect.evidence.judge(&ctx(&f.root)));
    let listed: Vec<&str> = message
        .lines()
        .filter(|l| l.starts_with("dense/src/lib.rs:"))
        .collect();
    assert_eq!(listed.len(), 5, "{message}");
    assert_eq!(listed[4], "dense/src/lib.rs:3:16: uses bytes::Bytes (dependency bytes) (denied by shop-deps as external)");
    assert!(
        message.contains("\n... and 11 more uses of dependency bytes\n16 denied imports in dense"),
        "the rest are counted, and the total stays every use: {message}"
    );
}

/// On a checkout of tokio-rs/mini-redis (its lib uses tokio, bytes, tracing,
/// atoi, async-stream and tokio-stream; only its binaries use clap and
/// tracing-subscriber, and the `otel` feature's crates):
/// `ASPECT_MINI_REDIS=<checkout> cargo test -p cargo-aspect --test imports_targets -- --ignored --nocapture`
#[test]
#[ignore = "needs a checkout of tokio-rs/mini-redis in ASPECT_MINI_REDIS"]
fn on_mini_redis_clap_is_the_binaries_not_the_libs() {
    let Some(root) = std::env::var_os("ASPECT_MINI_REDIS") else {
        eprintln!("ASPECT_MINI_REDIS is not set");
        return;
    };
    let root = Path::new(&root);
    let judge = |targets: &str| {
        let text = format!(
            "---\nname: lib-deps\nevidence:\n  imports:\n    crate: mini-redis\n    deny: [external]\n    allow: [tokio, bytes, tracing, atoi, async-stream, tokio-stream]\n{targets}---\nFew.\n"
        );
        let aspect = parse(&text, Path::new("aspects/lib-deps.md")).unwrap();
        aspect.evidence.validate_at(&ctx(root)).unwrap();
        aspect.evidence.judge(&ctx(root))
    };
    let lib = judge("");
    println!("lib: {lib:?}");
    let Verdict::Holds { summary } = lib else {
        panic!("the lib uses no other dependency");
    };
    assert!(summary.contains("clap"), "named as unused: {summary}");
    let bins = fails(judge("    targets: [lib, bins]\n"));
    println!("lib, bins:\n{bins}");
    assert!(
        bins.lines()
            .any(|l| l.starts_with("src/bin/cli.rs:") && l.contains("(dependency clap)")),
        "{bins}"
    );
    assert!(
        bins.lines()
            .any(|l| l
                .contains("(dependency opentelemetry, optional: brought in by feature `otel`)")),
        "{bins}"
    );
}
