//! Running `cargo aspect` (When), and what it said and how it exited (Then).
//!
//! Commands run the binary this test target was built with
//! (`CARGO_BIN_EXE_cargo-aspect`), as cargo runs it or by itself, or the real
//! cargo (which finds it on PATH), in the fixture, with the shared fixture
//! target dir and none of the variables an outer run of cargo-aspect or a CI
//! job may have set, unless a Given step sets one. A command line is split into
//! words at whitespace, except inside single quotes, as a shell splits it.
//! `$RUNTIME` in a command stands for this checkout's runtime crate.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use aspect::{given, then, when, DocString};

use super::{snapshot, Dogfood};
use crate::support::{runtime_dir, Fixture, Run};

/// Variables that would change what the command does, or leak credentials to
/// the scripted agent.
const CLEARED: &[&str] = &[
    "ASPECT_TAGS",
    "ASPECT_EVENTS",
    "ASPECT_DRY_RUN",
    "GITHUB_ACTIONS",
    "NEXTEST",
    "RUSTFLAGS",
    "ANTHROPIC_API_KEY",
    "ANTHROPIC_AUTH_TOKEN",
    "CLAUDE_CODE_OAUTH_TOKEN",
];

/// The `cargo-aspect` binary this test target was built with.
fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_cargo-aspect"))
}

/// The words of a command line: split at whitespace, except inside single
/// quotes (which are dropped), as a shell splits it.
fn words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                word.get_or_insert_with(String::new);
            }
            c if c.is_whitespace() && !quoted => words.extend(word.take()),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    if quoted {
        return Err(format!("unclosed quote in `{line}`"));
    }
    words.extend(word);
    Ok(words)
}

/// Run `program <args>` in the working directory and keep its result.
fn run(world: &mut Dogfood, program: &Path, args: &str) -> Result<(), String> {
    let dir = world.workdir()?;
    run_in(world, &dir, program, args)
}

/// Run `program <args>` in `dir` and keep its result.
pub(super) fn run_in(
    world: &mut Dogfood,
    dir: &Path,
    program: &Path,
    args: &str,
) -> Result<(), String> {
    world.before = snapshot(&world.workdir()?)?;
    let runtime = runtime_dir().display().to_string();
    let mut cmd = Command::new(program);
    cmd.args(words(args)?.iter().map(|a| a.replace("$RUNTIME", &runtime)))
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", Fixture::target_dir())
        .stdin(Stdio::null());
    for var in CLEARED {
        cmd.env_remove(var);
    }
    cmd.envs(world.env.iter().map(|(k, v)| (k, v)));
    if !world.on_path.is_empty() {
        let path = std::env::var_os("PATH").unwrap_or_default();
        let dirs = world
            .on_path
            .iter()
            .cloned()
            .chain(std::env::split_paths(&path));
        let joined = std::env::join_paths(dirs).map_err(|e| format!("PATH: {e}"))?;
        cmd.env("PATH", joined);
    }
    let output = cmd
        .output()
        .map_err(|e| format!("cannot run {} {args}: {e}", program.display()))?;
    world.last = Some(Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    });
    Ok(())
}

/// As cargo runs a subcommand: `cargo-aspect aspect <args>`.
#[when("I run `cargo aspect {}`")]
fn i_run(world: &mut Dogfood, args: String) -> Result<(), String> {
    run(world, &binary(), &format!("aspect {args}"))
}

/// The binary with exactly these arguments.
#[when("I run `cargo-aspect {}`")]
fn i_run_binary(world: &mut Dogfood, args: String) -> Result<(), String> {
    run(world, &binary(), &args)
}

/// The real cargo, which looks for `cargo-aspect` on PATH.
#[when("I run `cargo aspect {}` through cargo")]
fn i_run_through_cargo(world: &mut Dogfood, args: String) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    run(world, Path::new(&cargo), &format!("aspect {args}"))
}

#[given("the directory of the built `cargo-aspect` is first on PATH")]
fn binary_on_path(world: &mut Dogfood) -> Result<(), String> {
    let dir = binary()
        .parent()
        .ok_or("the binary has no directory")?
        .to_owned();
    world.put_on_path(dir);
    Ok(())
}

/// For every command the scenario runs after this step.
#[given("the environment variable {word} is {string}")]
fn env_var(world: &mut Dogfood, name: String, value: String) {
    world.env.retain(|(k, _)| *k != name);
    world.env.push((name, value));
}

#[given("I have run `cargo aspect {}`")]
fn i_have_run(world: &mut Dogfood, args: String) -> Result<(), String> {
    run(world, &binary(), &format!("aspect {args}"))?;
    let last = world.last()?;
    if last.code != 0 {
        return Err(format!("`cargo aspect {args}` failed:\n{}", last.all()));
    }
    Ok(())
}

#[then("the exit code is {int}")]
fn exit_code(world: &mut Dogfood, code: i32) -> Result<(), String> {
    let last = world.last()?;
    if last.code != code {
        return Err(format!("expected exit code {code}:\n{}", last.all()));
    }
    Ok(())
}

/// Whether stdout or stderr contains `text`.
fn says(world: &Dogfood, text: &str) -> Result<(), String> {
    let last = world.last()?;
    if last.stdout.contains(text) || last.stderr.contains(text) {
        Ok(())
    } else {
        Err(format!("the output does not say {text:?}:\n{}", last.all()))
    }
}

#[then("the output says {string}")]
fn output_says(world: &mut Dogfood, text: String) -> Result<(), String> {
    says(world, &text)
}

/// Fails when no command has run: there is no output to lack `text`.
#[then("the output does not say {string}")]
fn output_does_not_say(world: &mut Dogfood, text: String) -> Result<(), String> {
    let last = world.last()?;
    if last.stdout.contains(&text) || last.stderr.contains(&text) {
        Err(format!("the output says {text:?}:\n{}", last.all()))
    } else {
        Ok(())
    }
}

/// The one line of stdout and stderr that says `marker` (a `cargo -v` command
/// line, say); an error when none or several do.
fn line_with<'a>(last: &'a Run, marker: &str) -> Result<&'a str, String> {
    let lines: Vec<&str> = last
        .stdout
        .lines()
        .chain(last.stderr.lines())
        .filter(|l| l.contains(marker))
        .collect();
    match lines[..] {
        [line] => Ok(line),
        _ => Err(format!(
            "{} lines of the output say {marker:?}, not one:\n{}",
            lines.len(),
            last.all()
        )),
    }
}

#[then("the output's line with {string} says {string}")]
fn line_with_says(world: &mut Dogfood, marker: String, text: String) -> Result<(), String> {
    let line = line_with(world.last()?, &marker)?;
    line.contains(&text)
        .then_some(())
        .ok_or_else(|| format!("the line with {marker:?} does not say {text:?}: {line}"))
}

#[then("the output's line with {string} does not say {string}")]
fn line_with_does_not_say(world: &mut Dogfood, marker: String, text: String) -> Result<(), String> {
    let line = line_with(world.last()?, &marker)?;
    (!line.contains(&text))
        .then_some(())
        .ok_or_else(|| format!("the line with {marker:?} says {text:?}: {line}"))
}

/// Lines of stdout and stderr together.
#[then("{int} line(s) of the output start(s) with {string}")]
fn lines_start_with(world: &mut Dogfood, count: usize, start: String) -> Result<(), String> {
    let last = world.last()?;
    let found = last
        .stdout
        .lines()
        .chain(last.stderr.lines())
        .filter(|l| l.starts_with(&start))
        .count();
    if found == count {
        Ok(())
    } else {
        Err(format!(
            "{found} lines start with {start:?}, not {count}:\n{}",
            last.all()
        ))
    }
}

/// Whether `lines` follow one another in `output`, indentation aside.
fn has_lines(output: &str, lines: &str) -> bool {
    let output: Vec<&str> = output.lines().map(str::trim).collect();
    let lines: Vec<&str> = lines.lines().map(str::trim).collect();
    !lines.is_empty() && output.windows(lines.len()).any(|w| w == lines.as_slice())
}

/// The doc string's lines, one after another, indentation aside (reports
/// indent what they quote).
#[then("the output includes:")]
fn output_includes(world: &mut Dogfood, text: &DocString) -> Result<(), String> {
    let last = world.last()?;
    if has_lines(&last.stdout, &text.content) || has_lines(&last.stderr, &text.content) {
        Ok(())
    } else {
        Err(format!(
            "the output does not include these lines:\n{}\n{}",
            text.content,
            last.all()
        ))
    }
}

/// The JSON objects of the last command's stdout, one per line.
fn json_lines(world: &Dogfood) -> Result<Vec<serde_json::Value>, String> {
    let last = world.last()?;
    last.stdout
        .lines()
        .map(
            |line| match serde_json::from_str::<serde_json::Value>(line) {
                Ok(value) if value.is_object() => Ok(value),
                Ok(_) => Err(format!("not a JSON object: {line:?}\n{}", last.all())),
                Err(e) => Err(format!("not JSON: {line:?}: {e}\n{}", last.all())),
            },
        )
        .collect()
}

/// Every line of stdout is a JSON object, with or without `field`.
fn json_with(world: &Dogfood, field: &str, with: bool) -> Result<(), String> {
    let lines = json_lines(world)?;
    if lines.is_empty() {
        return Err(format!("no output:\n{}", world.last()?.all()));
    }
    match lines.iter().find(|v| v.get(field).is_some() != with) {
        Some(line) if with => Err(format!("a line has no {field:?}: {line}")),
        Some(line) => Err(format!("a line has {field:?}: {line}")),
        None => Ok(()),
    }
}

#[then("every line of the output is a JSON object with a {string}")]
fn json_with_field(world: &mut Dogfood, field: String) -> Result<(), String> {
    json_with(world, &field, true)
}

#[then("every line of the output is a JSON object without a {string}")]
fn json_without_field(world: &mut Dogfood, field: String) -> Result<(), String> {
    json_with(world, &field, false)
}

/// A JSON field as the text a table cell would hold.
/// The fields of the JSON line whose `name` is `name`, one column each: a
/// header row of fields (`a.b` is field `b` of object `a`), a row of values.
#[then("the JSON line of {string} has:")]
fn json_line_has(
    world: &mut Dogfood,
    name: String,
    table: &aspect::DataTable,
) -> Result<(), String> {
    let lines = json_lines(world)?;
    let line = lines
        .iter()
        .find(|l| l["name"] == name.as_str())
        .ok_or_else(|| {
            format!(
                "no line has the name {name:?}:\n{}",
                world.last().map(|l| l.all()).unwrap_or_default()
            )
        })?;
    let [header, row] = table.rows.as_slice() else {
        return Err("the table needs a header row and one row of values".to_owned());
    };
    for (field, value) in header.iter().zip(row) {
        let found = field
            .split('.')
            .try_fold(line, |v, key| v.get(key))
            .map(cell_text);
        if found.as_deref() != Some(value.as_str()) {
            return Err(format!("{field} is {found:?}, not {value:?}: {line}"));
        }
    }
    Ok(())
}

fn cell_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[then("it lists {int} scenarios and {int} aspects, among them:")]
fn lists(
    world: &mut Dogfood,
    scenarios: usize,
    aspects: usize,
    table: &aspect::DataTable,
) -> Result<(), String> {
    let lines = json_lines(world)?;
    let count = |kind: &str| lines.iter().filter(|v| v["type"] == kind).count();
    let counted = (count("scenario"), count("aspect"));
    if counted != (scenarios, aspects) {
        return Err(format!(
            "listed {} scenarios and {} aspects:\n{}",
            counted.0,
            counted.1,
            world.last()?.stdout
        ));
    }
    let (header, rows) = table
        .rows
        .split_first()
        .ok_or("the table needs a header row")?;
    for row in rows {
        // An empty cell: the field is absent.
        let matches = |value: &serde_json::Value| {
            header
                .iter()
                .zip(row)
                .all(|(field, cell)| match value.get(field) {
                    None => cell.is_empty(),
                    Some(v) => cell_text(v) == *cell,
                })
        };
        if !lines.iter().any(matches) {
            return Err(format!(
                "no line has {row:?} as its {header:?}:\n{}",
                world.last()?.stdout
            ));
        }
    }
    Ok(())
}

#[then("the first line is the format, version {int}")]
fn format_first(world: &mut Dogfood, version: u64) -> Result<(), String> {
    let lines = json_lines(world)?;
    let first = lines.first().ok_or("no output")?;
    if first["type"] != "format" || first["version"] != version {
        return Err(format!(
            "the first line is not the format of version {version}: {first}"
        ));
    }
    Ok(())
}

#[then("the last line is the summary:")]
fn summary(world: &mut Dogfood, table: &aspect::DataTable) -> Result<(), String> {
    let lines = json_lines(world)?;
    let last = lines.last().ok_or("no output")?;
    if last["type"] != "summary" {
        return Err(format!("the last line is not the summary: {last}"));
    }
    let [header, row] = table.rows.as_slice() else {
        return Err("the table needs a header row and one row of counts".to_owned());
    };
    for (field, count) in header.iter().zip(row) {
        let found = last.get(field).map(cell_text);
        if found.as_deref() != Some(count.as_str()) {
            return Err(format!("{field} is {found:?}, not {count}: {last}"));
        }
    }
    Ok(())
}
