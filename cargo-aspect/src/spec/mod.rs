//! Specs: `.feature` files → pickles.
//!
//! This module turns Gherkin text into [`Pickle`]s, the runnable unit the way
//! official Cucumber defines it: one per Scenario and one per Examples row of a
//! Scenario Outline, with Background steps prepended and outline placeholders
//! substituted. It knows nothing of libtest, steps, the CLI or the agent.
//!
//! The parser is a line-oriented Gherkin parser of our own (see `parser`), kept
//! conformant with the official cucumber/gherkin testdata.

pub mod ast;
mod compile;
mod feature_file;
mod languages;
mod lines;
mod load;
mod location;
mod parser;
mod pickle;
mod typos;

pub use compile::compile;
pub use feature_file::FeatureFile;
pub use load::load;
pub use location::Location;
#[cfg_attr(not(feature = "aspects"), allow(unused_imports))]
pub use parser::{parse, ParseError};
pub use pickle::{DataTable, DocString, ExampleRow, Pickle, PickleStep, StepArgument, StepKind};
