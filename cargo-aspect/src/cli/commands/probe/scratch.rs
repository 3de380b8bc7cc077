//! The scratch copy of the workspace that plants and mutants go into.
//!
//! The copy lives at `<target>/aspect/probe/tree` and is kept in step with the
//! workspace by content: a file whose bytes already match is left alone (its
//! modification time too, so cargo's freshness checks stay right and builds in
//! the copy are incremental), a file that differs is rewritten, a file the
//! workspace no longer has is removed. Putting a plant back is one more sync.
//!
//! It must never write to the workspace itself: every path it writes is under
//! the copy's root.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::cli::files;
use crate::cli::CliError;

/// The scratch copy of a workspace.
#[derive(Debug)]
pub(crate) struct Scratch {
    /// The workspace being copied.
    pub source: PathBuf,
    /// The copy's root.
    pub root: PathBuf,
    /// Directories of the workspace not copied (its target directory).
    skip: Vec<PathBuf>,
}

impl Scratch {
    /// A copy of `source` at `root`, leaving out `skip` (target directories),
    /// `.git` and every directory cargo marked as a build directory.
    pub(crate) fn new(source: &Path, root: PathBuf, skip: Vec<PathBuf>) -> Scratch {
        Scratch {
            source: source.to_owned(),
            root,
            skip,
        }
    }

    /// Bring the copy in step with the workspace.
    ///
    /// # Errors
    /// When a file cannot be read or written.
    pub(crate) fn sync(&self) -> Result<(), CliError> {
        std::fs::create_dir_all(&self.root).map_err(|e| io_error(&self.root, &e))?;
        let mut wanted = BTreeSet::new();
        self.copy_dir(&self.source, &self.root, &mut wanted)?;
        self.remove_extra(&self.root, &wanted)
    }

    /// The copy's path for `path` (absolute, under the workspace).
    pub(crate) fn path_of(&self, path: &Path) -> PathBuf {
        match path.strip_prefix(&self.source) {
            Ok(relative) => self.root.join(relative),
            Err(_) => path.to_owned(),
        }
    }

    fn skipped(&self, dir: &Path) -> bool {
        dir.file_name()
            .is_some_and(|n| n == ".git" || n == "mutants.out" || n == "mutants.out.old")
            || self.skip.iter().any(|s| s == dir)
            || dir.join("CACHEDIR.TAG").is_file()
            || dir == self.root
    }

    fn copy_dir(
        &self,
        from: &Path,
        to: &Path,
        wanted: &mut BTreeSet<PathBuf>,
    ) -> Result<(), CliError> {
        let entries = std::fs::read_dir(from).map_err(|e| io_error(from, &e))?;
        std::fs::create_dir_all(to).map_err(|e| io_error(to, &e))?;
        wanted.insert(to.to_owned());
        for entry in entries {
            let entry = entry.map_err(|e| io_error(from, &e))?;
            let path = entry.path();
            let target = to.join(entry.file_name());
            let kind = entry.file_type().map_err(|e| io_error(&path, &e))?;
            if kind.is_dir() {
                if !self.skipped(&path) {
                    self.copy_dir(&path, &target, wanted)?;
                }
            } else if kind.is_file() || path.is_file() {
                wanted.insert(target.clone());
                let mut bytes = std::fs::read(&path).map_err(|e| io_error(&path, &e))?;
                if to == self.root && entry.file_name() == "Cargo.toml" {
                    own_workspace(&mut bytes);
                }
                copy_if_changed(&path, &target, &bytes)?;
            }
        }
        Ok(())
    }

    fn remove_extra(&self, dir: &Path, wanted: &BTreeSet<PathBuf>) -> Result<(), CliError> {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Ok(());
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if wanted.contains(&path) {
                if path.is_dir() && !path.join("CACHEDIR.TAG").is_file() {
                    self.remove_extra(&path, wanted)?;
                }
                continue;
            }
            // A build directory made inside the copy (its own `target/`, where
            // nested cargo runs build) stays.
            if path.is_dir()
                && (path.join("CACHEDIR.TAG").is_file() || path == self.root.join("target"))
            {
                continue;
            }
            let removed = if path.is_dir() {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
            removed.map_err(|e| io_error(&path, &e))?;
        }
        Ok(())
    }
}

/// A root manifest with no `[workspace]` gets an empty one in the copy: the
/// copy lives under the target directory, maybe inside another workspace,
/// which cargo would otherwise take for its own.
fn own_workspace(manifest: &mut Vec<u8>) {
    let text = String::from_utf8_lossy(manifest);
    let has_workspace = text
        .parse::<toml::Table>()
        .map_or(true, |t| t.contains_key("workspace"));
    if !has_workspace {
        manifest.extend_from_slice(b"\n# Added by `cargo aspect probe`: this copy is a workspace of its own.\n[workspace]\n");
    }
}

/// Write `bytes` (what `from` holds, maybe adjusted) to `to` unless it already
/// has them (and `from`'s permissions).
fn copy_if_changed(from: &Path, to: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let permissions = std::fs::metadata(from)
        .map_err(|e| io_error(from, &e))?
        .permissions();
    if files::holds(to, bytes, &permissions) {
        return Ok(());
    }
    files::put_back(to, bytes, Some(permissions)).map_err(|e| io_error(to, &e))
}

pub(crate) fn io_error(path: &Path, error: &std::io::Error) -> CliError {
    CliError::new(format!("{}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_copies_changes_removes_extras_and_leaves_equal_files_alone() {
        let base = files::test_tree(
            "scratch",
            &[
                ("ws/target/debug/", ""),
                ("ws/target/CACHEDIR.TAG", "x"),
                ("ws/src/lib.rs", "pub fn a() {}\n"),
                ("ws/Cargo.toml", "[package]\n"),
            ],
        );
        let source = base.join("ws");
        let scratch = Scratch::new(&source, base.join("copy"), vec![]);
        scratch.sync().unwrap();
        let lib = scratch.root.join("src/lib.rs");
        assert_eq!(std::fs::read_to_string(&lib).unwrap(), "pub fn a() {}\n");
        assert!(
            !scratch.root.join("target").exists(),
            "a build directory is not copied"
        );

        let before = std::fs::metadata(&lib).unwrap().modified().unwrap();
        std::fs::write(scratch.root.join("planted.rs"), "x").unwrap();
        std::fs::write(scratch.root.join("Cargo.toml"), "[planted]\n").unwrap();
        scratch.sync().unwrap();
        assert!(!scratch.root.join("planted.rs").exists());
        let manifest = std::fs::read_to_string(scratch.root.join("Cargo.toml")).unwrap();
        assert!(
            manifest.starts_with("[package]\n") && manifest.ends_with("\n[workspace]\n"),
            "a package alone is a workspace of its own in the copy: {manifest}"
        );
        assert_eq!(std::fs::metadata(&lib).unwrap().modified().unwrap(), before);
        let _ = std::fs::remove_dir_all(&base);
    }
}
