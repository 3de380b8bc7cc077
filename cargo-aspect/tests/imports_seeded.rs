//! Proof of the import contracts on a seeded workspace: every violation
//! planted (module, layer, independence, alias, re-export, crate and std
//! globs, grouped import, macro path, `include!`, `extern crate` rename) is
//! found at its `file:line:col` by the aspect it breaks, and the clean twin
//! (the same files without the planted lines) holds under every aspect.
//!
//! A plant is marked in the sources below by `@X@` right before the ident it
//! is reported at, `X` naming the aspects that must report it. The check is
//! static, so the workspace is only written, never built.

mod support;

use std::collections::BTreeSet;
use std::path::Path;

use aspect::__private::aspect::parse;
use aspect::__private::evidence::{Context, Verdict};
use support::Fixture;

const FILES: &[(&str, &str)] = &[
    ("Cargo.toml", "[workspace]\nmembers = [\"core\"]\n"),
    (
        "core/Cargo.toml",
        "[package]\nname = \"seeded-core\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    ),
    (
        "core/src/lib.rs",
        "extern crate std as sys;\npub mod net;\npub mod store;\npub mod proto;\npub mod util;\n",
    ),
    (
        "core/src/net.rs",
        "\
use @D@std::process as proc;
pub struct Conn;
pub fn connect() -> Conn {
    let _ = @D@proc::id();
    let _ = @D@sys::process::id();
    Conn
}
#[macro_export]
macro_rules! bail {
    () => {
        @D@std::process::exit(1)
    };
}
",
    ),
    (
        "core/src/store.rs",
        "\
use @B@crate::net::Conn;
use @C@crate::util::helper;
pub struct Store;
impl Store {
    pub fn new() -> Store {
        Store
    }
}
pub fn open() {
    let _ = @B@super::net::connect();
    @C@helper();
}
",
    ),
    (
        "core/src/util.rs",
        "\
pub use std::fs::File;
pub fn helper() {}
pub fn u() {
    let _ = @C@crate::store::Store::new();
}
",
    ),
    (
        "core/src/proto/mod.rs",
        "\
use @A@std::fs;
use @A@std::net::TcpStream as Sock;
use @AB@super::store::Store as Db;
use crate::util::*;
use @A@std::net::*;
use std::{
    @A@fs::remove_file,
    collections::HashMap,
};
include!(\"gen.rs\");
pub fn parse() {
    let _ = @A@fs::read(\"x\");
    let _ = @A@Sock::connect(\"x\");
    let _ = @AB@crate::store::Store::new();
    let _ = @AB@Db::new();
    let _ = @A@crate::util::File::open(\"x\");
    let _ = @A@File::create(\"y\");
    let _ = @A@UdpSocket::bind(\"x\");
    println!(\"{:?}\", @A@std::fs::metadata(\"x\"));
    let _: Option<HashMap<u8, u8>> = None;
}
",
    ),
    (
        "core/src/proto/gen.rs",
        "\
pub fn generated() {
    let _ = @A@std::net::Ipv4Addr::LOCALHOST;
}
",
    ),
];

/// The aspects, by the letter their plants carry.
const ASPECTS: &[(char, &str)] = &[
    (
        'A',
        "  imports:\n    crate: seeded-core\n    module: proto\n    deny: [\"std::fs\", \"std::net\", \"crate::store\"]\n",
    ),
    (
        'B',
        "  layers:\n    crate: seeded-core\n    order: [net, store, proto]\n",
    ),
    (
        'C',
        "  independent:\n    crate: seeded-core\n    modules: [store, util]\n",
    ),
    (
        'D',
        "  imports:\n    crate: seeded-core\n    deny: [\"std::process\"]\n",
    ),
];

/// Write the workspace (`clean`: without the planted lines) and return, per
/// aspect letter, the `file:line:col` of each plant.
fn write(f: &Fixture, clean: bool) -> Vec<(char, String)> {
    let mut plants = Vec::new();
    for (path, text) in FILES {
        let mut out = String::new();
        let mut line_no = 0;
        for line in text.lines() {
            let marked = line.contains('@');
            if clean && marked {
                continue;
            }
            line_no += 1;
            let (written, marks) = support::unmark(line);
            for (letter, column) in marks {
                plants.push((letter, format!("{path}:{line_no}:{column}")));
            }
            out.push_str(&written);
            out.push('\n');
        }
        f.file(path, &out);
    }
    plants
}

fn judge(root: &Path, letter: char, evidence: &str) -> Verdict {
    let text = format!(
        "---\nname: seeded-{}\nevidence:\n{evidence}---\nSeeded.\n",
        letter.to_ascii_lowercase()
    );
    let aspect = parse(&text, Path::new("aspects/seeded.md")).unwrap();
    let ctx = Context {
        workspace_root: root,
        package_root: root,
        aspect: "seeded",
        optimized: false,
        bench_mode: false,
        timeout: None,
    };
    aspect.evidence.validate_at(&ctx).unwrap();
    aspect.evidence.judge(&ctx)
}

#[test]
fn every_planted_violation_is_found_at_its_place_by_its_aspect() {
    let f = Fixture::new("imports-seeded");
    let plants = write(&f, false);
    let distinct: BTreeSet<&String> = plants.iter().map(|(_, at)| at).collect();
    assert!(distinct.len() >= 20, "{} plants", distinct.len());
    for (letter, evidence) in ASPECTS {
        let expected: BTreeSet<String> = plants
            .iter()
            .filter(|(l, _)| l == letter)
            .map(|(_, at)| at.clone())
            .collect();
        let message = match judge(&f.root, *letter, evidence) {
            Verdict::Fails { message } => message,
            other => panic!("aspect {letter} must fail: {other:?}"),
        };
        let found = support::located(&message);
        assert_eq!(found, expected, "aspect {letter}:\n{message}");
    }
}

#[test]
fn the_clean_twin_holds_under_every_aspect() {
    let f = Fixture::new("imports-seeded-clean");
    write(&f, true);
    for (letter, evidence) in ASPECTS {
        let verdict = judge(&f.root, *letter, evidence);
        assert!(
            matches!(verdict, Verdict::Holds { .. }),
            "aspect {letter}: {verdict:?}"
        );
    }
}
