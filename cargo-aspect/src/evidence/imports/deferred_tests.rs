//! Unit tests of `deferred`: a body or initializer is parsed when a check may
//! find a use in it, whatever the way it names the denied path, and only then.

use std::path::PathBuf;

use super::rules::CheckRules;
use super::tests::scan_within;
use super::tree::{pieces_filled, walk};

fn lib(name: &str, files: &[(&str, &str)], deny: &[&str]) -> Vec<String> {
    scan_within(name, files, "", deny, &[])
}

#[test]
fn uses_in_every_kind_of_body_and_initializer_are_found() {
    let text = "\
pub const fn size() -> usize { 1 }
pub static PATH: &str = { let _ = std::fs::read(\"s\"); \"x\" };
pub const LEN: usize = { std::env::args().count() };
pub struct S;
impl S {
    pub const N: fn() = || { let _ = std::net::TcpStream::connect(\"x\"); };
    pub fn run(&self) { std::process::exit(1) }
}
pub trait T {
    const M: u8 = { let _ = std::env::var(\"x\"); 1 };
    fn f(&self) { let _ = std::fs::remove_file(\"y\"); }
}
impl T for fn() {
    fn f(&self) { let _ = std::fs::write(\"a\", \"b\"); }
}
pub fn inner() {
    #![allow(unused)]
    let _ = std::fs::copy(\"a\", \"b\");
}
pub fn documented() {
    //! Inner docs are the fn's too.
    std::process::abort()
}
pub mod m {
    pub fn g<const N: usize>() -> [u8; N] where [u8; N]: Default { let _ = std::net::UdpSocket::bind(\"x\"); Default::default() }
}
";
    // Each body and initializer is deferred but those with an inner
    // attribute or doc comment, which syn parses as the fn's.
    assert_eq!(
        super::deferred::parse_items(text).map(|lazy| lazy.filled()),
        Some((0, 9))
    );
    assert_eq!(
        lib("deferred-kinds", &[("src/lib.rs", text)], &["std"]),
        [
            "src/lib.rs:2:35 std::fs::read",
            "src/lib.rs:3:26 std::env::args",
            "src/lib.rs:6:38 std::net::TcpStream::connect",
            "src/lib.rs:7:25 std::process::exit",
            "src/lib.rs:10:29 std::env::var",
            "src/lib.rs:11:27 std::fs::remove_file",
            "src/lib.rs:14:27 std::fs::write",
            "src/lib.rs:18:13 std::fs::copy",
            "src/lib.rs:22:5 std::process::abort",
            "src/lib.rs:25:76 std::net::UdpSocket::bind",
        ]
    );
}

#[test]
fn a_body_naming_a_denied_path_through_another_module_is_parsed() {
    let files = [
        (
            "src/lib.rs",
            "mod util;\nmod glob;\nuse util::storage;\npub fn save() { storage::write(\"a\", \"b\").unwrap(); }\n",
        ),
        ("src/util.rs", "pub use std::fs as storage;\npub mod inner { pub use std::net::TcpStream as Conn; }\n"),
        // A glob brings names written nowhere else: `Conn`, `write`.
        ("src/glob.rs", "use crate::util::inner::*;\nuse std::fs::*;\npub fn f() { let _ = Conn::connect(\"x\"); let _ = write(\"a\", \"b\"); }\n"),
    ];
    assert_eq!(
        lib("deferred-reexport", &files, &["std::fs", "std::net"]),
        [
            "src/glob.rs:2:5 std::fs",
            "src/glob.rs:3:22 std::net::TcpStream::connect",
            "src/glob.rs:3:50 std::fs::write",
            "src/lib.rs:3:5 std::fs",
            "src/lib.rs:4:17 std::fs::write",
            "src/util.rs:1:9 std::fs",
            "src/util.rs:2:25 std::net::TcpStream",
        ]
    );
}

#[test]
fn a_layer_reached_through_a_glob_of_the_crate_is_found_in_a_body() {
    let files = [
        ("src/lib.rs", "pub mod low;\npub mod high;\n"),
        (
            "src/low.rs",
            "pub struct Thing;\nimpl Thing { pub fn new() -> Thing { Thing } }\n",
        ),
        (
            "src/high.rs",
            "use crate::low::*;\npub fn make() { let _ = Thing::new(); }\n",
        ),
    ];
    assert_eq!(
        lib("deferred-layer", &files, &["crate::low"]),
        [
            "src/high.rs:1:5 crate::low",
            "src/high.rs:2:25 crate::low::Thing::new"
        ]
    );
}

#[test]
fn a_body_is_parsed_only_when_a_check_may_find_a_use_in_it_and_then_once() {
    let dir = std::env::temp_dir().join(format!("aspect-imports-deferred-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let lib = dir.join("src/lib.rs");
    std::fs::write(
        &lib,
        "pub fn io() { let _ = std::fs::read(\"x\"); }\npub fn pure(a: u8) -> u8 { a + 1 }\npub const K: u8 = 1 + 2;\n",
    )
    .unwrap();
    let check = |deny: &[&str]| {
        let deny: Vec<String> = deny.iter().map(|s| (*s).to_owned()).collect();
        let rules = CheckRules::parse(&deny, &[]).unwrap();
        let walked = walk(&dir, std::slice::from_ref(&lib), &rules.paths, &[]).unwrap();
        let found: Vec<String> = walked.violations.iter().map(|v| v.path.clone()).collect();
        (found, pieces_filled(PathBuf::from(&lib)).unwrap())
    };
    assert_eq!(
        check(&["tokio"]),
        (vec![], Some((0, 3))),
        "nothing names tokio"
    );
    assert_eq!(
        check(&["std::fs"]),
        (vec!["std::fs::read".to_owned()], Some((1, 3)))
    );
    assert_eq!(
        check(&["std::fs"]),
        (vec!["std::fs::read".to_owned()], Some((1, 3)))
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_body_that_does_not_parse_is_reported_when_it_is_checked() {
    let files = [("src/lib.rs", "pub fn f() { let = std::fs::read(\"x\"); }\n")];
    let found = lib("deferred-broken", &files, &["std::fs"]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("src/lib.rs:1:18 cannot parse"),
        "{found:?}"
    );
}
