//! Unit tests of the resolver and the module-tree walk, on crates written to a
//! temp dir: each form of use, each scoping rule, each way to name a module file.

use std::path::PathBuf;

use super::rules::CheckRules;
use super::tree::walk;

/// Write `files` (relative to a fresh dir) and scan from `src/lib.rs`;
/// each violation as `file:line:col path` (or `file:line:col reason`).
fn scan(name: &str, files: &[(&str, &str)], deny: &[&str], allow: &[&str]) -> Vec<String> {
    scan_within(name, files, "", deny, allow)
}

/// [`scan`] of module `within` (`a::b`; empty: the whole crate) and its submodules.
pub(super) fn scan_within(
    name: &str,
    files: &[(&str, &str)],
    within: &str,
    deny: &[&str],
    allow: &[&str],
) -> Vec<String> {
    let dir = std::env::temp_dir().join(format!("aspect-imports-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let strings = |l: &[&str]| l.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let rules = CheckRules::parse(&strings(deny), &strings(allow)).unwrap();
    let within = super::scan::module_path(within).unwrap();
    let mut walked = walk(&dir, &[dir.join("src/lib.rs")], &rules.paths, &within).unwrap();
    walked.violations.sort_by(|a, b| {
        (&a.file, a.line, a.column, &a.path).cmp(&(&b.file, b.line, b.column, &b.path))
    });
    let _ = std::fs::remove_dir_all(&dir);
    walked
        .violations
        .iter()
        .map(|v| {
            let what = match &v.kind {
                super::violation::ViolationKind::Unreadable { reason } => reason.clone(),
                _ => v.path.clone(),
            };
            format!("{}:{}:{} {what}", v.file.display(), v.line, v.column)
        })
        .collect()
}

fn lib(name: &str, text: &str, deny: &[&str]) -> Vec<String> {
    scan(name, &[("src/lib.rs", text)], deny, &[])
}

const IO: &[&str] = &["std::fs", "std::net", "std::process"];

#[test]
fn use_trees_groups_globs_and_renames() {
    let text = "\
use std::{fs, net::TcpStream as T};
use std::process::*;
use std::{collections::{HashMap, BTreeMap}, io::{self, Read}};
pub use ::std::net::{self as network};
";
    assert_eq!(
        lib("use-trees", text, IO),
        [
            "src/lib.rs:1:11 std::fs",
            "src/lib.rs:1:15 std::net::TcpStream",
            "src/lib.rs:2:5 std::process",
            "src/lib.rs:4:22 std::net",
        ]
    );
}

#[test]
fn aliases_are_resolved_at_each_use_site() {
    let text = "\
use std::fs;
use std::fs as f;
use fs::File;
fn a() -> File {
    let _ = fs::read_to_string(\"x\");
    f::write(\"y\", \"z\").unwrap();
    self::fs::remove_file(\"w\").unwrap();
    todo!()
}
";
    assert_eq!(
        lib("aliases", text, IO),
        [
            "src/lib.rs:1:5 std::fs",
            "src/lib.rs:2:5 std::fs",
            "src/lib.rs:3:5 std::fs::File",
            "src/lib.rs:4:11 std::fs::File",
            "src/lib.rs:5:13 std::fs::read_to_string",
            "src/lib.rs:6:5 std::fs::write",
            "src/lib.rs:7:5 std::fs::remove_file",
        ]
    );
}

#[test]
fn expression_type_pattern_bound_and_impl_paths() {
    let text = "\
struct W;
impl std::io::Write for W {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> { Ok(0) }
    fn flush(&mut self) -> std::io::Result<()> { Ok(()) }
}
fn r<T: std::io::Read>(_: T) {}
fn f(x: std::cmp::Ordering, _: Vec<std::fs::File>) {
    let _ = std::net::TcpStream::connect(\"x\");
    match x { std::cmp::Ordering::Less => {}, _ => {} }
    let _ = <Vec<u8> as std::io::Write>::flush;
}
";
    assert_eq!(
        lib(
            "positions",
            text,
            &["std::io", "std::cmp", "std::fs", "std::net"]
        ),
        [
            "src/lib.rs:2:6 std::io::Write",
            "src/lib.rs:3:38 std::io::Result",
            "src/lib.rs:4:28 std::io::Result",
            "src/lib.rs:6:9 std::io::Read",
            "src/lib.rs:7:9 std::cmp::Ordering",
            "src/lib.rs:7:36 std::fs::File",
            "src/lib.rs:8:13 std::net::TcpStream::connect",
            "src/lib.rs:9:15 std::cmp::Ordering::Less",
            "src/lib.rs:10:25 std::io::Write::flush",
        ]
    );
}

#[test]
fn absolute_paths_and_extern_crate_renames() {
    let text = "\
extern crate std as s;
fn f() {
    ::std::fs::write(\"a\", \"b\").unwrap();
    s::fs::write(\"a\", \"b\").unwrap();
}
mod inner {
    fn g() { let _ = s::process::id(); }
}
";
    assert_eq!(
        lib("absolute", text, IO),
        [
            "src/lib.rs:3:7 std::fs::write",
            "src/lib.rs:4:5 std::fs::write",
            "src/lib.rs:7:22 std::process::id",
        ]
    );
}

#[test]
fn macro_bodies_count_but_literals_and_comments_do_not() {
    let text = "\
use std::fs as f;
// std::fs::read in a comment
/// std::fs::read in a doc comment
fn g() {
    println!(\"{:?} std::fs::read\", std::fs::read(\"x\"));
    let _ = vec![f::read(\"y\"), ::std::fs::read(\"z\")];
    let _ = \"std::net::TcpStream\";
    std::println!(\"fine\");
}
macro_rules! m { ($x:ident) => { $crate::fs::x(); $x::fs::y(); }; }
#[derive(std::fmt::Debug)]
struct S;
";
    assert_eq!(
        lib("macros", text, &["std::fs", "std::net", "std::fmt"]),
        [
            "src/lib.rs:1:5 std::fs",
            "src/lib.rs:5:36 std::fs::read",
            "src/lib.rs:6:18 std::fs::read",
            "src/lib.rs:6:34 std::fs::read",
            "src/lib.rs:11:10 std::fmt::Debug",
        ]
    );
}

#[test]
fn aliases_are_scoped_to_their_module_and_block() {
    let text = "\
mod a { use std::fs; }
mod b { fn g() { let _ = fs::read(\"x\"); } }
fn f() {
    use std::fs;
    { let _ = fs::read(\"y\"); }
}
fn h() { let _ = fs::read(\"z\"); }
mod std2 { pub mod fs { pub fn read() {} } }
mod c { mod std { pub fn fs() {} } fn k() { std::fs(); } }
";
    assert_eq!(
        lib("scopes", text, IO),
        [
            "src/lib.rs:1:13 std::fs",
            "src/lib.rs:4:9 std::fs",
            "src/lib.rs:5:15 std::fs::read",
        ]
    );
}

#[test]
fn globs_resolve_names_the_module_does_not_define() {
    let text = "\
use std::*;
fn f() { let _ = fs::read(\"x\"); let _ = io::stdin(); }
mod m { use std::*; mod fs {} fn g() { fs::read(); } }
";
    assert_eq!(lib("globs", text, IO), ["src/lib.rs:2:18 std::fs::read"]);
}

#[test]
fn allow_wins_over_deny() {
    let text = "fn f(_: std::fs::File) { let _ = std::fs::read(\"x\"); }\n";
    let found = scan(
        "allow",
        &[("src/lib.rs", text)],
        &["std::fs"],
        &["std::fs::File"],
    );
    assert_eq!(found, ["src/lib.rs:1:34 std::fs::read"]);
}

#[test]
fn module_files_are_found_as_rustc_finds_them() {
    let uses = "use std::fs;\n";
    let files = [
        (
            "src/lib.rs",
            "mod a { mod b; }\nmod c;\n#[path = \"other/e.rs\"] mod e;\nmod d;\n\
             #[cfg_attr(unix, path = \"sys/unix.rs\")]\n#[cfg_attr(windows, path = \"sys/windows.rs\")]\nmod sys;\n",
        ),
        ("src/a/b.rs", uses),
        ("src/c.rs", "mod inner { mod f; }\nmod g;\nuse std::fs;\n"),
        ("src/c/inner/f.rs", uses),
        ("src/c/g.rs", uses),
        ("src/d/mod.rs", "mod h;\n"),
        ("src/d/h.rs", uses),
        ("src/other/e.rs", "mod i;\n"),
        ("src/other/i.rs", uses),
        ("src/sys/unix.rs", uses),
        ("src/sys/windows.rs", uses),
        ("tests/t.rs", uses),
    ];
    let found = scan("tree", &files, IO, &[]);
    let expected: Vec<String> = [
        "src/a/b.rs:1:5",
        "src/c/g.rs:1:5",
        "src/c/inner/f.rs:1:5",
        "src/c.rs:3:5",
        "src/d/h.rs:1:5",
        "src/other/i.rs:1:5",
        "src/sys/unix.rs:1:5",
        "src/sys/windows.rs:1:5",
    ]
    .iter()
    .map(|at| format!("{} std::fs", PathBuf::from(at).display()))
    .collect();
    assert_eq!(found, expected);
}

#[test]
fn unparsable_and_missing_files_are_reported() {
    let files = [
        (
            "src/lib.rs",
            "mod broken;\nmod missing;\n#[cfg(windows)]\nmod gated;\n",
        ),
        ("src/broken.rs", "fn f( {\n"),
    ];
    let found = scan("broken", &files, IO, &[]);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].starts_with("src/broken.rs:1:"), "{found:?}");
    assert!(found[0].contains("cannot parse"), "{found:?}");
    assert!(
        found[1].starts_with(
            "src/lib.rs:2:1 cannot find module `missing`: no src/missing.rs or src/missing/mod.rs"
        ),
        "{found:?}"
    );
}

#[test]
fn rules_are_validated() {
    let parse = |deny: &[&str]| {
        let deny: Vec<String> = deny.iter().map(|s| (*s).to_owned()).collect();
        CheckRules::parse(&deny, &[]).map(|r| r.paths.deny.len())
    };
    assert_eq!(
        parse(&["external", "::std::fs", "std::net", "crate::server"]),
        Ok(3)
    );
    assert!(parse(&[]).is_err());
    for bad in [
        "std::",
        "std::fs::*",
        "std fs",
        "self::x",
        "super::x",
        "std::crate::x",
        "external crates",
        "1x",
    ] {
        let err = parse(&[bad]).unwrap_err();
        assert!(err.contains(&format!("`{bad}`")), "{err}");
    }
}

#[test]
fn cfg_test_modules_are_checked_like_any_code() {
    let text = "#[cfg(test)]\nmod tests {\n    use std::fs;\n}\n";
    assert_eq!(lib("cfg-test", text, IO), ["src/lib.rs:3:9 std::fs"]);
}

#[test]
fn members_are_the_globs_minus_excludes_plus_the_root_package() {
    let dir = std::env::temp_dir().join(format!("aspect-imports-members-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let package = |path: &str, name: &str| {
        let path = dir.join(path);
        std::fs::create_dir_all(&path).unwrap();
        let text = format!("[package]\nname = \"{name}\"\n");
        std::fs::write(path.join("Cargo.toml"), text).unwrap();
    };
    package("a", "a");
    package("libs/b", "b");
    package("libs/old", "old");
    std::fs::create_dir_all(dir.join("libs/notes")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"root\"\n[workspace]\nmembers = [\"./a\", \"libs/*\"]\nexclude = [\"libs/old\"]\n",
    )
    .unwrap();
    let members = super::workspace::members(&dir).unwrap();
    let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["a", "b", "root"]);
    assert_eq!(members[0].dir, dir.join("a"));
    let err = super::workspace::find(&dir, "old").unwrap_err();
    assert!(err.ends_with("; members: a, b, root"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_file_is_parsed_once_for_every_check_of_the_process_and_again_when_it_changes() {
    let dir =
        std::env::temp_dir().join(format!("aspect-imports-parse-once-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let lib = dir.join("src/lib.rs");
    std::fs::write(&lib, "pub fn f() { let _ = std::fs::read(\"x\"); }\n").unwrap();
    let tree_of = |file: PathBuf| super::tree::parsed_tree(file).unwrap();
    let check = |deny: &[&str]| {
        let deny: Vec<String> = deny.iter().map(|s| (*s).to_owned()).collect();
        let rules = CheckRules::parse(&deny, &[]).unwrap();
        let walked = walk(&dir, std::slice::from_ref(&lib), &rules.paths, &[]).unwrap();
        walked
            .violations
            .iter()
            .map(|v| v.path.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(check(&["std::fs"]), ["std::fs::read"]);
    let first = tree_of(lib.clone()).expect("the tree is kept after the first check");
    assert_eq!(check(&["std::net"]), Vec::<String>::new());
    assert_eq!(
        tree_of(lib.clone()),
        Some(first),
        "a second check parses again"
    );
    std::fs::write(
        &lib,
        "pub fn f() { let _ = std::net::TcpStream::connect(\"x\"); }\n",
    )
    .unwrap();
    assert_eq!(check(&["std::net"]), ["std::net::TcpStream::connect"]);
    assert_ne!(
        tree_of(lib.clone()),
        Some(first),
        "a changed file is parsed again"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
