//! `imports` evidence: a crate uses nothing it must not — no denied paths
//! (`std::fs`, `std::net`, ...) anywhere in its code, and, with `external`, no
//! dependency outside `allow`.
//!
//! It exists so that an architectural rule ("the core does no I/O and depends on
//! nothing") is checked on every run instead of trusted. The check is static and
//! must stay so: it reads manifests and sources and never runs cargo, a build, or
//! anything from the crate; it never panics on what it reads (a file that does not
//! parse is reported, not skipped).
//!
//! What is checked is the module trees of the targets `targets:` names (`lib`,
//! `bins`, `tests`, `benches`, `examples`, `build`); by default the lib — the
//! code other crates compile — or, for a package without one, its bins. The
//! default is the same for path denies and for `external`, so one aspect checks
//! one set of files; an aspect about binaries says `targets: [lib, bins]`.
//! `external` denies the dependencies the checked targets can use
//! (`[dependencies]` for all but `build`, `[dev-dependencies]` only with
//! `tests`, `benches` or `examples`, `[build-dependencies]` only with `build`)
//! and reports each use of one where it is written, naming the dependency (its
//! key, the package it renames, the optional features that bring it in). A
//! dependency declared but never used by the checked code is no violation; a
//! passing verdict names it, since code that names it otherwise (by a `[lib]
//! name` that differs from the package's) is not seen.
//!
//! What counts as a use: every path written in the module tree, `#[cfg(test)]`
//! modules and `include!`d files included — `use` trees (groups, globs,
//! renames), expression, type, pattern and trait-bound paths, attribute and
//! macro paths, and `a::b` / `::a` sequences inside macro and attribute token
//! streams (never inside literals or comments). Paths are resolved through the
//! `use` aliases, `extern crate` renames and globs in scope and through the
//! crate's module table (`crate::`, `super::`, `self::`, re-exports), so
//! `use std::fs;` is reported and so is each `fs::read(..)` written after it,
//! as `std::fs::read` at the `fs`; a variable named `fs` is not. `module:`
//! narrows the check to one module and its submodules; `layers` and
//! `independent` are contracts between modules (or member crates).
//!
//! By stage: `evidence` (the kind: settings in, verdict out) and `contract`
//! (layers, independence, over the lib and bins) → `scan` (one crate) →
//! `targets` (which files, which dependencies) → `manifest`, `workspace`
//! (Cargo.toml) and `tree` (the module tree: every file into the `modules`
//! table, then each file scanned; on the `worker` thread, which keeps the
//! parsed files; `deferred` and `skim` leave out the fn bodies and
//! initializers a check does not need) → `resolve` and `visitor` (one file's paths,
//! with `scope`, `tokens` and `sysroot`) → `rules` (deny and allow) →
//! `violation` (what is reported) → `baseline` (known violations let through).

mod baseline;
mod contract;
mod deferred;
#[cfg(test)]
mod deferred_tests;
mod evidence;
#[cfg(test)]
mod hole_tests;
mod manifest;
#[cfg(test)]
mod module_tests;
mod modules;
mod resolve;
mod rule_index;
mod rules;
mod scan;
mod scope;
mod skim;
mod sysroot;
mod targets;
#[cfg(test)]
mod tests;
mod tokens;
mod tree;
mod violation;
mod visitor;
mod worker;
mod workspace;

pub(crate) use baseline::check_entry as check_baseline_entry;
pub use contract::{ContractEvidence, Shape};
pub use evidence::ImportsEvidence;
pub(crate) use rules::{check_allow_entry, check_deny_entry};
pub use scan::{check_crate, module_path, scan_crate, scan_module};
pub(crate) use targets::check_entry as check_targets_entry;
#[cfg(feature = "cli")]
pub(crate) use targets::scan_crate_targets;
