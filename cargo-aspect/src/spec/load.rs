//! Reading a `.feature` file from disk: parse, then compile.

use std::path::Path;

use super::compile::compile;
use super::parser::{parse, ParseError};
use super::{FeatureFile, Pickle};

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
