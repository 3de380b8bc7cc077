//! What every kind of evidence implements ([`Evidence`]) and is given
//! ([`Context`]). The kinds themselves are the sibling modules.

use std::fmt;
use std::path::Path;
use std::time::Duration;

use super::verdict::Verdict;

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

    /// [`Evidence::validate`], with where the value at fault is written in the
    /// aspect file (line, column) when the evidence knows better than the
    /// subject (`crate:`, `command:`) the loader points at by default.
    ///
    /// # Errors
    /// As [`Evidence::validate`].
    fn validate_at(&self, ctx: &Context<'_>) -> Result<(), (String, Option<(u32, u32)>)> {
        self.validate(ctx).map_err(|message| (message, None))
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
