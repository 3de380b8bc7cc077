//! Then steps about the JUnit XML report `cargo aspect test --junit PATH`
//! writes: its counts, as a CI's test reporter reads them from the root
//! `<testsuites>`, and its test cases with their outcome. The file must be
//! well-formed first ([`super::xml`]); then the few elements these steps read
//! are picked out of the text, as the report writes one element per line.

use aspect::{then, DataTable};

use super::xml::well_formed;
use super::{read, Dogfood};

/// The attributes of the element whose start tag begins `tag` (`<name ...`).
fn attributes(tag: &str) -> Vec<(String, String)> {
    let end = tag.find('>').unwrap_or(tag.len());
    let mut rest = &tag[..end];
    let mut found = Vec::new();
    while let Some(eq) = rest.find("=\"") {
        let name = rest[..eq].rsplit(' ').next().unwrap_or("").to_owned();
        let value = &rest[eq + 2..];
        let close = value.find('"').unwrap_or(value.len());
        found.push((name, unescape(&value[..close])));
        rest = &value[(close + 1).min(value.len())..];
    }
    found
}

/// An attribute's value as a reader sees it.
fn unescape(value: &str) -> String {
    value
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#10;", "\n")
        .replace("&amp;", "&")
}

fn attribute(attributes: &[(String, String)], name: &str) -> String {
    attributes
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// The report `file` (relative to the working directory), checked well-formed.
fn load(world: &Dogfood, file: &str) -> Result<String, String> {
    let xml = read(&world.path(file)?)?;
    well_formed(&xml).map_err(|e| format!("{file} is not well-formed XML: {e}\n{xml}"))?;
    Ok(xml)
}

/// The root's counts, and as many `<testcase>` elements as it says tests.
#[then("the JUnit report {string} counts {int} tests, {int} failures and {int} skipped")]
fn counts(
    world: &mut Dogfood,
    file: String,
    tests: usize,
    failures: usize,
    skipped: usize,
) -> Result<(), String> {
    let xml = load(world, &file)?;
    let root = xml
        .find("<testsuites ")
        .ok_or_else(|| format!("{file} has no <testsuites>:\n{xml}"))?;
    let root = attributes(&xml[root..]);
    let wanted = [tests, failures, skipped].map(|n| n.to_string());
    let said = ["tests", "failures", "skipped"].map(|name| attribute(&root, name));
    if said != wanted {
        return Err(format!(
            "{file} counts tests, failures, skipped as {said:?}, not {wanted:?}:\n{xml}"
        ));
    }
    let cases = xml.matches("<testcase ").count();
    if cases != tests {
        return Err(format!("{file} has {cases} <testcase> elements:\n{xml}"));
    }
    Ok(())
}

/// Each row: a test case's `name`, `file` and `line` attributes, its outcome
/// (`failure` or `skipped`, the element it holds; `passed` when it holds
/// neither) and the text the outcome's `message` starts with (empty for
/// `passed`).
#[then("the JUnit report {string} has these test cases, among them:")]
fn test_cases(world: &mut Dogfood, file: String, table: &DataTable) -> Result<(), String> {
    let xml = load(world, &file)?;
    let (header, rows) = table
        .rows
        .split_first()
        .ok_or("the table needs a header row")?;
    if header != &["name", "file", "line", "outcome", "message starts with"] {
        return Err(format!(
            "the table's columns are name, file, line, outcome, message starts with, not {header:?}"
        ));
    }
    for row in rows {
        let (name, outcome, message) = (&row[0], &row[3], &row[4]);
        let case = xml
            .split("<testcase ")
            .skip(1)
            .map(|case| case.split("</testcase>").next().unwrap_or(case))
            .find(|case| attribute(&attributes(case), "name") == *name)
            .ok_or_else(|| format!("{file} has no test case {name:?}:\n{xml}"))?;
        let attrs = attributes(case);
        let place = [attribute(&attrs, "file"), attribute(&attrs, "line")];
        if place != [row[1].as_str(), row[2].as_str()] {
            return Err(format!("{name:?} is at {place:?} in {file}:\n{case}"));
        }
        let (found, said) = ["failure", "skipped"]
            .into_iter()
            .find_map(|kind| {
                let at = case.find(&format!("<{kind} "))?;
                Some((kind, attribute(&attributes(&case[at..]), "message")))
            })
            .unwrap_or(("passed", String::new()));
        if found != outcome || !said.starts_with(message.as_str()) {
            return Err(format!(
                "{name:?} is {found} with the message {said:?} in {file}:\n{case}"
            ));
        }
    }
    Ok(())
}
