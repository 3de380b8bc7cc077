//! Pickles: what the compiler makes of a feature, one per scenario and per
//! outline row, and what the harness runs. They carry no parse tree.

use super::location::Location;

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

/// A doc string reads as its content (`doc.contains("Felix")`, `&*doc`), as
/// cucumber-rs's `Step::docstring` (a `String`) does in ported step bodies.
impl std::ops::Deref for DocString {
    type Target = str;

    fn deref(&self) -> &str {
        &self.content
    }
}
