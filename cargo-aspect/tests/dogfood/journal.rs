//! Then steps on the journal of a `cargo aspect fix` run (`journal.jsonl` in
//! the directory the run's last line names): the records a later `--resume`
//! and a reviewer read.

use std::path::Path;

use aspect::{then, DataTable};

use super::{read, Dogfood};

/// The journal's records, from the directory after `journal: ` in stdout.
fn records(world: &Dogfood) -> Result<Vec<serde_json::Value>, String> {
    let last = world.last()?;
    let (_, dir) = last
        .stdout
        .rsplit_once("journal: ")
        .ok_or_else(|| format!("the output names no journal:\n{}", last.all()))?;
    let text = read(&Path::new(dir.trim()).join("journal.jsonl"))?;
    text.lines()
        .map(|line| serde_json::from_str(line).map_err(|e| format!("{e}: {line}")))
        .collect()
}

/// The first record of type `kind`.
fn record(world: &Dogfood, kind: &str) -> Result<serde_json::Value, String> {
    records(world)?
        .into_iter()
        .find(|r| r["type"] == kind)
        .ok_or_else(|| format!("the journal has no {kind:?} record"))
}

/// One row per record, its type.
#[then("the journal's records are of these types, in order:")]
fn types(world: &mut Dogfood, table: &DataTable) -> Result<(), String> {
    let found: Vec<String> = records(world)?
        .iter()
        .map(|r| r["type"].as_str().unwrap_or_default().to_owned())
        .collect();
    let wanted: Vec<&str> = table
        .rows
        .iter()
        .filter_map(|row| row.first().map(String::as_str))
        .collect();
    if found == wanted {
        Ok(())
    } else {
        Err(format!("the journal's records are {found:?}"))
    }
}

/// The text of a field: a string as it is, anything else as JSON.
fn text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[then("the journal's {word} record has {word} {string}")]
fn field_is(world: &mut Dogfood, kind: String, field: String, value: String) -> Result<(), String> {
    let record = record(world, &kind)?;
    let found = text(&record[field.as_str()]);
    if found == value {
        Ok(())
    } else {
        Err(format!("{field} is {found:?}: {record:#}"))
    }
}

/// Whether field `field` of the first `kind` record includes `value`: as a
/// part of its text, or of one of its items when it is a list.
fn includes(world: &Dogfood, kind: &str, field: &str, value: &str) -> Result<bool, String> {
    let record = record(world, kind)?;
    match &record[field] {
        serde_json::Value::Array(items) => Ok(items.iter().any(|item| text(item).contains(value))),
        serde_json::Value::String(s) => Ok(s.contains(value)),
        _ => Err(format!("{kind} has no text or list {field}: {record:#}")),
    }
}

#[then("the journal's {word} record's {word} includes {string}")]
fn field_includes(
    world: &mut Dogfood,
    kind: String,
    field: String,
    value: String,
) -> Result<(), String> {
    if includes(world, &kind, &field, &value)? {
        Ok(())
    } else {
        Err(format!(
            "{field} of {kind} does not include {value:?}: {:#}",
            record(world, &kind)?
        ))
    }
}

#[then("the journal's {word} record's {word} does not include {string}")]
fn field_lacks(
    world: &mut Dogfood,
    kind: String,
    field: String,
    value: String,
) -> Result<(), String> {
    if includes(world, &kind, &field, &value)? {
        Err(format!(
            "{field} of {kind} includes {value:?}: {:#}",
            record(world, &kind)?
        ))
    } else {
        Ok(())
    }
}
