//! `deny: [external]` and optional dependencies: each use is reported with the
//! features that bring the dependency in, and `allow: ["feature:<name>"]` lets
//! through what only that feature brings.
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
        .file(
            "server/src/lib.rs",
            "#[cfg(feature = \"otel\")]\npub fn trace() {\n    let _ = opentelemetry::global::tracer(\"s\");\n    let _ = tracing_opentelemetry::layer();\n}\npub fn count() {\n    metrics::increment_counter!(\"requests\");\n    tracing::info!(\"counted\");\n}\n",
        );
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
        "server/src/lib.rs:3:13: uses opentelemetry::global::tracer (dependency opentelemetry, optional: brought in by feature `otel`) (denied by server-deps as external)\n\
         server/src/lib.rs:4:13: uses tracing_opentelemetry::layer (dependency tracing-opentelemetry, optional: brought in by feature `otel`) (denied by server-deps as external)\n\
         server/src/lib.rs:7:5: uses metrics::increment_counter (dependency metrics, optional: brought in by feature `metrics`) (denied by server-deps as external)\n\
         3 denied imports in server (targets: lib; deny: external); dependencies used: metrics, opentelemetry, tracing-opentelemetry"
    );
}

#[test]
fn allow_can_name_the_feature() {
    let f = workspace("imports-features-allowed");
    let Verdict::Fails { message } = judge(&f.root, "tracing, 'feature:otel'") else {
        panic!("metrics is still denied");
    };
    assert!(
        message.starts_with(
            "server/src/lib.rs:7:5: uses metrics::increment_counter (dependency metrics, optional"
        ),
        "{message}"
    );
    assert!(
        message.ends_with(
            "1 denied import in server (targets: lib; deny: external); dependency used: metrics"
        ),
        "{message}"
    );
    assert!(matches!(
        judge(&f.root, "tracing, 'feature:otel', 'feature:metrics'"),
        Verdict::Holds { .. }
    ));
}
