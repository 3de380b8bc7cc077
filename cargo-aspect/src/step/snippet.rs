//! Stub.
#![allow(missing_docs)]
pub fn snippet() {}
