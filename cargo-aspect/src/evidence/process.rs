//! Running a child process as evidence: argv (no shell), its own process group,
//! a timeout that kills the whole group, combined output, and peak RSS.
//!
//! Shared by the `command` and `memory` kinds. The child gets a fresh process
//! group so that a timeout (or a script that leaves background jobs behind) can
//! be cleaned up with one `killpg`; evidence must never leave processes running.
//! This is the only module with `unsafe`: libc calls, `wait4` and `killpg`, and the
//! interrupt handler that ends a running child group (`cargo aspect fix`).
#![allow(unsafe_code)]

use std::io::{self, Read, Write};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicI32, Ordering};
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

/// How a child run by [`run_captured`] ended: stdout and stderr kept apart.
#[derive(Debug)]
pub struct Captured {
    /// Its exit status (after a timeout: killed by SIGKILL).
    pub status: ExitStatus,
    /// Everything it wrote to stdout.
    pub stdout: Vec<u8>,
    /// Everything it wrote to stderr.
    pub stderr: Vec<u8>,
    /// Whether the timeout killed it.
    pub timed_out: bool,
    /// Wall time from spawn to exit.
    pub elapsed: Duration,
}

/// The process group of the child [`run_captured`] is waiting for (0: none),
/// for the interrupt handler of [`kill_running_group_on_interrupt`].
static RUNNING_GROUP: AtomicI32 = AtomicI32::new(0);

/// Run `argv` in `cwd` in its own process group, writing `input` to its stdin
/// (then closing it), keeping stdout and stderr apart, and killing the group
/// after `timeout`. `on_spawn` gets the child's pid, which is also its group id.
///
/// While it waits, the group is the one [`kill_running_group_on_interrupt`] ends.
///
/// # Errors
/// The spawn error (program not found, not executable), with the program named.
pub fn run_captured(
    argv: &[String],
    cwd: &Path,
    env: &[(&str, &std::ffi::OsStr)],
    input: &[u8],
    timeout: Option<Duration>,
    on_spawn: &mut dyn FnMut(u32),
) -> io::Result<Captured> {
    let start = Instant::now();
    let (mut child, pipes) = spawn_in_group(argv, cwd, env, Stdio::piped())?;
    let pid = child.id() as libc::pid_t;
    RUNNING_GROUP.store(pid, Ordering::SeqCst);
    on_spawn(child.id());

    // A child that never reads its stdin must not block us: write from a thread.
    let writer = child.stdin.take().map(|mut stdin| {
        let input = input.to_vec();
        thread::spawn(move || {
            let _ = stdin.write_all(&input);
        })
    });
    let drain = |pipe: Option<Pipe>| {
        thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let [stdout, stderr] = pipes.map(drain);

    let deadline = timeout.map(|t| start + t);
    let mut timed_out = false;
    let waited = loop {
        match wait4(pid, false) {
            Ok(Some((status, _))) => break Ok(status),
            Ok(None) if deadline.is_some_and(|d| Instant::now() >= d) => {
                timed_out = true;
                kill_group(pid);
                break wait4(pid, true).map(|done| done.map_or(libc::SIGKILL, |(s, _)| s));
            }
            Ok(None) => thread::sleep(Duration::from_millis(20)),
            Err(e) => break Err(e),
        }
    };
    let elapsed = start.elapsed();
    // Whatever the child left behind in its group goes too, so no pipe stays open.
    kill_group(pid);
    RUNNING_GROUP.store(0, Ordering::SeqCst);
    let raw_status = waited?;
    if let Some(writer) = writer {
        let _ = writer.join();
    }
    Ok(Captured {
        status: ExitStatus::from_raw(raw_status),
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
        timed_out,
        elapsed,
    })
}

/// On SIGINT, SIGTERM or SIGHUP, kill the process group [`run_captured`] is
/// waiting for (a child in its own group does not get the terminal's Ctrl-C),
/// then die of the signal as if there were no handler.
///
/// # Errors
/// When a handler cannot be installed.
pub fn kill_running_group_on_interrupt() -> io::Result<()> {
    for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
        let handler: extern "C" fn(libc::c_int) = on_interrupt;
        // SAFETY: the handler only calls async-signal-safe functions (killpg,
        // signal, raise) and reads an atomic.
        let previous = unsafe { libc::signal(signal, handler as libc::sighandler_t) };
        if previous == libc::SIG_ERR {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

extern "C" fn on_interrupt(signal: libc::c_int) {
    let group = RUNNING_GROUP.load(Ordering::SeqCst);
    // SAFETY: async-signal-safe calls only; a group that is gone gives ESRCH.
    unsafe {
        if group > 0 {
            libc::killpg(group, libc::SIGKILL);
        }
        libc::signal(signal, libc::SIG_DFL);
        libc::raise(signal);
    }
}

/// One end of a child's stdout or stderr, for a reader thread.
type Pipe = Box<dyn Read + Send>;

/// Spawn `argv` in `cwd` with extra `env` and `stdin` as given, in a process
/// group of its own (its pid is the group id); its stdout and stderr, piped and
/// taken out of the child, come back beside it.
///
/// # Errors
/// An empty `argv`; the spawn error, with the program named.
fn spawn_in_group(
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
fn wait4(pid: libc::pid_t, block: bool) -> io::Result<Option<(i32, u64)>> {
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

fn kill_group(pgid: libc::pid_t) {
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
    fn captured_runs_get_their_input_and_keep_streams_apart() {
        let mut spawned = 0;
        let done = run_captured(
            &sh("cat; echo oops >&2; exit 4"),
            Path::new("."),
            &[],
            b"the prompt",
            None,
            &mut |pid| spawned = pid,
        )
        .unwrap();
        assert!(spawned > 0);
        assert_eq!(done.status.code(), Some(4));
        assert_eq!(done.stdout, b"the prompt");
        assert_eq!(done.stderr, b"oops\n");
        // A child that never reads a large input does not block us.
        let big = vec![b'x'; 1 << 20];
        let done =
            run_captured(&sh("exit 0"), Path::new("."), &[], &big, None, &mut |_| {}).unwrap();
        assert!(done.status.success());
        let done = run_captured(
            &sh("sleep 30"),
            Path::new("."),
            &[],
            b"",
            Some(Duration::from_millis(200)),
            &mut |_| {},
        )
        .unwrap();
        assert!(done.timed_out);
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
