//! `cargo xtask`: the repository's chores as plain Rust, so they run the same on
//! every machine and in CI without shell scripts (see the `xtask` alias in
//! `.cargo/config.toml`).
//!
//! - `cargo xtask bench`: run 10,000 generated scenarios through the real
//!   harness and print throughput, start-up time and peak memory, and how fast
//!   `cargo aspect hook PreToolUse` answers (`hook_bench`), and how fast the
//!   imports check is (`imports_bench`; alone: `--imports`).
//! - `cargo xtask bench --vs-cucumber`: the same idle-game suites through
//!   cargo-aspect and cucumber-rs 0.23 side by side (run time, peak RSS, start-up,
//!   `--list`, clean build), and the imports check against `cargo check`.
//! - `cargo xtask ci`: fmt, clippy, test and nextest, as CI runs them.
//! - `cargo xtask layout`: no file over 500 lines, no modules importing each
//!   other, one module-file convention (the `source-layout` aspect runs it).

mod bench;
mod ci;
mod gen;
mod hook_bench;
mod imports_bench;
mod layout;
mod vs;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  bench   run 10,000 generated scenarios through the harness and print figures
  bench --vs-cucumber [--runs N] [--build-runs N] [--jobs N] [--crate DIR]...
          the same suites through cargo-aspect and cucumber-rs, side by side
  bench --hook
          only how fast `cargo aspect hook PreToolUse` answers (budget 20 ms)
  bench --imports
          only the imports check's rows (syn, regex-syntax, layers; debug and release)
  ci      run what CI runs: fmt --check, clippy -D warnings, test, nextest
  layout  check file sizes, module cycles and the module-file convention
";

fn main() -> ExitCode {
    let args_owned: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args_owned.iter().map(String::as_str).collect();
    let root = workspace_root();
    match args.as_slice() {
        ["bench"] => match bench::run(&root) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("error: bench: {message}");
                ExitCode::FAILURE
            }
        },
        ["bench", "--vs-cucumber", rest @ ..] => {
            match vs::Options::parse(rest).and_then(|options| vs::run(&root, &options)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("error: bench --vs-cucumber: {message}");
                    ExitCode::FAILURE
                }
            }
        }
        ["bench", "--hook"] => match hook_bench::pre_tool_use(&root) {
            Ok((label, value)) => {
                println!("{label}: {value}");
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("error: bench --hook: {message}");
                ExitCode::FAILURE
            }
        },
        ["bench", "--imports"] => match imports_bench::rows(&root) {
            Ok(rows) => {
                for (label, value) in rows {
                    println!("{label}: {value}");
                }
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("error: bench --imports: {message}");
                ExitCode::FAILURE
            }
        },
        [bench::MEASURE_CMD, ..] => bench::measure_child(&args_owned[1..]),
        ["layout"] => layout::run(&root),
        ["ci"] => ExitCode::from(u8::try_from(ci::run(&root)).unwrap_or(1)),
        ["help" | "--help" | "-h"] => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprint!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// The workspace root: the parent of this package.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace root")
        .to_owned()
}
