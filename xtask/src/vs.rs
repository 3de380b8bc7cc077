//! `cargo xtask bench --vs-cucumber`: cargo-aspect and cucumber-rs 0.23 side by
//! side, on the same generated idle-game suites, in one run.
//!
//! Everything it builds is generated under `target/xtask-bench/vs/`, as standalone
//! packages with their own `[workspace]`, lock file and target folder, so cucumber
//! never enters the dependency graph of the published crates (nor xtask's):
//!
//! - `suites/1k` and `suites/10k`: 10 and 100 of the feature files `gen.rs` writes
//!   for `cargo xtask bench` (1,000 and 10,000 scenarios); both harnesses read them.
//! - `aspect/`: the cargo-aspect harness (`default-features = false`), the steps of
//!   `fixture/steps.rs`, and `aspect::main!` spelt out so that `BENCH_SUITE` picks
//!   the suite folder at run time.
//! - `cucumber/`: the cucumber-rs harness, the same 31 step expressions and bodies
//!   (`fixture/cucumber_steps.rs`), `World::run` on the `futures` executor.
//! - `imports-probe/`: a release binary timing the imports evidence's `scan_crate`
//!   on a real crate of the local cargo registry, and `imports/` the one-member
//!   workspace it reads plus a package that `cargo check`s the same crate.
//!
//! Clean builds come first (`cargo clean` then `cargo test --release --no-run` in
//! each package's own target folder, the same `-j`, cargo-aspect then cucumber-rs
//! and back), their last build gives the executables. Then each measurement runs
//! both harnesses in turn, swapping which goes first every run, and reports the
//! median of the runs. The machine may be shared, so the load average is printed.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::bench::{cargo, median, mib, ms, run_once, Captured, Measured};
use crate::gen::{self, write_if_changed};

/// Runs per harness measurement, unless `--runs`.
const RUNS: usize = 7;
/// Clean builds per harness (and clean `cargo check`s per crate), unless `--build-runs`.
const BUILD_RUNS: usize = 3;
/// Paths the imports check denies in the measured crate.
const DENY: [&str; 4] = ["std::fs", "std::net", "std::process", "std::env"];
/// Crates of the local registry checked unless `--crate` is given (newest version of each).
const DEFAULT_CRATES: [&str; 2] = ["syn-2.", "regex-syntax-"];

/// Environment variable naming the suite folder both harnesses run.
const SUITE_ENV: &str = "BENCH_SUITE";

pub const USAGE: &str = "\
usage: cargo xtask bench --vs-cucumber [--runs N] [--build-runs N] [--jobs N] [--crate DIR]...

  --runs N        runs of each harness per measurement, median reported (default 7)
  --build-runs N  clean builds of each harness and clean `cargo check`s of each
                  crate (default 3; 0 builds incrementally and reports no build times)
  --jobs N        `-j` of every cargo build (default: available parallelism)
  --crate DIR     a crate folder for the imports check (repeatable; default: the
                  newest syn-2.* and regex-syntax-* in ~/.cargo/registry/src/*/)
";

const ASPECT_HARNESS_RS: &str = "\
//! The cargo-aspect side of `cargo xtask bench --vs-cucumber`. Generated; do not edit.
//!
//! `aspect::main!(shop::Shop)`, written out so that the package root (where the
//! suite's `Cargo.toml` and `specs/` are) comes from `BENCH_SUITE` at run time.

mod shop;
mod steps;

#[global_allocator]
static ALLOCATOR: aspect::CountingAllocator = aspect::CountingAllocator::new();

fn main() -> std::process::ExitCode {
    let suite = std::env::var_os(\"BENCH_SUITE\").expect(\"BENCH_SUITE names the suite folder\");
    aspect::Harness::new(suite).run::<shop::Shop>()
}
";

const CUCUMBER_HARNESS_RS: &str = "\
//! The cucumber-rs side of `cargo xtask bench --vs-cucumber`. Generated; do not edit.
//!
//! Runs `$BENCH_SUITE/specs` with cucumber's defaults (CLI, writer, concurrency).

mod shop;
mod steps;

use cucumber::World as _;

/// The shared `Shop` as a cucumber World.
#[derive(Debug, Default, cucumber::World)]
pub struct ShopWorld(shop::Shop);

impl std::ops::Deref for ShopWorld {
    type Target = shop::Shop;

    fn deref(&self) -> &shop::Shop {
        &self.0
    }
}

impl std::ops::DerefMut for ShopWorld {
    fn deref_mut(&mut self) -> &mut shop::Shop {
        &mut self.0
    }
}

fn main() {
    let suite = std::env::var_os(\"BENCH_SUITE\").expect(\"BENCH_SUITE names the suite folder\");
    futures::executor::block_on(ShopWorld::run(std::path::Path::new(&suite).join(\"specs\")));
}
";

const CUCUMBER_STEPS_RS: &str = include_str!("../fixture/cucumber_steps.rs");

const PROBE_RS: &str = "\
//! Times one `aspect::__private::evidence::imports::scan_crate` for `cargo xtask bench
//! --vs-cucumber`. Generated; do not edit.
//!
//! usage: imports-probe <workspace root> <crate name> <denied path>...
//! Prints one JSON line: files, lines, violations, micros.

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [root, name, deny @ ..] = args.as_slice() else {
        eprintln!(\"usage: imports-probe <workspace root> <crate name> <denied path>...\");
        return std::process::ExitCode::from(2);
    };
    let started = std::time::Instant::now();
    let root = std::path::Path::new(root);
    match aspect::__private::evidence::imports::scan_crate(root, name, deny, &[]) {
        Ok(scan) => {
            let micros = started.elapsed().as_micros();
            println!(
                \"{{\\\"files\\\":{},\\\"lines\\\":{},\\\"violations\\\":{},\\\"micros\\\":{micros}}}\",
                scan.files,
                scan.lines,
                scan.violations.len()
            );
            std::process::ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!(\"error: {message}\");
            std::process::ExitCode::FAILURE
        }
    }
}
";

/// Command-line options of `bench --vs-cucumber`.
#[derive(Debug)]
pub struct Options {
    runs: usize,
    build_runs: usize,
    jobs: usize,
    crates: Vec<PathBuf>,
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

/// One suite of generated scenarios.
struct Suite {
    dir: PathBuf,
    specs: gen::Specs,
}

/// A harness executable and the package it was built from.
struct Harness {
    package: PathBuf,
    exe: PathBuf,
    /// Clean build times, when measured.
    builds: Vec<Duration>,
}

/// What a run of a harness must have printed.
#[derive(Clone, Copy)]
enum Expect {
    /// cargo-aspect: `test result: ok. N passed;`.
    AspectPassed(usize),
    /// cargo-aspect `--list --format terse`: N `: test` lines.
    AspectListed(usize),
    /// cucumber-rs: `N scenarios (N passed)`.
    CucumberPassed(usize),
}

impl Expect {
    fn check(self, out: &Captured) -> Result<(), String> {
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
type Invocation = (Vec<String>, Expect);

/// One measurement: the same work asked of both harnesses (cucumber may have no way).
struct Case {
    label: String,
    suite: PathBuf,
    scenarios: usize,
    aspect: Invocation,
    cucumber: Option<Invocation>,
}

/// Both sides of a measured case.
struct Pair {
    aspect: Measured,
    cucumber: Option<Measured>,
}

/// The imports check on one crate against `cargo check` of it.
struct ImportsFigures {
    label: String,
    files: usize,
    lines: usize,
    violations: usize,
    scan: Duration,
    check: Option<Duration>,
}

/// Generate, build, measure, print.
pub fn run(root: &Path, options: &Options) -> Result<(), String> {
    let started = Instant::now();
    let load_before = load_average();
    println!("load average at start: {load_before}");
    let dir = root.join("target/xtask-bench/vs");
    let io = |what: &str| {
        let what = what.to_owned();
        move |e: std::io::Error| format!("{what}: {e}")
    };

    // ---- generate ----
    let mut suites = Vec::new();
    for (name, features) in [("1k", 10), ("10k", gen::FEATURES)] {
        let suite_dir = dir.join("suites").join(name);
        write_if_changed(
            &suite_dir.join("Cargo.toml"),
            &format!(
                "# Generated by `cargo xtask bench --vs-cucumber`; do not edit.\n\
                 # The package root of the cargo-aspect harness for this suite (BENCH_SUITE).\n\
                 [package]\nname = \"suite-{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
                 [workspace]\n"
            ),
        )
        .map_err(io("writing a suite"))?;
        let specs =
            gen::write_specs(&suite_dir.join("specs"), features).map_err(io("writing specs"))?;
        println!(
            "suite {}: {} feature files, {} scenarios, {} KiB of Gherkin",
            suite_dir.display(),
            features,
            specs.pickles,
            specs.bytes / 1024
        );
        suites.push(Suite {
            dir: suite_dir,
            specs,
        });
    }
    let runtime = root
        .join("cargo-aspect")
        .canonicalize()
        .map_err(io("cargo-aspect"))?;
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).map_err(io("Cargo.lock"))?;
    let aspect_dir = dir.join("aspect");
    write_aspect_package(&aspect_dir, &runtime, &lock).map_err(io("writing the aspect package"))?;
    let cucumber_dir = dir.join("cucumber");
    write_cucumber_package(&cucumber_dir).map_err(io("writing the cucumber package"))?;
    let probe_dir = dir.join("imports-probe");
    write_probe_package(&probe_dir, &runtime, &lock).map_err(io("writing the imports probe"))?;

    // ---- resolve (not timed) ----
    for package in [&aspect_dir, &cucumber_dir, &probe_dir] {
        resolve(package)?;
    }

    // ---- clean builds, alternating ----
    let jobs = options.jobs;
    let mut aspect = Harness {
        package: aspect_dir,
        exe: PathBuf::new(),
        builds: Vec::new(),
    };
    let mut cucumber = Harness {
        package: cucumber_dir,
        exe: PathBuf::new(),
        builds: Vec::new(),
    };
    println!(
        "\nclean builds: `cargo clean` then `cargo test --release --no-run -j {jobs}`, {} per harness",
        options.build_runs
    );
    for run in 1..=options.build_runs.max(1) {
        let clean = options.build_runs > 0;
        for (side, harness, test) in [
            ("cargo-aspect", &mut aspect, "aspect"),
            ("cucumber-rs", &mut cucumber, "cucumber"),
        ] {
            let (exe, took) = build(&harness.package, test, jobs, clean)?;
            if clean {
                println!("  build {run}: {side:<12} {:>9}", secs(took));
                harness.builds.push(took);
            }
            harness.exe = exe;
        }
    }
    let probe = build_probe(&probe_dir, &root.join("target/xtask-bench/target"), jobs)?;

    // ---- runs, alternating ----
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut cases = Vec::new();
    for suite in &suites {
        let n = suite.specs.pickles;
        cases.push(Case {
            label: format!("{n} scenarios, default concurrency"),
            suite: suite.dir.clone(),
            scenarios: n,
            aspect: (Vec::new(), Expect::AspectPassed(n)),
            cucumber: Some((Vec::new(), Expect::CucumberPassed(n))),
        });
        cases.push(Case {
            label: format!("{n} scenarios, one thread"),
            suite: suite.dir.clone(),
            scenarios: n,
            aspect: (strings(&["--test-threads", "1"]), Expect::AspectPassed(n)),
            cucumber: Some((strings(&["--concurrency", "1"]), Expect::CucumberPassed(n))),
        });
    }
    let big = suites.last().expect("two suites");
    // Relative to the suite folder, the harnesses' working directory: cucumber's
    // `--input` is a glob, and globwalk finds nothing for an absolute one.
    let feature_file = format!("specs/{}.feature", big.specs.exact_feature);
    cases.push(Case {
        label: "startup: one scenario end to end".to_owned(),
        suite: big.dir.clone(),
        scenarios: 1,
        aspect: (
            vec![big.specs.exact_name.clone(), "--exact".to_owned()],
            Expect::AspectPassed(1),
        ),
        cucumber: Some((
            vec![
                "--input".to_owned(),
                feature_file,
                "--name".to_owned(),
                format!("^{}$", regex_escape(&big.specs.exact_scenario)),
            ],
            Expect::CucumberPassed(1),
        )),
    });
    cases.push(Case {
        label: format!("--list of {} pickles", big.specs.pickles),
        suite: big.dir.clone(),
        scenarios: big.specs.pickles,
        aspect: (
            strings(&["--list", "--format", "terse"]),
            Expect::AspectListed(big.specs.pickles),
        ),
        cucumber: None,
    });
    let mut pairs = Vec::new();
    for case in &cases {
        pairs.push(measure_pair(
            case,
            &aspect.exe,
            &cucumber.exe,
            options.runs,
        )?);
    }

    // ---- imports check against cargo check ----
    let crates = if options.crates.is_empty() {
        default_crates()?
    } else {
        options.crates.clone()
    };
    let mut imports = Vec::new();
    for crate_dir in &crates {
        imports.push(measure_imports(&dir, &probe, crate_dir, options)?);
    }

    // ---- report ----
    let load_after = load_average();
    println!(
        "\n# cargo-aspect vs cucumber-rs 0.23 ({} run(s) per measurement, median; {} clean build(s) per harness; -j {jobs}; {threads} CPUs)",
        options.runs, options.build_runs
    );
    println!(
        "# load average: {load_before} at start, {load_after} at end; took {:.0} s",
        started.elapsed().as_secs_f64()
    );
    println!(
        "# default concurrency: cargo-aspect {threads} test threads, cucumber-rs 64 concurrent scenarios on one thread (futures executor); one thread: --test-threads 1 / --concurrency 1"
    );
    print_table(&harness_rows(&cases, &pairs, &aspect, &cucumber));
    println!();
    print_imports(&imports);
    Ok(())
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn write_aspect_package(package: &Path, runtime: &Path, lock: &str) -> std::io::Result<()> {
    let manifest = format!(
        "# Generated by `cargo xtask bench --vs-cucumber`; do not edit.\n\
         [package]\nname = \"aspect-vs-fixture\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         # Not a member of the cargo-aspect workspace around it.\n[workspace]\n\n\
         [dev-dependencies]\n\
         aspect = {{ package = \"cargo-aspect\", path = {:?}, default-features = false }}\n\n\
         [[test]]\nname = \"aspect\"\nharness = false\n",
        runtime.display().to_string()
    );
    write_if_changed(&package.join("Cargo.toml"), &manifest)?;
    write_if_changed(&package.join("Cargo.lock"), lock)?;
    write_if_changed(
        &package.join("src/lib.rs"),
        "//! Nothing: the package is its test harness.\n",
    )?;
    write_if_changed(&package.join("tests/aspect.rs"), ASPECT_HARNESS_RS)?;
    write_if_changed(&package.join("tests/shop/mod.rs"), gen::SHOP_RS)?;
    write_if_changed(&package.join("tests/steps/mod.rs"), gen::STEPS_RS)
}

fn write_cucumber_package(package: &Path) -> std::io::Result<()> {
    let manifest = "# Generated by `cargo xtask bench --vs-cucumber`; do not edit.\n\
         [package]\nname = \"cucumber-vs-fixture\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         # Not a member of the cargo-aspect workspace around it.\n[workspace]\n\n\
         [dev-dependencies]\n\
         cucumber = \"0.23\"\n\
         # The executor: cucumber depends on futures already.\n\
         futures = \"0.3\"\n\n\
         [[test]]\nname = \"cucumber\"\nharness = false\n";
    write_if_changed(&package.join("Cargo.toml"), manifest)?;
    write_if_changed(
        &package.join("src/lib.rs"),
        "//! Nothing: the package is its test harness.\n",
    )?;
    write_if_changed(&package.join("tests/cucumber.rs"), CUCUMBER_HARNESS_RS)?;
    write_if_changed(&package.join("tests/shop/mod.rs"), gen::SHOP_RS)?;
    write_if_changed(&package.join("tests/steps/mod.rs"), CUCUMBER_STEPS_RS)
}

fn write_probe_package(package: &Path, runtime: &Path, lock: &str) -> std::io::Result<()> {
    let manifest = format!(
        "# Generated by `cargo xtask bench --vs-cucumber`; do not edit.\n\
         [package]\nname = \"imports-probe\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [workspace]\n\n\
         [dependencies]\n\
         aspect = {{ package = \"cargo-aspect\", path = {:?}, default-features = false, features = [\"imports\"] }}\n",
        runtime.display().to_string()
    );
    write_if_changed(&package.join("Cargo.toml"), &manifest)?;
    write_if_changed(&package.join("Cargo.lock"), lock)?;
    write_if_changed(&package.join("src/main.rs"), PROBE_RS)
}

/// Make sure `package` has a lock file and its dependencies are downloaded, so no
/// timed build waits for the network.
fn resolve(package: &Path) -> Result<(), String> {
    if !package.join("Cargo.lock").is_file() {
        cargo_in(package, &["generate-lockfile"], None)?;
    }
    cargo_in(package, &["fetch"], None)
}

/// Run `cargo args` in `dir` (with `CARGO_TARGET_DIR` = `target_dir` if given); fail unless it succeeds.
fn cargo_in(dir: &Path, args: &[&str], target_dir: Option<&Path>) -> Result<(), String> {
    let mut cmd = cargo();
    cmd.args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(target_dir) = target_dir {
        cmd.env("CARGO_TARGET_DIR", target_dir);
    }
    let output = cmd.output().map_err(|e| format!("running cargo: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`cargo {}` in {} failed ({})\n{}",
            args.join(" "),
            dir.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// `cargo test --release --no-run` of `package` in its own `target/`, after a
/// `cargo clean` there if `clean`: the executable of test target `test` and the
/// build's wall time (not counting the clean).
fn build(
    package: &Path,
    test: &str,
    jobs: usize,
    clean: bool,
) -> Result<(PathBuf, Duration), String> {
    let target_dir = package.join("target");
    if clean {
        cargo_in(package, &["clean"], Some(&target_dir))?;
    }
    let jobs = jobs.to_string();
    let started = Instant::now();
    let output = cargo()
        .args([
            "test",
            "--release",
            "--no-run",
            "-j",
            &jobs,
            "--message-format=json",
        ])
        .current_dir(package)
        .env("CARGO_TARGET_DIR", &target_dir)
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("running cargo: {e}"))?;
    let took = started.elapsed();
    let exe = executable(&output, test, package)?;
    Ok((exe, took))
}

/// The probe, built in release in the shared bench target folder (not timed).
fn build_probe(package: &Path, target_dir: &Path, jobs: usize) -> Result<PathBuf, String> {
    let jobs = jobs.to_string();
    let output = cargo()
        .args(["build", "--release", "-j", &jobs, "--message-format=json"])
        .current_dir(package)
        .env("CARGO_TARGET_DIR", target_dir)
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("running cargo: {e}"))?;
    executable(&output, "imports-probe", package)
}

/// From `cargo --message-format=json` output: the executable of target `name`.
fn executable(
    output: &std::process::Output,
    name: &str,
    package: &Path,
) -> Result<PathBuf, String> {
    let messages: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect();
    if !output.status.success() {
        let mut text = String::from_utf8_lossy(&output.stderr).into_owned();
        for message in &messages {
            if let Some(rendered) = message["message"]["rendered"].as_str() {
                text.push_str(rendered);
            }
        }
        return Err(format!(
            "building {} failed ({})\n{text}",
            package.display(),
            output.status
        ));
    }
    messages
        .iter()
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == name)
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| {
            format!(
                "cargo reported no `{name}` executable in {}",
                package.display()
            )
        })
}

/// Run both harnesses `runs` times, swapping which goes first each run.
fn measure_pair(case: &Case, aspect: &Path, cucumber: &Path, runs: usize) -> Result<Pair, String> {
    let suite: &Path = &case.suite;
    let envs = [(SUITE_ENV, suite)];
    println!("\n{} (suite {})", case.label, case.suite.display());
    println!("  cargo-aspect: aspect {}", shown(&case.aspect.0));
    match &case.cucumber {
        Some((args, _)) => println!("  cucumber-rs:  cucumber {}", shown(args)),
        None => println!("  cucumber-rs:  n/a"),
    }
    let mut a = Vec::with_capacity(runs);
    let mut c = Vec::with_capacity(runs);
    for run in 1..=runs {
        let mut order: Vec<(&str, &Path, &Invocation)> =
            vec![("cargo-aspect", aspect, &case.aspect)];
        if let Some(cucumber_case) = &case.cucumber {
            order.push(("cucumber-rs", cucumber, cucumber_case));
        }
        if run % 2 == 0 {
            order.reverse();
        }
        let mut line = format!("  run {run}:");
        for (side, exe, (args, expect)) in order {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let (sample, captured) = run_once(exe, suite, &args, &envs)?;
            expect
                .check(&captured)
                .map_err(|e| format!("{}, {side}, run {run}: {e}", case.label))?;
            let _ = write!(
                line,
                "  {side} {:>10} {:>10}",
                ms(sample.wall),
                mib(sample.rss_kib)
            );
            if side == "cargo-aspect" {
                a.push(sample);
            } else {
                c.push(sample);
            }
        }
        println!("{line}");
    }
    let pair = Pair {
        aspect: Measured { samples: a },
        cucumber: (!c.is_empty()).then_some(Measured { samples: c }),
    };
    let mut line = format!(
        "  median: cargo-aspect {} {}",
        ms(pair.aspect.wall()),
        mib(pair.aspect.rss_kib())
    );
    if let Some(c) = &pair.cucumber {
        let _ = write!(line, "; cucumber-rs {} {}", ms(c.wall()), mib(c.rss_kib()));
    }
    println!("{line}   (load {})", load_average());
    Ok(pair)
}

fn shown(args: &[String]) -> String {
    args.iter()
        .map(|a| {
            if a.contains(' ') {
                format!("{a:?}")
            } else {
                a.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` with regex metacharacters escaped, for cucumber's `--name`.
fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The newest `syn-2.*` and `regex-syntax-*` under `$CARGO_HOME/registry/src/*/`.
fn default_crates() -> Result<Vec<PathBuf>, String> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .ok_or("neither CARGO_HOME nor HOME is set")?;
    let src = home.join("registry/src");
    let mut candidates: Vec<PathBuf> = Vec::new();
    for index in std::fs::read_dir(&src).map_err(|e| format!("{}: {e}", src.display()))? {
        let index = index.map_err(|e| e.to_string())?.path();
        if let Ok(entries) = std::fs::read_dir(&index) {
            candidates.extend(entries.filter_map(Result::ok).map(|e| e.path()));
        }
    }
    let mut found = Vec::new();
    for prefix in DEFAULT_CRATES {
        let newest = candidates
            .iter()
            .filter(|p| {
                let name = p.file_name().unwrap_or_default().to_string_lossy();
                name.strip_prefix(prefix)
                    .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
            })
            .max_by_key(|p| version_key(p));
        match newest {
            Some(path) => found.push(path.clone()),
            None => println!(
                "no {prefix}* crate in {}; pass --crate DIR to check another",
                src.display()
            ),
        }
    }
    if found.is_empty() {
        return Err("no crate for the imports check; pass --crate DIR".to_owned());
    }
    Ok(found)
}

/// `syn-2.0.119` → `[2, 0, 119]`, for picking the newest version.
fn version_key(path: &Path) -> Vec<u64> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let version = name.rsplit_once('-').map_or("", |(_, v)| v);
    version
        .split(['.', '+'])
        .map(|part| part.parse().unwrap_or(0))
        .collect()
}

/// `syn-2.0.119` → `syn`; a folder without a version is taken as the name.
fn crate_name(dir: &Path) -> String {
    let name = dir.file_name().unwrap_or_default().to_string_lossy();
    match name.rsplit_once('-') {
        Some((base, version)) if version.starts_with(|c: char| c.is_ascii_digit()) => {
            base.to_owned()
        }
        _ => name.into_owned(),
    }
}

/// Features `cargo check` enables so that it compiles what the imports check reads
/// (the scan follows every `mod`, whatever its `cfg`).
fn check_features(name: &str) -> &'static [&'static str] {
    match name {
        "syn" => &["full", "visit", "visit-mut", "fold", "extra-traits"],
        _ => &[],
    }
}

/// Time the imports probe and a clean `cargo check` of `crate_dir`, alternating.
fn measure_imports(
    dir: &Path,
    probe: &Path,
    crate_dir: &Path,
    options: &Options,
) -> Result<ImportsFigures, String> {
    let crate_dir = crate_dir
        .canonicalize()
        .map_err(|e| format!("{}: {e}", crate_dir.display()))?;
    let folder = crate_dir
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let name = crate_name(&crate_dir);
    let features = check_features(&name);

    // The imports check reads a workspace: one whose only member is the crate.
    let ws = dir.join("imports").join(format!("ws-{folder}"));
    write_if_changed(
        &ws.join("Cargo.toml"),
        &format!(
            "# Generated by `cargo xtask bench --vs-cucumber`; read by the imports check only.\n\
             [workspace]\nmembers = [{:?}]\n",
            crate_dir.display().to_string()
        ),
    )
    .map_err(|e| format!("writing {}: {e}", ws.display()))?;
    // `cargo check` of the crate from a package depending on it (its dev-dependencies
    // are not resolved, as the registry's copy may not build them).
    let check = dir.join("imports").join(format!("check-{folder}"));
    let feature_list: Vec<String> = features.iter().map(|f| format!("{f:?}")).collect();
    write_if_changed(
        &check.join("Cargo.toml"),
        &format!(
            "# Generated by `cargo xtask bench --vs-cucumber`; do not edit.\n\
             [package]\nname = \"check-{}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [workspace]\n\n\
             [dependencies]\n{name} = {{ path = {:?}, features = [{}] }}\n",
            name.replace('_', "-"),
            crate_dir.display().to_string(),
            feature_list.join(", ")
        ),
    )
    .map_err(|e| format!("writing {}: {e}", check.display()))?;
    write_if_changed(
        &check.join("src/lib.rs"),
        "//! Nothing: `cargo check` of the dependency.\n",
    )
    .map_err(|e| format!("writing {}: {e}", check.display()))?;
    resolve(&check)?;

    let features_shown = if features.is_empty() {
        "default features".to_owned()
    } else {
        format!("features {}", features.join(","))
    };
    println!(
        "\nimports check of {} (deny {}) vs clean `cargo check -j {}` of it ({features_shown}, with its dependencies)",
        crate_dir.display(),
        DENY.join(", "),
        options.jobs
    );
    let mut args = vec![ws.to_string_lossy().into_owned(), name.clone()];
    args.extend(DENY.iter().map(|d| (*d).to_owned()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut scans = Vec::new();
    let mut checks = Vec::new();
    let (mut files, mut lines, mut violations) = (0, 0, 0);
    let target_dir = check.join("target");
    let jobs = options.jobs.to_string();
    for run in 1..=options.runs.max(options.build_runs) {
        let mut line = format!("  run {run}:");
        if run <= options.runs {
            let (sample, out) = run_once(probe, dir, &args, &[])?;
            out.expect_success()
                .map_err(|e| format!("imports probe on {}: {e}", crate_dir.display()))?;
            let json: serde_json::Value = serde_json::from_str(out.stdout.trim())
                .map_err(|e| format!("imports probe printed {:?}: {e}", out.stdout))?;
            let field = |key: &str| json[key].as_u64().unwrap_or(0);
            files = usize::try_from(field("files")).unwrap_or(0);
            lines = usize::try_from(field("lines")).unwrap_or(0);
            violations = usize::try_from(field("violations")).unwrap_or(0);
            let scan = Duration::from_micros(field("micros"));
            let _ = write!(
                line,
                "  imports check {:>10} (process {}, {})",
                ms(scan),
                ms(sample.wall),
                mib(sample.rss_kib)
            );
            scans.push(scan);
        }
        if run <= options.build_runs {
            cargo_in(&check, &["clean"], Some(&target_dir))?;
            let started = Instant::now();
            cargo_in(&check, &["check", "-j", &jobs], Some(&target_dir))?;
            let took = started.elapsed();
            let _ = write!(line, "  cargo check {:>9}", secs(took));
            checks.push(took);
        }
        println!("{line}");
    }
    Ok(ImportsFigures {
        label: folder,
        files,
        lines,
        violations,
        scan: median(scans.into_iter()),
        check: (!checks.is_empty()).then(|| median(checks.into_iter())),
    })
}

/// The load average (`/proc/loadavg`'s first three fields), or `?`.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|| "?".to_owned())
}

fn secs(duration: Duration) -> String {
    format!("{:.1} s", duration.as_secs_f64())
}

/// One row of the comparison: metric, cargo-aspect, cucumber-rs, ratio, target, verdict.
type Row = [String; 6];

fn harness_rows(cases: &[Case], pairs: &[Pair], aspect: &Harness, cucumber: &Harness) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    let row = |metric: String, a: String, c: String, ratio: String, target: &str, met: String| {
        [metric, a, c, ratio, target.to_owned(), met]
    };
    let verdict = |ok: bool| if ok { "met" } else { "MISSED" }.to_owned();
    for (case, pair) in cases.iter().zip(pairs) {
        let a = &pair.aspect;
        let Some(c) = &pair.cucumber else {
            // --list: cucumber-rs has none.
            let wall = a.wall();
            rows.push(row(
                format!("{}: wall", case.label),
                ms(wall),
                "n/a (no --list)".to_owned(),
                "n/a".to_owned(),
                "≤ 100 ms",
                verdict(wall <= Duration::from_millis(100)),
            ));
            rows.push(row(
                format!("{}: peak RSS", case.label),
                mib(a.rss_kib()),
                "n/a".to_owned(),
                "n/a".to_owned(),
                "",
                String::new(),
            ));
            continue;
        };
        let ratio = |x: f64, y: f64| format!("{:.2}", x / y);
        let (aw, cw) = (a.wall().as_secs_f64(), c.wall().as_secs_f64());
        rows.push(row(
            format!("{}: wall", case.label),
            ms(a.wall()),
            ms(c.wall()),
            ratio(aw, cw),
            "",
            String::new(),
        ));
        if case.scenarios > 1 {
            let per_s = |wall: f64| format!("{:.0}/s", case.scenarios as f64 / wall);
            rows.push(row(
                format!("{}: throughput", case.label),
                per_s(aw),
                per_s(cw),
                ratio(cw, aw),
                "≥ 3",
                verdict(cw / aw >= 3.0),
            ));
        }
        let (ar, cr) = (a.rss_kib(), c.rss_kib());
        rows.push(row(
            format!("{}: peak RSS", case.label),
            mib(ar),
            mib(cr),
            ratio(ar as f64, cr as f64),
            "≤ 1",
            verdict(ar <= cr),
        ));
    }
    if aspect.builds.is_empty() {
        rows.push(row(
            "clean build (cargo test --release --no-run)".to_owned(),
            "not measured".to_owned(),
            "not measured".to_owned(),
            "n/a".to_owned(),
            "≤ 0.5",
            String::new(),
        ));
    } else {
        let a = median(aspect.builds.iter().copied());
        let c = median(cucumber.builds.iter().copied());
        let r = a.as_secs_f64() / c.as_secs_f64();
        rows.push(row(
            "clean build (cargo test --release --no-run)".to_owned(),
            secs(a),
            secs(c),
            format!("{r:.2}"),
            "≤ 0.5",
            verdict(r <= 0.5),
        ));
    }
    rows
}

fn print_table(rows: &[Row]) {
    let header: Row = [
        "metric".into(),
        "cargo-aspect".into(),
        "cucumber-rs".into(),
        "ratio a/c".into(),
        "target".into(),
        "".into(),
    ];
    let mut widths = [0; 6];
    for row in std::iter::once(&header).chain(rows) {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let print = |row: &Row| {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(i, (cell, width))| {
                let pad = width - cell.chars().count();
                if i == 0 {
                    format!("{cell}{}", " ".repeat(pad))
                } else {
                    format!("{}{cell}", " ".repeat(pad))
                }
            })
            .collect();
        println!("| {} |", cells.join(" | "));
    };
    print(&header);
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    println!("|-{}-|", rule.join("-|-"));
    for row in rows {
        print(row);
    }
}

fn print_imports(figures: &[ImportsFigures]) {
    let rows: Vec<Row> = figures
        .iter()
        .map(|f| {
            let per_100k = f.scan.as_secs_f64() * 100_000.0 / f.lines.max(1) as f64;
            let (check, ratio) = match f.check {
                Some(check) => (
                    secs(check),
                    format!("{:.3}", f.scan.as_secs_f64() / check.as_secs_f64()),
                ),
                None => ("not measured".to_owned(), "n/a".to_owned()),
            };
            [
                format!(
                    "imports check of {} ({} files, {} lines, {} denied)",
                    f.label, f.files, f.lines, f.violations
                ),
                format!("{} ({:.0} ms/100k lines)", ms(f.scan), per_100k * 1000.0),
                check,
                ratio,
                "≤ 300 ms/100k lines".to_owned(),
                if per_100k <= 0.3 { "met" } else { "MISSED" }.to_owned(),
            ]
        })
        .collect();
    let header: Row = [
        "metric".into(),
        "cargo-aspect".into(),
        "cargo check (clean)".into(),
        "ratio".into(),
        "target".into(),
        "".into(),
    ];
    let mut widths = [0; 6];
    for row in std::iter::once(&header).chain(&rows) {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    for (i, row) in std::iter::once(&header).chain(&rows).enumerate() {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell}{}", " ".repeat(width - cell.chars().count())))
            .collect();
        println!("| {} |", cells.join(" | "));
        if i == 0 {
            let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
            println!("|-{}-|", rule.join("-|-"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_parse_and_default() {
        let o = Options::parse(&[]).unwrap();
        assert_eq!((o.runs, o.build_runs), (RUNS, BUILD_RUNS));
        let o = Options::parse(&["--runs", "3", "--build-runs", "0", "--crate", "/x"]).unwrap();
        assert_eq!((o.runs, o.build_runs), (3, 0));
        assert_eq!(o.crates, [PathBuf::from("/x")]);
        assert!(Options::parse(&["--runs"]).is_err());
        assert!(Options::parse(&["--bogus"]).is_err());
    }

    #[test]
    fn crate_folders_name_crates_and_versions() {
        assert_eq!(
            crate_name(Path::new("/r/regex-syntax-0.8.12")),
            "regex-syntax"
        );
        assert_eq!(crate_name(Path::new("/r/mycrate")), "mycrate");
        assert!(version_key(Path::new("syn-2.0.119")) > version_key(Path::new("syn-2.0.99")));
    }

    #[test]
    fn scenario_names_are_escaped_for_cucumber() {
        assert_eq!(
            regex_escape("Buying a forge, case 0"),
            "Buying a forge, case 0"
        );
        assert_eq!(regex_escape("a (b) 1.5"), "a \\(b\\) 1\\.5");
    }
}
