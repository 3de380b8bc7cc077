//! Unit tests of module scope: `module:` limits where uses are looked for,
//! `crate::`/`super::`/`self::` paths and the module's own names resolve to
//! `crate::<module>::<item>`, and re-exports, aliases and globs of the crate's
//! own modules cannot hide a use.

use super::tests::scan_within;

/// A crate with `server`, `db` (which re-exports from `server`), `frame`
/// (with a submodule `frame::parse`) and `util` (which re-exports `std::net`).
const CRATE: &[(&str, &str)] = &[
    (
        "src/lib.rs",
        "pub mod server;\npub mod db;\npub mod frame;\npub mod util;\npub use server::Listener;\n",
    ),
    (
        "src/server.rs",
        "pub struct Listener;\npub struct Handler;\npub fn serve() {}\npub mod conn { pub struct Conn; }\n",
    ),
    (
        "src/db.rs",
        "pub use crate::server::Handler;\npub use super::server::conn as link;\npub struct Db;\n",
    ),
    (
        "src/util.rs",
        "pub use std::net;\npub use std::fs::File as Fil;\n",
    ),
    (
        "src/frame/mod.rs",
        "\
mod parse;
use crate::db::Handler;
use crate::Listener as L;
use super::db::link;
pub struct Frame;
fn f(_: Handler, _: L, _: link::Conn, _: self::Frame) {
    crate::server::serve();
    let _ = crate::db::Db;
    let _ = crate::util::net::TcpStream::connect(\"x\");
}
",
    ),
    (
        "src/frame/parse.rs",
        "\
use super::super::util::Fil;
use super::*;
fn g(_: Fil, _: Frame) {
    super::super::server::serve();
}
",
    ),
];

#[test]
fn only_the_module_and_its_submodules_are_checked() {
    let found = scan_within("within", CRATE, "frame", &["std::net", "std::fs"], &[]);
    assert_eq!(
        found,
        [
            "src/frame/mod.rs:9:13 std::net::TcpStream::connect",
            "src/frame/parse.rs:1:5 std::fs::File",
            "src/frame/parse.rs:3:9 std::fs::File",
        ],
        "util's own `pub use std::net` is outside `frame`; its re-exports are not"
    );
}

#[test]
fn crate_rules_see_through_aliases_and_re_exports() {
    let found = scan_within("crate-rules", CRATE, "frame", &["crate::server"], &[]);
    assert_eq!(
        found,
        [
            "src/frame/mod.rs:2:5 crate::server::Handler",
            "src/frame/mod.rs:3:5 crate::server::Listener",
            "src/frame/mod.rs:4:5 crate::server::conn",
            "src/frame/mod.rs:6:9 crate::server::Handler",
            "src/frame/mod.rs:6:21 crate::server::Listener",
            "src/frame/mod.rs:6:27 crate::server::conn::Conn",
            "src/frame/mod.rs:7:5 crate::server::serve",
            "src/frame/parse.rs:4:5 crate::server::serve",
        ]
    );
}

#[test]
fn the_whole_crate_is_checked_without_a_module() {
    let found = scan_within("whole", CRATE, "", &["crate::db"], &[]);
    assert_eq!(found, ["src/frame/mod.rs:8:13 crate::db::Db"]);
}

#[test]
fn a_glob_of_a_crate_module_brings_its_names_in() {
    let files = [
        (
            "src/lib.rs",
            "mod store { pub fn put() {} pub struct Key; }\nmod api {\n    use crate::store::*;\n    fn h(_: Key) {\n        put();\n    }\n}\n",
        ),
    ];
    let found = scan_within("glob", &files, "api", &["crate::store"], &[]);
    assert_eq!(
        found,
        [
            "src/lib.rs:3:9 crate::store",
            "src/lib.rs:4:13 crate::store::Key",
            "src/lib.rs:5:9 crate::store::put",
        ]
    );
}

#[test]
fn module_paths_are_parsed_and_checked() {
    use super::scan::module_path;
    assert_eq!(module_path("frame"), Ok(vec!["frame".to_owned()]));
    assert_eq!(
        module_path("crate::net::frame"),
        Ok(vec!["net".to_owned(), "frame".to_owned()])
    );
    assert_eq!(module_path("crate"), Ok(vec![]));
    for bad in ["net::", "a b", "super::x", "1x"] {
        let err = module_path(bad).unwrap_err();
        assert!(err.contains(&format!("`{bad}`")), "{err}");
    }
}

#[test]
fn a_module_using_itself_is_no_use_of_what_crate_rules_deny() {
    let files = [(
        "src/lib.rs",
        "mod db {\n    pub struct Db;\n    pub fn open() -> Db { self::Db }\n    mod pool { fn p() -> super::Db { crate::db::Db } }\n}\nfn f() -> db::Db { db::open() }\n",
    )];
    assert_eq!(
        scan_within("self-use", &files, "", &["crate::db"], &[]),
        [
            "src/lib.rs:6:11 crate::db::Db",
            "src/lib.rs:6:20 crate::db::open"
        ],
        "only the crate root's uses of `db` count"
    );
}
