//! The manifest edits of `cargo aspect init`, made with `toml_edit` so that
//! everything init does not add stays byte for byte as the user wrote it:
//! comments, blank lines, key order, quoting, odd spacing.
//!
//! Every function here only adds: an item that is already present (in any of
//! the forms TOML allows: a `[table]`, a dotted key, an inline table) is left
//! exactly as it is, and the function says so. Nothing here reformats, reorders
//! or removes what the user wrote, and nothing reads anything but the document.

use std::path::Path;

use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, Value};

use crate::config::{DEFAULT_ASPECTS, DEFAULT_SPECS};

/// Parse the manifest text `text` read from `path`.
///
/// # Errors
/// `path:line:col: message` followed by the offending line and a caret, when
/// `text` is not TOML.
pub(super) fn parse(path: &Path, text: &str) -> Result<DocumentMut, String> {
    text.parse::<DocumentMut>().map_err(|e| {
        let offset = e.span().map_or(0, |span| span.start);
        let (line, column) = line_col(text, offset);
        let quoted = text.lines().nth(line - 1).unwrap_or("");
        let message = e.message().trim_end();
        format!(
            "{}:{line}:{column}: {message}\n{line:>5} | {quoted}\n      | {caret:>column$}",
            path.display(),
            caret = "^",
        )
    })
}

/// 1-based line and column (in characters) of byte `offset` of `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The document as text, with the line endings of `original` (a file written
/// with CRLF gets CRLF in the lines init added too).
pub(super) fn render(doc: &DocumentMut, original: &str) -> String {
    let text = doc.to_string();
    if !original.contains("\r\n") {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut previous = '\0';
    for c in text.chars() {
        if c == '\n' && previous != '\r' {
            out.push('\r');
        }
        out.push(c);
        previous = c;
    }
    out
}

/// A new table to append at the end of the document: after every table there,
/// and after the comments that end the file (which toml_edit keeps apart as the
/// document's trailing text, and would otherwise print after the new table).
fn new_last_table(doc: &mut DocumentMut) -> Table {
    let mut table = Table::new();
    table.set_position(Some(last_position(doc.as_table()).saturating_add(1)));
    let trailing = doc.trailing().as_str().unwrap_or("").to_owned();
    if !trailing.trim().is_empty() {
        let newline = if trailing.ends_with('\n') { "" } else { "\n" };
        table
            .decor_mut()
            .set_prefix(format!("{trailing}{newline}\n"));
        doc.set_trailing("");
    }
    table
}

/// The largest position of a table in `table` (itself included).
fn last_position(table: &Table) -> isize {
    let mut last = table.position().unwrap_or(0);
    for (_, item) in table.iter() {
        match item {
            Item::Table(t) => last = last.max(last_position(t)),
            Item::ArrayOfTables(tables) => {
                for t in tables.iter() {
                    last = last.max(last_position(t));
                }
            }
            _ => {}
        }
    }
    last
}

/// Whether the document has a `[package]` table.
pub(super) fn has_package(doc: &DocumentMut) -> bool {
    doc.get("package").is_some_and(Item::is_table_like)
}

/// `package.metadata.aspect`, if present in any form.
fn package_aspect_table(doc: &DocumentMut) -> Option<&Item> {
    doc.get("package")?
        .as_table_like()?
        .get("metadata")?
        .as_table_like()?
        .get("aspect")
}

/// Whether `[package.metadata.aspect]` is present.
pub(super) fn has_package_aspect_table(doc: &DocumentMut) -> bool {
    package_aspect_table(doc).is_some()
}

/// The `harness` key of `[package.metadata.aspect]`, when it is a string.
pub(super) fn package_harness_name(doc: &DocumentMut) -> Option<String> {
    package_aspect_table(doc)?
        .as_table_like()?
        .get("harness")?
        .as_str()
        .map(str::to_owned)
}

/// Add `[package.metadata.aspect]` with the default spec and aspect globs.
/// Returns whether it was added (`false`: it was already there).
///
/// # Errors
/// When `package` or `package.metadata` is something other than a table.
pub(super) fn add_metadata_table(doc: &mut DocumentMut) -> Result<bool, String> {
    if has_package_aspect_table(doc) {
        return Ok(false);
    }
    let mut aspect = Table::new();
    aspect.insert("specs", strings(&[DEFAULT_SPECS]));
    aspect.insert("aspects", strings(&[DEFAULT_ASPECTS]));
    let package = doc
        .get_mut("package")
        .ok_or("the manifest has no [package]")?;
    let not_a_table = || "`package` is not a table".to_owned();
    let metadata = match package {
        Item::Table(package) => {
            if !package.contains_key("metadata") {
                let mut metadata = Table::new();
                metadata.set_implicit(true);
                package.insert("metadata", Item::Table(metadata));
            }
            package.get_mut("metadata").ok_or_else(not_a_table)?
        }
        Item::Value(Value::InlineTable(package)) => {
            let metadata = package
                .entry("metadata")
                .or_insert(Value::InlineTable(InlineTable::new()));
            let Value::InlineTable(metadata) = metadata else {
                return Err("`package.metadata` is not a table".to_owned());
            };
            metadata.insert("aspect", Value::InlineTable(aspect.into_inline_table()));
            return Ok(true);
        }
        _ => return Err(not_a_table()),
    };
    insert_table(metadata, "aspect", aspect).map_err(|()| "`package.metadata` is not a table")?;
    Ok(true)
}

/// Insert `table` under `key` of `parent`, in the form of `parent`: a
/// `[parent.key]` header, a dotted key, or an inline table.
fn insert_table(parent: &mut Item, key: &str, mut table: Table) -> Result<(), ()> {
    match parent {
        Item::Table(parent) => {
            if parent.is_dotted() {
                table.set_dotted(true);
            }
            parent.insert(key, Item::Table(table));
            Ok(())
        }
        Item::Value(Value::InlineTable(parent)) => {
            parent.insert(key, Value::InlineTable(table.into_inline_table()));
            Ok(())
        }
        _ => Err(()),
    }
}

fn strings(values: &[&str]) -> Item {
    let array: Array = values.iter().copied().collect();
    Item::Value(Value::Array(array))
}

/// An explicit `[[test]]` target as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct TestTarget {
    /// Its `path`, relative to the package, when set.
    pub path: Option<String>,
    /// Its `harness` key, when set.
    pub harness: Option<bool>,
}

/// The explicit `[[test]]` target named `name`, if any.
pub(super) fn test_target(doc: &DocumentMut, name: &str) -> Option<TestTarget> {
    let read = |t: &dyn toml_edit::TableLike| TestTarget {
        path: t.get("path").and_then(Item::as_str).map(str::to_owned),
        harness: t.get("harness").and_then(Item::as_bool),
    };
    let named = |t: &dyn toml_edit::TableLike| t.get("name").and_then(Item::as_str) == Some(name);
    match doc.get("test")? {
        Item::ArrayOfTables(tables) => tables.iter().find(|t| named(*t)).map(|t| read(t)),
        Item::Value(Value::Array(array)) => array
            .iter()
            .filter_map(Value::as_inline_table)
            .find(|t| named(*t))
            .map(|t| read(t)),
        _ => None,
    }
}

/// Add `[[test]] name = "<name>" harness = false`.
/// Returns whether it was added (`false`: a target of that name is there).
///
/// # Errors
/// When `test` is something other than an array of tables.
pub(super) fn add_test_target(doc: &mut DocumentMut, name: &str) -> Result<bool, String> {
    if test_target(doc, name).is_some() {
        return Ok(false);
    }
    let mut table = if doc.contains_key("test") {
        Table::new()
    } else {
        new_last_table(doc)
    };
    table.insert("name", toml_edit::value(name));
    table.insert("harness", toml_edit::value(false));
    match doc
        .entry("test")
        .or_insert(Item::ArrayOfTables(Default::default()))
    {
        Item::ArrayOfTables(tables) => tables.push(table),
        Item::Value(Value::Array(array)) => {
            array.push(table.into_inline_table());
        }
        _ => return Err("`test` in the manifest is not an array of tables".to_owned()),
    }
    Ok(true)
}

/// Add `harness = false` to the explicit `[[test]]` target `name`, which has no
/// `harness` key. Returns whether it was added.
pub(super) fn set_harness_false(doc: &mut DocumentMut, name: &str) -> bool {
    let named = |t: &dyn toml_edit::TableLike| t.get("name").and_then(Item::as_str) == Some(name);
    match doc.get_mut("test") {
        Some(Item::ArrayOfTables(tables)) => match tables.iter_mut().find(|t| named(*t)) {
            Some(t) if !t.contains_key("harness") => {
                t.insert("harness", toml_edit::value(false));
                true
            }
            _ => false,
        },
        Some(Item::Value(Value::Array(array))) => {
            match array
                .iter_mut()
                .filter_map(Value::as_inline_table_mut)
                .find(|t| named(*t))
            {
                Some(t) if !t.contains_key("harness") => {
                    t.insert("harness", false.into());
                    true
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// The dev-dependency init adds:
/// `{ package = ..., version = ... or path = ..., default-features = false,
/// features = [...] }`: the runtime without the CLI, with `features` (those the
/// crate's aspects need, see `edits::runtime_features`), written even when empty
/// so that the key to extend is there.
pub(super) fn dependency_value(
    package: &str,
    version: Option<&str>,
    path: Option<&str>,
    features: &[&str],
) -> InlineTable {
    let mut value = InlineTable::new();
    value.insert("package", package.into());
    if let Some(version) = version {
        value.insert("version", version.into());
    }
    if let Some(path) = path {
        value.insert("path", path.into());
    }
    value.insert("default-features", false.into());
    let features: toml_edit::Array = features.iter().copied().collect();
    value.insert("features", features.into());
    value.fmt();
    value
}

/// Add dev-dependency `key = value` in the form the dev-dependencies table
/// already has (`key = {...}` in `[dev-dependencies]`, or a
/// `[dev-dependencies.key]` table when every entry is written that way).
/// Returns whether it was added (`false`: `key` is already a dev-dependency).
///
/// # Errors
/// When the dev-dependencies item is something other than a table.
pub(super) fn add_dev_dependency(
    doc: &mut DocumentMut,
    key: &str,
    value: InlineTable,
) -> Result<bool, String> {
    // `dev_dependencies` is the old spelling; use it only when it is the one there.
    let section = if doc.contains_key("dev_dependencies") && !doc.contains_key("dev-dependencies") {
        "dev_dependencies"
    } else {
        "dev-dependencies"
    };
    if !doc.contains_key(section) {
        let table = new_last_table(doc);
        doc.insert(section, Item::Table(table));
    }
    let table = doc.entry(section).or_insert(Item::Table(Table::new()));
    if table.as_table_like().is_some_and(|t| t.contains_key(key)) {
        return Ok(false);
    }
    match table {
        Item::Table(table) if table.is_implicit() && !table.is_empty() => {
            let mut sub = Table::new();
            for (k, v) in value.iter() {
                sub.insert(k, Item::Value(v.clone()));
            }
            table.insert(key, Item::Table(sub));
        }
        Item::Table(table) => {
            table.insert(key, Item::Value(Value::InlineTable(value)));
        }
        Item::Value(Value::InlineTable(table)) => {
            table.insert(key, Value::InlineTable(value));
        }
        _ => return Err(format!("`{section}` in the manifest is not a table")),
    }
    Ok(true)
}

/// Add `[profile.dev.package.<package>]` with `debug = "line-tables-only"` and
/// `incremental = false`, to a workspace root's manifest (cargo reads profiles
/// only there). The runtime is built once and not stepped through: without
/// incremental state and full debug info its compile, which ends a clean build
/// of the harness alone, takes some 40% less (a path dependency, as init writes
/// it, is incremental by default), and backtraces keep their `file:line`.
/// Returns whether it was added (`false`: an override for `package` is there).
///
/// # Errors
/// When `profile`, `profile.dev` or `profile.dev.package` is not a table.
pub(super) fn add_runtime_profile(doc: &mut DocumentMut, package: &str) -> Result<bool, String> {
    const PATH: [&str; 3] = ["profile", "dev", "package"];
    // Looked up first: nothing changes when the override is there.
    let mut item = doc.as_item();
    for (depth, key) in PATH.iter().enumerate() {
        match item.get(key) {
            None => break,
            Some(child) if child.is_table_like() => item = child,
            Some(_) => {
                return Err(format!(
                    "`{}` in the manifest is not a table",
                    PATH[..=depth].join(".")
                ))
            }
        }
        if depth == PATH.len() - 1 && item.get(package).is_some() {
            return Ok(false);
        }
    }
    let mut leaf = new_last_table(doc);
    // After the comments that end the file, if any, else after a blank line.
    let prefix = leaf
        .decor()
        .prefix()
        .and_then(|p| p.as_str())
        .unwrap_or("\n")
        .to_owned();
    leaf.decor_mut().set_prefix(format!(
        "{prefix}# {package} (added by `cargo aspect init`): no incremental state and line\n\
         # tables only, for a faster clean build of the harness.\n"
    ));
    leaf.insert("debug", toml_edit::value("line-tables-only"));
    leaf.insert("incremental", toml_edit::value(false));
    let mut parent = doc.as_item_mut();
    for (depth, key) in PATH.iter().enumerate() {
        match parent {
            Item::Table(table) => {
                if !table.contains_key(key) {
                    let mut child = Table::new();
                    child.set_implicit(true);
                    child.set_dotted(table.is_dotted());
                    table.insert(key, Item::Table(child));
                }
                parent = &mut table[key];
            }
            Item::Value(Value::InlineTable(table)) => {
                // `profile = { dev = ... }`: the rest goes inline too.
                let mut table = table;
                for key in &PATH[depth..] {
                    let child = table
                        .entry(*key)
                        .or_insert(Value::InlineTable(InlineTable::new()));
                    table = child.as_inline_table_mut().ok_or("not a table")?;
                }
                table.insert(package, Value::InlineTable(leaf.into_inline_table()));
                return Ok(true);
            }
            _ => {
                return Err(format!(
                    "`{}` in the manifest is not a table",
                    PATH[..depth].join(".")
                ))
            }
        }
    }
    insert_table(parent, package, leaf)
        .map_err(|()| "`profile.dev.package` is not a table".to_owned())?;
    Ok(true)
}

#[cfg(test)]
#[path = "manifest_tests.rs"]
mod tests;
