//! `imports` evidence scoped to a module (`module:`): the verdict names the
//! module and each use at its `file:line:col`, and a module or crate that does
//! not exist is an error at the value that names it.
//!
//! The check is static, so fixtures are only written, never built.

mod support;

use std::path::Path;

use aspect::__private::aspect::parse;
use aspect::__private::evidence::{Context, Verdict};
use support::Fixture;

fn ctx(root: &Path) -> Context<'_> {
    Context {
        workspace_root: root,
        package_root: root,
        aspect: "frame-is-pure",
        optimized: false,
        bench_mode: false,
        timeout: None,
    }
}

/// A workspace with one crate, `mini`, whose `frame` module reaches `server`
/// through a re-export in `db`, and `tokio` through a binding.
fn workspace(name: &str) -> Fixture {
    let f = Fixture::new(name);
    f.file("Cargo.toml", "[workspace]\nmembers = [\"mini\"]\n")
        .file(
            "mini/Cargo.toml",
            "[package]\nname = \"mini\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\ntokio = \"1\"\nbytes = \"1\"\n",
        )
        .file(
            "mini/src/lib.rs",
            "pub mod server;\npub mod db;\npub mod frame;\n",
        )
        .file(
            "mini/src/server.rs",
            "pub struct Listener;\npub fn accept() { let _ = tokio::net::TcpListener::bind; }\n",
        )
        .file("mini/src/db.rs", "pub use crate::server::Listener as Db;\n")
        .file(
            "mini/src/frame.rs",
            "use bytes::Bytes;\nuse crate::db::Db;\n\npub fn parse(_: Bytes, _: Db) {\n    let _ = tokio::net::TcpStream::connect;\n}\n",
        );
    f
}

fn aspect(evidence: &str) -> aspect::__private::aspect::Aspect {
    let text = format!("---\nname: frame-is-pure\nevidence:\n  imports:\n{evidence}---\nThe frame module is pure.\n");
    parse(&text, Path::new("aspects/frame-is-pure.md")).unwrap()
}

#[test]
fn a_module_fails_at_each_use_of_what_it_must_not() {
    let f = workspace("imports-module-uses");
    let a = aspect(
        "    crate: mini\n    module: frame\n    deny: [\"tokio::net\", \"crate::server\"]\n",
    );
    assert_eq!(
        a.evidence.describe(),
        "imports of mini::frame (deny tokio::net, crate::server)"
    );
    a.evidence.validate_at(&ctx(&f.root)).unwrap();
    let Verdict::Fails { message } = a.evidence.judge(&ctx(&f.root)) else {
        panic!("frame uses the server and tokio::net");
    };
    assert_eq!(
        message,
        "mini/src/frame.rs:2:5: uses crate::server::Listener (denied by frame-is-pure)\n\
         mini/src/frame.rs:4:27: uses crate::server::Listener (denied by frame-is-pure)\n\
         mini/src/frame.rs:5:13: uses tokio::net::TcpStream::connect (denied by frame-is-pure)\n\
         3 denied imports in mini::frame (targets: lib; deny: tokio::net, crate::server)"
    );
}

#[test]
fn external_in_a_module_denies_the_paths_into_dependencies() {
    let f = workspace("imports-module-external");
    let a =
        aspect("    crate: mini\n    module: frame\n    deny: [external]\n    allow: [bytes]\n");
    let Verdict::Fails { message } = a.evidence.judge(&ctx(&f.root)) else {
        panic!("frame uses tokio");
    };
    assert_eq!(
        message,
        "mini/src/frame.rs:5:13: uses tokio::net::TcpStream::connect (dependency tokio) (denied by frame-is-pure as external)\n\
         1 denied import in mini::frame (targets: lib; deny: external); dependency used: tokio",
        "the manifest's entries are the crate's, not the module's: only paths count"
    );
    let server = aspect("    crate: mini\n    module: db\n    deny: [external]\n");
    let Verdict::Holds { summary } = server.evidence.judge(&ctx(&f.root)) else {
        panic!("db uses no dependency, though the crate has two");
    };
    assert!(
        !summary.contains("not used"),
        "the rest of the crate uses them: {summary}"
    );
}

#[test]
fn a_module_the_crate_does_not_have_is_an_error_at_module() {
    let f = workspace("imports-module-missing");
    let a = aspect("    crate: mini\n    module: fram\n    deny: [\"std::fs\"]\n");
    let (message, at) = a.evidence.validate_at(&ctx(&f.root)).unwrap_err();
    assert_eq!(at, Some((6, 13)), "{message}");
    assert_eq!(
        message,
        "module `fram` is not in crate `mini` (no `mod fram` in its module tree)"
    );
}

// The first try: `crate: mini-redis::frame` said only "not a member".
#[test]
fn a_module_written_into_crate_gets_a_hint() {
    let f = workspace("imports-module-in-crate");
    let a = aspect("    crate: mini::frame\n    deny: [\"std::fs\"]\n");
    let (message, at) = a.evidence.validate_at(&ctx(&f.root)).unwrap_err();
    assert_eq!(at, None, "the loader points at `crate:`'s value");
    assert!(
        message
            .ends_with("help: to check one module of a crate, write `crate: mini, module: frame`"),
        "{message}"
    );
}

#[test]
fn a_module_value_that_is_no_path_is_an_error_at_it() {
    let text = "---\nname: a\nevidence:\n  imports:\n    crate: mini\n    module: 'frame::'\n    deny: [\"std::fs\"]\n---\n";
    let err = parse(text, Path::new("a.md")).unwrap_err();
    assert_eq!((err.line, err.column), (6, 13), "{err}");
    assert!(
        err.message
            .contains("module `frame::` is not a module path"),
        "{err}"
    );
}

#[test]
fn a_baseline_freezes_known_uses_of_a_module() {
    let f = workspace("imports-module-baseline");
    let a = aspect("    crate: mini\n    module: frame\n    deny: [\"crate::server\"]\n    baseline: ['mini/src/frame.rs: crate::server::Listener']\n");
    match a.evidence.judge(&ctx(&f.root)) {
        Verdict::Holds { summary } => assert!(
            summary.ends_with(
                "no denied imports (targets: lib; deny: crate::server); 2 known violations in the baseline"
            ),
            "{summary}"
        ),
        other => panic!("both uses are known: {other:?}"),
    }
}
