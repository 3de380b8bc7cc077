//! `tests` evidence: named cargo tests of the workspace pass. (The module is
//! `cargo_tests`, not `tests`, which everywhere else holds unit tests.)
//!
//! `evidence: {tests: ["idle_core::"]}` runs `cargo test --workspace` with those
//! filters. At least one test must match: a filter that selects nothing is a
//! failure, never a vacuous pass.
//!
//! The nested cargo builds in the target dir of the run around it (it inherits
//! `CARGO_TARGET_DIR`, or finds the workspace's `target/` as that run did), so
//! it reuses everything already built and leaves no second target dir behind.
//! It does not wait on the run around it: `cargo test` and `cargo nextest run`
//! release cargo's build lock before they run test executables (tested under
//! both by `specs/tests_evidence.feature`). [`NESTED_ENV`] stops a nested harness
//! from running `tests` evidence again. It must not set a target dir of its own
//! (it did: `target/aspect/tests` grew as large as `target/debug`).

use std::time::Duration;

use super::process;
use super::units::format_duration;
use super::{Context, Evidence, Verdict};

/// Set in the nested cargo's environment; a harness that sees it does not run
/// `tests` evidence (it would recurse).
pub const NESTED_ENV: &str = "ASPECT_NESTED_TESTS";

/// Named cargo tests pass, and at least one is named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestsEvidence {
    filters: Vec<String>,
    timeout: Option<Duration>,
}

impl TestsEvidence {
    /// Tests whose names contain any of `filters` (libtest's substring match).
    pub fn new(filters: Vec<String>, timeout: Option<Duration>) -> Self {
        TestsEvidence { filters, timeout }
    }
}

/// What libtest printed across every test binary.
#[derive(Debug, Default, PartialEq, Eq)]
struct Tally {
    passed: u64,
    failed: u64,
    failures: Vec<String>,
}

fn tally(output: &str) -> Tally {
    let mut t = Tally::default();
    for line in output.lines() {
        if let Some(rest) = line.strip_prefix("test result: ") {
            // `ok. 3 passed; 0 failed; 0 ignored; ...`
            for part in rest.split(';') {
                let words: Vec<&str> = part.split_whitespace().collect();
                let number = |w: &str| w.parse::<u64>().ok();
                match words.as_slice() {
                    [.., n, "passed"] => t.passed += number(n).unwrap_or(0),
                    [n, "failed"] => t.failed += number(n).unwrap_or(0),
                    _ => {}
                }
            }
        } else if let Some(name) = line
            .strip_prefix("test ")
            .and_then(|l| l.strip_suffix(" ... FAILED"))
        {
            t.failures.push(name.trim().to_owned());
        }
    }
    t
}

impl Evidence for TestsEvidence {
    fn kind(&self) -> &'static str {
        "tests"
    }

    fn describe(&self) -> String {
        format!("cargo tests matching {}", self.filters.join(", "))
    }

    fn validate(&self, _ctx: &Context<'_>) -> Result<(), String> {
        if self.filters.is_empty() || self.filters.iter().any(|f| f.trim().is_empty()) {
            return Err("`tests` needs at least one non-empty test name filter".to_owned());
        }
        Ok(())
    }

    fn judge(&self, ctx: &Context<'_>) -> Verdict {
        if std::env::var_os(NESTED_ENV).is_some() {
            return Verdict::NotJudged {
                reason: "not judged inside the cargo test run of another `tests` evidence"
                    .to_owned(),
            };
        }
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let mut argv = vec![
            cargo,
            "test".to_owned(),
            "--workspace".to_owned(),
            "--no-fail-fast".to_owned(),
        ];
        argv.push("--".to_owned());
        argv.extend(self.filters.iter().cloned());
        let env = [(NESTED_ENV, std::ffi::OsStr::new("1"))];
        let timeout = self
            .timeout
            .or(ctx.timeout)
            .unwrap_or(Duration::from_secs(1800));
        let done = match process::run_with_env(&argv, ctx.workspace_root, &env, Some(timeout)) {
            Ok(done) => done,
            Err(e) => {
                return Verdict::Fails {
                    message: e.to_string(),
                }
            }
        };
        let output = String::from_utf8_lossy(&done.output);
        let t = tally(&output);
        let filters = self.filters.join(", ");
        if done.timed_out {
            return Verdict::Fails {
                message: format!(
                    "cargo test timed out after {}\n{}",
                    format_duration(timeout),
                    done.tail(40)
                ),
            };
        }
        if t.failed > 0 || !done.status.success() {
            let names = if t.failures.is_empty() {
                String::new()
            } else {
                format!("\nfailed: {}", t.failures.join(", "))
            };
            return Verdict::Fails {
                message: format!(
                    "tests matching {filters}: {} passed, {} failed ({}){names}\n{}",
                    t.passed,
                    t.failed,
                    done.describe_status(),
                    done.tail(40)
                ),
            };
        }
        if t.passed == 0 {
            return Verdict::Fails {
                message: format!(
                    "no test matches {filters}: a filter that selects nothing proves nothing"
                ),
            };
        }
        Verdict::Holds {
            summary: format!(
                "{} tests matching {filters} passed in {}",
                t.passed,
                format_duration(done.elapsed)
            ),
        }
    }
}

#[cfg(test)]
mod checks {
    use std::path::Path;

    use super::*;

    #[test]
    fn tallies_across_binaries() {
        let out = "\
running 2 tests
test a::x ... ok
test a::y ... FAILED
test result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 5 filtered out; finished in 0.00s
running 1 test
test b::z ... ok
test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s
";
        assert_eq!(
            tally(out),
            Tally {
                passed: 2,
                failed: 1,
                failures: vec!["a::y".to_owned()]
            }
        );
    }

    #[test]
    fn nothing_matched_tallies_zero() {
        let out = "running 0 tests\ntest result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 9 filtered out\n";
        assert_eq!(tally(out).passed, 0);
    }

    #[test]
    fn filters_must_not_be_empty() {
        let ctx = Context {
            workspace_root: Path::new("."),
            package_root: Path::new("."),
            aspect: "t",
            optimized: false,
            bench_mode: false,
            timeout: None,
        };
        assert!(TestsEvidence::new(vec![], None).validate(&ctx).is_err());
        assert!(TestsEvidence::new(vec![" ".into()], None)
            .validate(&ctx)
            .is_err());
        assert!(TestsEvidence::new(vec!["core::".into()], None)
            .validate(&ctx)
            .is_ok());
    }
}
