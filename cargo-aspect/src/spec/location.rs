//! Where something is in a user's file. Every error and event that points at a
//! spec or an aspect carries one.

/// A 1-based line and column in a user's file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Location {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column (in characters).
    pub column: u32,
}
