//! The Gherkin document tree, as written.
//!
//! The parser builds this tree and the compiler turns it into pickles; it also
//! keeps everything a reader sees (keywords as written, names, descriptions, tags,
//! comments, locations) so a feature can be rendered back, e.g. as HTML. Its shape
//! follows the official `GherkinDocument` of cucumber's messages.

use super::Location;

/// A `Feature:` and everything under it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Feature {
    /// Where the `Feature:` keyword is.
    pub location: Location,
    /// The language of the keywords (`en` unless a `# language:` header says otherwise).
    pub language: String,
    /// The keyword as written, without its colon (`Feature`, `Ability`, `Fonctionnalité`).
    pub keyword: String,
    /// The text after the keyword, trimmed.
    pub name: String,
    /// The free text under the keyword line: lines kept whole (indentation included),
    /// comments left out, trailing blank lines removed; empty when there is none.
    pub description: String,
    /// The tags above the keyword.
    pub tags: Vec<Tag>,
    /// Background, scenarios and rules, in the order written.
    pub children: Vec<FeatureChild>,
    /// Every `#` comment line of the file (the `# language:` header is not one).
    pub comments: Vec<Comment>,
}

/// What a feature holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FeatureChild {
    /// The feature's `Background:` (at most one, before any scenario).
    Background(Background),
    /// A `Scenario:` or `Scenario Outline:`.
    Scenario(Scenario),
    /// A `Rule:` with its own children.
    Rule(Rule),
}

/// A `Rule:` grouping scenarios, with an optional Background of its own.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rule {
    /// Where the keyword is.
    pub location: Location,
    /// The keyword as written, without its colon.
    pub keyword: String,
    /// The text after the keyword, trimmed.
    pub name: String,
    /// Free text under the keyword line (see [`Feature::description`]).
    pub description: String,
    /// The tags above the keyword.
    pub tags: Vec<Tag>,
    /// Background and scenarios, in the order written.
    pub children: Vec<RuleChild>,
}

/// What a rule holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleChild {
    /// The rule's `Background:`, run after the feature's.
    Background(Background),
    /// A `Scenario:` or `Scenario Outline:`.
    Scenario(Scenario),
}

/// A `Background:`: steps run before each scenario of its feature or rule.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Background {
    /// Where the keyword is.
    pub location: Location,
    /// The keyword as written, without its colon.
    pub keyword: String,
    /// The text after the keyword, trimmed.
    pub name: String,
    /// Free text under the keyword line (see [`Feature::description`]).
    pub description: String,
    /// The steps.
    pub steps: Vec<Step>,
}

/// A `Scenario:` (or `Example:`), or a `Scenario Outline:` when it has [`Examples`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scenario {
    /// Where the keyword is.
    pub location: Location,
    /// The keyword as written, without its colon (`Scenario`, `Scenario Outline`, …).
    pub keyword: String,
    /// The text after the keyword, trimmed; may hold `<placeholders>`.
    pub name: String,
    /// Free text under the keyword line (see [`Feature::description`]).
    pub description: String,
    /// The tags above the keyword.
    pub tags: Vec<Tag>,
    /// The steps.
    pub steps: Vec<Step>,
    /// The `Examples:` blocks; a scenario with any is compiled as an outline.
    pub examples: Vec<Examples>,
}

/// An `Examples:` block of a Scenario Outline.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Examples {
    /// Where the keyword is.
    pub location: Location,
    /// The keyword as written, without its colon.
    pub keyword: String,
    /// The text after the keyword, trimmed.
    pub name: String,
    /// Free text under the keyword line (see [`Feature::description`]).
    pub description: String,
    /// The tags above the keyword.
    pub tags: Vec<Tag>,
    /// The first row of the table: the placeholder names.
    pub table_header: Option<TableRow>,
    /// The other rows: one pickle each.
    pub table_body: Vec<TableRow>,
}

/// One step line and its arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// Where the keyword is.
    pub location: Location,
    /// The keyword as written, with its trailing space when the language has one
    /// (`Given `, `* `, `Et qu'`).
    pub keyword: String,
    /// What kind of keyword it is.
    pub keyword_type: KeywordType,
    /// The text after the keyword, trimmed.
    pub text: String,
    /// The data table and doc string under the step, in the order written. Gherkin
    /// allows at most one of each, so this holds zero, one or two arguments.
    pub arguments: Vec<Argument>,
}

impl Step {
    /// The step's data table, if it has one.
    pub fn data_table(&self) -> Option<&DataTable> {
        self.arguments.iter().find_map(|a| match a {
            Argument::DataTable(t) => Some(t),
            Argument::DocString(_) => None,
        })
    }

    /// The step's doc string, if it has one.
    pub fn doc_string(&self) -> Option<&DocString> {
        self.arguments.iter().find_map(|a| match a {
            Argument::DocString(d) => Some(d),
            Argument::DataTable(_) => None,
        })
    }
}

/// The type of a step keyword, as the official `StepKeywordType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeywordType {
    /// `Given` and its translations.
    Context,
    /// `When` and its translations.
    Action,
    /// `Then` and its translations.
    Outcome,
    /// `And`, `But` and their translations: the type of the step before.
    Conjunction,
    /// `*`, or a keyword listed under several types in its language.
    Unknown,
}

/// A step argument in the tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Argument {
    /// A `| data | table |`.
    DataTable(DataTable),
    /// A `"""` or ```` ``` ```` doc string.
    DocString(DocString),
}

/// A data table: rows of cells.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DataTable {
    /// Where the first row is.
    pub location: Location,
    /// The rows, all with the same number of cells.
    pub rows: Vec<TableRow>,
}

/// One `| a | b |` row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableRow {
    /// Where the row's first `|` is.
    pub location: Location,
    /// The cells between the pipes (text after the last `|` is not a cell).
    pub cells: Vec<TableCell>,
}

/// One cell of a table row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableCell {
    /// Where the cell's trimmed text starts.
    pub location: Location,
    /// The text, trimmed, with `\|`, `\\` and `\n` resolved.
    pub value: String,
}

/// A doc string: the lines between two `"""` or ```` ``` ```` delimiters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocString {
    /// Where the opening delimiter is.
    pub location: Location,
    /// The delimiter: `"""` or ```` ``` ````.
    pub delimiter: String,
    /// The media type written after the opening delimiter, if any.
    pub media_type: Option<String>,
    /// The lines, the opening delimiter's indentation removed from each, escaped
    /// delimiters (`\"\"\"`) resolved, joined with `\n`.
    pub content: String,
}

/// A tag, `@` included.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tag {
    /// Where its `@` is.
    pub location: Location,
    /// The tag with its `@` (`@slow`).
    pub name: String,
}

/// A `#` comment line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Comment {
    /// The line (column 1).
    pub location: Location,
    /// The whole line, indentation included.
    pub text: String,
}
