//! What is measured: the suites, the two harnesses, each case (the same work
//! asked of both) and the figures that come back.

use std::path::PathBuf;
use std::time::Duration;

use crate::bench::{Captured, Measured};
use crate::gen;

/// One suite of generated scenarios.
pub(super) struct Suite {
    pub(super) dir: PathBuf,
    pub(super) specs: gen::Specs,
}

/// A harness executable the runs use (a release build).
pub(super) struct Harness {
    pub(super) exe: PathBuf,
}

/// What a run of a harness must have printed.
#[derive(Clone, Copy)]
pub(super) enum Expect {
    /// cargo-aspect: `test result: ok. N passed;`.
    AspectPassed(usize),
    /// cargo-aspect `--list --format terse`: N `: test` lines.
    AspectListed(usize),
    /// cucumber-rs: `N scenarios (N passed)`.
    CucumberPassed(usize),
}

impl Expect {
    pub(super) fn check(self, out: &Captured) -> Result<(), String> {
        let out = out.expect_success()?;
        match self {
            Expect::AspectPassed(n) => out.expect_stdout(&format!("test result: ok. {n} passed;")),
            Expect::CucumberPassed(n) => {
                let noun = if n == 1 { "scenario" } else { "scenarios" };
                out.expect_stdout(&format!("{n} {noun} ({n} passed)"))
            }
            Expect::AspectListed(n) => {
                let listed = out.stdout.lines().filter(|l| l.ends_with(": test")).count();
                if listed == n {
                    Ok(())
                } else {
                    Err(format!("--list printed {listed} tests, expected {n}"))
                }
            }
        }
    }
}

/// The arguments of one harness run and what it must print.
pub(super) type Invocation = (Vec<String>, Expect);

/// One measurement: the same work asked of both harnesses (cucumber may have no way).
pub(super) struct Case {
    pub(super) label: String,
    pub(super) suite: PathBuf,
    pub(super) scenarios: usize,
    pub(super) aspect: Invocation,
    pub(super) cucumber: Option<Invocation>,
    /// Which build of each harness runs it.
    pub(super) steps: Steps,
    /// The throughput cargo-aspect must reach, as a multiple of cucumber-rs's
    /// (for one scenario, the startup: its wall at most `1 / speedup` of cucumber-rs's).
    pub(super) speedup: f64,
    /// A further throughput multiple aimed at, reported beside the target.
    pub(super) stretch: Option<f64>,
}

/// The harness builds a case runs: sync steps, or async steps on tokio that each
/// first sleep `sleep_ms` (0: no sleep).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Steps {
    Sync,
    Async { sleep_ms: u64 },
}

/// Both sides of a measured case.
pub(super) struct Pair {
    pub(super) aspect: Measured,
    pub(super) cucumber: Option<Measured>,
}

/// The imports check on one crate against `cargo check` of it.
pub(super) struct ImportsFigures {
    pub(super) label: String,
    pub(super) files: usize,
    pub(super) lines: usize,
    pub(super) violations: usize,
    pub(super) scan: Duration,
    pub(super) check: Option<Duration>,
}
