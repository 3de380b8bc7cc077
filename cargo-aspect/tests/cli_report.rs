//! `cargo aspect report`, end to end: the real binary writes the page from saved
//! events, and a real headless Chromium opens it from disk and runs its script;
//! the assertions read the DOM Chromium dumps after that.
//!
//! Chromium is Debian's `chromium` package (`.ci/run` installs it). Where it is
//! missing these tests say so loudly and pass, unless `CI` is set: then they fail.

#[path = "support/idle.rs"]
mod idle;
mod support;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use idle::{cargo_aspect, idle_game};
use support::{runtime_dir, Fixture};

/// A real `cargo aspect test --format json` of the idle game with two bugs put
/// in: `BuyError::shortfall` off by 5 (one scenario fails) and a `std::time`
/// import in idle-core (the imports aspect fails). The bench is not judged (debug).
/// Saved by format version 1 (no `format` line, `not-judged`) and kept so: a
/// saved file of version 1 is still read (EVENTS.md, "Stability").
const IDLE_GAME_EVENTS: &str = r#"{"type":"scenario","name":"spec::buying::Purchase with sufficient funds","package":"idle-game","file":"specs/buying.feature","line":2,"feature":"Buying a generator","tags":[],"status":"passed","duration_ms":7.572104}
{"type":"scenario","name":"spec::buying::Purchase with insufficient funds","package":"idle-game","file":"specs/buying.feature","line":8,"feature":"Buying a generator","tags":[],"status":"failed","duration_ms":3.401694,"failed_step":{"keyword":"Then","text":"the purchase is refused: 20 more gold is needed","line":11,"column":5,"reason":"failed"},"message":"examples/idle-game/specs/buying.feature:11:5: step failed: Then the purchase is refused: 20 more gold is needed\n  Feature: Buying a generator\n  Scenario: Purchase with insufficient funds  (examples/idle-game/specs/buying.feature:8)\n    ✔ Given I have 30 gold\n    ✔ When I try to buy a gold mine\n    ✘ Then the purchase is refused: 20 more gold is needed  (examples/idle-game/specs/buying.feature:11)\n        step returned an error: refused, but 25 more gold is needed\n    - And I have 30 gold  (skipped)\n    - And my gold-per-second rate is 0  (skipped)\n"}
{"type":"scenario","name":"spec::buying::Each generator costs 15% more than the last #1","package":"idle-game","file":"specs/buying.feature","line":21,"feature":"Buying a generator","tags":[],"status":"passed","duration_ms":3.481773}
{"type":"scenario","name":"spec::buying::Each generator costs 15% more than the last #2","package":"idle-game","file":"specs/buying.feature","line":22,"feature":"Buying a generator","tags":[],"status":"passed","duration_ms":1.775058}
{"type":"scenario","name":"spec::buying::Each generator costs 15% more than the last #3","package":"idle-game","file":"specs/buying.feature","line":23,"feature":"Buying a generator","tags":[],"status":"passed","duration_ms":0.02645}
{"type":"scenario","name":"spec::buying::Each generator costs 15% more than the last #4","package":"idle-game","file":"specs/buying.feature","line":27,"feature":"Buying a generator","tags":[],"status":"passed","duration_ms":0.041532}
{"type":"scenario","name":"spec::production::A mine produces one gold per second","package":"idle-game","file":"specs/production.feature","line":8,"feature":"Producing gold over time","tags":["@production"],"status":"passed","duration_ms":2.616432}
{"type":"scenario","name":"spec::production::Rates add up across generators","package":"idle-game","file":"specs/production.feature","line":13,"feature":"Producing gold over time","tags":["@production"],"status":"passed","duration_ms":0.7281460000000001}
{"type":"scenario","name":"spec::production::A saved game goes on where it left off","package":"idle-game","file":"specs/production.feature","line":22,"feature":"Producing gold over time","tags":["@production"],"status":"passed","duration_ms":0.21493}
{"type":"aspect","name":"aspect::buy-is-fast","package":"idle-game","file":"aspects/buy-is-fast.md","line":4,"evidence":"bench","description":"bench buy_generator ≤ 2.00 µs","summary":"Buying a generator takes at most 2 µs (median, optimized build).","tags":["@performance"],"status":"not-judged","duration_ms":0.019599,"message":"not judged in a debug build: ran once as a smoke test; run `cargo test --release` (or `-- --bench`) to judge median against 2.00 µs"}
{"type":"aspect","name":"aspect::core-has-no-external-imports","package":"idle-game","file":"aspects/core-has-no-external-imports.md","line":4,"evidence":"imports","description":"imports of idle-core (deny external, std::fs, std::net, std::process, std::env, std::thread, std::time)","summary":"The `core/` package contains pure game logic. It must not import external dependencies: no network, no filesystem, no processes, no environment, no threads and no clock.","tags":[],"status":"failed","duration_ms":9.663613,"message":"examples/idle-game/core/src/lib.rs:9:5: uses std::time::Instant (denied by core-has-no-external-imports)\nexamples/idle-game/core/src/lib.rs:12:21: uses std::time::Instant (denied by core-has-no-external-imports)\nexamples/idle-game/core/src/lib.rs:13:5: uses std::time::Instant::now (denied by core-has-no-external-imports)\n3 denied imports in idle-core (deny: external, std::fs, std::net, std::process, std::env, std::thread, std::time)"}
{"type":"aspect","name":"aspect::every-generator-is-specified","package":"idle-game","file":"aspects/every-generator-is-specified.md","line":3,"evidence":"command","description":"examples/idle-game/scripts/every-generator-is-specified.sh","summary":"Every generator the shop sells appears in the specs.","tags":[],"status":"passed","duration_ms":17.226793,"message":"`examples/idle-game/scripts/every-generator-is-specified.sh` exited 0 in 17.14 ms"}
{"type":"aspect","name":"aspect::loading-a-save-is-light","package":"idle-game","file":"aspects/core-memory.md","line":5,"evidence":"memory","description":"memory of bench load_save ≤ 16.0 KiB","summary":"Loading a save allocates at most 16 KiB.","tags":["@performance"],"status":"passed","duration_ms":0.026930000000000003,"measurement":{"unit":"bytes","value":112.0,"budget":16384.0,"spread":0.0,"samples":1},"message":"peak 112 B allocated; budget 16.0 KiB"}
{"type":"summary","passed":10,"failed":2,"ignored":0,"not-judged":1}
"#;

/// The repository's workspace manifest (the idle game is a member).
fn workspace_manifest() -> PathBuf {
    runtime_dir().join("../Cargo.toml")
}

/// A directory of its own under the test target dir.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("report")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Debian's Chromium, or `None` (with a loud note) where it is not installed.
///
/// # Panics
/// When `CI` is set and there is no Chromium: CI must run these tests.
fn chromium(test: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .flat_map(|dir| ["chromium", "chromium-browser"].map(|n| dir.join(n)))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but `chromium` is not on PATH: .ci/run installs Debian's chromium package"
        );
        // Written past libtest's capture, so a skip is seen even when the test passes.
        let _ = writeln!(
            std::io::stderr(),
            "\n*** SKIPPED {test}: no `chromium` on PATH (apt-get install chromium); in CI this fails ***\n"
        );
    }
    found
}

/// Run headless Chromium on `url` with `extra` arguments; its stdout.
fn run_chromium(exe: &Path, profile: &Path, extra: &[String], url: &str) -> String {
    let mut child = Command::new(exe)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 120 s on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stdout = out.join().unwrap();
    let stderr = err.join().unwrap();
    assert!(
        status.success(),
        "chromium failed ({status}) on {url}:\n{stderr}"
    );
    stdout
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.canonicalize().unwrap().display())
}

/// The part of `html` from the first `start` to the next `end`, inclusive.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let at = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in the DOM:\n{html}"));
    let rest = &html[at..];
    let stop = rest[start.len()..]
        .find(end)
        .map_or(rest.len(), |i| start.len() + i + end.len());
    &rest[..stop]
}

#[test]
fn the_idle_game_report_opens_in_chromium() {
    let dir = scratch("idle-game");
    let events = dir.join("events.jsonl");
    std::fs::write(&events, IDLE_GAME_EVENTS).unwrap();
    let page = dir.join("report.html");
    let manifest = workspace_manifest();
    let run = cargo_aspect(
        &dir,
        &[
            "--manifest-path",
            manifest.to_str().unwrap(),
            "-p",
            "idle-game",
            "report",
            "--from",
            "events.jsonl",
            "-o",
            page.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(run.code, 1, "a run with failures exits 1\n{}", run.all());
    assert!(run.stdout.contains("wrote "), "{}", run.all());
    assert!(
        run.stderr
            .contains("10 passed, 2 failed, 0 ignored, 1 not judged"),
        "{}",
        run.all()
    );
    let html = std::fs::read_to_string(&page).unwrap();
    for external in ["<link", "@import", "url(", "src=\"http", "<iframe"] {
        assert!(!html.contains(external), "the page loads {external}");
    }

    let Some(chromium) = chromium("the_idle_game_report_opens_in_chromium") else {
        return;
    };
    let profile = dir.join("profile");
    let dom = run_chromium(
        &chromium,
        &profile,
        &["--dump-dom".into()],
        &file_url(&page),
    );
    // The script ran: it wrote the count of specs and aspects.
    assert!(
        dom.contains("<span id=\"filter-count\" aria-live=\"polite\">10 specs and aspects</span>"),
        "{dom}"
    );
    // The counts.
    let specs = between(&dom, "id=\"summary-specs\"", "</div>");
    for (status, n) in [
        ("passed", 8),
        ("failed", 1),
        ("ignored", 0),
        ("not-judged", 0),
    ] {
        assert!(
            specs.contains(&format!(
                "data-status=\"{status}\" data-n=\"{n}\"><b>{n}</b>"
            )),
            "specs {status}: {specs}"
        );
    }
    let aspects = between(&dom, "id=\"summary-aspects\"", "</div>");
    for (status, n) in [("passed", 2), ("failed", 1), ("not-judged", 1)] {
        assert!(
            aspects.contains(&format!(
                "data-status=\"{status}\" data-n=\"{n}\"><b>{n}</b>"
            )),
            "aspects {status}: {aspects}"
        );
    }
    assert!(dom.contains("id=\"banner\">2 failed</div>"), "banner");
    // The failing step, highlighted, with its error; the later steps skipped.
    let scenario = between(&dom, "id=\"t0-0-8\"", "</article>");
    assert!(scenario.contains("data-verdict=\"failed\""), "{scenario}");
    assert!(
        scenario.contains("<li class=\"step s-failed\"><span class=\"mark\" title=\"failed\">✘</span><span class=\"kw\">Then</span><span class=\"text\">the purchase is refused: 20 more gold is needed</span>"),
        "{scenario}"
    );
    assert!(
        scenario.contains("step returned an error: refused, but 25 more gold is needed"),
        "{scenario}"
    );
    assert_eq!(scenario.matches("step s-skipped").count(), 2, "{scenario}");
    assert_eq!(scenario.matches("step s-passed").count(), 2, "{scenario}");
    // The aspect's verdict and its evidence output, open because it failed.
    let aspect = between(&dom, "core-has-no-external-imports</span>", "</article>");
    assert!(
        aspect.contains("<span class=\"verdict v-failed\">failed</span>"),
        "{aspect}"
    );
    assert!(
        aspect.contains("<details class=\"output\" open=\"\">"),
        "{aspect}"
    );
    assert!(
        aspect.contains("examples/idle-game/core/src/lib.rs:9:5: uses std::time::Instant"),
        "{aspect}"
    );
    let bench = between(&dom, "buy-is-fast</span>", "</span>");
    assert!(bench.contains("v-not-judged"), "{bench}");
    // Its prose, rendered from markdown.
    assert!(
        aspect.contains("The <code>core/</code> package contains pure game logic."),
        "{aspect}"
    );

    // The filter, preset from the address, hides what does not match.
    let filtered = run_chromium(
        &chromium,
        &profile,
        &["--dump-dom".into()],
        &format!("{}?verdict=failed", file_url(&page)),
    );
    assert!(
        filtered.contains(">2 of 10 shown<"),
        "the failing scenario and the failing aspect\n{filtered}"
    );
    let passed = between(&filtered, "id=\"t0-0-2\"", ">");
    assert!(passed.contains("hidden=\"\""), "{passed}");
    let failed = between(&filtered, "id=\"t0-0-8\"", ">");
    assert!(!failed.contains("hidden"), "{failed}");
    let production = between(&filtered, "id=\"f0-1\"", ">");
    assert!(production.contains("hidden=\"\""), "{production}");

    // Text and tag filters, also from the address.
    for (query, shown) in [
        ("q=smelter", "2 of 10 shown"),
        ("tag=@performance", "2 of 10 shown"),
        ("tag=@production&verdict=passed", "3 of 10 shown"),
        ("q=no-such-text", "0 of 10 shown"),
    ] {
        let dom = run_chromium(
            &chromium,
            &profile,
            &["--dump-dom".into()],
            &format!("{}?{query}", file_url(&page)),
        );
        assert!(dom.contains(&format!(">{shown}<")), "{query}: {dom}");
    }

    // A screenshot for people to look at.
    let shot = dir.join("idle-game.png");
    run_chromium(
        &chromium,
        &profile,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,2000".into(),
        ],
        &file_url(&page),
    );
    let png = std::fs::read(&shot).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 10_000);
    eprintln!("screenshot: {}", shot.display());
}

/// Text that would run or inject markup if the page did not escape it.
const HOSTILE_SPEC: &str = r#"@evil&co @q"uote
Feature: <script>document.title='pwned'</script> & "friends"
  <img src=x onerror="document.body.setAttribute('data-pwned','1')">

  Scenario: <b id="injected">bold</b> & 'single'
    Given a step with <script>document.title='pwned'</script>
      | <i id="cell">cell</i> | a & b |
    Then nothing
"#;

const HOSTILE_ASPECT: &str = r#"---
name: hostile
tags: ["x<script>"]
evidence: {command: [scripts/check.sh, --flag, "<script>"]}
---
Evil <script>document.title='pwned'</script> & "quotes".

<img src=x onerror="document.body.setAttribute('data-pwned','1')">

[click](javascript:document.title='pwned')
"#;

const HOSTILE_EVENTS: &str = r#"{"type":"scenario","name":"spec::evil::<b id=\"injected\">bold</b> & 'single'","package":"hostile-report","file":"specs/evil.feature","line":5,"feature":"<script>","tags":["@evil&co","@q\"uote"],"status":"failed","failed_step":{"keyword":"Given","text":"a step with <script>document.title='pwned'</script>","line":6,"column":5,"reason":"failed"},"message":"x:6:5: step failed\n    ✘ Given a step with <script>  (x:6)\n        </pre><script>document.title='pwned'</script> & \"quoted\"\n"}
{"type":"aspect","name":"aspect::hostile","package":"hostile-report","file":"aspects/hostile.md","line":4,"evidence":"command","description":"scripts/check.sh --flag \"<script>\"","summary":"Evil","tags":["@x<script>"],"status":"failed","message":"</pre></details><script>document.title='pwned'</script><img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">"}
"#;

#[test]
fn spec_text_tags_and_evidence_output_are_shown_never_run() {
    let fixture = Fixture::new("report-hostile");
    fixture
        .file(
            "Cargo.toml",
            "[package]\nname = \"hostile-report\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
             [[test]]\nname = \"aspect\"\nharness = false\n\n[workspace]\n",
        )
        .file("src/lib.rs", "")
        .file("tests/aspect.rs", "fn main() {}\n")
        .file("specs/evil.feature", HOSTILE_SPEC)
        .file("aspects/hostile.md", HOSTILE_ASPECT)
        .file("events.jsonl", HOSTILE_EVENTS);
    let page = fixture.root.join("report.html");
    let run = cargo_aspect(
        &fixture.root,
        &["report", "--from", "events.jsonl", "-o", "report.html"],
        &[],
    );
    assert_eq!(run.code, 1, "{}", run.all());
    let html = std::fs::read_to_string(&page).unwrap();
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only the page's own script"
    );

    let Some(chromium) = chromium("spec_text_tags_and_evidence_output_are_shown_never_run") else {
        return;
    };
    let profile = fixture.root.join("profile");
    let dom = run_chromium(
        &chromium,
        &profile,
        &["--dump-dom".into()],
        &file_url(&page),
    );
    assert!(
        dom.contains("specs and aspects</span>"),
        "the page's script ran\n{dom}"
    );
    // Nothing ran and nothing was injected.
    assert!(
        dom.contains("<title>hostile-report · cargo aspect report</title>"),
        "{dom}"
    );
    assert!(!dom.contains("pwned</title>"), "{dom}");
    assert!(!dom.contains("data-pwned=\"1\""), "{dom}");
    assert_eq!(dom.matches("<script").count(), 1, "{dom}");
    for element in [
        "<b id=\"injected\"",
        "<i id=\"cell\"",
        "<img",
        "href=\"javascript",
    ] {
        assert!(!dom.contains(element), "{element} was injected\n{dom}");
    }
    // Every piece is there as text.
    for text in [
        "&lt;script&gt;document.title='pwned'&lt;/script&gt; &amp; \"friends\"",
        "&lt;img src=x onerror=\"document.body.setAttribute('data-pwned','1')\"&gt;",
        "&lt;b id=\"injected\"&gt;bold&lt;/b&gt; &amp; 'single'",
        "&lt;i id=\"cell\"&gt;cell&lt;/i&gt;",
        "a &amp; b",
        "<span class=\"tag\">@evil&amp;co</span>",
        "<span class=\"tag\">@q\"uote</span>",
        "<span class=\"tag\">@x&lt;script&gt;</span>",
        "&lt;/pre&gt;&lt;script&gt;document.title='pwned'&lt;/script&gt; &amp; \"quoted\"",
        "&lt;/pre&gt;&lt;/details&gt;&lt;script&gt;document.title='pwned'&lt;/script&gt;&lt;img",
        "Evil &lt;script&gt;document.title='pwned'&lt;/script&gt; &amp; \"quotes\".",
        "evidence: {command: [scripts/check.sh, --flag, \"&lt;script&gt;\"]}",
    ] {
        assert!(dom.contains(text), "missing {text:?} in\n{dom}");
    }
}

#[test]
fn unreadable_events_cannot_be_judged() {
    let dir = scratch("bad-events");
    std::fs::write(
        dir.join("bad.jsonl"),
        "{\"type\":\"summary\",\"passed\":0,\"failed\":0,\"ignored\":0}\nwarning: not json\n",
    )
    .unwrap();
    let run = cargo_aspect(&dir, &["report", "--from", "bad.jsonl"], &[]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr
            .contains("error: bad.jsonl:2: not an event of `cargo aspect test --format json`"),
        "{}",
        run.all()
    );
    let run = cargo_aspect(&dir, &["report", "--from", "missing.jsonl"], &[]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr.contains("error: cannot read missing.jsonl"),
        "{}",
        run.all()
    );
    let run = cargo_aspect(&dir, &["report", "--from", "bad.jsonl", "--release"], &[]);
    assert_eq!(run.code, 2, "--from and --release conflict\n{}", run.all());
}

#[test]
fn without_from_the_report_runs_the_tests_itself() {
    // The idle game as it is, under a workspace of its own.
    let fixture = idle_game("report-run");
    let target = Fixture::target_dir();
    let run = cargo_aspect(
        &fixture.root,
        &["report"],
        &[("CARGO_TARGET_DIR", target.to_str().unwrap())],
    );
    assert_eq!(run.code, 0, "{}", run.all());
    let page = target.join("aspect/report.html");
    assert!(
        run.stdout.contains(&format!("wrote {}", page.display())),
        "{}",
        run.all()
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("run <time>") && html.contains("cargo aspect test"));
    assert!(html.contains("id=\"banner\">all evidence holds<"), "banner");
    assert!(
        html.contains("data-status=\"passed\" data-n=\"9\""),
        "9 scenarios pass"
    );
    // The dry run reported the step definitions: none is unused, so no such gap.
    assert!(!html.contains("No step-definition events"), "dry run");
    assert!(!html.contains("Step definitions no spec uses"));
    assert!(html.contains("<h3>Aspects with no runnable evidence in this run</h3>"));
}
