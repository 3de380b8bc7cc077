//! Parse errors: where the first problem is, and what was expected there, in words.
//!
//! The official parser's messages list grammar tokens (`expected: #EOF, #TableRow,
//! #StepLine, …`); ours say what a person would write instead, using the keywords
//! of the file's language, and quote the offending line.

use std::fmt;
use std::path::{Path, PathBuf};

use super::{Parser, State, TagsFor};
use crate::spec::ast::TableRow;
use crate::spec::lines::is_ws;

/// Why a `.feature` file could not be read or parsed: the first problem found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// The file.
    pub path: PathBuf,
    /// 1-based line of the problem (one past the last line for an unexpected end of
    /// file; 0 when the file could not be read).
    pub line: u32,
    /// 1-based column of the problem (0 when the file could not be read).
    pub column: u32,
    /// What is wrong, in words.
    pub message: String,
    /// The offending line as written (empty at the end of the file).
    pub source_line: String,
}

impl ParseError {
    /// The file could not be read.
    pub(crate) fn io(path: &Path, e: &std::io::Error) -> Self {
        ParseError {
            path: path.to_owned(),
            line: 0,
            column: 0,
            message: format!("cannot read the file: {e}"),
            source_line: String::new(),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            return write!(f, "{}: {}", self.path.display(), self.message);
        }
        let number = self.line.to_string();
        let gutter = " ".repeat(number.len());
        write!(
            f,
            "{}:{}:{}: {}\n{gutter} |\n{number} | {}\n{gutter} |",
            self.path.display(),
            self.line,
            self.column,
            self.message,
            self.source_line.trim_end(),
        )
    }
}

impl std::error::Error for ParseError {}

impl Parser<'_, '_> {
    pub(super) fn inconsistent(&self, i: usize, row: &TableRow, expected: usize) -> ParseError {
        let line = self.lines[i];
        let cells = |n: usize| {
            if n == 1 {
                "1 cell".to_owned()
            } else {
                format!("{n} cells")
            }
        };
        let hint = if line.trimmed.trim_end_matches(is_ws).ends_with('|') {
            ""
        } else {
            " (a row must end with `|`)"
        };
        self.error(
            i,
            line.indent + 1,
            format!(
                "inconsistent cell count within the table: this row has {}, the first row has {}{hint}",
                cells(row.cells.len()),
                cells(expected),
            ),
        )
    }

    /// The end of the file.
    pub(super) fn eof(&mut self) -> Result<(), ParseError> {
        let d = self.dialect;
        let message = match self.state {
            State::Start | State::Steps { .. } | State::ExamplesTable => return Ok(()),
            State::Header { header, .. } => {
                self.flush_description(header);
                return Ok(());
            }
            State::Language => format!(
                "unexpected end of file: expected a `{}:` line after the language header",
                d.names.feature
            ),
            State::FeatureTags => format!(
                "unexpected end of file: expected a `{}:` line after the tags",
                d.names.feature
            ),
            State::Tags(target) => {
                let line = self.tag_start();
                format!(
                    "unexpected end of file: the tags on line {line} are not followed by {}",
                    self.tag_targets(target)
                )
            }
            State::DocString {
                delimiter, open, ..
            } => format!(
                "unexpected end of file: the doc string opened on line {} is never closed (expected a closing {delimiter})",
                self.lines[open].number
            ),
        };
        let line = u32::try_from(self.lines.len() + 1).unwrap_or(u32::MAX);
        Err(ParseError {
            path: self.path.to_owned(),
            line,
            column: 1,
            message,
            source_line: String::new(),
        })
    }

    /// The line of the first pending tag.
    pub(super) fn tag_start(&self) -> u32 {
        self.tags.first().map_or(0, |t| t.location.line)
    }

    /// What tags of `target` may be followed by, in words.
    pub(super) fn tag_targets(&self, target: TagsFor) -> String {
        let n = &self.dialect.names;
        match target {
            TagsFor::Scenario => format!("a `{}:` line", n.scenario),
            TagsFor::Examples => format!("an `{}:` line", n.examples),
            TagsFor::Rule { examples: true } => format!(
                "a `{}:`, `{}:` or `{}:` line",
                n.scenario, n.examples, n.rule
            ),
            TagsFor::Rule { examples: false } => {
                format!("a `{}:` or `{}:` line", n.scenario, n.rule)
            }
        }
    }

    /// Line `i` is not allowed where it is: say what was expected.
    pub(super) fn unexpected(&self, i: usize) -> ParseError {
        let line = self.lines[i];
        let d = self.dialect;
        let n = &d.names;
        let mut found: String = line
            .trimmed
            .trim_end_matches(is_ws)
            .chars()
            .take(80)
            .collect();
        if found.len() < line.trimmed.trim_end_matches(is_ws).len() {
            found.push('…');
        }
        let steps = {
            let names = &d.step_names;
            match names.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
                _ => names.join(", "),
            }
        };
        let message = match self.state {
            State::Start => format!(
                "expected a `{}:` line, a tag line or a comment, found `{found}`",
                n.feature
            ),
            State::Language => format!(
                "expected a `{}:` line after the language header, found `{found}`",
                n.feature
            ),
            State::FeatureTags => {
                format!("expected a `{}:` line after the tags, found `{found}`", n.feature)
            }
            State::Tags(target) => format!(
                "the tags on line {} must be followed by {}, found `{found}`",
                self.tag_start(),
                self.tag_targets(target)
            ),
            _ if line.title(&d.feature).is_some() => {
                format!("a file can hold only one `{}:`", n.feature)
            }
            _ if line.title(&d.background).is_some() => format!(
                "a `{}:` must come before the scenarios of its feature or rule, and there can be only one",
                n.background
            ),
            State::Steps { scenario: false, .. } if line.title(&d.examples).is_some() => format!(
                "`{}:` belong to a scenario outline, not to a `{}:`",
                n.examples, n.background
            ),
            State::ExamplesTable if line.step(d).is_some() => format!(
                "a step cannot follow the `{}:` of a scenario: write the steps before them",
                n.examples
            ),
            State::ExamplesTable => format!(
                "expected an examples table row (`| … |`), `{}:`, `{}:` or `{}:`, found `{found}`",
                n.examples, n.scenario, n.rule
            ),
            _ => format!("expected a step ({steps}), found `{found}`"),
        };
        self.error(i, line.indent + 1, message)
    }

    pub(super) fn error(&self, i: usize, column: u32, message: String) -> ParseError {
        let line = self.lines[i];
        ParseError {
            path: self.path.to_owned(),
            line: line.number,
            column,
            message,
            source_line: line.text.to_owned(),
        }
    }
}
