//! One aspect file → [`Aspect`]: the frontmatter split from the body and read
//! (by `frontmatter`), the name, tags and timeout checked, every mistake one
//! located [`ParseError`]. What the evidence names is not looked up here: that
//! is `validate`'s.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::frontmatter::Frontmatter;
use super::yaml;
use crate::evidence::units::parse_duration;
use crate::evidence::Evidence;
use crate::spec::{Location, ParseError};

/// One loaded aspect.
#[derive(Debug)]
pub struct Aspect {
    /// Its unique kebab-case name; the trial is `aspect::<name>`.
    pub name: String,
    /// The file it came from.
    pub path: PathBuf,
    /// Where `name:` is.
    pub name_location: Location,
    /// Where `evidence:` is.
    pub evidence_location: Location,
    /// Where the program, crate, function or test filters the evidence names
    /// are written: [`validate`](super::validate()) reports its problems there.
    pub(crate) subject_location: Location,
    /// What proves it.
    pub evidence: Box<dyn Evidence>,
    /// Tags, each with its `@`.
    pub tags: Vec<String>,
    /// The aspect's own timeout for its evidence.
    pub timeout: Option<Duration>,
    /// The markdown body after the frontmatter.
    pub body: String,
}

impl Aspect {
    /// The body's first paragraph (headings skipped): what the property is, shown with every failure.
    pub fn summary(&self) -> String {
        first_paragraph(&self.body)
    }
}

/// Read and parse one aspect file. Evidence is not validated here: see [`validate`](super::validate()).
///
/// # Errors
/// A [`ParseError`] with the file, line and column of the problem.
pub fn load(path: &Path) -> Result<Aspect, ParseError> {
    let bytes = std::fs::read(path).map_err(|e| ParseError::io(path, &e))?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let column =
                valid.len() - valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1) + 1;
            return Err(located(
                path,
                "",
                line,
                column,
                "the file is not valid UTF-8".to_owned(),
            ));
        }
    };
    parse(&text, path)
}

/// Parse an aspect from its text.
///
/// # Errors
/// A `ParseError` with the file, line and column of the problem.
pub fn parse(text: &str, path: &Path) -> Result<Aspect, ParseError> {
    let fail = |line: usize, column: usize, message: String| {
        Err(located(path, text, line, column, message))
    };
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("").trim_start_matches('\u{feff}');
    if first.trim_end() != "---" {
        return fail(
            1,
            1,
            "no frontmatter: an aspect starts with a `---` line, then YAML with `name` and `evidence`, then `---`".to_owned(),
        );
    }
    let Some(close) = lines.position(|l| l.trim_end() == "---") else {
        return fail(
            1,
            1,
            "the frontmatter opened here is never closed with a `---` line".to_owned(),
        );
    };
    // Frontmatter is lines 2..=close+1; the closing `---` is line close+2.
    let yaml: String = text
        .lines()
        .skip(1)
        .take(close)
        .map(|l| format!("{l}\n"))
        .collect();
    let body: String = text.lines().skip(close + 2).collect::<Vec<_>>().join("\n");
    let front = match yaml::parse(&yaml).and_then(|yaml| Frontmatter::from_yaml(&yaml)) {
        Ok(front) => front,
        Err(e) => {
            // The YAML's first line is the file's second.
            let line = e.location.line() as usize + 1;
            let column = e.location.column() as usize;
            return fail(
                line,
                column.max(1),
                format!("in the frontmatter: {}", e.message),
            );
        }
    };
    let at = |location: yaml::Location| -> Option<(usize, usize)> {
        (location.line() > 0).then(|| {
            (
                location.line() as usize + 1,
                (location.column() as usize).max(1),
            )
        })
    };
    let (name_line, name_column) = at(front.name.location).unwrap_or((1, 1));
    let (ev_line, ev_column) = at(front.evidence.location).unwrap_or((1, 1));
    let (subject_line, subject_column) = at(front.subject()).unwrap_or((ev_line, ev_column));
    let name = front.name.value.clone();
    if !is_kebab_case(&name) {
        return fail(
            name_line,
            name_column,
            format!("name `{name}` is not kebab-case (lowercase words joined by `-`, e.g. `core-has-no-external-imports`)"),
        );
    }
    let timeout = match &front.timeout {
        Some(t) => match parse_duration(&t.value) {
            Ok(d) => Some(d),
            Err(message) => {
                let (line, column) = at(t.location).unwrap_or((ev_line, ev_column));
                return fail(line, column, format!("timeout {message}"));
            }
        },
        None => None,
    };
    let evidence = match front.evidence(timeout) {
        Ok(evidence) => evidence,
        Err(e) => {
            let (line, column) = at(e.at).unwrap_or((ev_line, ev_column));
            return fail(line, column, e.message);
        }
    };
    let tags = front
        .tags
        .iter()
        .map(|t| {
            if t.starts_with('@') {
                t.clone()
            } else {
                format!("@{t}")
            }
        })
        .collect();
    Ok(Aspect {
        name,
        path: path.to_owned(),
        name_location: Location {
            line: name_line as u32,
            column: name_column as u32,
        },
        evidence_location: Location {
            line: ev_line as u32,
            column: ev_column as u32,
        },
        subject_location: Location {
            line: subject_line as u32,
            column: subject_column as u32,
        },
        evidence,
        tags,
        timeout,
        body,
    })
}

pub(super) fn located(
    path: &Path,
    text: &str,
    line: usize,
    column: usize,
    message: String,
) -> ParseError {
    ParseError {
        path: path.to_owned(),
        line: line as u32,
        column: column as u32,
        message,
        source_line: text
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or("")
            .to_owned(),
    }
}

fn is_kebab_case(name: &str) -> bool {
    !name.is_empty()
        && name.split('-').all(|word| {
            !word.is_empty()
                && word
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

fn first_paragraph(body: &str) -> String {
    let mut paragraph: Vec<&str> = Vec::new();
    for line in body.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if !paragraph.is_empty() {
                break;
            }
        } else if trimmed.starts_with('#') && paragraph.is_empty() {
            continue;
        } else {
            paragraph.push(trimmed);
        }
    }
    paragraph.join(" ")
}
