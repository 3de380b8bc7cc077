//! Unit tests of `event/mod.rs`, apart so the module reads in one sitting.

use std::path::Path;

use super::*;

/// The JSON Schema of [`Event`] as written (the serialize side: a field
/// skipped when empty is optional, the others required), pretty-printed.
/// It names the format version, so a bump rewrites it too.
fn generated_schema() -> String {
    let mut schema = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<Event>();
    schema.insert(
        "title".into(),
        format!("cargo-aspect events, format version {FORMAT_VERSION}").into(),
    );
    schema.insert(
        "$comment".into(),
        "Generated from cargo-aspect/src/event/mod.rs: do not edit; rewrite with \
         `ASPECT_BLESS=1 cargo test -p cargo-aspect --lib event::`. \
         The contract is cargo-aspect/EVENTS.md."
            .into(),
    );
    // Keys sorted, whatever serde_json's `preserve_order` (on with `cli`) keeps,
    // so a rewrite shows only what changed.
    let sorted = sort_keys(serde_json::to_value(&schema).expect("a schema serializes"));
    let mut text = serde_json::to_string_pretty(&sorted).expect("a schema serializes");
    text.push('\n');
    text
}

fn sort_keys(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let sorted: std::collections::BTreeMap<_, _> =
                map.into_iter().map(|(k, v)| (k, sort_keys(v))).collect();
            serde_json::Value::Object(sorted.into_iter().collect())
        }
        serde_json::Value::Array(items) => items.into_iter().map(sort_keys).collect(),
        other => other,
    }
}

#[test]
fn the_committed_schema_is_generated_from_the_event_types() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("events.schema.json");
    let generated = generated_schema();
    if std::env::var_os("ASPECT_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &generated).expect("write events.schema.json");
        return;
    }
    // Compared as JSON values: the key order depends on serde_json's
    // `preserve_order`, which only the `cli` feature turns on.
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let as_value = |text: &str| serde_json::from_str::<serde_json::Value>(text).ok();
    assert!(
        as_value(&committed).is_some() && as_value(&committed) == as_value(&generated),
        "{} is not what the event types generate: a type in event/mod.rs changed. \
         Rewrite it with `ASPECT_BLESS=1 cargo test -p cargo-aspect --lib event::`, \
         update EVENTS.md, and bump FORMAT_VERSION if a field was removed, renamed \
         or changed meaning.",
        path.display()
    );
}

#[test]
fn keys_and_values_are_snake_case() {
    let mut summary = Summary::default();
    summary.add(Status::NotJudged);
    summary.add(Status::Passed);
    assert_eq!(
        Event::Summary(summary).to_line(),
        r#"{"type":"summary","passed":1,"failed":0,"ignored":0,"not_judged":1}"#
    );
    assert_eq!(
        serde_json::to_string(&Status::NotJudged).unwrap(),
        r#""not_judged""#
    );
    assert_eq!(
        Event::format().to_line(),
        r#"{"type":"format","version":3}"#
    );
}

#[test]
fn version_1_names_are_still_read() {
    let old = [
        r#"{"type":"summary","passed":1,"failed":0,"ignored":0,"not-judged":2}"#,
        r#"{"type":"step-definition","keyword":"given","expression":"x","function":"f","file":"a.rs","line":1,"uses":0}"#,
        r#"{"type":"aspect","name":"aspect::a","file":"aspects/a.md","line":3,"evidence":"bench","tags":[],"status":"not-judged"}"#,
    ];
    let read: Vec<Event> = old.iter().map(|l| Event::from_line(l).unwrap()).collect();
    assert!(matches!(
        read[0],
        Event::Summary(Summary { not_judged: 2, .. })
    ));
    assert!(matches!(read[1], Event::StepDefinition(_)));
    assert!(
        matches!(&read[2], Event::Aspect(a) if a.status == Some(Status::NotJudged)),
        "{read:?}"
    );
}

#[test]
fn only_this_format_version_is_accepted() {
    assert_eq!(
        FormatEvent {
            version: FORMAT_VERSION
        }
        .check(),
        Ok(())
    );
    for version in [1, FORMAT_VERSION + 1] {
        let refused = FormatEvent { version }.check().unwrap_err();
        assert!(
            refused.starts_with(&format!("events in format version {version}, but"))
                && refused.contains("dev-dependency"),
            "{refused}"
        );
    }
}

#[test]
fn a_sink_writes_the_format_line_first() {
    let dir = std::env::temp_dir().join(format!("aspect-event-sink-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("events.jsonl");
    let _ = std::fs::remove_file(&path);
    for _ in 0..2 {
        EventSink::open(&path)
            .unwrap()
            .emit(&Event::Summary(Summary::default()));
    }
    let text = std::fs::read_to_string(&path).unwrap();
    let format = Event::format().to_line();
    let summary = Event::Summary(Summary::default()).to_line();
    assert_eq!(text, format!("{format}\n{summary}\n{format}\n{summary}\n"));
    let _ = std::fs::remove_dir_all(&dir);
}
