//! The events contract, checked from both ends against `events.schema.json`:
//! every example of `EVENTS.md`, and what a real harness and `cargo aspect`
//! write for the idle game with a failing step, an undefined step and a
//! misspelled keyword put in.
//!
//! The committed schema is permissive, as the contract is (a reader ignores
//! fields it does not know); here it is made strict, so a renamed or misspelled
//! field in an example or in the output fails too. That the schema is what the
//! types generate is `event::tests` (a unit test: the types derive `JsonSchema`
//! in test builds only).

#[path = "support/idle.rs"]
mod idle;
mod support;

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;

use idle::{idle_game, package, GAME};
use support::Fixture;

fn crate_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(name)
}

fn committed_schema() -> Value {
    let text = std::fs::read_to_string(crate_file("events.schema.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The schema, closed: no property beyond those it names. A message's entry
/// in `oneOf` names `type` and refers to its definition for the rest, so it is
/// closed with `unevaluatedProperties` (which sees through `$ref`); a nested
/// object's definition with `additionalProperties`.
fn strict(mut schema: Value) -> Value {
    let mut messages = Vec::new();
    for entry in schema["oneOf"].as_array_mut().unwrap() {
        entry["unevaluatedProperties"] = false.into();
        messages.push(entry["$ref"].as_str().unwrap().to_owned());
    }
    for (name, definition) in schema["$defs"].as_object_mut().unwrap() {
        let referenced = format!("#/$defs/{name}");
        if definition.get("properties").is_some() && !messages.contains(&referenced) {
            definition["additionalProperties"] = false.into();
        }
    }
    schema
}

/// The `type` of every message the schema knows.
fn message_types(schema: &Value) -> BTreeSet<String> {
    schema["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            entry["properties"]["type"]["const"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

/// Validate each line of `text` (blank lines aside); the `type`s seen.
fn validate_lines(validator: &jsonschema::Validator, text: &str, origin: &str) -> BTreeSet<String> {
    let mut types = BTreeSet::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let value: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("{origin}: not JSON: {e}\n{line}"));
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{origin}: a line does not follow events.schema.json:\n{line}\n{}",
            errors.join("\n")
        );
        types.insert(value["type"].as_str().unwrap().to_owned());
    }
    types
}

/// The lines of every ```json block of `markdown`.
fn json_blocks(markdown: &str) -> String {
    let mut lines = String::new();
    let mut inside = false;
    for line in markdown.lines() {
        match line.trim_end() {
            "```json" => inside = true,
            "```" if inside => inside = false,
            _ if inside => {
                lines.push_str(line);
                lines.push('\n');
            }
            _ => {}
        }
    }
    lines
}

#[test]
fn every_example_of_the_contract_follows_the_schema() {
    let schema = committed_schema();
    let validator = jsonschema::validator_for(&strict(schema.clone())).unwrap();
    let doc = std::fs::read_to_string(crate_file("EVENTS.md")).unwrap();
    let examples = json_blocks(&doc);
    let types = validate_lines(&validator, &examples, "EVENTS.md");
    assert_eq!(
        types,
        message_types(&schema),
        "EVENTS.md has an example of each message type, and no other"
    );
    // Each message's section names every field of its definition.
    for (name, definition) in schema["$defs"].as_object().unwrap() {
        for field in definition["properties"].as_object().into_iter().flatten() {
            assert!(
                doc.contains(&format!("`{}`", field.0)),
                "EVENTS.md does not describe `{}` of {name}",
                field.0
            );
        }
    }
    let version = examples_version(&examples);
    assert!(
        doc.starts_with(&format!("# The events format (version {version})")),
        "EVENTS.md's title names the version its format example writes"
    );
    assert_eq!(
        schema["title"],
        format!("cargo-aspect events, format version {version}"),
        "EVENTS.md and events.schema.json describe one version"
    );
}

/// The version the `format` example names.
fn examples_version(examples: &str) -> u64 {
    examples
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|v| v["type"] == "format")
        .and_then(|v| v["version"].as_u64())
        .unwrap()
}

#[test]
fn what_a_harness_and_cargo_aspect_write_follows_the_schema() {
    let schema = committed_schema();
    let validator = jsonschema::validator_for(&strict(schema.clone())).unwrap();
    let name = "events-schema";
    let fixture = idle_game(name);
    let buying = format!("{GAME}/specs/buying.feature");
    // A misspelled keyword (a warning), a failing step and an undefined one.
    idle::edit(
        &fixture,
        &buying,
        "Feature: Buying a generator\n",
        "Feature: Buying a generator\n  Scenaro: a typo\n",
    );
    idle::edit(&fixture, &buying, "20 more gold", "21 more gold");
    idle::edit(
        &fixture,
        &buying,
        "    And my gold-per-second rate is 0\n",
        "    And my gold-per-second rate is 0\n    And the shop says why\n",
    );
    let harness = fixture.build_test(&package(name), "aspect", false);
    let events = fixture.root.join("events.jsonl");
    let events_arg = events.to_str().unwrap();
    let mut seen = BTreeSet::new();

    let run = fixture.run_env(&harness, &[], &[("ASPECT_EVENTS", events_arg)]);
    assert_eq!(run.code, 1, "{}", run.all());
    let text = std::fs::read_to_string(&events).unwrap();
    assert!(
        text.starts_with("{\"type\":\"format\",\"version\":"),
        "{text}"
    );
    assert!(text.contains("\"failed_step\":") && text.contains("\"undefined_steps\":"));
    assert!(text.contains("\"measurement\":") && text.contains("\"status\":\"not_judged\""));
    seen.extend(validate_lines(&validator, &text, "the harness's events"));

    std::fs::remove_file(&events).unwrap();
    let dry = fixture.run_env(
        &harness,
        &[],
        &[("ASPECT_EVENTS", events_arg), ("ASPECT_DRY_RUN", "1")],
    );
    let text = std::fs::read_to_string(&events).unwrap();
    seen.extend(validate_lines(&validator, &text, "the harness's dry run"));
    assert!(seen.contains("step_definition"), "{}\n{text}", dry.all());

    // A file that does not parse, and scenarios `--tags` leaves out.
    let selling = format!("{GAME}/specs/selling.feature");
    fixture.file(
        &selling,
        "Feature: Selling\n  Scenario: Sell\n    Given a mine\n    Whenever\n",
    );
    std::fs::remove_file(&events).unwrap();
    let tags = ["--tags", "@production"];
    let run = fixture.run_env(&harness, &tags, &[("ASPECT_EVENTS", events_arg)]);
    assert_eq!(run.code, 2, "{}", run.all());
    let text = std::fs::read_to_string(&events).unwrap();
    assert!(text.contains("\"parse_error\":"), "{text}");
    seen.extend(validate_lines(
        &validator,
        &text,
        "the harness's events, tagged",
    ));
    fixture.remove(&selling);

    let target = Fixture::target_dir();
    let target = [("CARGO_TARGET_DIR", target.to_str().unwrap())];
    for command in [
        &["test", "--format", "json"][..],
        &["list", "--format", "json"],
        &["check", "--format", "json"],
    ] {
        let run = idle::cargo_aspect(&fixture.root, command, &target);
        // `check` calls the undefined step an error (exit 2), and says so in JSON too.
        assert!((0..=2).contains(&run.code), "{command:?}: {}", run.all());
        assert!(
            run.stdout.starts_with("{\"type\":\"format\",\"version\":"),
            "{command:?}: {}",
            run.all()
        );
        seen.extend(validate_lines(
            &validator,
            &run.stdout,
            &format!("{command:?}"),
        ));
    }
    assert_eq!(
        seen,
        message_types(&schema),
        "the runs write every message type"
    );
}
