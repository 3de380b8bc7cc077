//! Conformance of our Gherkin parser and pickle compiler with the official testdata.
//!
//! cucumber/gherkin's `testdata/` (vendored in `../shared/gherkin-testdata`, next to
//! the workspace) is what every official Gherkin implementation is tested against:
//! `good/*.feature` with the pickles, document tree and tokens they must give,
//! `bad/*.feature` with the errors they must give. Every file is checked and all
//! failing files are reported together.
//!
//! Known, deliberate differences (each checked as described):
//! - `good/*.feature.md` (Markdown with Gherkin) is not supported: listed as skipped.
//! - A step with both a data table and a doc string keeps both in the tree
//!   (`ast::Step::arguments`), but [`PickleStep::argument`] holds one argument: the
//!   first written, compared with the official pickle's argument of index 1.
//! - A file without a `Feature:` has no tree to keep its comments in.
//! - Error messages are our own words; the line (and column, where the official
//!   error has one) must be an official one.

use std::path::{Path, PathBuf};

use aspect::__private::spec::{self, ast, PickleStep, StepArgument, StepKind};
use serde_json::{json, Map, Value};

/// The testdata directory, or `None` (with a loud message) when it is absent.
fn testdata() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/gherkin-testdata");
    if dir.join("good").is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "the official Gherkin testdata is missing at {} (CI must have it)",
        dir.display()
    );
    eprintln!(
        "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\
         !! SKIPPED: the official Gherkin testdata is not at {}\n\
         !! Gherkin conformance is NOT checked.\n\
         !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n",
        dir.display()
    );
    None
}

/// The files of `dir` whose name ends with `suffix`, sorted.
fn files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("readable testdata directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    out.sort();
    out
}

/// The JSON lines of an `.ndjson` file.
fn ndjson(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("valid ndjson"))
        .collect()
}

fn name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Panic with every failure, one file per paragraph.
fn report(what: &str, checked: usize, failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} of {checked} {what} fail:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    eprintln!("{checked} {what}: all conform");
}

#[test]
fn good_files_compile_to_the_official_pickles() {
    let Some(dir) = testdata() else { return };
    let good = dir.join("good");
    for md in files(&good, ".feature.md") {
        eprintln!(
            "skipped {}: Markdown with Gherkin (.feature.md) is not supported",
            name(&md)
        );
    }
    let features = files(&good, ".feature");
    let mut failures = Vec::new();
    for path in &features {
        if let Err(e) = check_pickles(path) {
            failures.push(format!("{}: {e}", name(path)));
        }
    }
    report("good .feature files (pickles)", features.len(), &failures);
}

fn check_pickles(path: &Path) -> Result<(), String> {
    let source = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let file = spec::parse(&source, path).map_err(|e| format!("does not parse:\n{e}"))?;
    let ours = spec::compile(&file);
    let theirs: Vec<Value> = ndjson(&path.with_file_name(format!("{}.pickles.ndjson", name(path))))
        .into_iter()
        .map(|v| v["pickle"].clone())
        .collect();
    if ours.len() != theirs.len() {
        return Err(format!(
            "{} pickles, official {}: ours {:?}",
            ours.len(),
            theirs.len(),
            ours.iter().map(|p| &p.name).collect::<Vec<_>>()
        ));
    }
    for (n, (ours, theirs)) in ours.iter().zip(&theirs).enumerate() {
        let at = format!("pickle {} `{}`", n + 1, ours.name);
        if theirs["name"] != json!(ours.name) {
            return Err(format!("{at}: name, official {}", theirs["name"]));
        }
        let location = ours
            .example
            .as_ref()
            .map_or(ours.scenario_location, |e| e.location);
        let official = json!({"line": location.line, "column": location.column});
        if theirs["location"] != official {
            return Err(format!(
                "{at}: location {official}, official {}",
                theirs["location"]
            ));
        }
        let mut tags: Vec<Value> = Vec::new();
        for tag in theirs["tags"].as_array().into_iter().flatten() {
            if !tags.contains(&tag["name"]) {
                tags.push(tag["name"].clone());
            }
        }
        if json!(ours.tags) != Value::Array(tags.clone()) {
            return Err(format!("{at}: tags {:?}, official {tags:?}", ours.tags));
        }
        let steps = theirs["steps"].as_array().cloned().unwrap_or_default();
        if steps.len() != ours.steps.len() {
            return Err(format!(
                "{at}: {} steps, official {}",
                ours.steps.len(),
                steps.len()
            ));
        }
        for (step, official) in ours.steps.iter().zip(&steps) {
            check_step(step, official).map_err(|e| format!("{at}, step `{}`: {e}", step.text))?;
        }
    }
    Ok(())
}

fn check_step(step: &PickleStep, official: &Value) -> Result<(), String> {
    if official["text"] != json!(step.text) {
        return Err(format!("text, official {}", official["text"]));
    }
    let kind = match step.kind {
        StepKind::Given => "Context",
        StepKind::When => "Action",
        StepKind::Then => "Outcome",
        StepKind::Unknown => "Unknown",
    };
    if official["type"] != json!(kind) {
        return Err(format!("type {kind}, official {}", official["type"]));
    }
    // The official argument of index 1 (or the only one).
    let argument = &official["argument"];
    let first = ["dataTable", "docString"]
        .into_iter()
        .filter(|k| !argument[*k].is_null())
        .min_by_key(|k| argument[*k]["argumentIndex"].as_u64().unwrap_or(0));
    let ours = match &step.argument {
        None => Value::Null,
        Some(StepArgument::DataTable(t)) => json!({"dataTable": {"rows": t.rows}}),
        Some(StepArgument::DocString(d)) => {
            json!({"docString": {"content": d.content, "mediaType": d.media_type}})
        }
    };
    let theirs = match first {
        None => Value::Null,
        Some("dataTable") => {
            let rows: Vec<Vec<Value>> = argument["dataTable"]["rows"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|r| {
                    r["cells"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|c| c["value"].clone())
                        .collect()
                })
                .collect();
            json!({"dataTable": {"rows": rows}})
        }
        Some(_) => {
            let d = &argument["docString"];
            json!({"docString": {"content": d["content"], "mediaType": d["mediaType"]}})
        }
    };
    if ours != theirs {
        return Err(format!("argument {ours}, official {theirs}"));
    }
    Ok(())
}

#[test]
fn good_files_build_the_official_tree() {
    let Some(dir) = testdata() else { return };
    let features = files(&dir.join("good"), ".feature");
    let mut failures = Vec::new();
    for path in &features {
        if let Err(e) = check_tree(path) {
            failures.push(format!("{}: {e}", name(path)));
        }
    }
    report(
        "good .feature files (document tree)",
        features.len(),
        &failures,
    );
}

fn check_tree(path: &Path) -> Result<(), String> {
    let source = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let file = spec::parse(&source, path).map_err(|e| format!("does not parse:\n{e}"))?;
    let official = ndjson(&path.with_file_name(format!("{}.ast.ndjson", name(path))));
    let mut document = official
        .first()
        .map(|v| v["gherkinDocument"].clone())
        .unwrap_or(Value::Null);
    strip_ids(&mut document);
    let theirs = &document["feature"];
    match &file.feature {
        None if theirs.is_null() => Ok(()),
        None => Err("no feature, official has one".to_owned()),
        Some(feature) => {
            let ours = feature_json(feature);
            diff("feature", &ours, theirs)?;
            diff(
                "comments",
                &json!(feature
                    .comments
                    .iter()
                    .map(comment_json)
                    .collect::<Vec<_>>()),
                &document["comments"],
            )
        }
    }
}

/// Drop the official `id`s (and `uri`), which the tree does not have.
fn strip_ids(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("id");
            map.remove("uri");
            map.values_mut().for_each(strip_ids);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_ids),
        _ => {}
    }
}

/// The first place where `ours` and `theirs` differ.
fn diff(at: &str, ours: &Value, theirs: &Value) -> Result<(), String> {
    match (ours, theirs) {
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys().chain(b.keys()) {
                let null = Value::Null;
                diff(
                    &format!("{at}.{key}"),
                    a.get(key).unwrap_or(&null),
                    b.get(key).unwrap_or(&null),
                )?;
            }
            Ok(())
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (n, (x, y)) in a.iter().zip(b).enumerate() {
                diff(&format!("{at}[{n}]"), x, y)?;
            }
            Ok(())
        }
        _ if ours == theirs => Ok(()),
        _ => Err(format!("{at}: ours {ours}, official {theirs}")),
    }
}

fn location(l: spec::Location) -> Value {
    json!({"line": l.line, "column": l.column})
}

fn comment_json(c: &ast::Comment) -> Value {
    json!({"location": location(c.location), "text": c.text})
}

fn tags_json(tags: &[ast::Tag]) -> Value {
    tags.iter()
        .map(|t| json!({"location": location(t.location), "name": t.name}))
        .collect()
}

fn feature_json(f: &ast::Feature) -> Value {
    let children: Vec<Value> = f
        .children
        .iter()
        .map(|c| match c {
            ast::FeatureChild::Background(b) => json!({"background": background_json(b)}),
            ast::FeatureChild::Scenario(s) => json!({"scenario": scenario_json(s)}),
            ast::FeatureChild::Rule(r) => {
                let children: Vec<Value> = r
                    .children
                    .iter()
                    .map(|c| match c {
                        ast::RuleChild::Background(b) => json!({"background": background_json(b)}),
                        ast::RuleChild::Scenario(s) => json!({"scenario": scenario_json(s)}),
                    })
                    .collect();
                json!({"rule": {
                    "location": location(r.location), "keyword": r.keyword, "name": r.name,
                    "description": r.description, "tags": tags_json(&r.tags), "children": children,
                }})
            }
        })
        .collect();
    json!({
        "location": location(f.location), "language": f.language, "keyword": f.keyword,
        "name": f.name, "description": f.description, "tags": tags_json(&f.tags),
        "children": children,
    })
}

fn background_json(b: &ast::Background) -> Value {
    json!({
        "location": location(b.location), "keyword": b.keyword, "name": b.name,
        "description": b.description, "steps": b.steps.iter().map(step_json).collect::<Vec<_>>(),
    })
}

fn scenario_json(s: &ast::Scenario) -> Value {
    let examples: Vec<Value> = s
        .examples
        .iter()
        .map(|e| {
            let mut v = json!({
                "location": location(e.location), "keyword": e.keyword, "name": e.name,
                "description": e.description, "tags": tags_json(&e.tags),
                "tableBody": e.table_body.iter().map(row_json).collect::<Vec<_>>(),
            });
            if let Some(header) = &e.table_header {
                v["tableHeader"] = row_json(header);
            }
            v
        })
        .collect();
    json!({
        "location": location(s.location), "keyword": s.keyword, "name": s.name,
        "description": s.description, "tags": tags_json(&s.tags),
        "steps": s.steps.iter().map(step_json).collect::<Vec<_>>(), "examples": examples,
    })
}

fn row_json(r: &ast::TableRow) -> Value {
    let cells: Vec<Value> = r
        .cells
        .iter()
        .map(|c| json!({"location": location(c.location), "value": c.value}))
        .collect();
    json!({"location": location(r.location), "cells": cells})
}

fn step_json(s: &ast::Step) -> Value {
    let keyword_type = match s.keyword_type {
        ast::KeywordType::Context => "Context",
        ast::KeywordType::Action => "Action",
        ast::KeywordType::Outcome => "Outcome",
        ast::KeywordType::Conjunction => "Conjunction",
        ast::KeywordType::Unknown => "Unknown",
    };
    let mut v = Map::new();
    v.insert("location".into(), location(s.location));
    v.insert("keyword".into(), json!(s.keyword));
    v.insert("keywordType".into(), json!(keyword_type));
    v.insert("text".into(), json!(s.text));
    for argument in &s.arguments {
        match argument {
            ast::Argument::DataTable(t) => {
                let rows: Vec<Value> = t.rows.iter().map(row_json).collect();
                v.insert(
                    "dataTable".into(),
                    json!({"location": location(t.location), "rows": rows}),
                );
            }
            ast::Argument::DocString(d) => {
                let mut doc = json!({
                    "location": location(d.location), "content": d.content, "delimiter": d.delimiter,
                });
                if let Some(media_type) = &d.media_type {
                    doc["mediaType"] = json!(media_type);
                }
                v.insert("docString".into(), doc);
            }
        }
    }
    Value::Object(v)
}

#[test]
fn bad_files_fail_at_an_official_line_in_words() {
    let Some(dir) = testdata() else { return };
    let bad = files(&dir.join("bad"), ".feature");
    let mut failures = Vec::new();
    for path in &bad {
        if let Err(e) = check_bad(path) {
            failures.push(format!("{}: {e}", name(path)));
        }
    }
    report("bad .feature files", bad.len(), &failures);
}

fn check_bad(path: &Path) -> Result<(), String> {
    let source = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let error = match spec::parse(&source, path) {
        Ok(_) => return Err("parses, but the official parser rejects it".to_owned()),
        Err(e) => e,
    };
    let official = ndjson(&path.with_file_name(format!("{}.errors.ndjson", name(path))));
    let places: Vec<(u64, Option<u64>)> = official
        .iter()
        .map(|e| {
            let l = &e["parseError"]["source"]["location"];
            (l["line"].as_u64().unwrap_or(0), l["column"].as_u64())
        })
        .collect();
    let at_official = places.iter().any(|(line, column)| {
        *line == u64::from(error.line)
            && (column.is_none() || *column == Some(u64::from(error.column)))
    });
    if !at_official {
        return Err(format!(
            "error at {}:{}, official at {places:?}:\n{error}",
            error.line, error.column
        ));
    }
    if error.message.contains('#') && error.message.contains("expected:") {
        return Err(format!("message reads like a token set: {}", error.message));
    }
    let shown = error.to_string();
    let head = format!("{}:{}:{}: ", path.display(), error.line, error.column);
    if !shown.starts_with(&head) {
        return Err(format!("Display does not start with `{head}`:\n{shown}"));
    }
    let written = source
        .split('\n')
        .nth(error.line as usize - 1)
        .map(|l| l.trim_end_matches('\r'))
        .unwrap_or("");
    if error.source_line != written {
        return Err(format!(
            "source_line {:?}, line {} is {written:?}",
            error.source_line, error.line
        ));
    }
    let quoted = format!("\n{} | {}", error.line, written.trim_end());
    if !shown.contains(&quoted) {
        return Err(format!("Display does not quote the line:\n{shown}"));
    }
    eprintln!("{shown}\n");
    Ok(())
}
