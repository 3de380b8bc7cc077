//! `deny: [external]` and optional dependencies: each is reported with the
//! features that bring it in, and `allow: ["feature:<name>"]` lets through
//! what only that feature brings.
//!
//! The check is static, so fixtures are only written, never built.

mod support;

use std::path::Path;

use aspect::__private::aspect::parse;
use aspect::__private::evidence::{Context, Verdict};
use support::Fixture;

fn judge(root: &Path, allow: &str) -> Verdict {
    let text = format!(
        "---\nname: server-deps\nevidence:\n  imports:\n    crate: server\n    deny: [external]\n    allow: [{allow}]\n---\nFew dependencies.\n"
    );
    let aspect = parse(&text, Path::new("aspects/server-deps.md")).unwrap();
    aspect.evidence.judge(&Context {
        workspace_root: root,
        package_root: root,
        aspect: "server-deps",
        optimized: false,
        bench_mode: false,
        timeout: None,
    })
}

/// mini-redis's shape: tracing always, opentelemetry behind `otel`, and
/// `metrics` behind its own implicit feature.
fn workspace(name: &str) -> Fixture {
    let f = Fixture::new(name);
    f.file("Cargo.toml", "[workspace]\nmembers = [\"server\"]\n")
        .file(
            "server/Cargo.toml",
            "[package]\nname = \"server\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
             [dependencies]\ntracing = \"0.1\"\nopentelemetry = { version = \"0.20\", optional = true }\n\
             tracing-opentelemetry = { version = \"0.20\", optional = true }\nmetrics = { version = \"0.21\", optional = true }\n\n\
             [features]\notel = [\"dep:opentelemetry\", \"dep:tracing-opentelemetry\"]\n",
        )
        .file("server/src/lib.rs", "");
    f
}

#[test]
fn an_optional_dependency_is_reported_with_the_feature_that_brings_it_in() {
    let f = workspace("imports-features");
    let Verdict::Fails { message } = judge(&f.root, "tracing") else {
        panic!("three optional dependencies are denied");
    };
    assert_eq!(
        message,
        "server/Cargo.toml:8:1: depends on opentelemetry (optional: brought in by feature `otel`) (denied by server-deps as external)\n\
         server/Cargo.toml:9:1: depends on tracing-opentelemetry (optional: brought in by feature `otel`) (denied by server-deps as external)\n\
         server/Cargo.toml:10:1: depends on metrics (optional: brought in by feature `metrics`) (denied by server-deps as external)\n\
         3 denied imports in server (deny: external)"
    );
}

#[test]
fn allow_can_name_the_feature() {
    let f = workspace("imports-features-allowed");
    let Verdict::Fails { message } = judge(&f.root, "tracing, 'feature:otel'") else {
        panic!("metrics is still denied");
    };
    assert!(
        message.starts_with("server/Cargo.toml:10:1: depends on metrics"),
        "{message}"
    );
    assert!(
        message.ends_with("1 denied import in server (deny: external)"),
        "{message}"
    );
    assert!(matches!(
        judge(&f.root, "tracing, 'feature:otel', 'feature:metrics'"),
        Verdict::Holds { .. }
    ));
}
