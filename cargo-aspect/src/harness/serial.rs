//! `@serial`: a scenario tagged `@serial` (itself, or through its feature or
//! rule) runs alone: while it runs, no other scenario of the run is in flight.
//!
//! It exists because scenarios run at once in two ways, and a shared resource
//! (a file, a port, a database) must be safe under both: `cargo test` runs the
//! trials of one harness on libtest's threads, and runs a package's test
//! executables one after another; `cargo nextest run` runs every trial in a
//! process of its own, several at once, from every executable of the
//! workspace. So every scenario trial takes a reader-writer lock, shared, and
//! a serial one takes it exclusively:
//! - in the process, a [`RwLock`] (one per run, so per process);
//! - under nextest, also a file lock (`flock` on Unix, through std's
//!   [`File::lock`], which needs no `unsafe`): the lock file is in the directory of the test executable
//!   (the target dir's `deps/`, where cargo puts every test executable of the
//!   workspace and where a nextest archive is unpacked, wherever it runs),
//!   named after a hash of the run-time workspace root, so that two worktrees
//!   sharing one target dir do not wait on each other. Where that directory is
//!   not writable, the file goes to the temp dir under the same name.
//!
//! Under `cargo test` the file lock is not taken: every trial of the run that
//! can be in flight is in this process, and an `open` + `flock` per scenario
//! would only cost time at ten thousand scenarios.
//!
//! Waiting is not running: a trial's reported duration starts once it holds
//! the lock. Under nextest, nextest's own time for the test includes the wait.
//!
//! No deadlock: a trial takes the in-process lock first and the file lock
//! second, releases both when it ends, and waits for nothing else while
//! holding them; a holder of the file lock therefore only runs its own
//! scenario, so every wait ends when some scenario ends. A serial trial may
//! wait until all shared holders are done (`flock` promises it no turn before
//! later shared holders), never forever. (A scenario that waits for another
//! scenario to do something would hang beside a serial one; scenarios must not
//! depend on each other in any case.)
//!
//! Two things would break that, and are ruled out:
//! - an aspect whose evidence runs `cargo test` or `cargo nextest run` on the
//!   same workspace would hold the shared lock while a serial trial of that
//!   inner run waits for the exclusive one. Aspects are not scenarios, so
//!   their trials take no lock at all.
//! - a step that runs a harness of the same workspace and target dir (a test
//!   of the test runner) is the same wait; the harness exports its lock file's
//!   path in [`LOCK_ENV`], and a harness started beneath it that would take the
//!   same file does not (its own trials still exclude each other in-process).
//!
//! This module must not know about pickles or libtest: it only locks.

use std::ffi::{OsStr, OsString};
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::{OnceLock, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// The tag that makes a scenario run alone.
pub(crate) const SERIAL_TAG: &str = "@serial";

/// Set by a harness for the processes its trials start: the path of the lock
/// file its trials hold (see the module docs).
const LOCK_ENV: &str = "ASPECT_SERIAL_LOCK";

/// Set by nextest in every test process it runs.
const NEXTEST_ENV: &str = "NEXTEST";

/// How a trial takes the run's lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    /// Any number of shared holders run at once.
    Shared,
    /// A `@serial` scenario: no other holder.
    Exclusive,
}

impl Access {
    /// Exclusive for a scenario with the [`SERIAL_TAG`], shared otherwise.
    pub(crate) fn for_tags(tags: &[String]) -> Access {
        if tags.iter().any(|t| t == SERIAL_TAG) {
            Access::Exclusive
        } else {
            Access::Shared
        }
    }
}

/// The lock every scenario trial of one run takes (see the module docs).
#[derive(Debug)]
pub(crate) struct SerialLock {
    in_process: RwLock<()>,
    /// The lock file shared with the run's other processes, if there are any.
    file: Option<PathBuf>,
}

/// What a trial holds while its scenario runs. The file lock is released
/// first (fields drop in order), then the in-process lock.
#[must_use = "the lock is released when this is dropped"]
pub(crate) struct Held<'a> {
    _file: Option<File>,
    _in_process: InProcess<'a>,
}

enum InProcess<'a> {
    Shared(#[allow(dead_code)] RwLockReadGuard<'a, ()>),
    Exclusive(#[allow(dead_code)] RwLockWriteGuard<'a, ()>),
}

impl SerialLock {
    /// The lock of this run: with a lock file under nextest (unless a harness
    /// above this process holds that file already), in-process only otherwise.
    /// Exports the file's path for the processes the trials start.
    pub(crate) fn for_run(workspace_root: &Path) -> SerialLock {
        let nextest = std::env::var_os(NEXTEST_ENV).is_some_and(|v| v == "1");
        let exe = std::env::current_exe().ok();
        let exe_dir = exe.as_deref().and_then(Path::parent);
        // Read before this process sets it: a second harness run in the same
        // process must not mistake its own export for a parent's.
        static INHERITED: OnceLock<Option<OsString>> = OnceLock::new();
        let inherited = INHERITED.get_or_init(|| std::env::var_os(LOCK_ENV));
        let file = lock_file_of_run(nextest, exe_dir, inherited.as_deref(), workspace_root);
        if let Some(path) = &file {
            // Called before libtest starts its threads, so nothing reads the
            // environment meanwhile.
            std::env::set_var(LOCK_ENV, path);
        }
        SerialLock::new(file)
    }

    /// A lock with this lock file (or none).
    pub(crate) fn new(file: Option<PathBuf>) -> SerialLock {
        SerialLock {
            in_process: RwLock::new(()),
            file,
        }
    }

    /// Wait for the lock. An error says why the lock file cannot be used.
    pub(crate) fn acquire(&self, access: Access) -> Result<Held<'_>, String> {
        // A scenario that panicked while holding the lock says nothing about
        // the `()` it guards.
        let in_process = match access {
            Access::Shared => InProcess::Shared(
                self.in_process
                    .read()
                    .unwrap_or_else(PoisonError::into_inner),
            ),
            Access::Exclusive => InProcess::Exclusive(
                self.in_process
                    .write()
                    .unwrap_or_else(PoisonError::into_inner),
            ),
        };
        let file = match &self.file {
            None => None,
            Some(path) => Some(lock_file(path, access)?),
        };
        Ok(Held {
            _file: file,
            _in_process: in_process,
        })
    }
}

/// The lock file this process shares with the run's others: none unless
/// nextest runs it, nor when a harness above it holds the same file already.
fn lock_file_of_run(
    nextest: bool,
    exe_dir: Option<&Path>,
    inherited: Option<&OsStr>,
    workspace_root: &Path,
) -> Option<PathBuf> {
    let path = lock_path(exe_dir.filter(|_| nextest)?, workspace_root);
    (inherited != Some(path.as_os_str())).then_some(path)
}

/// Open the lock file (in the temp dir if its own directory is not writable)
/// and lock it; closing the file releases the lock.
fn lock_file(path: &Path, access: Access) -> Result<File, String> {
    let open = |path: &Path| {
        OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
    };
    let (path, file) = match open(path) {
        Ok(file) => (path.to_owned(), file),
        Err(first) => {
            let fallback = std::env::temp_dir().join(path.file_name().unwrap_or_default());
            let file = open(&fallback).map_err(|e| {
                format!(
                    "cannot open the @serial lock file {} ({first}) or {} ({e})",
                    path.display(),
                    fallback.display()
                )
            })?;
            (fallback, file)
        }
    };
    match access {
        Access::Shared => file.lock_shared(),
        Access::Exclusive => file.lock(),
    }
    .map_err(|e| format!("cannot lock the @serial lock file {}: {e}", path.display()))?;
    Ok(file)
}

/// `<dir>/.aspect-serial-<hash of the workspace root>.lock`.
fn lock_path(dir: &Path, workspace_root: &Path) -> PathBuf {
    dir.join(format!(
        ".aspect-serial-{:016x}.lock",
        fnv1a(workspace_root.as_os_str().as_encoded_bytes())
    ))
}

/// FNV-1a, 64 bits: unlike std's hasher, the same in every build, so every
/// executable of a run names the same file.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use std::fs::TryLockError;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    use super::*;

    /// A lock file of this test's own, gone before and after.
    struct TempLock(PathBuf);

    impl TempLock {
        fn new(name: &str) -> TempLock {
            let path = std::env::temp_dir().join(format!(
                "aspect-serial-test-{}-{name}.lock",
                std::process::id()
            ));
            let _ = std::fs::remove_file(&path);
            TempLock(path)
        }

        /// The lock as another process of the run would try it: another open
        /// file description of the same file.
        fn try_from_elsewhere(&self, access: Access) -> bool {
            let file = File::open(&self.0).unwrap();
            let tried = match access {
                Access::Shared => file.try_lock_shared(),
                Access::Exclusive => file.try_lock(),
            };
            match tried {
                Ok(()) => true,
                Err(TryLockError::WouldBlock) => false,
                Err(TryLockError::Error(e)) => panic!("{e}"),
            }
        }
    }

    impl Drop for TempLock {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }

    /// Whether `acquire(access)` on another thread gets the lock while `held`
    /// is held, and that it does once `held` is released.
    fn waits_for(lock: &SerialLock, held: Held<'_>, access: Access) -> bool {
        let acquired = AtomicBool::new(false);
        std::thread::scope(|s| {
            s.spawn(|| {
                let _held = lock.acquire(access).unwrap();
                acquired.store(true, Ordering::SeqCst);
            });
            std::thread::sleep(Duration::from_millis(150));
            let waited = !acquired.load(Ordering::SeqCst);
            drop(held);
            waited
        })
    }

    #[test]
    fn only_the_serial_tag_is_exclusive() {
        let tags = |t: &[&str]| t.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            Access::for_tags(&tags(&["@db", "@serial"])),
            Access::Exclusive
        );
        assert_eq!(Access::for_tags(&tags(&["@db"])), Access::Shared);
        assert_eq!(Access::for_tags(&tags(&["@serial-ish"])), Access::Shared);
    }

    #[test]
    fn in_process_a_serial_trial_waits_for_shared_ones_and_they_for_it() {
        let lock = SerialLock::new(None);
        let first = lock.acquire(Access::Shared).unwrap();
        // Shared holders run together.
        drop(lock.acquire(Access::Shared).unwrap());
        assert!(waits_for(&lock, first, Access::Exclusive));
        let serial = lock.acquire(Access::Exclusive).unwrap();
        assert!(waits_for(&lock, serial, Access::Shared));
        let serial = lock.acquire(Access::Exclusive).unwrap();
        assert!(waits_for(&lock, serial, Access::Exclusive));
    }

    #[test]
    fn across_processes_a_serial_trial_holds_the_file_alone() {
        let file = TempLock::new("exclusive");
        let lock = SerialLock::new(Some(file.0.clone()));
        let serial = lock.acquire(Access::Exclusive).unwrap();
        assert!(!file.try_from_elsewhere(Access::Shared));
        assert!(!file.try_from_elsewhere(Access::Exclusive));
        drop(serial);
        assert!(file.try_from_elsewhere(Access::Exclusive));

        let shared = lock.acquire(Access::Shared).unwrap();
        assert!(file.try_from_elsewhere(Access::Shared));
        assert!(!file.try_from_elsewhere(Access::Exclusive));
        drop(shared);
        assert!(file.try_from_elsewhere(Access::Exclusive));
    }

    #[test]
    fn across_processes_a_serial_trial_waits_for_the_shared_file_lock() {
        let file = TempLock::new("wait");
        let lock = SerialLock::new(Some(file.0.clone()));
        drop(lock.acquire(Access::Shared).unwrap());
        let elsewhere = File::open(&file.0).unwrap();
        elsewhere.lock_shared().unwrap();
        let acquired = AtomicBool::new(false);
        std::thread::scope(|s| {
            s.spawn(|| {
                let _held = lock.acquire(Access::Exclusive).unwrap();
                acquired.store(true, Ordering::SeqCst);
            });
            std::thread::sleep(Duration::from_millis(150));
            assert!(!acquired.load(Ordering::SeqCst));
            drop(elsewhere);
        });
        assert!(acquired.load(Ordering::SeqCst));
    }

    #[test]
    fn an_unwritable_directory_falls_back_to_the_temp_dir() {
        let name = format!("aspect-serial-test-{}-fallback.lock", std::process::id());
        let missing = std::env::temp_dir()
            .join("aspect-serial-no-such-dir")
            .join(&name);
        let lock = SerialLock::new(Some(missing.clone()));
        let held = lock.acquire(Access::Exclusive).unwrap();
        assert!(!missing.exists());
        let fallback = TempLock(std::env::temp_dir().join(&name));
        assert!(!fallback.try_from_elsewhere(Access::Shared));
        drop(held);
    }

    #[test]
    fn the_file_lock_is_for_nextest_and_never_one_a_parent_harness_holds() {
        let (deps, root) = (Path::new("/target/debug/deps"), Path::new("/work/one"));
        let path = lock_path(deps, root);
        assert_eq!(
            lock_file_of_run(true, Some(deps), None, root),
            Some(path.clone())
        );
        assert_eq!(lock_file_of_run(false, Some(deps), None, root), None);
        assert_eq!(lock_file_of_run(true, None, None, root), None);
        // Started by a trial of a harness that holds this very file.
        assert_eq!(
            lock_file_of_run(true, Some(deps), Some(path.as_os_str()), root),
            None
        );
        // Started by a trial of another workspace's harness.
        let other = lock_path(deps, Path::new("/work/two"));
        assert_eq!(
            lock_file_of_run(true, Some(deps), Some(other.as_os_str()), root),
            Some(path)
        );
    }

    #[test]
    fn each_workspace_has_its_own_lock_file_beside_the_executables() {
        let deps = Path::new("/target/debug/deps");
        let one = lock_path(deps, Path::new("/work/one"));
        assert_eq!(one, lock_path(deps, Path::new("/work/one")));
        assert_ne!(one, lock_path(deps, Path::new("/work/two")));
        assert_eq!(one.parent(), Some(deps));
        // The same name in every build: FNV-1a's published test vector.
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
