//! The HTML page of `cargo aspect report`: specs, aspects and their verdicts as
//! living documentation, in one self-contained file.
//!
//! This module exists so a person can read a run the way they read the specs:
//! each feature rendered as Gherkin with its scenarios' verdicts, each aspect's
//! prose rendered from markdown with its evidence and verdict, a traceability
//! matrix, the gaps, and a filter box. It is a pure function of its [`Input`]:
//! the events of a run (see [`crate::event`]) and the sources they point at,
//! read by [`sources`].
//!
//! It must not judge anything: every verdict on the page comes from an event,
//! and a spec or aspect without one is shown as *not run*, never as passed. It
//! must not fetch anything either: the CSS and the script are inlined, there
//! are no web fonts, images or external links to load, and every piece of user
//! text (spec text, tags, markdown, evidence output) is escaped, so nothing a
//! user wrote can run in the reader's browser.
//!
//! | part | module |
//! |---|---|
//! | events ↔ sources, what is shown for what | `model.rs` |
//! | what the page is a function of | `input.rs` |
//! | events → model → page | `render.rs` |
//! | the page: summary bar, filter, contents, matrix | `layout.rs` |
//! | the gaps: what did not hold, run or resolve | `gaps.rs` |
//! | escaping, verdict chips, tags, durations | `markup.rs` |
//! | features as Gherkin: scenarios, outlines, rules | `gherkin.rs` |
//! | steps with their marks, tables, failures | `steps.rs` |
//! | aspects: markdown, evidence, measurement bar | `aspects.rs` |
//! | reading spec and aspect files, git commit, time | `sources.rs` |
//! | the last `cargo aspect probe`, when there is one | `probe.rs` |

mod aspects;
mod gaps;
mod gherkin;
mod input;
mod layout;
mod markup;
mod model;
mod probe;
mod render;
pub mod sources;
mod steps;

pub use input::Input;
pub(crate) use render::render_with_probe;
pub use render::{render, totals};
pub use sources::{PackageSources, RunInfo};

#[cfg(test)]
mod tests;
