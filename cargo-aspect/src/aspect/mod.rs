//! Aspects: markdown files whose frontmatter names a cross-cutting property and
//! the evidence that proves it.
//!
//! ```text
//! ---
//! name: core-has-no-external-imports
//! evidence: {imports: {crate: idle-core, deny: [external, "std::fs"]}}
//! ---
//! The `core/` package contains pure game logic. ...
//! ```
//!
//! Loading is strict: every mistake (no or unterminated frontmatter, YAML errors,
//! unknown keys, a bad unit, duplicate names, evidence that names nothing real) is
//! one [`ParseError`](crate::spec::ParseError) with the file, line and column, before anything runs. This
//! module knows nothing of libtest; the harness turns each [`Aspect`] into a trial.

mod frontmatter;
mod load;
#[cfg(test)]
mod tests;
mod validate;
pub(crate) mod yaml;
#[cfg(test)]
mod yaml_tests;

pub use load::{load, parse, Aspect};
pub use validate::validate;
