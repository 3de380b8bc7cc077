//! `layers` and `independent` contracts: between the modules of one crate
//! (each forbidden use at its `file:line:col`, naming both modules, however
//! it is written) and between the workspace's member crates (each forbidden
//! dependency at its key in the manifest).
//!
//! The check is static, so fixtures are only written, never built.

mod support;

use std::path::Path;

use aspect::__private::aspect::{parse, Aspect};
use aspect::__private::evidence::{Context, Verdict};
use support::Fixture;

fn ctx(root: &Path) -> Context<'_> {
    Context {
        workspace_root: root,
        package_root: root,
        aspect: "layering",
        optimized: false,
        bench_mode: false,
        timeout: None,
    }
}

fn aspect(evidence: &str) -> Aspect {
    let text = format!("---\nname: layering\nevidence:\n{evidence}---\nThe layers hold.\n");
    parse(&text, Path::new("aspects/layering.md")).unwrap()
}

fn fails(aspect: &Aspect, root: &Path) -> String {
    match aspect.evidence.judge(&ctx(root)) {
        Verdict::Fails { message } => message,
        other => panic!("expected a failure: {other:?}"),
    }
}

/// mini-redis's layers: `server` > `cmd` > `db` > `frame`, where `frame` reaches
/// up to `db` through an alias and `db` up to `server` through a re-export in `cmd`.
fn layered(name: &str) -> Fixture {
    let f = Fixture::new(name);
    f.file(
        "Cargo.toml",
        "[workspace]\nmembers = [\"redis\", \"proto\", \"client\"]\n",
    )
    .file(
        "redis/Cargo.toml",
        "[package]\nname = \"redis\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\nproto = { path = \"../proto\" }\n",
    )
    .file(
        "redis/src/lib.rs",
        "pub mod server;\npub mod cmd;\npub mod db;\npub mod frame;\n",
    )
    .file(
        "redis/src/server.rs",
        "use crate::cmd::Command;\nuse crate::db::Db;\npub struct Listener;\npub fn run(_: Command, _: Db) {}\n",
    )
    .file(
        "redis/src/cmd.rs",
        "pub use crate::server::Listener as Accept;\nuse super::frame::Frame;\npub struct Command(Frame);\n",
    )
    .file(
        "redis/src/db.rs",
        "use crate::cmd::Accept;\npub struct Db;\npub fn open(_: Accept) -> Db {\n    Db\n}\n",
    )
    .file(
        "redis/src/frame/mod.rs",
        "mod parse;\npub struct Frame;\n",
    )
    .file(
        "redis/src/frame/parse.rs",
        "use crate::db as store;\npub fn f() -> store::Db {\n    crate::frame::Frame;\n    store::open(todo!())\n}\n",
    )
    .file(
        "proto/Cargo.toml",
        "[package]\nname = \"proto\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\nclient = { path = \"../client\" }\n",
    )
    .file("proto/src/lib.rs", "")
    .file(
        "client/Cargo.toml",
        "[package]\nname = \"client\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    )
    .file("client/src/lib.rs", "");
    f
}

#[test]
fn a_module_using_a_layer_above_it_fails_naming_both() {
    let f = layered("contract-layers");
    let a = aspect("  layers:\n    crate: redis\n    order: [server, cmd, db, frame]\n");
    assert_eq!(
        a.evidence.describe(),
        "layers of modules of redis: server > cmd > db > frame"
    );
    a.evidence.validate_at(&ctx(&f.root)).unwrap();
    let why = "a layer above it: server > cmd > db > frame; denied by layering";
    assert_eq!(
        fails(&a, &f.root),
        format!(
            "redis/src/cmd.rs:1:9: `cmd` uses `server` (crate::server::Listener): {why}\n\
             redis/src/db.rs:1:5: `db` uses `server` (crate::server::Listener): {why}\n\
             redis/src/db.rs:3:16: `db` uses `server` (crate::server::Listener): {why}\n\
             redis/src/frame/parse.rs:1:5: `frame` uses `db` (crate::db): {why}\n\
             redis/src/frame/parse.rs:2:15: `frame` uses `db` (crate::db::Db): {why}\n\
             redis/src/frame/parse.rs:4:5: `frame` uses `db` (crate::db::open): {why}\n\
             6 uses break the contract (layers of modules of redis: server > cmd > db > frame)"
        ),
        "a re-export is a use; downward uses (server → cmd, cmd → frame) and uses within a module are allowed"
    );
}

#[test]
fn a_layer_of_several_modules_may_use_each_other_and_those_below() {
    let f = layered("contract-layer-groups");
    let a = aspect("  layers:\n    crate: redis\n    order: [[server, cmd], db, frame]\n");
    assert_eq!(
        a.evidence.describe(),
        "layers of modules of redis: [server, cmd] > db > frame"
    );
    let why = "a layer above it: [server, cmd] > db > frame; denied by layering";
    assert_eq!(
        fails(&a, &f.root),
        format!(
            "redis/src/db.rs:1:5: `db` uses `server` (crate::server::Listener): {why}\n\
             redis/src/db.rs:3:16: `db` uses `server` (crate::server::Listener): {why}\n\
             redis/src/frame/parse.rs:1:5: `frame` uses `db` (crate::db): {why}\n\
             redis/src/frame/parse.rs:2:15: `frame` uses `db` (crate::db::Db): {why}\n\
             redis/src/frame/parse.rs:4:5: `frame` uses `db` (crate::db::open): {why}\n\
             5 uses break the contract (layers of modules of redis: [server, cmd] > db > frame)"
        ),
        "cmd's use of server is within its layer"
    );
    let err = |evidence: &str| {
        let text = format!("---\nname: a\nevidence:\n{evidence}---\n");
        let e = parse(&text, Path::new("a.md")).unwrap_err();
        (e.line, e.column, e.message)
    };
    let (line, column, message) = err("  independent: {crate: x, modules: [a, [b, c]]}\n");
    assert_eq!((line, column), (4, 40), "{message}");
    assert!(message.contains("lists modules, not layers"), "{message}");
    let (line, column, message) = err("  layers: {crate: x, order: [a, [b, a]]}\n");
    assert_eq!((line, column), (4, 33), "{message}");
    assert!(message.contains("`a` is listed twice"), "{message}");
}

#[test]
fn independent_modules_use_none_of_each_other() {
    let f = layered("contract-independent");
    let a = aspect("  independent:\n    crate: redis\n    modules: [server, frame]\n");
    assert!(
        matches!(a.evidence.judge(&ctx(&f.root)), Verdict::Holds { .. }),
        "server and frame never meet"
    );
    let a = aspect("  independent:\n    crate: redis\n    modules: [cmd, frame]\n");
    assert_eq!(
        fails(&a, &f.root),
        "redis/src/cmd.rs:2:5: `cmd` uses `frame` (crate::frame::Frame): `cmd` and `frame` are independent; denied by layering\n\
         redis/src/cmd.rs:3:20: `cmd` uses `frame` (crate::frame::Frame): `cmd` and `frame` are independent; denied by layering\n\
         2 uses break the contract (independent modules of redis: cmd, frame)"
    );
}

#[test]
fn layers_of_member_crates_are_their_dependencies() {
    let f = layered("contract-crates");
    let a = aspect("  layers:\n    order: [redis, client, proto]\n");
    assert_eq!(
        fails(&a, &f.root),
        "proto/Cargo.toml:7:1: `proto` uses `client` (client): a layer above it: redis > client > proto; denied by layering\n\
         1 use breaks the contract (layers of workspace crates: redis > client > proto)"
    );
    let ok = aspect("  layers:\n    order: [redis, proto, client]\n");
    assert!(matches!(
        ok.evidence.judge(&ctx(&f.root)),
        Verdict::Holds { .. }
    ));
}

#[test]
fn a_listed_module_or_crate_that_does_not_exist_is_an_error_at_it() {
    let f = layered("contract-missing");
    let a = aspect("  layers:\n    crate: redis\n    order:\n      - server\n      - dbs\n");
    let (message, at) = a.evidence.validate_at(&ctx(&f.root)).unwrap_err();
    assert_eq!(at, Some((8, 9)), "{message}");
    assert!(
        message.starts_with("module `dbs` is not in crate `redis`"),
        "{message}"
    );
    let a = aspect("  independent:\n    modules: [redis, nope]\n");
    let (message, at) = a.evidence.validate_at(&ctx(&f.root)).unwrap_err();
    assert_eq!(at, Some((5, 22)), "{message}");
    assert!(
        message.starts_with("crate `nope` is not a member"),
        "{message}"
    );
}

#[test]
fn a_contract_needs_two_distinct_entries() {
    let err = |evidence: &str| {
        let text = format!("---\nname: a\nevidence:\n{evidence}---\n");
        let e = parse(&text, Path::new("a.md")).unwrap_err();
        (e.line, e.column, e.message)
    };
    let (line, column, message) = err("  layers: {crate: x, order: [a]}\n");
    assert_eq!((line, column), (4, 11), "{message}");
    assert!(message.contains("at least two modules"), "{message}");
    let (line, column, message) = err("  layers: {crate: x, order: [a, b, a]}\n");
    assert_eq!((line, column), (4, 36), "{message}");
    assert!(message.contains("`a` is listed twice"), "{message}");
    let (line, column, message) = err("  independent: {crate: x}\n");
    assert_eq!((line, column), (4, 16), "{message}");
    assert!(message.contains("needs `modules: [...]`"), "{message}");
}

#[test]
fn a_baseline_lets_known_violations_through_and_says_which_are_gone() {
    let f = layered("contract-baseline");
    let a = aspect(
        "  layers:\n    crate: redis\n    order: [server, cmd, db, frame]\n    baseline:\n      - 'redis/src/cmd.rs: crate::server::Listener'\n      - 'redis/src/db.rs: crate::server::Listener'\n      - 'redis/src/frame/parse.rs: crate::db'\n      - 'redis/src/frame/parse.rs: crate::db::Db'\n      - 'redis/src/old.rs: crate::server::Listener'\n",
    );
    assert_eq!(
        fails(&a, &f.root),
        "redis/src/frame/parse.rs:4:5: `frame` uses `db` (crate::db::open): a layer above it: server > cmd > db > frame; denied by layering\n\
         1 use breaks the contract (layers of modules of redis: server > cmd > db > frame); \
         5 known violations in the baseline; \
         gone from the code, remove from the baseline: `redis/src/old.rs: crate::server::Listener`",
        "only the use nobody listed fails"
    );
    let all = aspect(
        "  layers:\n    crate: redis\n    order: [server, cmd, db, frame]\n    baseline:\n      - 'redis/src/cmd.rs: crate::server::Listener'\n      - 'redis/src/db.rs: crate::server::Listener'\n      - 'redis/src/frame/parse.rs: crate::db'\n      - 'redis/src/frame/parse.rs: crate::db::Db'\n      - 'redis/src/frame/parse.rs: crate::db::open'\n",
    );
    match all.evidence.judge(&ctx(&f.root)) {
        Verdict::Holds { summary } => assert!(
            summary.ends_with("no use across the contract; 6 known violations in the baseline"),
            "{summary}"
        ),
        other => panic!("every violation is known: {other:?}"),
    }
    let text = "---\nname: a\nevidence:\n  imports:\n    crate: x\n    deny: [external]\n    baseline: ['src/lib.rs']\n---\n";
    let err = parse(text, Path::new("a.md")).unwrap_err();
    assert_eq!((err.line, err.column), (7, 16), "{err}");
    assert!(err.message.contains("baseline entry `src/lib.rs`"), "{err}");
}
