//! Running a child process as evidence: argv (no shell), its own process group,
//! a timeout that kills the whole group, combined output, and peak RSS.
//!
//! Shared by the `command` and `memory` kinds. The child gets a fresh process
//! group so that a timeout (or a script that leaves background jobs behind) can
//! be cleaned up with one `killpg`; evidence must never leave processes running.
//! `wait4` and `killpg` are libc calls: with the counting allocator
//! (`evidence::memory`) and the CLI's interrupt handler (`cli::commands::fix::agent_process`,
//! which spawns through here) this is one of the few modules with `unsafe`.
#![allow(unsafe_code)]

use std::io::{self, Read};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// How a child process ended.
#[derive(Debug)]
pub struct Finished {
    /// Its exit status (after a timeout: killed by SIGKILL).
    pub status: ExitStatus,
    /// stdout and stderr, interleaved in the order the chunks arrived.
    pub output: Vec<u8>,
    /// Whether the timeout killed it.
    pub timed_out: bool,
    /// Peak resident set size of the child, in bytes (from `wait4`).
    pub peak_rss: u64,
    /// Wall time from spawn to exit.
    #[cfg_attr(not(feature = "aspects"), allow(dead_code))]
    pub elapsed: Duration,
}

impl Finished {
    /// The last `n` lines of the output, lossily decoded.
    pub fn tail(&self, n: usize) -> String {
        let text = String::from_utf8_lossy(&self.output);
        let lines: Vec<&str> = text.lines().collect();
        let skipped = lines.len().saturating_sub(n);
        let mut out = String::new();
        if skipped > 0 {
            out.push_str(&format!("[{skipped} earlier lines not shown]\n"));
        }
        out.push_str(&lines[skipped..].join("\n"));
        out
    }

    /// `exit status 3`, `killed by signal 9`, ...
    pub fn describe_status(&self) -> String {
        match (self.status.code(), self.status.signal()) {
            (Some(code), _) => format!("exit status {code}"),
            (None, Some(signal)) => format!("killed by signal {signal}"),
            (None, None) => "unknown exit status".to_owned(),
        }
    }
}

/// Run `argv` in `cwd` with no stdin, killing its process group after `timeout`.
///
/// # Errors
/// The spawn error (program not found, not executable), with the program named.
pub fn run(argv: &[String], cwd: &Path, timeout: Option<Duration>) -> io::Result<Finished> {
    run_with_env(argv, cwd, &[], timeout)
}

/// [`run`] with extra environment variables for the child.
///
/// # Errors
/// As [`run`].
pub fn run_with_env(
    argv: &[String],
    cwd: &Path,
    env: &[(&str, &std::ffi::OsStr)],
    timeout: Option<Duration>,
) -> io::Result<Finished> {
    let start = Instant::now();
    let (child, pipes) = spawn_in_group(argv, cwd, env, Stdio::null())?;
    let pid = child.id() as libc::pid_t;

    let output = Arc::new(Mutex::new(Vec::new()));
    let readers: Vec<_> = pipes
        .into_iter()
        .flatten()
        .map(|mut pipe| {
            let output = Arc::clone(&output);
            thread::spawn(move || {
                let mut buf = [0u8; 8192];
                while let Ok(n) = pipe.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    output
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .extend_from_slice(&buf[..n]);
                }
            })
        })
        .collect();

    let deadline = timeout.map(|t| start + t);
    let mut timed_out = false;
    let (raw_status, peak_rss) = loop {
        match wait4(pid, false)? {
            Some(done) => break done,
            None if deadline.is_some_and(|d| Instant::now() >= d) => {
                timed_out = true;
                kill_group(pid);
                break wait4(pid, true)?.unwrap_or((libc::SIGKILL, 0));
            }
            None => thread::sleep(Duration::from_millis(5)),
        }
    };
    let elapsed = start.elapsed();
    // Whatever the child left behind in its group goes too, so no pipe stays open.
    kill_group(pid);
    for reader in readers {
        let _ = reader.join();
    }
    let output = std::mem::take(&mut *output.lock().unwrap_or_else(|e| e.into_inner()));
    Ok(Finished {
        status: ExitStatus::from_raw(raw_status),
        output,
        timed_out,
        peak_rss,
        elapsed,
    })
}

/// One end of a child's stdout or stderr, for a reader thread.
pub(crate) type Pipe = Box<dyn Read + Send>;

/// Spawn `argv` in `cwd` with extra `env` and `stdin` as given, in a process
/// group of its own (its pid is the group id); its stdout and stderr, piped and
/// taken out of the child, come back beside it.
///
/// # Errors
/// An empty `argv`; the spawn error, with the program named.
pub(crate) fn spawn_in_group(
    argv: &[String],
    cwd: &Path,
    env: &[(&str, &std::ffi::OsStr)],
    stdin: Stdio,
) -> io::Result<(Child, [Option<Pipe>; 2])> {
    let (program, args) = argv
        .split_first()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "empty command"))?;
    let mut child = Command::new(program)
        .args(args)
        .current_dir(cwd)
        .envs(env.iter().copied())
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .map_err(|e| io::Error::new(e.kind(), format!("cannot run `{program}`: {e}")))?;
    let pipes = [
        child.stdout.take().map(|s| Box::new(s) as Pipe),
        child.stderr.take().map(|s| Box::new(s) as Pipe),
    ];
    Ok((child, pipes))
}

/// `wait4(pid)`: `Some((raw status, peak RSS in bytes))` once the child exited.
pub(crate) fn wait4(pid: libc::pid_t, block: bool) -> io::Result<Option<(i32, u64)>> {
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain old data; zeroed is a valid value for it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let flags = if block { 0 } else { libc::WNOHANG };
    loop {
        // SAFETY: `status` and `usage` are valid, exclusively borrowed out-pointers
        // for the duration of the call; `pid` is our own child, not yet reaped.
        let got = unsafe { libc::wait4(pid, &mut status, flags, &mut usage) };
        match got {
            0 => return Ok(None),
            p if p == pid => {
                // ru_maxrss is in KiB on Linux.
                let peak = u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024;
                return Ok(Some((status, peak)));
            }
            _ => {
                let err = io::Error::last_os_error();
                if err.kind() != io::ErrorKind::Interrupted {
                    return Err(err);
                }
            }
        }
    }
}

pub(crate) fn kill_group(pgid: libc::pid_t) {
    // SAFETY: killpg has no memory-safety preconditions; a group that no longer
    // exists gives ESRCH, which is fine to ignore.
    unsafe {
        libc::killpg(pgid, libc::SIGKILL);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str) -> Vec<String> {
        vec!["sh".into(), "-c".into(), script.into()]
    }

    #[test]
    fn output_and_status_are_kept() {
        let done = run(&sh("echo out; echo err >&2; exit 3"), Path::new("."), None).unwrap();
        assert_eq!(done.status.code(), Some(3));
        let text = String::from_utf8_lossy(&done.output);
        assert!(text.contains("out") && text.contains("err"), "{text}");
        assert!(!done.timed_out);
        assert!(done.peak_rss > 0);
    }

    #[test]
    fn a_timeout_kills_the_whole_group_promptly() {
        let start = Instant::now();
        // The grandchild `sleep` holds the pipes open; only a group kill ends it.
        let done = run(
            &sh("sleep 30 & sleep 30; echo never"),
            Path::new("."),
            Some(Duration::from_millis(300)),
        )
        .unwrap();
        assert!(done.timed_out);
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{:?}",
            start.elapsed()
        );
        assert_eq!(done.describe_status(), "killed by signal 9");
    }

    #[test]
    fn a_missing_program_is_an_error_naming_it() {
        let err = run(&["no-such-program-xyz".into()], Path::new("."), None).unwrap_err();
        assert!(err.to_string().contains("no-such-program-xyz"), "{err}");
    }

    #[test]
    fn tail_keeps_the_last_lines() {
        let done = run(
            &sh("for i in $(seq 1 100); do echo line$i; done"),
            Path::new("."),
            None,
        )
        .unwrap();
        let tail = done.tail(40);
        assert!(tail.starts_with("[60 earlier lines not shown]"), "{tail}");
        assert!(tail.ends_with("line100"), "{tail}");
        assert!(!tail.contains("line60\n"), "{tail}");
    }
}
