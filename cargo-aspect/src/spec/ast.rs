//! The Gherkin document tree (stub; replaced by the parser work).
#![allow(missing_docs)]
#[derive(Clone, Debug, Default)]
pub struct Feature {
    pub name: String,
}
