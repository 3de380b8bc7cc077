//! `memory` evidence: a registered function, or a command, stays within a budget.
//!
//! Two forms, because they answer different questions:
//!
//! - `evidence: {memory: {bench: load_world, max: 64MiB}}` runs the routine of the
//!   `#[aspect::bench]` function `load_world` once and judges the peak number of
//!   bytes it had allocated at any moment (above what was live when it started).
//!   The bytes are counted by [`CountingAllocator`](super::alloc::CountingAllocator),
//!   the global allocator that `aspect::main!` installs ([`super::alloc`]). How much a program allocates hardly
//!   depends on the optimization level, so this form is judged in debug builds too.
//! - `evidence: {memory: {command: [prog, args...], max: 200MiB}}` runs a program
//!   and judges its peak resident set size as the kernel reports it, which
//!   includes code and stacks, not just heap. Linux counts in a child's peak the
//!   memory of the process it started as a copy of (with `posix_spawn`, the
//!   spawner's peak), so a small command spawned straight from a harness that has
//!   used a lot of memory would report the harness's figure. So in a harness
//!   (its `main` went through [`crate::Harness`]) the command is started by a
//!   small intermediate, the harness binary run again with [`INTERMEDIATE_ENV`]
//!   set: it starts the command, waits, and writes the command's peak
//!   (`RUSAGE_CHILDREN`) to a file; the floor is the intermediate's few MiB.
//!   Elsewhere (a plain `#[test]` calling the evidence) the command is spawned
//!   directly, and a figure that may be the spawner's is not blamed on the
//!   command: over budget but not above our own peak, the verdict fails saying
//!   the command's own peak cannot be told apart.
//!
//! This module, `alloc` and `process` are the only ones with `unsafe`: here
//! `getrusage`, and passing a command's fatal signal on from the intermediate.

#![allow(unsafe_code)]

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use super::alloc::{is_installed, NotInstalled};
use super::bencher::{find_bench, run_bench, Mode, Outcome};
use super::command::{resolve_program, DEFAULT_TIMEOUT, TAIL_LINES};
use super::process;
use super::sampling::Config;
use super::units::{format_duration, format_size};
use super::{Context, Evidence, Measurement, Unit, Verdict};

/// Set when this process's `main` went through [`crate::Harness`]: then the
/// binary can be run again as the intermediate of `memory: {command}` evidence.
static IN_HARNESS: AtomicBool = AtomicBool::new(false);

/// Set (to a file path) only on the intermediate: where to write the command's
/// peak RSS in bytes. Its arguments are the command's argv.
pub const INTERMEDIATE_ENV: &str = "ASPECT_MEASURE_RSS_TO";

/// Called first by the harness: when this process is the intermediate, run the
/// command of its arguments, record the command's peak RSS, and return the
/// command's exit code (a signal that ended the command ends this process too).
pub(crate) fn intermediate_main() -> Option<ExitCode> {
    IN_HARNESS.store(true, Ordering::Relaxed);
    let out = std::env::var_os(INTERMEDIATE_ENV)?;
    let mut args = std::env::args_os().skip(1);
    let Some(program) = args.next() else {
        eprintln!("error: {INTERMEDIATE_ENV} is set but no command was given");
        return Some(ExitCode::from(2));
    };
    let status = match std::process::Command::new(&program)
        .args(args)
        .env_remove(INTERMEDIATE_ENV)
        .status()
    {
        Ok(status) => status,
        Err(e) => {
            eprintln!("cannot run {}: {e}", program.to_string_lossy());
            return Some(ExitCode::from(127));
        }
    };
    if let Some(peak) = children_peak_rss() {
        if let Err(e) = std::fs::write(&out, peak.to_string()) {
            eprintln!("cannot write {}: {e}", out.to_string_lossy());
        }
    }
    if let Some(signal) = std::os::unix::process::ExitStatusExt::signal(&status) {
        // SAFETY: resetting a signal to its default action and raising it on
        // ourselves have no memory-safety preconditions.
        unsafe {
            libc::signal(signal, libc::SIG_DFL);
            libc::raise(signal);
        }
        return Some(ExitCode::from(128 + (signal & 0x7f) as u8));
    }
    Some(ExitCode::from(status.code().map_or(1, |c| c as u8)))
}

/// The largest peak RSS, in bytes, of the children this process has waited for.
fn children_peak_rss() -> Option<u64> {
    // SAFETY: rusage is plain old data; zeroed is a valid value for it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `usage` is a valid, exclusively borrowed out-pointer for the call.
    let ok = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) } == 0;
    // ru_maxrss is in KiB on Linux.
    ok.then(|| u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024)
}
/// What a [`MemoryEvidence`] measures.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Target {
    Function(String),
    Command {
        argv: Vec<String>,
        timeout: Option<Duration>,
    },
}

/// `memory` evidence: a registered function's routine allocates at most `max`
/// bytes at its peak, or a command's peak RSS is at most `max`.
///
/// ```
/// use aspect::__private::evidence::memory::MemoryEvidence;
/// use aspect::__private::evidence::Evidence;
///
/// let f = MemoryEvidence::function("load_world".into(), 64 << 20);
/// assert_eq!(f.describe(), "memory of bench load_world ≤ 64.0 MiB");
/// let c = MemoryEvidence::command(vec!["scripts/import.sh".into(), "big.csv".into()], 200 << 20, None);
/// assert_eq!(c.describe(), "memory of `scripts/import.sh big.csv` ≤ 200.0 MiB");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemoryEvidence {
    target: Target,
    max: u64,
}

impl MemoryEvidence {
    /// Evidence that the routine of the bench registered as `name` allocates at
    /// most `max` bytes at its peak.
    pub fn function(name: String, max: u64) -> MemoryEvidence {
        MemoryEvidence {
            target: Target::Function(name),
            max,
        }
    }

    /// Evidence that `argv` exits 0 with a peak RSS of at most `max` bytes.
    ///
    /// It runs as [`CommandEvidence`](super::command::CommandEvidence) does: from the
    /// workspace root, a program with a `/` being a path inside it and one without
    /// looked up on `PATH`, killed after `timeout` (else the aspect's timeout, else
    /// [`DEFAULT_TIMEOUT`](super::command::DEFAULT_TIMEOUT)).
    pub fn command(argv: Vec<String>, max: u64, timeout: Option<Duration>) -> MemoryEvidence {
        MemoryEvidence {
            target: Target::Command { argv, timeout },
            max,
        }
    }

    /// The budget, in bytes.
    pub fn max(&self) -> u64 {
        self.max
    }

    fn measured(&self, value: u64, summary: String) -> Verdict {
        Verdict::Measured {
            measurement: Measurement {
                unit: Unit::Bytes,
                value: value as f64,
                budget: self.max as f64,
                spread: 0.0,
                samples: 1,
            },
            summary,
        }
    }

    fn judge_function(&self, name: &str) -> Verdict {
        let def = match find_bench(name) {
            Ok(def) => def,
            Err(message) => return Verdict::Fails { message },
        };
        if !is_installed() {
            return Verdict::Fails {
                message: NotInstalled.to_string(),
            };
        }
        match run_bench(def, Mode::Memory, Config::default()) {
            Ok(Outcome::Peak(Ok(peak))) => self.measured(
                peak,
                format!(
                    "peak {} allocated; budget {}",
                    format_size(peak),
                    format_size(self.max)
                ),
            ),
            Ok(Outcome::Peak(Err(not_installed))) => Verdict::Fails {
                message: not_installed.to_string(),
            },
            Ok(_) => Verdict::Fails {
                message: format!("bench `{name}` was not measured"),
            },
            Err(message) => Verdict::Fails { message },
        }
    }

    fn judge_command(
        &self,
        argv: &[String],
        timeout: Option<Duration>,
        ctx: &Context<'_>,
    ) -> Verdict {
        let program = match resolve_program(first(argv), ctx.workspace_root) {
            Ok(program) => program,
            Err(message) => return Verdict::Fails { message },
        };
        let mut resolved = argv.to_vec();
        resolved[0] = program.to_string_lossy().into_owned();
        let shown = show_command(argv);
        let timeout = timeout.or(ctx.timeout).unwrap_or(DEFAULT_TIMEOUT);
        let intermediate = IN_HARNESS
            .load(Ordering::Relaxed)
            .then(std::env::current_exe)
            .and_then(Result::ok);
        let figure = intermediate.as_ref().map(|_| {
            static RUNS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
            std::env::temp_dir().join(format!(
                "aspect-peak-rss-{}-{}",
                std::process::id(),
                RUNS.fetch_add(1, Ordering::Relaxed)
            ))
        });
        let ran = match (&intermediate, &figure) {
            (Some(exe), Some(figure)) => {
                let mut via = vec![exe.to_string_lossy().into_owned()];
                via.extend(resolved);
                process::run_with_env(
                    &via,
                    ctx.workspace_root,
                    &[(INTERMEDIATE_ENV, figure.as_os_str())],
                    Some(timeout),
                )
            }
            _ => process::run(&resolved, ctx.workspace_root, Some(timeout)),
        };
        // The intermediate's figure is the command's own; without it, the
        // direct child's (which may include the spawner's, see the module docs).
        let measured = figure.as_ref().and_then(|figure| {
            let text = std::fs::read_to_string(figure).ok();
            let _ = std::fs::remove_file(figure);
            text?.trim().parse::<u64>().ok()
        });
        let done = match ran {
            Ok(done) => done,
            Err(e) => {
                return Verdict::Fails {
                    message: e.to_string(),
                }
            }
        };
        if done.timed_out {
            return Verdict::Fails {
                message: format!(
                    "`{shown}` timed out after {}\n{}",
                    format_duration(timeout),
                    done.tail(TAIL_LINES)
                ),
            };
        }
        if !done.status.success() {
            return Verdict::Fails {
                message: format!(
                    "`{shown}` failed: {}\n{}",
                    done.describe_status(),
                    done.tail(TAIL_LINES)
                ),
            };
        }
        let peak = measured.unwrap_or(done.peak_rss);
        if measured.is_none() && peak > self.max {
            // The child started as a copy of this process, and Linux counts that
            // copy's resident memory in the child's peak: a figure not above our
            // own peak may be ours rather than the command's (module docs).
            if let Some(own) = own_peak_rss().filter(|&own| peak <= own) {
                return Verdict::Fails {
                    message: format!(
                        "`{shown}` reported a peak RSS of {}, over the budget of {}, but this \
                         harness itself has used up to {}, and Linux counts a child's peak RSS \
                         as at least the memory of the process that spawned it: the command's \
                         own peak cannot be told apart. Judge this aspect from a harness that \
                         uses less memory than the budget (e.g. its own `[[test]]` target, or \
                         `cargo nextest run`, which runs each trial in a fresh process)",
                        format_size(peak),
                        format_size(self.max),
                        format_size(own)
                    ),
                };
            }
        }
        let summary = format!(
            "peak RSS {}; budget {}",
            format_size(peak),
            format_size(self.max)
        );
        self.measured(peak, summary)
    }
}

impl Evidence for MemoryEvidence {
    fn kind(&self) -> &'static str {
        "memory"
    }

    fn describe(&self) -> String {
        let max = format_size(self.max);
        match &self.target {
            Target::Function(name) => format!("memory of bench {name} ≤ {max}"),
            Target::Command { argv, .. } => format!("memory of `{}` ≤ {max}", show_command(argv)),
        }
    }

    fn validate(&self, ctx: &Context<'_>) -> Result<(), String> {
        match &self.target {
            Target::Function(name) => find_bench(name).map(|_| ()),
            Target::Command { argv, .. } => {
                resolve_program(first(argv), ctx.workspace_root).map(drop)
            }
        }
    }

    fn judge(&self, ctx: &Context<'_>) -> Verdict {
        match &self.target {
            Target::Function(name) => self.judge_function(name),
            Target::Command { argv, timeout } => self.judge_command(argv, *timeout, ctx),
        }
    }
}

/// The command as one line, arguments with spaces quoted.
fn show_command(argv: &[String]) -> String {
    let words: Vec<String> = argv
        .iter()
        .map(|word| {
            if word.is_empty() || word.contains(char::is_whitespace) {
                format!("'{word}'")
            } else {
                word.clone()
            }
        })
        .collect();
    words.join(" ")
}

/// This process's own peak RSS in bytes: `VmHWM` of `/proc/self/status` (the
/// peak of its memory map, which is what a child inherits), else `getrusage`.
fn own_peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok();
    let from_proc = status.as_deref().and_then(|status| {
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib * 1024)
    });
    from_proc.or_else(|| {
        // SAFETY: rusage is plain old data; zeroed is a valid value for it.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: `usage` is a valid, exclusively borrowed out-pointer for the call.
        let ok = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } == 0;
        // ru_maxrss is in KiB on Linux, as `process` assumes.
        ok.then(|| u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024)
    })
}

/// The program of a command; empty when there is none (which `resolve_program` rejects).
fn first(argv: &[String]) -> &str {
    argv.first().map_or("", String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn commands_are_validated_like_command_evidence() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let ctx = Context {
            workspace_root: root,
            package_root: root,
            aspect: "memory",
            optimized: false,
            bench_mode: false,
            timeout: None,
        };
        let ok = MemoryEvidence::command(strings(&["sh", "-c", "true"]), 1 << 30, None);
        assert_eq!(ok.validate(&ctx), Ok(()));
        let missing = MemoryEvidence::command(strings(&["no-such-program-xyz"]), 1, None);
        let err = missing.validate(&ctx).unwrap_err();
        assert!(err.contains("not found on PATH"), "{err}");
        // Enough `..` to reach `/` from wherever the checkout is, then a real program.
        let up = "../".repeat(root.components().count());
        let outside = MemoryEvidence::command(vec![format!("{up}bin/sh")], 1, None);
        let err = outside.validate(&ctx).unwrap_err();
        assert!(err.contains("outside the workspace"), "{err}");
        let empty = MemoryEvidence::command(Vec::new(), 1, None);
        assert!(empty.validate(&ctx).unwrap_err().contains("empty"));
        assert!(matches!(empty.judge(&ctx), Verdict::Fails { .. }));
    }

    #[test]
    fn commands_are_shown_as_written() {
        assert_eq!(
            show_command(&strings(&["sh", "-c", "echo hi", ""])),
            "sh -c 'echo hi' ''"
        );
    }
}
