//! The harness judges the tree it runs in, not the one it was compiled in.
//!
//! Cargo reuses a test executable while the sources it was built from look
//! unchanged (by mtime), and a `.feature` file is not one of them; nextest runs
//! archived executables on other machines. Each test here builds a fixture with
//! the real cargo, then runs the same executable from another directory: a
//! renamed checkout, a second worktree sharing the target dir, a nextest archive
//! extracted elsewhere and run as two partitions. Each asserts that cargo did
//! reuse the executable, so the case it checks is the one that judged the old
//! tree before the harness took its root from the run-time `CARGO_MANIFEST_DIR`.

mod support;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use support::{runtime_dir, Fixture, Run};

const STEPS: &str = r#"//! A counter and its steps.
use aspect::{given, then};

#[derive(Default)]
struct Counter {
    count: i64,
}

#[given("the count is {int}")]
fn start(counter: &mut Counter, n: i64) {
    counter.count = n;
}

#[then("the count is {int}")]
fn check(counter: &mut Counter, n: i64) {
    assert_eq!(counter.count, n, "the count");
}

aspect::main!(Counter);
"#;

const PASSING: &str = "\
Feature: Counting
  Scenario: one
    Given the count is 1
    Then the count is 1

  Scenario Outline: row
    Given the count is <n>
    Then the count is <n>

    Examples:
      | n |
      | 2 |
      | 3 |
";

/// A feature with one scenario that fails.
const FAILING: &str = "\
Feature: Added later
  Scenario: wrong
    Given the count is 1
    Then the count is 2
";

/// The trials of [`PASSING`].
const PASSING_TRIALS: [&str; 3] = [
    "spec::counting::one",
    "spec::counting::row #1",
    "spec::counting::row #2",
];

/// A standalone package `package` (its own workspace) with the harness `aspect`
/// and `specs/counting.feature`.
fn counter_crate(fixture: &Fixture, package: &str) {
    let runtime = runtime_dir().display().to_string();
    fixture
        .file(
            "Cargo.toml",
            &format!(
                "[package]\nname = \"{package}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
                 [workspace]\n\n\
                 [dev-dependencies]\naspect = {{ package = \"cargo-aspect\", path = {runtime:?}, default-features = false }}\n\n\
                 [[test]]\nname = \"aspect\"\nharness = false\n"
            ),
        )
        .file("src/lib.rs", "//! Nothing but tests.\n")
        .file("tests/aspect.rs", STEPS)
        .file("specs/counting.feature", PASSING);
}

/// `cargo test --test aspect` in `dir`, with the shared fixture target dir.
fn cargo_test(dir: &Path) -> Run {
    cargo(dir, &["test", "--test", "aspect"])
}

/// The real cargo in `dir` with the shared fixture target dir.
fn cargo(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", Fixture::target_dir())
        .env_remove("ASPECT_TAGS")
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Panics unless cargo reused the test executable (compiled nothing).
fn assert_reused(run: &Run) {
    assert!(
        !run.stderr.contains("Compiling"),
        "cargo rebuilt the harness, so this run does not test reuse:\n{}",
        run.all()
    );
}

/// `from` renamed to `to` (which is removed first).
fn rename(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    std::fs::rename(from, to).unwrap();
}

#[test]
fn a_renamed_checkout_judges_its_own_specs() {
    let fixture = Fixture::new("reloc-moved");
    counter_crate(&fixture, "reloc-moved");
    let built = cargo_test(&fixture.root);
    assert_eq!(built.code, 0, "{}", built.all());

    let moved = fixture.root.with_file_name("reloc-moved-renamed");
    rename(&fixture.root, &moved);
    let again = cargo_test(&moved);
    assert_reused(&again);
    assert_eq!(again.code, 0, "{}", again.all());
    for name in PASSING_TRIALS {
        assert_eq!(again.verdict(name), Some("ok"), "{name}:\n{}", again.all());
    }

    std::fs::write(moved.join("specs/added.feature"), FAILING).unwrap();
    let failing = cargo_test(&moved);
    assert_reused(&failing);
    assert_eq!(failing.code, 1, "{}", failing.all());
    assert_eq!(
        failing.verdict("spec::added::wrong"),
        Some("FAILED"),
        "{}",
        failing.all()
    );
    assert!(
        failing.stdout.contains("specs/added.feature:4:5"),
        "the failure points into the renamed tree:\n{}",
        failing.all()
    );
}

#[test]
fn two_worktrees_sharing_a_target_dir_each_judge_their_own_specs() {
    // One crate (same package name, same layout) in two directories, both
    // written before the build, so cargo finds B's sources older than the
    // executable built in A and reuses it.
    let a = Fixture::new("reloc-worktree-a");
    let b = Fixture::new("reloc-worktree-b");
    counter_crate(&a, "reloc-worktree");
    counter_crate(&b, "reloc-worktree");
    b.file("specs/only-b.feature", FAILING);

    let in_a = cargo_test(&a.root);
    assert_eq!(in_a.code, 0, "{}", in_a.all());
    assert_eq!(in_a.verdict("spec::only-b::wrong"), None, "{}", in_a.all());

    let in_b = cargo_test(&b.root);
    assert_reused(&in_b);
    assert_eq!(in_b.code, 1, "B's failing spec must fail:\n{}", in_b.all());
    assert_eq!(
        in_b.verdict("spec::only-b::wrong"),
        Some("FAILED"),
        "{}",
        in_b.all()
    );

    let a_again = cargo_test(&a.root);
    assert_reused(&a_again);
    assert_eq!(a_again.code, 0, "{}", a_again.all());
}

/// The names of the tests a nextest run reported as passed or failed, with how
/// many times each ran (up to the summary, which repeats the failures).
fn nextest_ran(run: &Run, binary: &str) -> BTreeMap<String, usize> {
    let mut ran = BTreeMap::new();
    for line in run.stderr.lines() {
        let line = line.trim_start();
        if line.starts_with("Summary [") {
            break;
        }
        if !(line.starts_with("PASS [") || line.starts_with("FAIL [")) {
            continue;
        }
        if let Some((_, name)) = line.split_once(&format!(" {binary} ")) {
            *ran.entry(name.trim().to_owned()).or_default() += 1;
        }
    }
    ran
}

#[test]
fn a_nextest_archive_run_elsewhere_in_two_partitions_runs_every_trial_once() {
    let fixture = Fixture::new("reloc-archive");
    counter_crate(&fixture, "reloc-archive");
    // A second feature, so each partition has trials of two files.
    fixture.file(
        "specs/more.feature",
        "Feature: More\n  Scenario: four\n    Given the count is 4\n    Then the count is 4\n\n  \
         Scenario: five\n    Given the count is 5\n    Then the count is 5\n",
    );
    let archive = fixture.root.with_file_name("reloc-archive.tar.zst");
    let archived = cargo(
        &fixture.root,
        &[
            "nextest",
            "archive",
            "--archive-file",
            archive.to_str().unwrap(),
        ],
    );
    assert_eq!(archived.code, 0, "{}", archived.all());

    // "Another machine": the sources elsewhere, the tree it was built in gone, and a
    // failing spec added there after archiving, which only the remapped tree has.
    let elsewhere = fixture.root.with_file_name("reloc-archive-elsewhere");
    rename(&fixture.root, &elsewhere);
    std::fs::write(elsewhere.join("specs/added.feature"), FAILING).unwrap();
    let remap = elsewhere.to_str().unwrap();
    let from_archive = |args: &[&str]| {
        let mut all = vec![
            "nextest",
            args[0],
            "--archive-file",
            archive.to_str().unwrap(),
            "--workspace-remap",
            remap,
            "--color",
            "never",
        ];
        all.extend_from_slice(&args[1..]);
        cargo(&elsewhere, &all)
    };

    let listed = from_archive(&["list", "--message-format", "oneline"]);
    assert_eq!(listed.code, 0, "{}", listed.all());
    let mut expected: Vec<String> = PASSING_TRIALS.iter().map(|s| (*s).to_owned()).collect();
    expected
        .extend(["spec::added::wrong", "spec::more::five", "spec::more::four"].map(String::from));
    expected.sort();
    let mut names: Vec<String> = listed
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("reloc-archive::aspect "))
        .map(str::to_owned)
        .collect();
    names.sort();
    assert_eq!(names, expected, "{}", listed.all());

    let mut total: BTreeMap<String, usize> = BTreeMap::new();
    let mut codes = Vec::new();
    for partition in ["count:1/2", "count:2/2"] {
        let run = from_archive(&["run", "--partition", partition, "--no-fail-fast"]);
        let ran = nextest_ran(&run, "reloc-archive::aspect");
        assert!(!ran.is_empty(), "{partition} ran nothing:\n{}", run.all());
        // 100: nextest's exit code when a test failed.
        let code = if ran.contains_key("spec::added::wrong") {
            100
        } else {
            0
        };
        assert_eq!(run.code, code, "{partition}:\n{}", run.all());
        codes.push(run.code);
        for (name, times) in ran {
            *total.entry(name).or_default() += times;
        }
    }
    let once: BTreeMap<String, usize> = expected.iter().map(|n| (n.clone(), 1)).collect();
    assert_eq!(total, once, "every trial exactly once over both partitions");
    assert!(codes.contains(&100), "the added spec failed: {codes:?}");
    let _ = std::fs::remove_file(&archive);
}
