//! A parsed `.feature` file: the document tree, its path, and the warnings
//! parsing it raised.

use std::path::PathBuf;

use super::ast;
use super::typos::Warning;

/// A parsed `.feature` file: the document tree plus its path.
#[derive(Clone, Debug)]
pub struct FeatureFile {
    /// The path the file was read from, as given to [`load`](super::load()).
    pub path: PathBuf,
    /// The feature; `None` for a file with no `Feature:` (empty or comments only).
    pub feature: Option<ast::Feature>,
    /// Description lines that look like misspelled keywords (`Scenaro: x`), in
    /// file order. They parse as description text, as Gherkin says; these say so.
    pub(crate) warnings: Vec<Warning>,
}
