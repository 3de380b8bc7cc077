//! Evidence: what proves an aspect holds.
//!
//! Each kind of evidence is one module implementing [`Evidence`]: `command`
//! (a program exits 0), `imports` (a crate uses nothing it must not), `bench`
//! (a registered function is fast enough), `memory` (it, or a command, stays
//! within a budget) and `tests` (named cargo tests pass; its module is
//! `cargo_tests`, since every other `tests` module holds unit tests). Adding a
//! kind touches its module, the frontmatter enum in `aspect::frontmatter` and the
//! docs — nothing else. What `bench` and `memory` share has modules of its own,
//! so neither imports the other: `bencher` (bench functions and the
//! `Bencher`), `sampling` (timing, statistics) and `alloc` (the counting
//! allocator, peak measurement).
//!
//! All are compiled (they are small, and `#[aspect::bench]` and `aspect::main!`
//! expand to `bencher` and `alloc`) except `cargo_tests`, which needs the `aspects`
//! feature, and `imports`, which needs the `imports` feature (it brings syn).
//!
//! Evidence is checked twice: [`Evidence::validate`] when aspects load (a missing
//! script or an unknown crate is bad input, exit 2, not a failed verdict), and
//! [`Evidence::judge`] when its trial runs.

pub mod alloc;
pub mod bench;
pub mod bencher;
#[cfg(feature = "aspects")]
pub mod cargo_tests;
// Used by aspect files; a specs-only build (no `aspects`) compiles what memory needs of it.
#[cfg_attr(not(feature = "aspects"), allow(dead_code))]
pub mod command;
#[cfg(feature = "imports")]
pub mod imports;
mod kind;
pub mod memory;
pub mod process;
mod sampling;
// Used by aspect files; a specs-only build (no `aspects`) compiles what memory needs of it.
#[cfg_attr(not(feature = "aspects"), allow(dead_code))]
pub mod units;
mod verdict;

pub use kind::{Context, Evidence};
pub use verdict::{Measurement, Unit, Verdict};
