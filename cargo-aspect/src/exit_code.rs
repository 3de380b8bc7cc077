//! The exit codes of a harness and of `cargo aspect`, named once.
//!
//! Both end with the same three codes, so CI reads either the same way and the
//! CLI can tell a harness that judged (0, 1) from one that could not (2). Other
//! codes (a crash, a signal) are no verdict at all. Nothing else belongs here.

/// Everything judged holds (or there was nothing to judge).
pub(crate) const EXIT_HOLDS: u8 = 0;
/// Some evidence fails.
pub(crate) const EXIT_FAILS: u8 = 1;
/// Cannot judge: bad config, an unparsable spec or aspect, a build failure, a missing tool.
pub(crate) const EXIT_CANNOT_JUDGE: u8 = 2;
