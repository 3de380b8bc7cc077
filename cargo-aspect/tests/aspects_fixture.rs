//! Aspects end to end: a fixture workspace built by the real cargo, its harness
//! run as a real process, each aspect's trial verdict and message read back.
//!
//! The imports check reads sources when it runs, so the core crate is edited
//! between runs without rebuilding; bad aspect files are likewise swapped in.

mod support;

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use support::{runtime_dir, Fixture};

const CORE_LIB: &str =
    "//! Pure logic.\n\n/// Adds.\npub fn add(a: u64, b: u64) -> u64 {\n    a + b\n}\n";

const BENCHES: &str = r#"//! Functions the aspects measure.
use aspect::Bencher;

#[aspect::bench]
fn slow(b: &mut Bencher) {
    b.iter(|| std::thread::sleep(std::time::Duration::from_micros(300)));
}

#[aspect::bench]
fn hog(b: &mut Bencher) {
    b.iter(|| vec![1u8; 32 << 20]);
}

#[aspect::bench]
fn light(b: &mut Bencher) {
    b.iter(|| vec![1u8; 64]);
}
"#;

fn aspects_fixture(name: &str) -> Fixture {
    let runtime = runtime_dir();
    let fixture = Fixture::new(name);
    let app = fixture.package("app");
    fixture
        .file("Cargo.toml", "[workspace]\nmembers = [\"core\", \"app\"]\nresolver = \"2\"\n")
        .file("core/Cargo.toml", "[package]\nname = \"fx-core\"\nversion = \"0.0.0\"\nedition = \"2021\"\n")
        .file("core/src/lib.rs", CORE_LIB)
        .file(
            "app/Cargo.toml",
            &format!(
                "[package]\nname = \"{app}\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n\
                 [dev-dependencies]\naspect = {{ package = \"cargo-aspect\", path = {runtime:?}, default-features = false, features = [\"aspects\", \"imports\"] }}\n\n\
                 [[test]]\nname = \"aspect\"\nharness = false\n"
            ),
        )
        .file("app/src/lib.rs", "")
        .file(
            "app/tests/aspect.rs",
            "mod benches;\n\n#[derive(Default)]\nstruct World;\n\naspect::main!(World);\n",
        )
        .file("app/tests/benches/mod.rs", BENCHES)
        .file(
            "app/aspects/core-pure.md",
            "---\nname: core-pure\nevidence:\n  imports:\n    crate: fx-core\n    deny: [external, \"std::fs\", \"std::net\"]\n---\nThe core crate is pure: no dependencies, no files, no network.\n",
        )
        .file(
            "app/aspects/slow-command.md",
            "---\nname: slow-command\nevidence:\n  command: [sh, -c, 'sleep 60 & echo $! > background.pid; wait']\n  timeout: 3s\n---\nA check that hangs must not hang the run.\n",
        )
        .file(
            "app/aspects/fast-enough.md",
            "---\nname: fast-enough\nevidence: {bench: slow, max: 50us}\n---\nThe slow function is fast enough.\n",
        )
        .file(
            "app/aspects/lean.md",
            "---\nname: lean\nevidence:\n  memory: {bench: hog, max: 1MiB}\n---\nThe hog allocates at most 1 MiB.\n",
        )
        .file(
            "app/aspects/light.md",
            "---\nname: light\nevidence:\n  memory: {bench: light, max: 1KiB}\n---\nThe light function allocates at most 1 KiB.\n",
        )
        .file(
            "app/aspects/tiny-command.md",
            "---\nname: tiny-command\nevidence:\n  memory: {command: [sh, -c, 'true'], max: 16MiB}\n---\nA shell that does nothing stays small.\n",
        );
    fixture
}

fn debug_harness() -> &'static (Fixture, PathBuf) {
    static BUILT: OnceLock<(Fixture, PathBuf)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let fixture = aspects_fixture(&format!("aspects-{}", std::process::id()));
        let exe = fixture.build_test(&fixture.package("app"), "aspect", false);
        (fixture, exe)
    })
}

#[test]
fn every_aspect_is_a_trial_named_after_it() {
    let (fixture, exe) = debug_harness();
    let list = fixture.run(exe, &["--list", "--format", "terse"]);
    let mut names: Vec<&str> = list
        .stdout
        .lines()
        .filter_map(|l| l.strip_suffix(": test"))
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "aspect::core-pure",
            "aspect::fast-enough",
            "aspect::lean",
            "aspect::light",
            "aspect::slow-command",
            "aspect::tiny-command"
        ],
        "{}",
        list.all()
    );
    let run = fixture.run(exe, &["aspect::core-pure", "--exact"]);
    assert_eq!(
        run.verdict("aspect::core-pure"),
        Some("ok"),
        "{}",
        run.all()
    );
}

/// A bench in a debug build is listed as ignored, so nextest (which reads only
/// the listing and exit codes) skips it instead of counting a PASS; run anyway,
/// it is a smoke test that libtest reports as ignored and nextest as a failure.
#[test]
fn a_bench_in_a_debug_build_is_listed_as_ignored_as_not_judged() {
    let (fixture, exe) = debug_harness();
    let ignored = fixture.run(exe, &["--list", "--format", "terse", "--ignored"]);
    assert_eq!(
        ignored.stdout.trim(),
        "aspect::fast-enough: test",
        "{}",
        ignored.all()
    );

    let run = fixture.run(exe, &["aspect::fast-enough", "--exact"]);
    assert_eq!(
        run.verdict("aspect::fast-enough"),
        Some("ignored"),
        "{}",
        run.all()
    );
    assert!(
        run.stderr
            .contains("note: aspect::fast-enough is ignored: not judged in a debug build"),
        "{}",
        run.all()
    );
    assert_eq!(run.code, 0, "{}", run.all());

    let forced = fixture.run(
        exe,
        &["aspect::fast-enough", "--exact", "--include-ignored"],
    );
    let verdict = forced.verdict("aspect::fast-enough").unwrap_or_default();
    assert!(verdict.starts_with("ignored"), "{}", forced.all());
    assert!(
        verdict.contains("not judged in a debug build: ran once as a smoke test"),
        "{}",
        forced.all()
    );
    assert_eq!(forced.code, 0, "{}", forced.all());

    // As nextest runs an ignored test: its own process, `--ignored`, NEXTEST=1.
    let nextest = fixture.run_env(
        exe,
        &["aspect::fast-enough", "--exact", "--ignored", "--nocapture"],
        &[("NEXTEST", "1")],
    );
    assert_eq!(
        nextest.verdict("aspect::fast-enough"),
        Some("FAILED"),
        "{}",
        nextest.all()
    );
    assert!(
        nextest
            .stdout
            .contains("nextest can only pass or fail a test it runs"),
        "{}",
        nextest.all()
    );
}

#[test]
fn a_memory_hog_fails_with_its_peak() {
    let (fixture, exe) = debug_harness();
    let run = fixture.run(exe, &["aspect::lean", "--exact"]);
    assert_eq!(run.verdict("aspect::lean"), Some("FAILED"), "{}", run.all());
    assert!(
        run.stdout.contains("app/aspects/lean.md:4:"),
        "{}",
        run.all()
    );
    assert!(
        run.stdout.contains("over budget: 32.0 MiB > 1.0 MiB"),
        "{}",
        run.all()
    );
    assert!(
        run.stdout.contains("The hog allocates at most 1 MiB."),
        "the property is shown\n{}",
        run.all()
    );
    let light = fixture.run(exe, &["aspect::light", "--exact"]);
    assert_eq!(
        light.verdict("aspect::light"),
        Some("ok"),
        "{}",
        light.all()
    );
}

#[test]
fn a_commands_peak_rss_is_its_own_even_after_the_harness_grew() {
    let (fixture, exe) = debug_harness();
    // One thread, in file order: `lean` makes the harness allocate 32 MiB, and
    // only then is `tiny-command` judged against its 16 MiB budget. Spawned
    // straight from the harness, Linux would report the harness's peak as the
    // shell's; through the small intermediate the shell's own is judged.
    let events = fixture
        .root
        .join(format!("rss-events-{}.jsonl", std::process::id()));
    let run = fixture.run_env(
        exe,
        &[
            "aspect::",
            "--test-threads",
            "1",
            "--skip",
            "slow-command",
            "--skip",
            "fast-enough",
        ],
        &[("ASPECT_EVENTS", events.to_str().unwrap())],
    );
    assert_eq!(run.verdict("aspect::lean"), Some("FAILED"), "{}", run.all());
    assert_eq!(
        run.verdict("aspect::tiny-command"),
        Some("ok"),
        "{}",
        run.all()
    );
    let text = std::fs::read_to_string(&events).unwrap();
    let tiny: serde_json::Value = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|e| e["name"] == "aspect::tiny-command" && e["status"].is_string())
        .expect("an event for tiny-command");
    let peak = tiny["measurement"]["value"].as_f64().unwrap();
    eprintln!("tiny-command: peak RSS {peak} bytes");
    assert!(peak > 0.0 && peak < (16 << 20) as f64, "{tiny}");
}

#[test]
fn a_command_past_its_timeout_fails_promptly_and_leaves_no_process() {
    let (fixture, exe) = debug_harness();
    let start = Instant::now();
    let run = fixture.run(exe, &["aspect::slow-command", "--exact"]);
    let elapsed = start.elapsed();
    assert_eq!(
        run.verdict("aspect::slow-command"),
        Some("FAILED"),
        "{}",
        run.all()
    );
    assert!(
        run.stdout
            .contains("timed out after 3.00 s; its process group was killed"),
        "{}",
        run.all()
    );
    // The command sleeps 60 s; being killed at its 3 s timeout is what ends it.
    assert!(elapsed < Duration::from_secs(30), "took {elapsed:?}");
    let pid = std::fs::read_to_string(fixture.root.join("background.pid"))
        .expect("the command wrote its background child's pid before the timeout");
    assert!(
        gone_within(pid.trim(), Duration::from_secs(5)),
        "background child {pid} outlived the timeout"
    );
}

/// Whether process `pid` is gone (or a zombie: killed, waiting for init to reap it).
fn gone_within(pid: &str, limit: Duration) -> bool {
    let start = Instant::now();
    loop {
        let state = std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .and_then(|stat| {
                stat.rsplit_once(')')
                    .map(|(_, rest)| rest.trim_start().chars().next())
            })
            .flatten();
        if matches!(state, None | Some('Z' | 'X')) {
            return true;
        }
        if start.elapsed() > limit {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn imports_violations_fail_with_file_line_and_column() {
    // Its own fixture: this test edits the core crate.
    let fixture = aspects_fixture(&format!("aspects-imports-{}", std::process::id()));
    let exe = fixture.build_test(&fixture.package("app"), "aspect", false);
    let run = |fixture: &Fixture| fixture.run(&exe, &["aspect::core-pure", "--exact"]);

    let body = CORE_LIB.strip_prefix("//! Pure logic.\n").unwrap();
    fixture.file(
        "core/src/lib.rs",
        &format!("//! Pure logic.\nuse std::fs;\n{body}"),
    );
    let out = run(&fixture);
    assert_eq!(
        out.verdict("aspect::core-pure"),
        Some("FAILED"),
        "{}",
        out.all()
    );
    assert!(
        out.stdout
            .contains("core/src/lib.rs:2:5: uses std::fs (denied by core-pure)"),
        "{}",
        out.all()
    );

    let connect = "/// Phones home.\npub fn call() {\n    let _ = std::net::TcpStream::connect(\"10.0.0.1:1\");\n}\n";
    fixture.file("core/src/lib.rs", &format!("{CORE_LIB}{connect}"));
    let line = fixture.line_of("core/src/lib.rs", "TcpStream::connect");
    let out = run(&fixture);
    assert!(
        out.stdout.contains(&format!(
            "core/src/lib.rs:{line}:13: uses std::net::TcpStream::connect (denied by core-pure)"
        )),
        "{}",
        out.all()
    );

    // A dependency is reported where the code uses it (the fixture is not
    // rebuilt: the check reads the sources).
    fixture.file(
        "core/src/lib.rs",
        &format!("{CORE_LIB}pub use serde::Serialize;\n"),
    );
    fixture.file(
        "core/Cargo.toml",
        "[package]\nname = \"fx-core\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\nserde = \"1\"\n",
    );
    let line = fixture.line_of("core/src/lib.rs", "serde::Serialize");
    let out = run(&fixture);
    assert!(
        out.stdout.contains(&format!(
            "core/src/lib.rs:{line}:9: uses serde::Serialize (dependency serde) (denied by core-pure as external)"
        )),
        "{}",
        out.all()
    );

    fixture.file("core/src/lib.rs", CORE_LIB);

    fixture.file(
        "core/Cargo.toml",
        "[package]\nname = \"fx-core\"\nversion = \"0.0.0\"\nedition = \"2021\"\n",
    );
    assert_eq!(run(&fixture).verdict("aspect::core-pure"), Some("ok"));
}

#[test]
fn bad_aspects_stop_the_run_with_their_location() {
    let fixture = aspects_fixture(&format!("aspects-bad-{}", std::process::id()));
    let exe = fixture.build_test(&fixture.package("app"), "aspect", false);
    let cases = [
        (
            "app/aspects/zz.md",
            "no frontmatter here\n",
            "app/aspects/zz.md:1:1: no frontmatter",
        ),
        (
            "app/aspects/zz.md",
            "---\nname: zz\nevidence: {bench: nope, max: 1ms}\n---\n",
            // At the function's name, the value at fault.
            "app/aspects/zz.md:3:19: no #[aspect::bench] function named `nope`",
        ),
        (
            "app/aspects/zz.md",
            "---\nname: zz\nevidence: {imports: {crate: ghost, deny: [external]}}\n---\n",
            "crate `ghost` is not a member of the workspace",
        ),
        (
            "app/aspects/zz.md",
            "---\nname: light\nevidence: sh\n---\n",
            "duplicate aspect name `light`",
        ),
        (
            "app/aspects/zz.md",
            "---\nname: zz\nevidence: scripts/missing.sh\n---\n",
            "`scripts/missing.sh` does not exist",
        ),
        (
            "app/aspects/zz.md",
            "---\nname: zz\nevidence: {bench: slow, max: 3 fortnights}\n---\n",
            "unknown duration unit `fortnights`",
        ),
    ];
    for (path, text, expected) in cases {
        fixture.file(path, text);
        let run = fixture.run(&exe, &[]);
        assert_eq!(run.code, 2, "{text}\n{}", run.all());
        assert!(
            run.stderr.contains(expected),
            "{text}\nexpected {expected:?}\n{}",
            run.all()
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.all());
        assert!(
            !run.stdout.contains("test aspect::"),
            "nothing runs\n{}",
            run.all()
        );
    }
    fixture.remove("app/aspects/zz.md");
}

#[test]
fn a_bench_over_budget_in_release_fails_with_its_median() {
    let fixture = aspects_fixture(&format!("aspects-release-{}", std::process::id()));
    let exe = fixture.build_test(&fixture.package("app"), "aspect", true);
    let run = fixture.run(&exe, &["aspect::fast-enough", "--exact"]);
    assert_eq!(
        run.verdict("aspect::fast-enough"),
        Some("FAILED"),
        "{}",
        run.all()
    );
    assert!(run.stdout.contains("over budget: "), "{}", run.all());
    assert!(run.stdout.contains("> 50.00 µs"), "{}", run.all());
    assert!(run.stdout.contains("median "), "{}", run.all());
    assert!(run.stdout.contains("samples"), "{}", run.all());
}
