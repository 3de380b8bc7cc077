//! `cargo xtask bench`: how fast the real harness runs a big suite.
//!
//! Micro-benchmarks of the parser or matcher miss what users pay: process
//! start-up, reading `Cargo.toml` and 100 feature files, building 10,000 libtest
//! trials, matching every step, and libtest-mimic's own output. So this builds a
//! generated 10,000-scenario package (see `gen`) in release and times its
//! test executable as a child process, taking peak RSS from `wait4` (in a small
//! launcher process, so that xtask's own memory does not floor it: see
//! `run_once`). Each figure is the median of five runs, and a run that does not report every scenario
//! passed stops the bench, so the numbers are never those of a broken run.

use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use crate::gen;

/// Runs per measurement; the median is reported.
const RUNS: usize = 5;

/// Build, run and report. `root` is the workspace root.
pub fn run(root: &Path) -> Result<(), String> {
    let bench_dir = root.join("target/xtask-bench");
    let fixture = gen::write_fixture(
        &bench_dir.join("harness"),
        &root.join("cargo-aspect"),
        &root.join("Cargo.lock"),
    )
    .map_err(|e| format!("writing the fixture: {e}"))?;
    println!(
        "fixture: {} ({} feature files, {} scenarios, {} KiB of Gherkin)",
        fixture.root.display(),
        gen::FEATURES,
        fixture.pickles,
        fixture.spec_bytes / 1024
    );

    let started = Instant::now();
    let exe = build_fixture(&fixture.root, &bench_dir.join("target"))?;
    println!(
        "built {} in {:.1} s",
        exe.display(),
        started.elapsed().as_secs_f64()
    );

    let n = fixture.pickles;
    let all_passed = format!("test result: ok. {n} passed;");
    let passed_all = |out: &Captured| out.expect_success()?.expect_stdout(&all_passed);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());

    let full = measure(
        &format!("full run, default threads ({threads})"),
        &exe,
        &fixture.root,
        &[],
        passed_all,
    )?;
    let single = measure(
        "full run, --test-threads 1",
        &exe,
        &fixture.root,
        &["--test-threads", "1"],
        passed_all,
    )?;
    let list = measure(
        "--list --format terse",
        &exe,
        &fixture.root,
        &["--list", "--format", "terse"],
        |out| {
            let listed = out
                .expect_success()?
                .stdout
                .lines()
                .filter(|l| l.ends_with(": test"))
                .count();
            if listed == n {
                Ok(())
            } else {
                Err(format!("--list printed {listed} tests, expected {n}"))
            }
        },
    )?;
    let exact = measure(
        "one scenario by --exact",
        &exe,
        &fixture.root,
        &[&fixture.exact_name, "--exact"],
        |out| {
            out.expect_success()?
                .expect_stdout("test result: ok. 1 passed;")
        },
    )?;

    let parse_bench = gherkin_parse_bench(root)?;
    let imports_rows = crate::imports_bench::rows(root)?;

    let per_second = |m: &Measured| format!("{:.0} scenarios/s", n as f64 / m.wall().as_secs_f64());
    let full_label = format!("full run, {threads} threads");
    let table: Vec<(String, String)> = vec![
        ("scenarios (100 feature files)".into(), n.to_string()),
        (
            format!("{full_label}: wall (median of {RUNS})"),
            ms(full.wall()),
        ),
        (format!("{full_label}: throughput"), per_second(&full)),
        (format!("{full_label}: peak RSS"), mib(full.rss_kib())),
        ("full run, 1 thread: wall".into(), ms(single.wall())),
        ("full run, 1 thread: throughput".into(), per_second(&single)),
        ("full run, 1 thread: peak RSS".into(), mib(single.rss_kib())),
        ("--list --format terse: wall".into(), ms(list.wall())),
        (
            "--list --format terse: peak RSS".into(),
            mib(list.rss_kib()),
        ),
        (
            "one scenario --exact: wall (start-up)".into(),
            ms(exact.wall()),
        ),
        (
            "one scenario --exact: peak RSS".into(),
            mib(exact.rss_kib()),
        ),
        ("cargo bench --bench gherkin_parse".into(), parse_bench),
        crate::hook_bench::pre_tool_use(root)?,
    ];
    let table: Vec<(String, String)> = table.into_iter().chain(imports_rows).collect();
    print_table(&table);
    Ok(())
}

/// `cargo test --release --no-run` the fixture; the path of its `aspect` test executable.
fn build_fixture(package: &Path, target_dir: &Path) -> Result<PathBuf, String> {
    let mut cmd = cargo();
    cmd.args([
        "test",
        "--release",
        "--no-run",
        "--message-format=json",
        "--test",
        "aspect",
    ])
    .current_dir(package)
    .env("CARGO_TARGET_DIR", target_dir)
    .stderr(Stdio::inherit());
    println!(
        "$ cargo test --release --no-run --message-format=json --test aspect   (in {})",
        package.display()
    );
    let output = cmd.output().map_err(|e| format!("running cargo: {e}"))?;
    let messages: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect();
    // With `--message-format=json` the compiler's errors are on stdout, as JSON.
    for message in &messages {
        if let Some(rendered) = message["message"]["rendered"].as_str() {
            eprint!("{rendered}");
        }
    }
    if !output.status.success() {
        return Err(format!("building the fixture failed ({})", output.status));
    }
    messages
        .iter()
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "aspect")
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| "cargo reported no `aspect` test executable".to_owned())
}

/// `cargo bench -p cargo-aspect --bench gherkin_parse`, if that bench exists; a note for the table.
fn gherkin_parse_bench(root: &Path) -> Result<String, String> {
    let manifest = std::fs::read_to_string(root.join("cargo-aspect/Cargo.toml"))
        .map_err(|e| format!("reading cargo-aspect/Cargo.toml: {e}"))?;
    let declared = manifest.contains("[[bench]]") && manifest.contains("\"gherkin_parse\"");
    if !declared && !root.join("cargo-aspect/benches/gherkin_parse.rs").is_file() {
        println!(
            "\nskipped `cargo bench --bench gherkin_parse`: cargo-aspect has no such bench target"
        );
        return Ok("skipped (no such bench target)".to_owned());
    }
    println!("\n$ cargo bench -p cargo-aspect --bench gherkin_parse");
    let status = cargo()
        .args(["bench", "-p", "cargo-aspect", "--bench", "gherkin_parse"])
        .current_dir(root)
        .status()
        .map_err(|e| format!("running cargo: {e}"))?;
    if status.success() {
        Ok("ran (figures printed above)".to_owned())
    } else {
        Err(format!(
            "`cargo bench --bench gherkin_parse` failed ({status})"
        ))
    }
}

/// The cargo that runs us, else `cargo` on the PATH.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// One timed run of a child process.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Sample {
    pub(crate) wall: Duration,
    /// Peak resident set size, KiB (`ru_maxrss` on Linux).
    pub(crate) rss_kib: u64,
}

/// The runs of one measurement.
#[derive(Debug)]
pub(crate) struct Measured {
    pub(crate) samples: Vec<Sample>,
}

impl Measured {
    pub(crate) fn wall(&self) -> Duration {
        median(self.samples.iter().map(|s| s.wall))
    }

    pub(crate) fn rss_kib(&self) -> u64 {
        median(self.samples.iter().map(|s| s.rss_kib))
    }
}

/// What a child printed and how it ended.
pub(crate) struct Captured {
    pub(crate) status: ExitStatus,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Captured {
    pub(crate) fn expect_success(&self) -> Result<&Captured, String> {
        if self.status.success() {
            Ok(self)
        } else {
            Err(format!(
                "the harness exited with {}\n{}",
                self.status,
                self.tail()
            ))
        }
    }

    pub(crate) fn expect_stdout(&self, needle: &str) -> Result<(), String> {
        if self.stdout.contains(needle) {
            Ok(())
        } else {
            Err(format!(
                "the harness did not print `{needle}`\n{}",
                self.tail()
            ))
        }
    }

    /// The end of stdout and stderr, for error messages.
    fn tail(&self) -> String {
        let last = |text: &str| {
            let lines: Vec<&str> = text.lines().collect();
            lines[lines.len().saturating_sub(20)..].join("\n")
        };
        format!(
            "--- stdout (end)\n{}\n--- stderr (end)\n{}",
            last(&self.stdout),
            last(&self.stderr)
        )
    }
}

/// Run `exe args` in `dir` [`RUNS`] times, `check` each run's output, print each run.
fn measure(
    label: &str,
    exe: &Path,
    dir: &Path,
    args: &[&str],
    check: impl Fn(&Captured) -> Result<(), String>,
) -> Result<Measured, String> {
    let shown: Vec<String> = args
        .iter()
        .map(|a| {
            if a.contains(' ') {
                format!("{a:?}")
            } else {
                (*a).to_owned()
            }
        })
        .collect();
    println!(
        "\n{label}: {} {}",
        exe.file_name().unwrap_or_default().to_string_lossy(),
        shown.join(" ")
    );
    let mut samples = Vec::with_capacity(RUNS);
    for run in 1..=RUNS {
        let (sample, captured) = run_once(exe, dir, args, &[])?;
        check(&captured).map_err(|e| format!("{label}, run {run}: {e}"))?;
        println!(
            "  run {run}: {:>8}  peak RSS {:>9}",
            ms(sample.wall),
            mib(sample.rss_kib)
        );
        samples.push(sample);
    }
    let measured = Measured { samples };
    println!(
        "  median: {:>7}  peak RSS {:>9}",
        ms(measured.wall()),
        mib(measured.rss_kib())
    );
    Ok(measured)
}

/// The hidden subcommand of [`measure_child`]: `xtask __measure <report> <exe> [args]`.
pub const MEASURE_CMD: &str = "__measure";

/// Run `exe args` in `dir` through a [`measure_child`] launcher, draining its
/// stdout and stderr on threads: its wall time, peak RSS and output.
///
/// Why a launcher: a child's `ru_maxrss` is never below the high-water RSS of
/// the address space it `exec`s from, which for `posix_spawn` (vfork) is this
/// process's, megabytes of captured output and cargo JSON later. Spawned from a
/// freshly started xtask instead, the floor is that small process's (under 3
/// MiB), below any harness's own peak. `envs` are set for the child on top of ours.
pub(crate) fn run_once(
    exe: &Path,
    dir: &Path,
    args: &[&str],
    envs: &[(&str, &Path)],
) -> Result<(Sample, Captured), String> {
    let launcher =
        std::env::current_exe().map_err(|e| format!("finding the xtask executable: {e}"))?;
    let report = std::env::temp_dir().join(format!("xtask-measure-{}.txt", std::process::id()));
    let _ = std::fs::remove_file(&report);
    let mut child = Command::new(launcher)
        .arg(MEASURE_CMD)
        .arg(&report)
        .arg(exe)
        .args(args)
        .envs(envs.iter().copied())
        .current_dir(dir)
        .env_remove("ASPECT_TAGS")
        .env_remove("RUST_TEST_THREADS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("starting {}: {e}", exe.display()))?;
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_string(&mut text);
            }
            text
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let launched = child
        .wait()
        .map_err(|e| format!("waiting for the harness: {e}"))?;
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    let text = std::fs::read_to_string(&report).unwrap_or_default();
    let _ = std::fs::remove_file(&report);
    let fields: Vec<u64> = text
        .split_whitespace()
        .filter_map(|f| f.parse().ok())
        .collect();
    let [raw_status, rss_kib, wall_ns] = fields[..] else {
        return Err(format!(
            "could not run {} ({launched})\n{stderr}",
            exe.display()
        ));
    };
    let captured = Captured {
        status: ExitStatus::from_raw(i32::try_from(raw_status).unwrap_or(1)),
        stdout,
        stderr,
    };
    let sample = Sample {
        wall: Duration::from_nanos(wall_ns),
        rss_kib,
    };
    Ok((sample, captured))
}

/// `xtask __measure <report> <exe> [args]`: run `exe args` with our stdio, reap
/// it with `wait4`, and write `<raw wait status> <peak RSS KiB> <wall ns>` to
/// `report`. See [`run_once`] for why.
pub fn measure_child(args: &[String]) -> std::process::ExitCode {
    let [report, exe, rest @ ..] = args else {
        eprintln!("usage: xtask {MEASURE_CMD} <report file> <exe> [args]");
        return std::process::ExitCode::from(2);
    };
    let started = Instant::now();
    let child = match Command::new(exe).args(rest).spawn() {
        Ok(child) => child,
        Err(e) => {
            eprintln!("starting {exe}: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let Ok(pid) = libc::pid_t::try_from(child.id()) else {
        return std::process::ExitCode::FAILURE;
    };
    match wait_with_peak_rss(pid) {
        Ok((status, rss_kib)) => {
            let wall = started.elapsed().as_nanos();
            let line = format!("{} {rss_kib} {wall}\n", status.into_raw());
            match std::fs::write(report, line) {
                Ok(()) => std::process::ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("writing {report}: {e}");
                    std::process::ExitCode::FAILURE
                }
            }
        }
        Err(e) => {
            eprintln!("waiting for {exe}: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Reap child `pid` with `wait4`: its exit status and peak RSS in KiB.
///
/// The child must not have been waited for; `std::process::Child` only reaps in
/// `wait`/`try_wait`/`output`, which [`measure_child`] never calls.
#[allow(unsafe_code)]
fn wait_with_peak_rss(pid: libc::pid_t) -> std::io::Result<(ExitStatus, u64)> {
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is a plain C struct of integers, for which all zeroes is valid.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: both pointers are to live, writable locals of the right types.
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if reaped == pid {
            break;
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != std::io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
    let rss_kib = u64::try_from(usage.ru_maxrss).unwrap_or(0);
    Ok((ExitStatus::from_raw(status), rss_kib))
}

/// The median of an odd number of values (the upper middle one for an even number).
pub(crate) fn median<T: Ord + Copy>(values: impl Iterator<Item = T>) -> T {
    let mut values: Vec<T> = values.collect();
    values.sort_unstable();
    values[values.len() / 2]
}

pub(crate) fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

pub(crate) fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

fn print_table(rows: &[(String, String)]) {
    let width = rows
        .iter()
        .map(|(m, _)| m.len())
        .max()
        .unwrap_or(0)
        .max("metric".len());
    println!("\n{:<width$} | value", "metric");
    println!("{:-<width$}-|-{:-<20}", "", "");
    for (metric, value) in rows {
        println!("{metric:<width$} | {value}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_is_the_middle_value() {
        assert_eq!(median([5, 1, 4, 2, 3].into_iter()), 3);
        assert_eq!(median([7].into_iter()), 7);
    }
}
