//! The command line of `bench --vs-cucumber`: runs, clean builds, jobs, crates.

use std::path::PathBuf;

/// Runs per harness measurement, unless `--runs`.
pub(super) const RUNS: usize = 7;

/// Clean builds per harness (and clean `cargo check`s per crate), unless `--build-runs`.
pub(super) const BUILD_RUNS: usize = 3;

pub const USAGE: &str = "\
usage: cargo xtask bench --vs-cucumber [--runs N] [--build-runs N] [--jobs N] [--crate DIR]...

  --runs N        runs of each harness per measurement, median reported (default 7)
  --build-runs N  clean builds of each harness and clean `cargo check`s of each
                  crate (default 3; 0 builds incrementally and reports no build times)
  --jobs N        `-j` of every cargo build (default: available parallelism)
  --crate DIR     a crate folder for the imports check (repeatable; default: the
                  newest syn-2.* and regex-syntax-* in ~/.cargo/registry/src/*/)
";

/// Command-line options of `bench --vs-cucumber`.
#[derive(Debug)]
pub struct Options {
    pub(super) runs: usize,
    pub(super) build_runs: usize,
    pub(super) jobs: usize,
    pub(super) crates: Vec<PathBuf>,
}

impl Options {
    /// Parse the arguments after `--vs-cucumber`.
    pub fn parse(args: &[&str]) -> Result<Options, String> {
        let mut options = Options {
            runs: RUNS,
            build_runs: BUILD_RUNS,
            jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
            crates: Vec::new(),
        };
        let mut iter = args.iter();
        while let Some(&arg) = iter.next() {
            let mut value = || {
                iter.next()
                    .copied()
                    .ok_or_else(|| format!("`{arg}` needs a value"))
            };
            let number = |text: &str| {
                text.parse::<usize>()
                    .map_err(|e| format!("`{arg} {text}`: {e}"))
            };
            match arg {
                "--runs" => options.runs = number(value()?)?.max(1),
                "--build-runs" => options.build_runs = number(value()?)?,
                "--jobs" | "-j" => options.jobs = number(value()?)?.max(1),
                "--crate" => options.crates.push(PathBuf::from(value()?)),
                other => return Err(format!("unknown option `{other}`\n{USAGE}")),
            }
        }
        Ok(options)
    }
}
