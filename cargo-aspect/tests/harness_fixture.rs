//! The harness, end to end: a fixture workspace built by the real cargo, its test
//! executable run as a real process, verdicts and messages read from its output.
//!
//! Steps live in a module of the harness crate and in a module of another crate,
//! because `inventory`-registered steps have gone missing across crates and
//! opt-levels in other tools (cucumber-rs #304, #271); release is tested too.

mod support;

use std::path::PathBuf;
use std::sync::OnceLock;

use support::{runtime_dir, Fixture};

const VERDICTS: &str = "\
Feature: Verdicts
  Scenario: passes
    Given the count is 1
    When I add 2
    Then the count is 3

  Scenario: fails
    Given the count is 1
    Then the count is 5
    And the count is 1

  Scenario: undefined
    Given I have 3 unicorns
    Then the count is 0

  Scenario: ambiguous
    When I double it

  @ignore
  Scenario: ignored
    Then the count is 99

  @smoke
  Scenario Outline: adds
    Given the count is <a>
    When I add <b>
    Then the count is <sum>

    Examples:
      | a | b | sum |
      | 1 | 1 | 2   |
      | 2 | 3 | 5   |
";

const STEPS_LIB: &str = r#"//! Steps in another crate's submodule.
use aspect::{given, then, when};

use crate::Counter;

#[given("the count is {int}")]
fn start(counter: &mut Counter, n: i64) {
    counter.count = n;
}

#[when("I add {int}")]
fn add(counter: &mut Counter, n: i64) {
    counter.count += n;
}

#[then("the count is {int}")]
fn check(counter: &mut Counter, n: i64) {
    assert_eq!(counter.count, n, "the count");
}

#[when("I double it")]
fn double(counter: &mut Counter) {
    counter.count *= 2;
}
"#;

const LOCAL_STEPS: &str = r#"//! Steps in a module of the harness crate.
use aspect::when;
use steps_lib::Counter;

#[when(regex = r"^I double (it|the count)$")]
fn double_either(counter: &mut Counter, _what: String) {
    counter.count *= 2;
}
"#;

fn verdicts_fixture(name: &str) -> Fixture {
    let runtime = runtime_dir();
    let fixture = Fixture::new(name);
    let app = fixture.package("app");
    fixture
        .file("Cargo.toml", "[workspace]\nmembers = [\"app\", \"steps-lib\"]\nresolver = \"2\"\n")
        .file(
            "steps-lib/Cargo.toml",
            &format!(
                "[package]\nname = \"steps-lib\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n\
                 [dependencies]\naspect = {{ package = \"cargo-aspect\", path = {runtime:?}, default-features = false }}\n"
            ),
        )
        .file(
            "steps-lib/src/lib.rs",
            "//! A World and its steps, in a library.\n\n/// The World.\n#[derive(Debug, Default)]\npub struct Counter {\n    /// The count.\n    pub count: i64,\n}\n\nmod counting;\n",
        )
        .file("steps-lib/src/counting.rs", STEPS_LIB)
        .file(
            "app/Cargo.toml",
            &format!(
                "[package]\nname = \"{app}\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n\
                 [dev-dependencies]\naspect = {{ package = \"cargo-aspect\", path = {runtime:?}, default-features = false }}\n\
                 steps-lib = {{ path = \"../steps-lib\" }}\n\n\
                 [[test]]\nname = \"aspect\"\nharness = false\n"
            ),
        )
        .file("app/src/lib.rs", "")
        .file(
            "app/tests/aspect.rs",
            "mod local;\n\naspect::main!(steps_lib::Counter);\n",
        )
        .file("app/tests/local/mod.rs", LOCAL_STEPS)
        .file("app/specs/verdicts.feature", VERDICTS);
    fixture
}

/// The fixture and its debug harness, built once per test process. nextest runs
/// each test in its own process, so the directory is per process: processes
/// never rewrite each other's files, and the shared target dir keeps it cheap.
fn debug_harness() -> &'static (Fixture, PathBuf) {
    static BUILT: OnceLock<(Fixture, PathBuf)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let fixture = verdicts_fixture(&format!("verdicts-{}", std::process::id()));
        let exe = fixture.build_test(&fixture.package("app"), "aspect", false);
        (fixture, exe)
    })
}

const ALL_NAMES: [&str; 7] = [
    "spec::verdicts::passes",
    "spec::verdicts::fails",
    "spec::verdicts::undefined",
    "spec::verdicts::ambiguous",
    "spec::verdicts::ignored",
    "spec::verdicts::adds #1",
    "spec::verdicts::adds #2",
];

fn assert_verdicts(run: &support::Run) {
    let expected = [
        ("spec::verdicts::passes", "ok"),
        ("spec::verdicts::fails", "FAILED"),
        ("spec::verdicts::undefined", "FAILED"),
        ("spec::verdicts::ambiguous", "FAILED"),
        ("spec::verdicts::ignored", "ignored"),
        ("spec::verdicts::adds #1", "ok"),
        ("spec::verdicts::adds #2", "ok"),
    ];
    for (name, verdict) in expected {
        assert_eq!(
            run.verdict(name),
            Some(verdict),
            "verdict of {name}\n{}",
            run.all()
        );
    }
    assert_eq!(run.code, 1, "a failing run exits 1\n{}", run.all());
}

#[test]
fn every_scenario_is_a_trial_with_its_verdict() {
    let (fixture, exe) = debug_harness();
    let run = fixture.run(exe, &[]);
    assert_verdicts(&run);
    assert!(
        !run.stderr.contains("panicked"),
        "panics are reported under their step, not by the hook\n{}",
        run.all()
    );
}

#[test]
fn a_failing_step_reports_file_line_message_and_skipped_steps() {
    let (fixture, exe) = debug_harness();
    let run = fixture.run(exe, &["spec::verdicts::fails", "--exact"]);
    let feature = "app/specs/verdicts.feature";
    let line = fixture.line_of(feature, "Then the count is 5");
    assert!(
        run.stdout.contains(&format!(
            "{feature}:{line}:5: step failed: Then the count is 5"
        )),
        "{}",
        run.all()
    );
    let assert_line = fixture.line_of("steps-lib/src/counting.rs", "assert_eq!");
    assert!(
        run.stdout.contains(&format!(
            "step panicked at steps-lib/src/counting.rs:{assert_line}:"
        )),
        "{}",
        run.all()
    );
    assert!(
        run.stdout.contains("left: 1") && run.stdout.contains("right: 5"),
        "{}",
        run.all()
    );
    assert!(
        run.stdout.contains("- And the count is 1  (skipped)"),
        "{}",
        run.all()
    );
    assert!(
        run.stdout.contains("✔ Given the count is 1"),
        "{}",
        run.all()
    );
}

#[test]
fn an_undefined_step_fails_with_a_snippet() {
    let (fixture, exe) = debug_harness();
    let run = fixture.run(exe, &["spec::verdicts::undefined", "--exact"]);
    assert_eq!(
        run.verdict("spec::verdicts::undefined"),
        Some("FAILED"),
        "{}",
        run.all()
    );
    let line = fixture.line_of("app/specs/verdicts.feature", "I have 3 unicorns");
    assert!(
        run.stdout.contains(&format!(
            "app/specs/verdicts.feature:{line}:5: undefined step: Given I have 3 unicorns"
        )),
        "{}",
        run.all()
    );
    assert!(
        run.stdout.contains(r#"#[given("I have {int} unicorns")]"#),
        "{}",
        run.all()
    );
    assert!(
        run.stdout
            .contains("fn i_have_unicorns(world: &mut Counter, int1: i64) {"),
        "{}",
        run.all()
    );
    assert!(
        run.stdout.contains("- Then the count is 0  (skipped)"),
        "{}",
        run.all()
    );
}

#[test]
fn an_ambiguous_step_names_every_definition() {
    let (fixture, exe) = debug_harness();
    let run = fixture.run(exe, &["spec::verdicts::ambiguous", "--exact"]);
    assert_eq!(
        run.verdict("spec::verdicts::ambiguous"),
        Some("FAILED"),
        "{}",
        run.all()
    );
    let lib_line = fixture.line_of("steps-lib/src/counting.rs", "fn double(");
    let local_line = fixture.line_of("app/tests/local/mod.rs", "fn double_either(");
    assert!(
        run.stdout.contains("more than one step definition matches"),
        "{}",
        run.all()
    );
    assert!(
        run.stdout
            .contains(&format!("steps-lib/src/counting.rs:{lib_line}")),
        "{}",
        run.all()
    );
    assert!(
        run.stdout
            .contains(&format!("app/tests/local/mod.rs:{local_line}")),
        "{}",
        run.all()
    );
}

#[test]
fn list_terse_prints_every_name_and_exact_runs_it_back() {
    let (fixture, exe) = debug_harness();
    let run = fixture.run(exe, &["--list", "--format", "terse"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let listed: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.strip_suffix(": test"))
        .collect();
    assert_eq!(listed, ALL_NAMES, "{}", run.all());
    for name in ALL_NAMES {
        let run = fixture.run(exe, &[name, "--exact", "--include-ignored"]);
        assert!(
            run.verdict(name).is_some(),
            "{name} runs back with --exact\n{}",
            run.all()
        );
        assert!(run.stdout.contains("6 filtered out"), "{}", run.all());
    }
    let ignored = fixture.run(exe, &["--list", "--format", "terse", "--ignored"]);
    assert_eq!(
        ignored.stdout.trim(),
        "spec::verdicts::ignored: test",
        "{}",
        ignored.all()
    );
}

#[test]
fn tags_select_scenarios_from_the_command_line_or_the_environment() {
    let (fixture, exe) = debug_harness();
    let by_arg = fixture.run(exe, &["--tags", "@smoke"]);
    let by_env = fixture.run_env(exe, &[], &[("ASPECT_TAGS", "smoke")]);
    for run in [&by_arg, &by_env] {
        assert_eq!(run.code, 0, "{}", run.all());
        assert_eq!(
            run.verdict("spec::verdicts::adds #1"),
            Some("ok"),
            "{}",
            run.all()
        );
        assert_eq!(run.verdict("spec::verdicts::passes"), None, "{}", run.all());
    }
    let not = fixture.run(exe, &["--tags=not @smoke and not @ignore"]);
    assert_eq!(
        not.verdict("spec::verdicts::adds #1"),
        None,
        "{}",
        not.all()
    );
    assert_eq!(
        not.verdict("spec::verdicts::passes"),
        Some("ok"),
        "{}",
        not.all()
    );
    let bad = fixture.run(exe, &["--tags", "@a and"]);
    assert_eq!(bad.code, 2, "{}", bad.all());
    assert!(
        bad.stderr.contains("tag expression `@a and`"),
        "{}",
        bad.all()
    );
}

#[test]
fn release_builds_keep_steps_from_every_crate() {
    let fixture = verdicts_fixture(&format!("verdicts-release-{}", std::process::id()));
    let exe = fixture.build_test(&fixture.package("app"), "aspect", true);
    let run = fixture.run(&exe, &[]);
    assert_verdicts(&run);
}

#[test]
fn nextest_runs_each_scenario_as_its_own_test() {
    let have_nextest = std::process::Command::new("cargo")
        .args(["nextest", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !have_nextest {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have cargo-nextest"
        );
        eprintln!("SKIPPED: cargo-nextest is not installed here");
        return;
    }
    let (fixture, _) = debug_harness();
    let app = fixture.package("app");
    let run = fixture.run_cargo(&[
        "nextest",
        "run",
        "-p",
        &app,
        "--no-fail-fast",
        "--color",
        "never",
    ]);
    assert_ne!(run.code, 0, "{}", run.all());
    let out = format!("{}{}", run.stdout, run.stderr);
    for name in ["spec::verdicts::passes", "spec::verdicts::adds #2"] {
        assert!(
            out.lines().any(|l| l.contains("PASS") && l.contains(name)),
            "{name} passes under nextest\n{}",
            run.all()
        );
    }
    for name in [
        "spec::verdicts::fails",
        "spec::verdicts::undefined",
        "spec::verdicts::ambiguous",
    ] {
        assert!(
            out.lines().any(|l| l.contains("FAIL") && l.contains(name)),
            "{name} fails under nextest\n{}",
            run.all()
        );
    }
    assert!(
        out.contains("3 passed") && out.contains("3 failed") && out.contains("1 skipped"),
        "{}",
        run.all()
    );
}

#[test]
fn a_spec_that_does_not_parse_is_a_failing_trial_and_the_others_run() {
    let runtime = runtime_dir();
    let fixture = Fixture::new(&format!("broken-{}", std::process::id()));
    let app = fixture.package("app");
    fixture
        .file(
            "Cargo.toml",
            &format!(
                "[package]\nname = \"{app}\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n\
                 [dev-dependencies]\naspect = {{ package = \"cargo-aspect\", path = {runtime:?}, default-features = false }}\n\n\
                 [[test]]\nname = \"aspect\"\nharness = false\n\n[workspace]\n"
            ),
        )
        .file("src/lib.rs", "")
        .file(
            "tests/aspect.rs",
            "#[derive(Default)]\nstruct W;\n\n#[aspect::given(\"a table\")]\nfn table(_w: &mut W, _t: &aspect::DataTable) {}\n\naspect::main!(W);\n",
        )
        .file("specs/good.feature", "Feature: Good\n  Scenario: fine\n    Given a table\n      | a |\n")
        .file(
            "specs/broken.feature",
            "Feature: Broken\n  Scenario: cells\n    Given a table\n      | a | b |\n      | c |\n",
        );
    let exe = fixture.build_test(&fixture.package("app"), "aspect", false);
    // The harness is built without the `aspects` feature (specs/unparsed.feature
    // covers the idle game, which has it).
    let run = fixture.run(&exe, &[]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stdout.contains("specs/broken.feature:5:"),
        "{}",
        run.all()
    );
    assert!(
        run.stdout.contains("inconsistent cell count"),
        "{}",
        run.all()
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.all());
    assert_eq!(run.verdict("spec::good::fine"), Some("ok"), "{}", run.all());
    assert_eq!(
        run.verdict("spec::broken::does not parse"),
        Some("FAILED"),
        "{}",
        run.all()
    );
    // With --exact only the named feature is parsed, so the good one still runs.
    let exact = fixture.run(&exe, &["spec::good::fine", "--exact"]);
    assert_eq!(exact.code, 0, "{}", exact.all());
    assert_eq!(
        exact.verdict("spec::good::fine"),
        Some("ok"),
        "{}",
        exact.all()
    );

    // The harness is built without the `aspects` feature: an aspect file is
    // bad input that names the fix, never a silently skipped property.
    fixture.remove("specs/broken.feature");
    fixture.file(
        "aspects/fast.md",
        "---\nname: fast\nevidence: scripts/fast.sh\n---\nIt is fast.\n",
    );
    let run = fixture.run(&exe, &[]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr
            .contains("aspects/fast.md: aspects need cargo-aspect's `aspects` feature"),
        "{}",
        run.all()
    );
    assert!(
        run.stderr.contains(r#"features = ["aspects", "imports"]"#),
        "{}",
        run.all()
    );
    assert!(!run.stdout.contains("test spec::"), "{}", run.all());
}
