//! Stub.
#![allow(missing_docs)]
pub struct Matcher;
pub enum Match {}
