//! `cargo aspect list|check|test`, end to end: the real binary on copies of the
//! idle-game example, built by the real cargo under the shared fixture target dir.
//!
//! The example is copied with its layout (`examples/idle-game/` under a virtual
//! workspace root) because its command aspect names its script relative to the
//! workspace root; only the path to the runtime and the package name are
//! rewritten (`support/idle.rs`).

#[path = "support/idle.rs"]
mod idle;
mod support;
#[path = "../src/cli/reporter/xml_check.rs"]
mod xml;

use std::collections::BTreeSet;

use idle::{idle_game, package, GAME};
use support::{Fixture, Run};
use xml::well_formed;

/// `cargo aspect <args>` in the fixture root, with the shared target dir.
fn cargo_aspect(fixture: &Fixture, args: &[&str]) -> Run {
    cargo_aspect_env(fixture, args, &[])
}

fn cargo_aspect_env(fixture: &Fixture, args: &[&str], env: &[(&str, &str)]) -> Run {
    let target = Fixture::target_dir();
    let target = [("CARGO_TARGET_DIR", target.to_str().unwrap())];
    idle::cargo_aspect(&fixture.root, args, &[&target[..], env].concat())
}

fn json_lines(run: &Run) -> Vec<serde_json::Value> {
    run.stdout
        .lines()
        .map(|l| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("not JSON: {l:?}: {e}\n{}", run.all()))
        })
        .collect()
}

fn names(lines: &[serde_json::Value]) -> BTreeSet<String> {
    lines
        .iter()
        .filter(|v| v["type"] == "scenario" || v["type"] == "aspect")
        .map(|v| v["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_idle_game_holds_in_every_format() {
    let fixture = idle_game("cli-holds");

    let list = cargo_aspect(&fixture, &["list", "--format", "json"]);
    assert_eq!(list.code, 0, "{}", list.all());
    let listed = json_lines(&list);
    assert!(
        listed.iter().all(|v| v.get("status").is_none()),
        "{}",
        list.stdout
    );
    let all = names(&listed);
    assert_eq!(
        all.iter().filter(|n| n.starts_with("spec::")).count(),
        9,
        "{all:?}"
    );
    assert_eq!(
        all.iter().filter(|n| n.starts_with("aspect::")).count(),
        4,
        "{all:?}"
    );
    assert!(
        all.contains("spec::buying::Purchase with sufficient funds"),
        "{all:?}"
    );

    let pretty = cargo_aspect(&fixture, &["test", "--color", "never"]);
    assert_eq!(pretty.code, 0, "{}", pretty.all());
    for name in &all {
        let title = name.rsplit("::").next().unwrap();
        assert!(
            pretty.stdout.contains(title),
            "{title} missing:\n{}",
            pretty.all()
        );
    }
    assert!(
        pretty
            .stdout
            .contains("12 passed, 0 failed, 0 ignored, 1 not judged"),
        "{}",
        pretty.all()
    );
    assert!(
        pretty.stdout.contains("run with --release"),
        "{}",
        pretty.all()
    );
    assert!(
        !pretty.stdout.contains("cargo aspect fix"),
        "{}",
        pretty.all()
    );

    let junit_path = fixture.root.join("target-reports/aspect.xml");
    let json = cargo_aspect(
        &fixture,
        &[
            "test",
            "--format",
            "json",
            "--junit",
            junit_path.to_str().unwrap(),
        ],
    );
    assert_eq!(json.code, 0, "{}", json.all());
    let lines = json_lines(&json);
    assert_eq!(names(&lines), all);
    assert_eq!(lines[0]["type"], "format", "{}", json.stdout);
    assert!(lines[1..]
        .iter()
        .all(|v| v["type"] == "summary" || v["status"].is_string()));
    let summary = lines.last().unwrap();
    assert_eq!(summary["type"], "summary", "{}", json.stdout);
    assert_eq!(
        (
            &summary["passed"],
            &summary["failed"],
            &summary["not_judged"]
        ),
        (&12.into(), &0.into(), &1.into())
    );
    let xml = std::fs::read_to_string(&junit_path).unwrap();
    well_formed(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    assert_eq!(xml.matches("<testcase ").count(), 13, "{xml}");
    assert_eq!(xml.matches("<failure").count(), 0, "{xml}");
    assert_eq!(xml.matches("<skipped").count(), 1, "{xml}");

    let spec = cargo_aspect(
        &fixture,
        &["test", "--spec", "production", "--format", "json"],
    );
    assert_eq!(spec.code, 0, "{}", spec.all());
    let only = names(&json_lines(&spec));
    assert_eq!(only.len(), 3, "{only:?}");
    assert!(only.iter().all(|n| n.starts_with("spec::production::")));
    let aspect = cargo_aspect(
        &fixture,
        &[
            "test",
            "--aspect",
            "core-has-no-external-imports",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        names(&json_lines(&aspect)),
        BTreeSet::from(["aspect::core-has-no-external-imports".to_owned()])
    );
    let tagged = cargo_aspect(&fixture, &["test", "--tags", "@performance", "-q"]);
    assert!(
        tagged
            .stdout
            .contains("aspects: 1 passed, 0 failed, 0 ignored, 1 not judged"),
        "{}",
        tagged.all()
    );
    assert!(
        tagged.stdout.contains("specs:   0 passed"),
        "{}",
        tagged.all()
    );

    let check = cargo_aspect(&fixture, &["check", "--color", "never"]);
    assert_eq!(check.code, 0, "{}", check.all());
    assert!(
        check.stderr.contains("0 errors, 0 warnings"),
        "{}",
        check.all()
    );

    let nope = cargo_aspect(&fixture, &["test", "-p", "nope"]);
    assert_eq!(nope.code, 2, "{}", nope.all());
    assert!(
        nope.stderr
            .contains("error: package `nope` is not a member"),
        "{}",
        nope.all()
    );
    let core = cargo_aspect(&fixture, &["list", "-p", "idle-core"]);
    assert_eq!(core.code, 2, "{}", core.all());
    assert!(
        core.stderr.contains(
            "package idle-core has no `aspect` test target; run `cargo aspect init -p idle-core`"
        ),
        "{}",
        core.all()
    );

    compare_with_nextest(&fixture, &all);
}

/// `cargo nextest list` names the same trials (required on CI).
fn compare_with_nextest(fixture: &Fixture, ours: &BTreeSet<String>) {
    let has_nextest = fixture.run_cargo(&["nextest", "--version"]).code == 0;
    if !has_nextest {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs cargo-nextest for this test"
        );
        eprintln!("cargo-nextest not installed: names not compared");
        return;
    }
    let run = fixture.run_cargo(&[
        "nextest",
        "list",
        "-p",
        &package(&fixture.name),
        "--test",
        "aspect",
        "--message-format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.all());
    let start = run.stdout.find('{').unwrap_or(0);
    let list: serde_json::Value = serde_json::from_str(&run.stdout[start..]).unwrap();
    let suite = &list["rust-suites"][format!("{}::aspect", package(&fixture.name))]["testcases"];
    let theirs: BTreeSet<String> = suite
        .as_object()
        .unwrap_or_else(|| panic!("no aspect suite: {}", run.stdout))
        .keys()
        .cloned()
        .collect();
    assert_eq!(&theirs, ours);
}

#[test]
fn a_broken_step_fails_and_names_its_line() {
    let fixture = idle_game("cli-broken-step");
    let steps = format!("{GAME}/tests/steps/mod.rs");
    let path = fixture.root.join(&steps);
    let text = std::fs::read_to_string(&path).unwrap();
    let broken = text.replace(
        "assert_eq!(world.game.gold(), gold, \"gold in hand\");",
        "assert_eq!(world.game.gold(), gold + 1, \"gold in hand\");",
    );
    assert_ne!(broken, text);
    std::fs::write(&path, broken).unwrap();

    let junit_path = fixture.root.join("junit.xml");
    let run = cargo_aspect(
        &fixture,
        &[
            "test",
            "--color",
            "never",
            "--junit",
            junit_path.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 1, "{}", run.all());
    let feature = format!("{GAME}/specs/buying.feature");
    let line = fixture.line_of(&feature, "Then I have 0 gold");
    assert!(
        run.stdout.contains(&format!(
            "{feature}:{line}:5: step failed: Then I have 0 gold"
        )),
        "{}",
        run.all()
    );
    assert!(
        run.stdout.contains(&steps),
        "the panic's location:\n{}",
        run.all()
    );
    assert_eq!(
        run.stdout.trim_end().lines().last(),
        Some("hint: run `cargo aspect fix` to hand the failures to Claude Code"),
        "{}",
        run.all()
    );
    let xml = std::fs::read_to_string(&junit_path).unwrap();
    well_formed(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let failed = run
        .stdout
        .lines()
        .filter(|l| l.trim_start().starts_with("failed "))
        .count();
    assert!(failed >= 2, "{}", run.all());
    assert_eq!(xml.matches("<failure").count(), failed, "{xml}");
    assert_eq!(xml.matches("<testcase ").count(), 13, "{xml}");

    let json = cargo_aspect(&fixture, &["test", "--format", "json"]);
    assert_eq!(json.code, 1, "{}", json.all());
    let summary = json_lines(&json).pop().unwrap();
    assert_eq!(summary["failed"], failed, "{}", json.stdout);
    assert!(json.stderr.contains("cargo aspect fix"), "{}", json.all());

    let annotated = cargo_aspect_env(&fixture, &["test", "-q"], &[("GITHUB_ACTIONS", "true")]);
    assert!(
        annotated
            .stdout
            .contains(&format!("::error file={feature},line={line}")),
        "{}",
        annotated.all()
    );
    assert!(
        annotated
            .stdout
            .trim_end()
            .ends_with("cargo aspect fix` to hand the failures to Claude Code"),
        "{}",
        annotated.all()
    );
}

#[test]
fn bad_specs_and_steps_cannot_be_judged() {
    let fixture = idle_game("cli-bad-specs");
    // An unused step definition (a warning) and an undefined step (an error).
    let steps = format!("{GAME}/tests/steps/mod.rs");
    let path = fixture.root.join(&steps);
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(
        "\n#[aspect::then(\"the shop is closed\")]\nfn shop_closed(world: &mut IdleWorld) {\n    assert_eq!(world.game.gold(), 0);\n}\n",
    );
    std::fs::write(&path, text).unwrap();
    let feature = format!("{GAME}/specs/selling.feature");
    fixture.file(
        &feature,
        "Feature: Selling\n  Scenario: Sell a mine\n    Given I have 50 gold\n    When I sell 2 gold mines\n",
    );

    let check = cargo_aspect(&fixture, &["check", "--color", "never"]);
    assert_eq!(check.code, 2, "{}", check.all());
    assert!(
        check.stderr.contains(&format!(
            "error: {feature}:4:5: undefined step: When I sell 2 gold mines"
        )),
        "{}",
        check.all()
    );
    assert!(
        check
            .stderr
            .contains("#[when(\"I sell {int} gold mines\")]"),
        "{}",
        check.all()
    );
    let def_line = fixture.line_of(&steps, "fn shop_closed");
    assert!(
        check.stderr.contains(&format!(
            "warning: {steps}:{def_line}: step definition `#[then(\"the shop is closed\")]`"
        )),
        "{}",
        check.all()
    );
    assert!(
        check.stderr.contains("1 error, 1 warning"),
        "{}",
        check.all()
    );

    // A spec that does not parse: exit 2 with file:line:col, for test, check and
    // list (test reports it as a failing trial, then says it cannot judge).
    fixture.file(
        &feature,
        "Feature: Selling\n  Scenario: Sell a mine\n    Given I have 50 gold\n    Whenever this is not Gherkin\n",
    );
    for command in ["test", "check", "list"] {
        let run = cargo_aspect(&fixture, &[command, "--color", "never"]);
        assert_eq!(run.code, 2, "{command}: {}", run.all());
        let located = if command == "test" {
            run.stdout.contains(&format!("{feature}:4:5:"))
                && run.stderr.contains("error: 1 feature file does not parse")
        } else {
            run.stderr.contains(&format!("error: {feature}:4:5:"))
        };
        assert!(located, "{command}: {}", run.all());
    }
}

#[test]
fn a_typo_in_the_table_names_the_key_and_the_manifest() {
    let fixture = idle_game("cli-typo");
    let manifest = fixture.root.join(GAME).join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, text.replace("specs = [", "specz = [")).unwrap();
    let run = cargo_aspect(&fixture, &["list"]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr.contains("unknown field `specz`"),
        "{}",
        run.all()
    );
    assert!(
        run.stderr.contains(&manifest.display().to_string()),
        "{}",
        run.all()
    );

    // A harness that does not compile: cargo's rendered error, then exit 2.
    std::fs::write(&manifest, text).unwrap();
    let steps = format!("{GAME}/tests/steps/mod.rs");
    let path = fixture.root.join(&steps);
    let source = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        format!("{source}\nfn broken() -> u32 {{ \"not a number\" }}\n"),
    )
    .unwrap();
    for color in ["never", "always"] {
        let run = cargo_aspect(&fixture, &["test", "--color", color]);
        assert_eq!(run.code, 2, "{}", run.all());
        assert!(run.stderr.contains("mismatched types"), "{}", run.all());
        assert!(run.stderr.contains(&steps), "{}", run.all());
        assert!(
            run.stderr
                .contains("could not build the `aspect` test target"),
            "{}",
            run.all()
        );
        assert_eq!(
            run.stderr.contains("\x1b["),
            color == "always",
            "{}",
            run.all()
        );
    }
}
