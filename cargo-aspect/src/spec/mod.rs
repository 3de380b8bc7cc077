//! Specs: `.feature` files → pickles.
//!
//! This module turns Gherkin text into [`Pickle`]s, the runnable unit the way
//! official Cucumber defines it: one per Scenario and one per Examples row of a
//! Scenario Outline, with Background steps prepended and outline placeholders
//! substituted. It knows nothing of libtest, steps, the CLI or the agent.
//!
//! The parser is a line-oriented Gherkin parser of our own (see `parser`), kept
//! conformant with the official cucumber/gherkin testdata.

mod compile;
mod languages;
mod lines;
mod parser;
mod typos;

pub use compile::compile;
pub use parser::{parse, ParseError};
pub(crate) use typos::Warning;

use std::path::{Path, PathBuf};

/// A 1-based line and column in a user's file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Location {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column (in characters).
    pub column: u32,
}

/// A parsed `.feature` file: the document tree plus its path.
#[derive(Clone, Debug)]
pub struct FeatureFile {
    /// The path the file was read from, as given to [`load`].
    pub path: PathBuf,
    /// The feature; `None` for a file with no `Feature:` (empty or comments only).
    pub feature: Option<ast::Feature>,
    /// Description lines that look like misspelled keywords (`Scenaro: x`), in
    /// file order. They parse as description text, as Gherkin says; these say so.
    pub(crate) warnings: Vec<Warning>,
}

/// The kind of a step once `And`/`But` have taken the keyword of the step before them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StepKind {
    /// `Given` (official "Context").
    Given,
    /// `When` (official "Action").
    When,
    /// `Then` (official "Outcome").
    Then,
    /// `*`, or an `And`/`But` with no step before it (official "Unknown"): matches any keyword.
    Unknown,
}

/// One runnable scenario: a Scenario, or one Examples row of a Scenario Outline.
#[derive(Clone, Debug)]
pub struct Pickle {
    /// The scenario's name with outline placeholders substituted (as official pickles name it).
    pub name: String,
    /// The name of the feature it belongs to.
    pub feature_name: String,
    /// The name of the `Rule` it is under, if any.
    pub rule_name: Option<String>,
    /// Where the `Scenario:` / `Scenario Outline:` keyword is.
    pub scenario_location: Location,
    /// For an outline row: which row it is.
    pub example: Option<ExampleRow>,
    /// Tags with their `@`, inherited feature → rule → scenario → examples, without duplicates.
    pub tags: Vec<String>,
    /// Background steps first, then the scenario's.
    pub steps: Vec<PickleStep>,
}

/// Which Examples row of a Scenario Outline a pickle was made from.
#[derive(Clone, Debug)]
pub struct ExampleRow {
    /// 1-based index of the row among all Examples rows of its outline (header rows not counted).
    pub index: usize,
    /// Where the row is.
    pub location: Location,
    /// `(header, value)` pairs of the row.
    pub values: Vec<(String, String)>,
}

/// One step of a pickle.
#[derive(Clone, Debug)]
pub struct PickleStep {
    /// The keyword as written, trimmed (`Given`, `And`, `*`, or a translated keyword).
    pub keyword: String,
    /// The keyword kind, `And`/`But` resolved to the kind of the step before.
    pub kind: StepKind,
    /// The step text with placeholders substituted.
    pub text: String,
    /// The data table or doc string, placeholders substituted.
    pub argument: Option<StepArgument>,
    /// Where the step is in the source file.
    pub location: Location,
    /// Whether it came from a Background.
    pub from_background: bool,
}

/// The argument a step can carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepArgument {
    /// A `| data | table |`.
    DataTable(DataTable),
    /// A `"""` or ```` ``` ```` doc string.
    DocString(DocString),
}

/// A step's data table: rows of cells, escapes (`\|`, `\\`, `\n`) resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataTable {
    /// The rows, the first row included (it is often, not always, a header).
    pub rows: Vec<Vec<String>>,
    /// Where the table starts.
    pub location: Location,
}

/// A step's doc string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocString {
    /// The content, indentation removed as Cucumber removes it.
    pub content: String,
    /// The media type written after the opening delimiter (` """json `), if any.
    pub media_type: Option<String>,
    /// Where the opening delimiter is.
    pub location: Location,
}

/// Read, parse and compile one `.feature` file.
///
/// # Errors
/// A [`ParseError`] naming the file, line and column when the file cannot be read or parsed.
pub fn load(path: &Path) -> Result<(FeatureFile, Vec<Pickle>), ParseError> {
    let source = std::fs::read_to_string(path).map_err(|e| ParseError::io(path, &e))?;
    let file = parse(&source, path)?;
    let pickles = compile(&file);
    Ok((file, pickles))
}

pub mod ast;
