//! The reporters of `cargo aspect test` and `cargo aspect list`.
//!
//! A harness run leaves [`Event`](crate::event::Event)s (one JSON line per trial, see
//! [`crate::event`]); the commands collect them from every package and hand
//! the whole list to one of these reporters. Keeping every output format here,
//! as pure functions of the events, means the commands only decide *which*
//! reporter to call, and every format can be tested without building anything.
//!
//! | Output | Function | Module |
//! |---|---|---|
//! | the human report of `test` | [`pretty`] | `pretty.rs` |
//! | `test --format json` | [`json_lines`] | `json.rs` |
//! | `test --junit PATH` | [`junit`] | `junit.rs` |
//! | `::error` lines when `GITHUB_ACTIONS=true` | [`github_annotations`] | `github.rs` |
//! | `list`, `list --format json` | [`list_pretty`], [`list_json`] | `list.rs` |
//! | warnings about spec files, on stderr | [`warning_lines`] | `warnings.rs` |
//! | the hints that end a failing report | [`hints`] | `hint.rs` |
//! | the exit code | [`summarize`] → [`Totals::holds`] | `totals.rs` |
//!
//! Every reporter takes the events in any order (a harness writes them as
//! trials finish) and prints them in one stable order: packages in the order
//! they first appear, then specs by feature file and line, then aspects by
//! name. Only scenario and aspect events are reported; step-definition events
//! and any summary lines in the input are left out (the totals are recounted).
//! Events without a `status` (listings) are shown by the `list` reporters and
//! skipped by the `test` reporters.
//!
//! `group.rs` puts events in that order, `text.rs` words failures the same
//! way for every format, and `paint.rs` colors and pads for the terminal.
//!
//! Event files are relative to their package root; `Locations`
//! (owned by the workspace) turns them
//! into paths relative to the workspace root where a reader needs to open
//! them (failure reports, JUnit `file`, GitHub annotations).

mod github;
mod group;
mod hint;
mod json;
mod junit;
mod list;
mod paint;
mod pretty;
mod text;
mod totals;
mod warnings;

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod xml_check;

pub use github::github_annotations;
pub use hint::hints;
pub use json::json_lines;
pub use junit::junit;
pub use list::{list_json, list_pretty};
pub use pretty::{pretty, PrettyOptions};
pub use totals::{format_counts, summarize, Totals};
pub use warnings::warning_lines;
