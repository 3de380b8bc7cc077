//! The imports thread: one per process, started by the first check, on which
//! every check runs, so that what it parses can be kept for the next check
//! (syn's trees cannot move between threads).
//!
//! Must not: run anything but imports checks, or let a check's panic reach
//! the caller's thread.

use std::sync::{mpsc, Mutex, OnceLock, PoisonError};

/// A job for the imports thread.
type Job = Box<dyn FnOnce() + Send>;

/// The imports thread of the process, started by the first check.
static WORKER: OnceLock<Mutex<Option<mpsc::Sender<Job>>>> = OnceLock::new();

/// Run `job` on the process's imports thread and wait for its result.
///
/// syn's trees are not `Send`, so they are kept on the one thread that parsed
/// them (in `tree`'s cache) and every check of the process runs there, one at
/// a time. That thread also holds proc-macro2's thread-local copy of every
/// parsed text (for span locations), which grows only with files never seen
/// before or changed, and its large stack leaves room for syn's recursion on
/// deeply nested code.
///
/// # Errors
/// A message if the thread cannot start or `job` panics (a bug, reported
/// rather than propagated into the caller's thread; `forget` runs on the
/// thread then, to drop what the job may have left half-built).
pub(crate) fn run<R: Send + 'static>(
    job: impl FnOnce() -> R + Send + 'static,
    forget: fn(),
) -> Result<R, String> {
    let (reply, answer) = mpsc::channel();
    let job: Job = Box::new(move || {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
        if result.is_err() {
            forget();
        }
        let _ = reply.send(result);
    });
    {
        let mut worker = WORKER
            .get_or_init(|| Mutex::new(None))
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let sender = match worker.take() {
            Some(sender) => sender,
            None => start_worker()?,
        };
        let sender = match sender.send(job) {
            Ok(()) => sender,
            // The thread is gone: start another.
            Err(mpsc::SendError(job)) => {
                let sender = start_worker()?;
                sender
                    .send(job)
                    .map_err(|_| "the imports check's thread stopped".to_owned())?;
                sender
            }
        };
        *worker = Some(sender);
    }
    match answer.recv() {
        Ok(Ok(result)) => Ok(result),
        Ok(Err(panic)) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(format!(
                "the imports check failed unexpectedly (a bug in cargo-aspect): {what}"
            ))
        }
        Err(_) => Err("the imports check's thread stopped".to_owned()),
    }
}

fn start_worker() -> Result<mpsc::Sender<Job>, String> {
    let (sender, jobs) = mpsc::channel::<Job>();
    std::thread::Builder::new()
        .name("aspect-imports".to_owned())
        .stack_size(64 << 20)
        .spawn(move || {
            for job in jobs {
                job();
            }
        })
        .map_err(|e| format!("cannot start the imports check: {e}"))?;
    Ok(sender)
}
