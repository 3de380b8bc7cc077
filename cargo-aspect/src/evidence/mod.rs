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
pub mod command;
#[cfg(feature = "imports")]
pub mod imports;
pub mod memory;
pub mod process;
pub mod sampling;
pub mod units;

use std::fmt;
use std::path::Path;
use std::time::Duration;

/// Everything a piece of evidence may need to know about where it runs.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    /// The workspace root: commands run here, paths are relative to it.
    pub workspace_root: &'a Path,
    /// The root of the package whose harness runs the aspect.
    pub package_root: &'a Path,
    /// The aspect's name, for messages (`denied by <name>`).
    pub aspect: &'a str,
    /// Whether the harness was built with optimizations (benchmarks are judged only then).
    pub optimized: bool,
    /// Whether libtest's `--bench` was given (benchmarks are judged then too).
    pub bench_mode: bool,
    /// The aspect's own `timeout`, if it set one.
    pub timeout: Option<Duration>,
}

/// The outcome of judging one piece of evidence.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// The property holds; `summary` is one line of what was measured (may be empty).
    Holds {
        /// E.g. `median 1.2 µs ≤ 5 µs (1,000 samples)`.
        summary: String,
    },
    /// The property does not hold; `message` says why, with the evidence's output.
    Fails {
        /// What failed, multi-line allowed.
        message: String,
    },
    /// A figure measured against its budget (bench and memory): holds when
    /// `measurement.value <= measurement.budget`.
    Measured {
        /// The figure and its budget.
        measurement: Measurement,
        /// One or more lines: the figure, its spread, the sample count.
        summary: String,
    },
    /// Ran but deliberately not judged (a benchmark in a debug build).
    NotJudged {
        /// Why, and how to get it judged.
        reason: String,
    },
}

impl Verdict {
    /// Whether the property holds (a [`Verdict::NotJudged`] does not fail, but does not hold).
    pub fn holds(&self) -> bool {
        match self {
            Verdict::Holds { .. } => true,
            Verdict::Measured { measurement, .. } => measurement.within_budget(),
            Verdict::Fails { .. } | Verdict::NotJudged { .. } => false,
        }
    }
}

/// A measured figure and the budget it is judged against.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measurement {
    /// What the figure measures.
    pub unit: Unit,
    /// The figure: the median for benchmarks, the peak for memory.
    pub value: f64,
    /// The most it may be.
    pub budget: f64,
    /// Spread of the samples (e.g. p90 − p10), 0 when not meaningful.
    pub spread: f64,
    /// How many samples the figure is made of.
    pub samples: u64,
}

impl Measurement {
    /// Whether the figure is within its budget.
    pub fn within_budget(&self) -> bool {
        self.value <= self.budget
    }
}

/// The unit of a [`Measurement`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Nanoseconds.
    Nanoseconds,
    /// Bytes.
    Bytes,
}

/// One kind of evidence, configured from an aspect's frontmatter.
pub trait Evidence: fmt::Debug + Send + Sync {
    /// The kind's name as written in frontmatter: `command`, `imports`, ...
    fn kind(&self) -> &'static str;

    /// A one-line description of the evidence for listings (`scripts/check.sh`,
    /// `imports of idle-core`, `bench buy_generator ≤ 5 µs`).
    fn describe(&self) -> String;

    /// Check, before anything runs, that the evidence can be judged at all.
    ///
    /// # Errors
    /// A message (without location: the caller adds the aspect's file and line)
    /// when the evidence refers to something that does not exist.
    fn validate(&self, ctx: &Context<'_>) -> Result<(), String> {
        let _ = ctx;
        Ok(())
    }

    /// Why this evidence will not be judged in this run, when that is known
    /// before it runs (a benchmark in a debug build): its trial is then listed
    /// as ignored, so every runner skips it, nextest included, which would
    /// otherwise count a trial that exits 0 as a pass.
    fn not_judged(&self, ctx: &Context<'_>) -> Option<String> {
        let _ = ctx;
        None
    }

    /// Judge the evidence.
    fn judge(&self, ctx: &Context<'_>) -> Verdict;
}
