//! Compile-time checks of the step and hook macros: every mistake a user can make in a step
//! definition must fail the build with a message on the user's own token. The
//! expected compiler output lives next to each case in `tests/ui/*.stderr`;
//! regenerate it with `TRYBUILD=overwrite cargo test -p cargo-aspect --test ui`.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
    cases.pass("tests/ui/pass/*.rs");
}
