//! The coding agent's process (`cargo aspect fix`): run in its own process
//! group with the prompt on stdin, stdout and stderr kept apart, killed with its
//! group after a timeout, and ended with the group on Ctrl-C.
//!
//! A child in its own group does not get the terminal's Ctrl-C, so the handler
//! here kills the group `run_captured` is waiting for before the CLI dies of the
//! signal. Spawning, `wait4` and `killpg` are the evidence's
//! ([`crate::evidence::process`]); this module must not grow other process
//! plumbing, and is the CLI's only `unsafe` (installing a signal handler).
#![allow(unsafe_code)]

use std::io::{self, Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{ExitStatus, Stdio};
use std::sync::atomic::{AtomicI32, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use crate::evidence::process::{kill_group, spawn_in_group, wait4, Pipe};

/// How a child run by [`run_captured`] ended: stdout and stderr kept apart.
#[derive(Debug)]
pub(crate) struct Captured {
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
pub(crate) fn run_captured(
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
pub(crate) fn kill_running_group_on_interrupt() -> io::Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str) -> Vec<String> {
        vec!["sh".into(), "-c".into(), script.into()]
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
}
