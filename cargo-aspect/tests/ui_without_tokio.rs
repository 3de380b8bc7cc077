//! The compile error of `runtime = tokio` without cargo-aspect's `tokio`
//! feature, a case of its own because the feature must be off to see it: in a
//! workspace build `examples/kv-server` turns it on for every test (Cargo
//! unifies features), so this file is empty there, and CI (`.ci/run`) runs it
//! alone with `cargo test -p cargo-aspect --test ui_without_tokio`.
#![cfg(not(feature = "tokio"))]

#[test]
fn runtime_tokio_without_the_feature_names_the_feature() {
    trybuild::TestCases::new().compile_fail("tests/ui/without_tokio/*.rs");
}
