//! Unit tests of the holes the ripgrep measurement found: `include!` files,
//! glob imports of std modules, variables shadowing an import, and items of a
//! grouped import written over several lines.

use super::tests::scan_within;

fn lib(name: &str, files: &[(&str, &str)], deny: &[&str]) -> Vec<String> {
    scan_within(name, files, "", deny, &[])
}

#[test]
fn an_included_file_is_checked_as_part_of_its_module() {
    let files = [
        ("src/lib.rs", "mod sink;\n"),
        ("src/sink.rs", "use std::fs;\ninclude!(\"gen/write.rs\");\n"),
        (
            "src/gen/write.rs",
            "pub fn save() {\n    fs::write(\"out\", \"x\").unwrap();\n}\n",
        ),
    ];
    assert_eq!(
        lib("include", &files, &["std::fs::write"]),
        ["src/gen/write.rs:2:5 std::fs::write"],
        "the included file sees the includer's imports"
    );
}

#[test]
fn an_include_that_cannot_be_followed_is_reported_not_passed() {
    let files = [(
        "src/lib.rs",
        "include!(concat!(env!(\"OUT_DIR\"), \"/gen.rs\"));\ninclude!(\"missing.rs\");\nfn f() {\n    include!(\"body.rs\")\n}\n",
    )];
    let found = lib("include-unknown", &files, &["std::fs"]);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        found[0].starts_with("src/lib.rs:1:1 not checked: include! at src/lib.rs:1"),
        "{found:?}"
    );
    assert!(
        found[1].starts_with("src/lib.rs:2:1 not checked: include! at src/lib.rs:2: no file"),
        "{found:?}"
    );
    assert!(
        found[2].starts_with("src/lib.rs:4:5 not checked: include! at src/lib.rs:4"),
        "{found:?}"
    );
}

#[test]
fn a_glob_of_a_std_prelude_resolves_to_where_the_name_is_defined() {
    let text = "\
use std::io::prelude::*;
struct Sink;
impl Write for Sink {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> { Ok(b.len()) }
    fn flush(&mut self) -> std::io::Result<()> { Ok(()) }
}
";
    assert_eq!(
        lib("std-glob", &[("src/lib.rs", text)], &["std::io::Write"]),
        ["src/lib.rs:3:6 std::io::Write"]
    );
}

#[test]
fn a_variable_named_like_an_import_is_not_a_use_of_it() {
    let text = "\
use std::fs;
fn f(sizes: &[u64], max: u64) -> bool {
    if let Some(fs) = sizes.first() {
        if *fs > max {
            return true;
        }
    }
    let _ = fs::read(\"x\");
    false
}
fn g(fs: u64) -> u64 { fs + 1 }
";
    assert_eq!(
        lib("shadow", &[("src/lib.rs", text)], &["std::fs"]),
        ["src/lib.rs:1:5 std::fs", "src/lib.rs:8:13 std::fs::read"],
        "`fs` the variable is no use; `fs::read` is"
    );
}

#[test]
fn each_item_of_a_multi_line_group_is_found_at_its_own_line() {
    let text = "\
use std::{
    collections::HashMap,
    fs::{self, File},
    net::TcpStream as Tcp,
};
";
    assert_eq!(
        lib(
            "group-lines",
            &[("src/lib.rs", text)],
            &["std::fs", "std::net"]
        ),
        [
            "src/lib.rs:3:10 std::fs",
            "src/lib.rs:3:16 std::fs::File",
            "src/lib.rs:4:5 std::net::TcpStream",
        ]
    );
}

// The seeded workspace found it: after `use std::net::*;`, `Option`, `u8` and
// `None` were reported as `std::net::Option`, ... though the prelude's win.
#[test]
fn a_std_glob_does_not_claim_the_preludes_names() {
    let text = "use std::net::*;\nfn f(_: UdpSocket) -> Option<u8> { None }\n";
    assert_eq!(
        lib("glob-prelude", &[("src/lib.rs", text)], &["std::net"]),
        [
            "src/lib.rs:1:5 std::net",
            "src/lib.rs:2:9 std::net::UdpSocket"
        ]
    );
}
