//! Gherkin text → document tree ([`FeatureFile`]).
//!
//! A small state machine over lines, equivalent to the official Gherkin grammar
//! (cucumber/gherkin's `gherkin.berp`, the version of its conformance testdata):
//!
//! ```text
//! Feature      := #Language? Tags? #FeatureLine Description? Background? Scenario* Rule*
//! Rule         := Tags? #RuleLine Description? Background? Scenario*
//! Background   := #BackgroundLine Description? Step*
//! Scenario     := Tags? #ScenarioLine Description? Step* (Tags? Examples)*
//! Examples     := #ExamplesLine Description? #TableRow*
//! Step         := #StepLine (DataTable DocString? | DocString DataTable?)?
//! Description  := (#Other | #Comment)+          (blank lines before it skipped)
//! ```
//!
//! Comments and blank lines may appear anywhere outside doc strings. Tags after
//! steps are ambiguous; as officially, the lines after them decide: the tags belong
//! to the next `Examples:` or `Scenario:` if one follows (past more tags, comments
//! and blank lines), otherwise to a `Rule:`. Each line is looked at a bounded
//! number of times, so parsing is linear in the size of the file.
//!
//! Errors stop at the first one and say, in words, what was expected.
//!
//! The parser's own children extend it: `errors` (what each state expected, as
//! a [`ParseError`]) and `tree` (closing blocks into the document tree) are
//! `impl Parser` blocks, which is why the state machine lives in this `mod.rs`.

use std::path::Path;

use super::ast::{
    Argument, Background, Comment, DataTable, DocString, Examples, Feature, FeatureChild, Rule,
    RuleChild, Scenario, Step,
};
use super::languages::{self, Dialect};
use super::lines::{self, Line};
use super::{typos, FeatureFile};

mod errors;
mod tree;

pub use errors::ParseError;

/// Parse Gherkin source into its document tree.
///
/// # Errors
/// The first syntax error, with its line, column and a message in words.
pub fn parse(source: &str, path: &Path) -> Result<FeatureFile, ParseError> {
    let lines = lines::split(source);
    let mut parser = Parser {
        lines: &lines,
        path,
        dialect: languages::english(),
        state: State::Start,
        feature: None,
        tags: Vec::new(),
        comments: Vec::new(),
        description: Vec::new(),
        doc: String::new(),
        doc_lines: 0,
        warnings: Vec::new(),
    };
    for i in 0..lines.len() {
        parser.line(i)?;
    }
    parser.eof()?;
    let mut feature = parser.feature;
    if let Some(feature) = feature.as_mut() {
        feature.comments = parser.comments;
    }
    Ok(FeatureFile {
        path: path.to_owned(),
        feature,
        warnings: parser.warnings,
    })
}

/// Which keyword line a description belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Header {
    Feature,
    Rule,
    Background,
    Scenario,
    Examples,
}

/// The arguments a step has so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Arg {
    /// None yet.
    None,
    /// In a data table; `second` when it follows a doc string.
    Table { second: bool },
    /// After a doc string; `second` when it follows a data table.
    DocString { second: bool },
}

/// What tags that are being read belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TagsFor {
    Scenario,
    Examples,
    /// Nothing else followed them: a rule must (`examples` tells whether an
    /// `Examples:` could have, for the message).
    Rule {
        examples: bool,
    },
}

/// Where the parser is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Before the feature.
    Start,
    /// After `# language:`.
    Language,
    /// Tags before `Feature:`.
    FeatureTags,
    /// After a keyword line, in its (optional) description.
    Header { header: Header, described: bool },
    /// After a step of a background (`scenario == false`) or scenario.
    Steps { scenario: bool, arg: Arg },
    /// Inside a doc string opened on line index `open`.
    DocString {
        scenario: bool,
        second: bool,
        delimiter: &'static str,
        indent: u32,
        open: usize,
    },
    /// In the table of an `Examples:`.
    ExamplesTable,
    /// Reading tag lines.
    Tags(TagsFor),
}

/// Which structural lines a state accepts besides `Scenario:`, `Rule:` and tags.
#[derive(Clone, Copy)]
struct Accepts {
    background: bool,
    /// Steps, and whether they belong to a scenario (else a background).
    steps: Option<bool>,
    examples: bool,
}

/// The background or scenario being read.
enum Block<'a> {
    Background(&'a mut Background),
    Scenario(&'a mut Scenario),
}

struct Parser<'s, 'l> {
    lines: &'l [Line<'s>],
    path: &'l Path,
    dialect: &'static Dialect,
    state: State,
    feature: Option<Feature>,
    /// Tags read, waiting for their keyword line.
    tags: Vec<super::ast::Tag>,
    comments: Vec<Comment>,
    /// Description lines read, waiting for the end of the description.
    description: Vec<&'s str>,
    /// The content of the open doc string.
    doc: String,
    doc_lines: usize,
    /// Description lines that look like misspelled keywords.
    warnings: Vec<typos::Warning>,
}

impl<'s> Parser<'s, '_> {
    /// Take line `i`.
    fn line(&mut self, i: usize) -> Result<(), ParseError> {
        let line = self.lines[i];
        match self.state {
            State::DocString {
                scenario,
                second,
                delimiter,
                indent,
                ..
            } => {
                if line.trimmed.starts_with(delimiter) {
                    self.close_doc_string();
                    self.state = State::Steps {
                        scenario,
                        arg: Arg::DocString { second },
                    };
                } else {
                    if self.doc_lines > 0 {
                        self.doc.push('\n');
                    }
                    self.doc_lines += 1;
                    self.doc.push_str(&line.doc_string_text(indent, delimiter));
                }
                Ok(())
            }
            State::Start | State::Language | State::FeatureTags => self.before_feature(i),
            State::Header { header, described } => self.header(i, header, described),
            State::Steps { scenario, arg } => self.steps(i, scenario, arg),
            State::ExamplesTable => {
                if line.is_table_row() {
                    self.add_row(i, false)
                } else if self.skip(i)
                    || self.structural(
                        i,
                        Accepts {
                            background: false,
                            steps: None,
                            examples: true,
                        },
                    )?
                {
                    Ok(())
                } else {
                    Err(self.unexpected(i))
                }
            }
            State::Tags(target) => {
                if line.is_tag_line() {
                    return self.read_tags(i);
                }
                if self.skip(i) {
                    return Ok(());
                }
                let d = self.dialect;
                match target {
                    TagsFor::Scenario => {
                        if let Some((keyword, name)) = line.title(&d.scenario) {
                            self.add_scenario(i, keyword, name);
                            return Ok(());
                        }
                    }
                    TagsFor::Examples => {
                        if let Some((keyword, name)) = line.title(&d.examples) {
                            self.add_examples(i, keyword, name);
                            return Ok(());
                        }
                    }
                    TagsFor::Rule { .. } => {
                        if let Some((keyword, name)) = line.title(&d.rule) {
                            self.add_rule(i, keyword, name);
                            return Ok(());
                        }
                    }
                }
                Err(self.unexpected(i))
            }
        }
    }

    /// Comments are kept, blank lines skipped: true when line `i` was either.
    fn skip(&mut self, i: usize) -> bool {
        let line = self.lines[i];
        if line.is_comment() {
            self.comment(i);
            true
        } else {
            line.is_empty()
        }
    }

    fn comment(&mut self, i: usize) {
        let line = self.lines[i];
        self.comments.push(Comment {
            location: super::Location {
                line: line.number,
                column: 1,
            },
            text: line.text.to_owned(),
        });
    }

    /// Before `Feature:`: the language header, tags, comments.
    fn before_feature(&mut self, i: usize) -> Result<(), ParseError> {
        let line = self.lines[i];
        if self.state == State::Start && line.is_comment() {
            if let Some(code) = line.language() {
                self.dialect = languages::dialect(code).ok_or_else(|| {
                    self.error(
                        i,
                        line.indent + 1,
                        format!("Language not supported: {code}"),
                    )
                })?;
                self.state = State::Language;
                return Ok(());
            }
        }
        if line.is_tag_line() {
            self.read_tags(i)?;
            self.state = State::FeatureTags;
            return Ok(());
        }
        if let Some((keyword, name)) = line.title(&self.dialect.feature) {
            self.feature = Some(Feature {
                location: line.location(),
                language: self.dialect.code.clone(),
                keyword: keyword.to_owned(),
                name: name.to_owned(),
                tags: std::mem::take(&mut self.tags),
                ..Feature::default()
            });
            self.state = State::Header {
                header: Header::Feature,
                described: false,
            };
            return Ok(());
        }
        if self.skip(i) {
            return Ok(());
        }
        Err(self.unexpected(i))
    }

    /// After a keyword line: its description, or what ends it.
    fn header(&mut self, i: usize, header: Header, described: bool) -> Result<(), ParseError> {
        let line = self.lines[i];
        if line.is_empty() && !described {
            return Ok(());
        }
        if line.is_comment() {
            self.comment(i);
        } else if header == Header::Examples && line.is_table_row() {
            self.flush_description(header);
            return self.add_row(i, true);
        } else {
            let accepts = match header {
                Header::Feature | Header::Rule => Accepts {
                    background: true,
                    steps: None,
                    examples: false,
                },
                Header::Background => Accepts {
                    background: false,
                    steps: Some(false),
                    examples: false,
                },
                Header::Scenario => Accepts {
                    background: false,
                    steps: Some(true),
                    examples: true,
                },
                Header::Examples => Accepts {
                    background: false,
                    steps: None,
                    examples: true,
                },
            };
            if self.structural(i, accepts)? {
                return Ok(());
            }
            let expected = typos::Expected {
                steps: accepts.steps.is_some(),
                background: accepts.background,
                examples: accepts.examples,
            };
            if let Some(warning) = typos::misspelled_keyword(&line, self.dialect, expected) {
                self.warnings.push(warning);
            }
            self.description.push(line.text);
        }
        self.state = State::Header {
            header,
            described: true,
        };
        Ok(())
    }

    /// After a step: its arguments, more steps, or what ends them.
    fn steps(&mut self, i: usize, scenario: bool, arg: Arg) -> Result<(), ParseError> {
        let line = self.lines[i];
        if line.is_table_row() {
            return match arg {
                Arg::None | Arg::DocString { second: false } => {
                    let row = line.table_row();
                    if let Some(step) = self.last_step() {
                        step.arguments.push(Argument::DataTable(DataTable {
                            location: row.location,
                            rows: vec![row],
                        }));
                    }
                    self.state = State::Steps {
                        scenario,
                        arg: Arg::Table {
                            second: arg != Arg::None,
                        },
                    };
                    Ok(())
                }
                Arg::Table { .. } => self.add_row(i, false),
                Arg::DocString { second: true } => Err(self.error(
                    i,
                    line.indent + 1,
                    "a step can have only one data table".to_owned(),
                )),
            };
        }
        if let Some(delimiter) = line.doc_string_open() {
            return match arg {
                Arg::None | Arg::Table { second: false } => {
                    if let Some(step) = self.last_step() {
                        step.arguments.push(Argument::DocString(DocString {
                            location: line.location(),
                            delimiter: delimiter.to_owned(),
                            media_type: line.media_type(delimiter),
                            content: String::new(),
                        }));
                    }
                    self.state = State::DocString {
                        scenario,
                        second: arg != Arg::None,
                        delimiter,
                        indent: line.indent,
                        open: i,
                    };
                    Ok(())
                }
                Arg::Table { second: true } | Arg::DocString { .. } => Err(self.error(
                    i,
                    line.indent + 1,
                    "a step can have only one doc string".to_owned(),
                )),
            };
        }
        let accepts = Accepts {
            background: false,
            steps: Some(scenario),
            examples: scenario,
        };
        if self.structural(i, accepts)? || self.skip(i) {
            return Ok(());
        }
        Err(self.unexpected(i))
    }

    /// Tag lines and the keyword lines that open a new step, scenario, rule, … :
    /// true when line `i` was one of those `accepts` allows.
    fn structural(&mut self, i: usize, accepts: Accepts) -> Result<bool, ParseError> {
        let line = self.lines[i];
        if line.is_tag_line() {
            self.begin_tags(i, accepts.examples)?;
            return Ok(true);
        }
        let d = self.dialect;
        if let Some(scenario) = accepts.steps {
            if let Some((keyword, keyword_type, text)) = line.step(d) {
                self.flush();
                let step = Step {
                    location: line.location(),
                    keyword: keyword.to_owned(),
                    keyword_type,
                    text: text.to_owned(),
                    arguments: Vec::new(),
                };
                if let Some(steps) = self.last_steps() {
                    steps.push(step);
                }
                self.state = State::Steps {
                    scenario,
                    arg: Arg::None,
                };
                return Ok(true);
            }
        }
        if accepts.background {
            if let Some((keyword, name)) = line.title(&d.background) {
                self.flush();
                let background = Background {
                    location: line.location(),
                    keyword: keyword.to_owned(),
                    name: name.to_owned(),
                    ..Background::default()
                };
                self.push_child(RuleChild::Background(background));
                self.state = State::Header {
                    header: Header::Background,
                    described: false,
                };
                return Ok(true);
            }
        }
        if accepts.examples {
            if let Some((keyword, name)) = line.title(&d.examples) {
                self.add_examples(i, keyword, name);
                return Ok(true);
            }
        }
        if let Some((keyword, name)) = line.title(&d.scenario) {
            self.add_scenario(i, keyword, name);
            return Ok(true);
        }
        if let Some((keyword, name)) = line.title(&d.rule) {
            self.add_rule(i, keyword, name);
            return Ok(true);
        }
        Ok(false)
    }

    /// A tag line after the feature header: read it and decide, from the lines
    /// after it, what the tags belong to.
    fn begin_tags(&mut self, i: usize, examples: bool) -> Result<(), ParseError> {
        self.flush();
        self.read_tags(i)?;
        let target = if examples && self.followed_by(i, &self.dialect.examples) {
            TagsFor::Examples
        } else if self.followed_by(i, &self.dialect.scenario) {
            TagsFor::Scenario
        } else {
            TagsFor::Rule { examples }
        };
        self.state = State::Tags(target);
        Ok(())
    }

    /// Whether the first line after line `i` that is not a tag line, comment or blank
    /// is a keyword line of `keywords`.
    fn followed_by(&self, i: usize, keywords: &[String]) -> bool {
        self.lines[i + 1..]
            .iter()
            .find(|l| !(l.is_empty() || l.is_comment() || l.is_tag_line()))
            .is_some_and(|l| l.title(keywords).is_some())
    }

    fn read_tags(&mut self, i: usize) -> Result<(), ParseError> {
        let line = self.lines[i];
        line.tags(&mut self.tags).map_err(|(column, tag)| {
            self.error(
                i,
                column,
                format!("A tag may not contain whitespace: `{tag}`"),
            )
        })
    }

    fn add_scenario(&mut self, i: usize, keyword: &str, name: &str) {
        self.flush();
        let line = self.lines[i];
        let scenario = Scenario {
            location: line.location(),
            keyword: keyword.to_owned(),
            name: name.to_owned(),
            tags: std::mem::take(&mut self.tags),
            ..Scenario::default()
        };
        self.push_child(RuleChild::Scenario(scenario));
        self.state = State::Header {
            header: Header::Scenario,
            described: false,
        };
    }

    fn add_examples(&mut self, i: usize, keyword: &str, name: &str) {
        self.flush();
        let line = self.lines[i];
        let examples = Examples {
            location: line.location(),
            keyword: keyword.to_owned(),
            name: name.to_owned(),
            tags: std::mem::take(&mut self.tags),
            ..Examples::default()
        };
        if let Some(scenario) = self.last_scenario() {
            scenario.examples.push(examples);
        }
        self.state = State::Header {
            header: Header::Examples,
            described: false,
        };
    }

    fn add_rule(&mut self, i: usize, keyword: &str, name: &str) {
        self.flush();
        let line = self.lines[i];
        let rule = Rule {
            location: line.location(),
            keyword: keyword.to_owned(),
            name: name.to_owned(),
            tags: std::mem::take(&mut self.tags),
            ..Rule::default()
        };
        if let Some(feature) = self.feature.as_mut() {
            feature.children.push(FeatureChild::Rule(rule));
        }
        self.state = State::Header {
            header: Header::Rule,
            described: false,
        };
    }

    /// Add line `i` to the open data table (or, with `header`, start the table of
    /// the open `Examples:`), checking its cell count against the first row's.
    fn add_row(&mut self, i: usize, header: bool) -> Result<(), ParseError> {
        let line = self.lines[i];
        let row = line.table_row();
        let in_examples = header || self.state == State::ExamplesTable;
        let expected = if in_examples {
            self.last_scenario()
                .and_then(|s| s.examples.last_mut())
                .and_then(|e| e.table_header.as_ref())
                .map(|h| h.cells.len())
        } else {
            self.last_step()
                .and_then(|s| s.arguments.last())
                .and_then(|a| match a {
                    Argument::DataTable(t) => t.rows.first().map(|r| r.cells.len()),
                    Argument::DocString(_) => None,
                })
        };
        if let Some(expected) = expected {
            if row.cells.len() != expected {
                return Err(self.inconsistent(i, &row, expected));
            }
        }
        if in_examples {
            if let Some(examples) = self.last_scenario().and_then(|s| s.examples.last_mut()) {
                if examples.table_header.is_none() {
                    examples.table_header = Some(row);
                } else {
                    examples.table_body.push(row);
                }
            }
            self.state = State::ExamplesTable;
        } else if let Some(Argument::DataTable(table)) =
            self.last_step().and_then(|s| s.arguments.last_mut())
        {
            table.rows.push(row);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
