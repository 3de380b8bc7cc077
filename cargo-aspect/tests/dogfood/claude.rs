//! Claude Code's side of `cargo aspect hook`: a When step that sends a hook
//! its JSON on stdin, as Claude Code does, and Then steps that read the
//! answer as JSON. `$ROOT` in a JSON text stands for the fixture root.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use aspect::{then, when, DocString};

use super::Dogfood;
use crate::support::{Fixture, Run};

/// `$ROOT` → the fixture root.
fn with_root(world: &Dogfood, text: &str) -> Result<String, String> {
    let root = world.fixture()?.root.display().to_string();
    Ok(text.replace("$ROOT", &root))
}

/// Run `cargo aspect hook <args>` in the working directory with `input` on stdin.
#[when("Claude Code runs `cargo aspect hook {}` with:")]
fn claude_runs_hook(world: &mut Dogfood, args: String, input: &DocString) -> Result<(), String> {
    use std::io::Write;
    let input = with_root(world, &input.content)?;
    let dir = world.workdir()?;
    let mut cmd = Command::new(PathBuf::from(env!("CARGO_BIN_EXE_cargo-aspect")));
    cmd.arg("aspect")
        .arg("hook")
        .args(args.split_whitespace())
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", Fixture::target_dir())
        .env_remove("ASPECT_EVENTS")
        .env_remove("NEXTEST")
        .env_remove("RUSTFLAGS")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot run the hook: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    stdin
        .write_all(input.as_bytes())
        .map_err(|e| format!("cannot write the hook's stdin: {e}"))?;
    drop(stdin);
    let output = child
        .wait_with_output()
        .map_err(|e| format!("the hook: {e}"))?;
    world.last = Some(Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    });
    Ok(())
}

/// stdout is one JSON object, equal to this one.
#[then("the answer is the JSON:")]
fn answer_is(world: &mut Dogfood, expected: &DocString) -> Result<(), String> {
    let expected: serde_json::Value = serde_json::from_str(&with_root(world, &expected.content)?)
        .map_err(|e| format!("the expected JSON: {e}"))?;
    let answer = answer(world)?;
    if answer == expected {
        Ok(())
    } else {
        Err(format!(
            "the answer is\n{}\nnot\n{}",
            serde_json::to_string_pretty(&answer).unwrap_or_default(),
            serde_json::to_string_pretty(&expected).unwrap_or_default()
        ))
    }
}

/// The field at a JSON pointer (`/decision`) of the answer starts with `start`.
#[then("the answer's {word} starts with {string}")]
fn answer_field_starts(world: &mut Dogfood, pointer: String, start: String) -> Result<(), String> {
    let answer = answer(world)?;
    match answer.pointer(&pointer).and_then(|v| v.as_str()) {
        Some(text) if text.starts_with(&start) => Ok(()),
        _ => Err(format!(
            "the answer's {pointer} does not start with {start:?}: {answer}"
        )),
    }
}

/// The field at a JSON pointer of the answer contains `text`.
#[then("the answer's {word} says {string}")]
fn answer_field_says(world: &mut Dogfood, pointer: String, text: String) -> Result<(), String> {
    let text = with_root(world, &text)?;
    let answer = answer(world)?;
    match answer.pointer(&pointer).and_then(|v| v.as_str()) {
        Some(field) if field.contains(&text) => Ok(()),
        _ => Err(format!(
            "the answer's {pointer} does not say {text:?}: {answer}"
        )),
    }
}

/// The field at a JSON pointer of the answer contains this text.
#[then("the answer's {word} includes:")]
fn answer_field_includes(
    world: &mut Dogfood,
    pointer: String,
    text: &DocString,
) -> Result<(), String> {
    answer_field_says(world, pointer, text.content.clone())
}

/// The value at a JSON pointer (`/hooks/Stop`; empty for the whole file)
/// of a JSON file in the working directory equals this JSON.
#[then("the JSON file {string} has at {string}:")]
fn json_file_at(
    world: &mut Dogfood,
    file: String,
    pointer: String,
    expected: &DocString,
) -> Result<(), String> {
    let text = super::read(&world.path(&file)?)?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{file} is not JSON: {e}\n{text}"))?;
    let expected: serde_json::Value =
        serde_json::from_str(&expected.content).map_err(|e| format!("the expected JSON: {e}"))?;
    match value.pointer(&pointer) {
        Some(found) if *found == expected => Ok(()),
        found => Err(format!(
            "{file} has at {pointer:?}\n{}\nnot\n{}",
            found.map_or("nothing".to_owned(), |f| serde_json::to_string_pretty(f)
                .unwrap_or_default()),
            serde_json::to_string_pretty(&expected).unwrap_or_default()
        )),
    }
}

/// Nothing on stdout: the hook lets Claude Code go on as it would.
#[then("there is no answer")]
fn no_answer(world: &mut Dogfood) -> Result<(), String> {
    let last = world.last()?;
    if last.stdout.trim().is_empty() {
        Ok(())
    } else {
        Err(format!("the hook answered:\n{}", last.all()))
    }
}

/// stdout as one JSON object (Claude Code reads it only on exit 0).
fn answer(world: &Dogfood) -> Result<serde_json::Value, String> {
    let last = world.last()?;
    if last.code != 0 {
        return Err(format!(
            "Claude Code reads no answer after exit {}:\n{}",
            last.code,
            last.all()
        ));
    }
    serde_json::from_str::<serde_json::Value>(last.stdout.trim())
        .ok()
        .filter(serde_json::Value::is_object)
        .ok_or_else(|| format!("stdout is not one JSON object:\n{}", last.all()))
}

/// The order a user wrote their keys in survives a merge: found in the text,
/// so the check does not depend on how the test's own JSON maps are ordered.
#[then("the keys of the JSON file {string} are, in order: {string}")]
fn json_keys_in_order(world: &mut Dogfood, file: String, keys: String) -> Result<(), String> {
    let text = super::read(&world.path(&file)?)?;
    let mut last = 0;
    for key in keys.split(", ") {
        let quoted = format!("\"{key}\":");
        match text.find(&quoted) {
            Some(at) if at >= last => last = at,
            Some(_) => return Err(format!("{file}: \"{key}\" comes too early\n{text}")),
            None => return Err(format!("{file} has no key \"{key}\"\n{text}")),
        }
    }
    Ok(())
}
