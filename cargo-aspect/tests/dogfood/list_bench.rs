//! The bench behind `aspects/list-of-10k-pickles-is-fast.md`: nextest lists
//! every test of a harness (`--list --format terse`) before it runs any, and
//! does so on every `cargo nextest run`, so listing a big suite must be quick.
//!
//! The routine runs this very harness binary as nextest would, on a generated
//! package of 100 feature files with 100 scenarios each (10,000 pickles): the
//! harness's `main` reads its package root from [`ROOT_ENV`] when set. Listing
//! needs no step definitions, so the suite's steps match nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use aspect::Bencher;

/// Environment variable naming the package root this harness lists instead of
/// the repository's (set only by the bench, for the child it runs).
pub const ROOT_ENV: &str = "ASPECT_DOGFOOD_ROOT";

const FILES: usize = 100;
const SCENARIOS_PER_FILE: usize = 100;

#[aspect::bench(name = "list_10k_pickles")]
fn list_10k_pickles(b: &mut Bencher) {
    let root = suite();
    // Not timed: the listing is what nextest gets, one line per pickle.
    let listed = list(&root);
    let lines = String::from_utf8_lossy(&listed.stdout);
    let tests = lines.lines().filter(|l| l.ends_with(": test")).count();
    assert!(
        listed.status.success() && tests == FILES * SCENARIOS_PER_FILE,
        "--list gave {tests} tests ({}): {}",
        listed.status,
        String::from_utf8_lossy(&listed.stderr)
    );
    b.iter(|| list(&root));
}

/// `<this harness> --list --format terse` on the package at `root`.
fn list(root: &Path) -> Output {
    Command::new(std::env::current_exe().expect("the harness knows its path"))
        .args(["--list", "--format", "terse"])
        .env(ROOT_ENV, root)
        .env_remove("ASPECT_EVENTS")
        .env_remove("ASPECT_TAGS")
        .stdin(Stdio::null())
        .output()
        .expect("the harness runs")
}

/// The generated package, written once per process (rewritten only if missing).
fn suite() -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("dogfood-list-10k");
    let specs = root.join("specs");
    std::fs::create_dir_all(&specs).expect("create the suite");
    std::fs::write(
        root.join("Cargo.toml"),
        "[package]\nname = \"list-10k\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[workspace]\n",
    )
    .expect("write the suite's manifest");
    for file in 0..FILES {
        let path = specs.join(format!("shop_{file:03}.feature"));
        if path.is_file() {
            continue;
        }
        let mut text =
            format!("Feature: Shop {file:03}\n\n  Background:\n    Given the shop is open\n");
        for n in 0..SCENARIOS_PER_FILE {
            text.push_str(&format!(
                "\n  Scenario: Buying mine {n}\n    Given I have {} gold\n    When I buy a gold mine\n    Then I have {} gold\n",
                100 + n,
                50 + n
            ));
        }
        // Write whole files only: a parallel run may list them meanwhile.
        let partial = path.with_extension(format!("{}.tmp", std::process::id()));
        std::fs::write(&partial, text).expect("write a feature");
        std::fs::rename(&partial, &path).expect("put a feature in place");
    }
    root
}
