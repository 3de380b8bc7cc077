//! Then steps about what a command left on disk: files created, files left
//! alone, files put back as git has them (the report page is [`super::page`]'s).

use aspect::{then, DataTable, DocString};

use super::{read, snapshot, Dogfood};
use crate::idle::git;

#[then("the crate has these files:")]
fn has_files(world: &mut Dogfood, table: &DataTable) -> Result<(), String> {
    let (header, rows) = table
        .rows
        .split_first()
        .ok_or("the table needs a header row")?;
    if header != &["file", "containing"] {
        return Err(format!(
            "the table's columns are file, containing, not {header:?}"
        ));
    }
    for row in rows {
        let (file, needle) = (&row[0], &row[1]);
        let text = read(&world.path(file)?)?;
        if !text.contains(needle.as_str()) {
            return Err(format!("{file} does not contain {needle:?}:\n{text}"));
        }
    }
    Ok(())
}

#[then("the file {string} still has these lines:")]
fn still_has_lines(world: &mut Dogfood, file: String, lines: &DocString) -> Result<(), String> {
    let text = read(&world.path(&file)?)?;
    let all: Vec<&str> = text.lines().collect();
    let wanted: Vec<&str> = lines.content.lines().collect();
    if !wanted.is_empty() && all.windows(wanted.len()).any(|w| w == wanted.as_slice()) {
        Ok(())
    } else {
        Err(format!(
            "{file} no longer has these lines as they were:\n{}\n--- {file}\n{text}",
            lines.content
        ))
    }
}

/// As it was before the last command, byte for byte.
#[then("the file {string} is unchanged")]
fn file_unchanged(world: &mut Dogfood, file: String) -> Result<(), String> {
    world.last()?;
    let relative = std::path::Path::new(&file);
    let before = world
        .before
        .get(relative)
        .ok_or_else(|| format!("there was no {file} before the last command"))?;
    let now = std::fs::read(world.path(&file)?).map_err(|e| format!("{file}: {e}"))?;
    if *before == now {
        Ok(())
    } else {
        Err(format!(
            "{file} changed:\n{}",
            String::from_utf8_lossy(&now)
        ))
    }
}

#[then("the line after {string} in {string} starts with {string}")]
fn line_after(
    world: &mut Dogfood,
    line: String,
    file: String,
    start: String,
) -> Result<(), String> {
    world.last()?;
    let text = read(&world.path(&file)?)?;
    let mut lines = text.lines().skip_while(|l| *l != line);
    if lines.next().is_none() {
        return Err(format!("{file} has no line {line:?}:\n{text}"));
    }
    match lines.next() {
        Some(next) if next.starts_with(&start) => Ok(()),
        next => Err(format!("after {line:?} comes {next:?} in {file}:\n{text}")),
    }
}

#[then("the file {string} does not contain {string}")]
fn file_lacks(world: &mut Dogfood, file: String, text: String) -> Result<(), String> {
    world.last()?;
    let content = read(&world.path(&file)?)?;
    if content.contains(&text) {
        Err(format!("{file} contains {text:?}:\n{content}"))
    } else {
        Ok(())
    }
}

#[then("there is no file {string}")]
fn no_such_file(world: &mut Dogfood, file: String) -> Result<(), String> {
    world.last()?;
    let path = world.path(&file)?;
    if path.exists() {
        Err(format!("{file} exists"))
    } else {
        Ok(())
    }
}

/// Fails when no command has run: nothing could have changed a file.
#[then("no file changed")]
fn no_file_changed(world: &mut Dogfood) -> Result<(), String> {
    world.last()?;
    let now = snapshot(&world.workdir()?)?;
    let before = &world.before;
    let changed: Vec<_> = before
        .keys()
        .chain(now.keys())
        .filter(|path| before.get(*path) != now.get(*path))
        .collect();
    if changed.is_empty() {
        Ok(())
    } else {
        Err(format!("the last command changed {changed:?}"))
    }
}

/// Whether the fixture file `relative` is as the fixture's git commit has it,
/// once a command has run (before, it says nothing about the command).
fn as_committed(world: &Dogfood, relative: &str) -> Result<bool, String> {
    world.last()?;
    let diff = git(world.fixture()?, &["diff", "--quiet", "--", relative]);
    match diff.code {
        0 => Ok(true),
        1 => Ok(false),
        _ => Err(format!("git diff failed:\n{}", diff.all())),
    }
}

#[then("{string} is as committed")]
fn is_as_committed(world: &mut Dogfood, file: String) -> Result<(), String> {
    if as_committed(world, &file)? {
        Ok(())
    } else {
        let diff = git(world.fixture()?, &["diff", "--", &file]);
        Err(format!("{file} was changed:\n{}", diff.stdout))
    }
}

#[then("{string} differs from the commit")]
fn differs(world: &mut Dogfood, file: String) -> Result<(), String> {
    if as_committed(world, &file)? {
        Err(format!("{file} is as committed:\n{}", world.last()?.all()))
    } else {
        Ok(())
    }
}
