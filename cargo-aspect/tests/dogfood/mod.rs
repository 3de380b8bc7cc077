//! The World of cargo-aspect's own specs: one fixture workspace per scenario,
//! and what the last `cargo aspect` command printed and how it exited.
//!
//! Scenarios run in parallel threads under `cargo test` and in parallel
//! processes under nextest, so a fixture's directory (and the package names in
//! it, which name its executables in the shared target dir) must belong to one
//! scenario at a time. Each World claims a *slot* `dogfood-<n>`: the lowest `n`
//! whose lock file it can lock, held until the World is dropped. Slots are
//! reused from run to run, so the shared target dir does not grow with them.
//!
//! The steps are grouped by what they touch: [`fixtures`] (Given: workspaces
//! and the changes made to them), [`commands`] (When: running the binary, and
//! Then: its exit code and output), [`files`] (Then: what is on disk
//! afterwards), [`page`] (Then: what the report page shows), [`junit`] (Then:
//! what the JUnit report holds), [`fresh_crate`] (Given: a crate from `cargo
//! new` in its own git repository and target dir), [`harness`] (the idle
//! game's test harness run as nextest runs it), [`nextest`] (the real `cargo
//! nextest run`), [`relocation`] (the copy moved, a second checkout, a nextest
//! archive run elsewhere), [`agent`] (the scripted stand-in for Claude Code),
//! [`preflight`] (Given: no Claude Code on PATH, no git), [`journal`] (Then:
//! what `fix` journaled), [`init`] (working from the workspace root, where
//! init's dependency leads) and [`probe`] (Then: what `cargo aspect probe`
//! found), [`claude`] (Claude Code sending `cargo aspect hook` its JSON).
//! [`cucumber_port`] (Given: the bench's cucumber-rs steps and suite, ported).
//! [`list_bench`] is the bench of an aspect, not steps.

mod agent;
mod claude;
mod commands;
mod cucumber_port;
mod files;
mod fixtures;
mod fresh_crate;
mod harness;
mod init;
mod journal;
mod junit;
pub mod list_bench;
mod nextest;
mod page;
mod preflight;
mod probe;
mod relocation;
/// `well_formed`, the XML check the JUnit unit tests and `cli_test.rs` use too.
/// (Its unit tests do not run in this harness, so their `use` is unused here.)
#[allow(unused_imports)]
#[path = "../../src/cli/reporter/xml_check.rs"]
mod xml;

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use crate::support::{Fixture, Run};

/// What one scenario works with.
#[derive(Default)]
pub struct Dogfood {
    /// The claimed fixture slot; its lock is released when the World drops.
    slot: Option<Slot>,
    /// The fixture workspace, once a Given step made it.
    fixture: Option<Fixture>,
    /// Where commands run, relative to the fixture root (empty: the root).
    workdir: PathBuf,
    /// Directories put first on PATH (the scripted agent's, the binary's).
    on_path: Vec<PathBuf>,
    /// Environment variables set for the commands that follow.
    env: Vec<(String, String)>,
    /// The idle game's test harness, once a Given step built it.
    harness: Option<PathBuf>,
    /// The scripted agent, once a Given step put it on PATH.
    agent: Option<crate::agent::ScriptedAgent>,
    /// Every file under the working directory before the last command.
    before: BTreeMap<PathBuf, Vec<u8>>,
    /// The last command's exit code and output.
    last: Option<Run>,
}

/// A fixture name this World holds the lock of.
struct Slot {
    name: String,
    /// Holding the open file keeps the lock; dropping it releases it.
    _lock: File,
}

/// The directory under which `support::Fixture` makes fixtures.
fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fixtures")
}

/// Claim the lowest free slot `dogfood-<n>`.
fn claim_slot() -> Result<Slot, String> {
    let dir = fixtures_dir();
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for n in 1..=64 {
        let path = dir.join(format!("dogfood-{n}.lock"));
        let file = OpenOptions::new()
            .create(true)
            .write(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        match file.try_lock() {
            Ok(()) => {
                return Ok(Slot {
                    name: format!("dogfood-{n}"),
                    _lock: file,
                })
            }
            Err(TryLockError::WouldBlock) => continue,
            Err(TryLockError::Error(e)) => return Err(format!("locking {}: {e}", path.display())),
        }
    }
    Err("all 64 dogfood fixture slots are taken".to_owned())
}

impl Dogfood {
    /// The name of this scenario's fixture, claiming a slot the first time.
    fn fixture_name(&mut self) -> Result<String, String> {
        if self.slot.is_none() {
            self.slot = Some(claim_slot()?);
        }
        Ok(self
            .slot
            .as_ref()
            .map(|s| s.name.clone())
            .unwrap_or_default())
    }

    /// The fixture a Given step made.
    fn fixture(&self) -> Result<&Fixture, String> {
        self.fixture
            .as_ref()
            .ok_or_else(|| "no fixture yet: start the scenario with a Given that makes one".into())
    }

    /// The directory commands run in.
    fn workdir(&self) -> Result<PathBuf, String> {
        Ok(self.fixture()?.root.join(&self.workdir))
    }

    /// The path of `relative` (to the working directory) in the fixture.
    fn path(&self, relative: &str) -> Result<PathBuf, String> {
        Ok(self.workdir()?.join(relative))
    }

    /// Put `dir` first on PATH for the commands that follow.
    fn put_on_path(&mut self, dir: PathBuf) {
        self.on_path.retain(|d| *d != dir);
        self.on_path.insert(0, dir);
    }

    /// The last command's result.
    fn last(&self) -> Result<&Run, String> {
        self.last
            .as_ref()
            .ok_or_else(|| "no command has run yet: a When step runs one".into())
    }
}

/// Read a fixture file, naming it in the error.
fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Write a fixture file, creating its folders, naming it in the error.
fn write(path: &Path, contents: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, contents).map_err(|e| format!("{}: {e}", path.display()))
}

/// Every file under `dir` with its bytes, leaving out `target/` and `.git/`.
fn snapshot(dir: &Path) -> Result<BTreeMap<PathBuf, Vec<u8>>, String> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(next) = pending.pop() {
        let entries = std::fs::read_dir(&next).map_err(|e| format!("{}: {e}", next.display()))?;
        for entry in entries {
            let path = entry
                .map_err(|e| format!("{}: {e}", next.display()))?
                .path();
            let name = path.file_name().unwrap_or_default();
            if path.is_dir() {
                if name != "target" && name != ".git" {
                    pending.push(path);
                }
            } else {
                let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                let relative = path.strip_prefix(dir).unwrap_or(&path).to_owned();
                files.insert(relative, bytes);
            }
        }
    }
    Ok(files)
}
