//! The files the agent must not change, and putting them back when it does.
//!
//! Specs and aspects are the truth `cargo aspect fix` reconciles the code with;
//! an agent that edits them (or the scripts an aspect's evidence runs, or the
//! files of `protect = [globs]`) would make the evidence pass by moving the
//! goalposts. (A file the evidence merely reads, like the `src/lib.rs` of
//! `[grep, -q, Calc, src/lib.rs]`, is the code under test: the agent may
//! change it.) Their content is copied into the run's journal directory when
//! the run starts; after every agent call each one is compared with that copy,
//! and a changed, deleted or newly created protected file is put back as it
//! was (a new one is removed). Each is one violation: the attempt fails.
//!
//! It must not decide what a violation means for the loop, and must not touch
//! any file outside the protected set.

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::cli::agent_config::AspectTable;
use crate::cli::files::{self, relative};
pub(crate) use crate::cli::protected_paths::read_table;
use crate::cli::protected_paths::{expand, Package, ProtectRules};
use crate::cli::workspace::Workspace;
use crate::cli::CliError;

/// One protected file as it was when the run started.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Kept {
    /// Relative to the workspace root.
    path: String,
    /// Unix permission bits.
    mode: u32,
    /// Where its content is kept, relative to the run's directory.
    copy: String,
}

/// The protected files of a run.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Protected {
    root: PathBuf,
    /// Absolute globs: a file matching one that did not exist at the start is removed.
    globs: Vec<String>,
    kept: Vec<Kept>,
    /// The run's directory, where the copies are.
    #[serde(skip)]
    dir: PathBuf,
}

/// The manifest's name in the run's directory.
const MANIFEST: &str = "protected.json";

impl Protected {
    /// Collect the protected files of `ws` and copy them into `run_dir` (when given).
    ///
    /// `workspace_table` is the `[workspace.metadata.aspect]` table (its
    /// `protect` globs are relative to the workspace root).
    ///
    /// # Errors
    /// A bad glob or configuration, or a file that cannot be copied.
    pub fn collect(
        ws: &Workspace,
        workspace_table: &AspectTable,
        run_dir: Option<&Path>,
    ) -> Result<Protected, CliError> {
        let packages: Vec<Package<'_>> = ws
            .harnesses
            .iter()
            .map(|h| Package {
                root: &h.root,
                manifest: &h.manifest_path,
            })
            .collect();
        let rules = ProtectRules::of(&ws.root, workspace_table, &packages)?;
        let files = rules.files();
        let globs = rules.globs();
        let mut protected = Protected {
            root: ws.root.clone(),
            globs,
            kept: Vec::new(),
            dir: run_dir.map(Path::to_owned).unwrap_or_default(),
        };
        let copies = protected.dir.join("protected");
        if run_dir.is_some() {
            std::fs::create_dir_all(&copies)
                .map_err(|e| CliError::new(format!("cannot create {}: {e}", copies.display())))?;
        }
        for (n, file) in files.iter().enumerate() {
            let meta = std::fs::metadata(file)
                .map_err(|e| CliError::new(format!("cannot read {}: {e}", file.display())))?;
            let copy = format!("protected/{n}");
            if run_dir.is_some() {
                std::fs::copy(file, protected.dir.join(&copy)).map_err(|e| {
                    CliError::new(format!("cannot keep a copy of {}: {e}", file.display()))
                })?;
            }
            protected.kept.push(Kept {
                path: relative(&ws.root, file),
                mode: meta.permissions().mode(),
                copy,
            });
        }
        if run_dir.is_some() {
            let manifest = serde_json::to_vec_pretty(&protected)
                .map_err(|e| CliError::new(format!("cannot encode {MANIFEST}: {e}")))?;
            let path = protected.dir.join(MANIFEST);
            std::fs::write(&path, manifest)
                .map_err(|e| CliError::new(format!("cannot write {}: {e}", path.display())))?;
        }
        Ok(protected)
    }

    /// The protected files of a run being resumed, from its directory.
    ///
    /// # Errors
    /// When the manifest is missing or unreadable.
    pub fn load(run_dir: &Path) -> Result<Protected, CliError> {
        let path = run_dir.join(MANIFEST);
        let text = std::fs::read(&path)
            .map_err(|e| CliError::new(format!("cannot read {}: {e}", path.display())))?;
        let mut protected: Protected = serde_json::from_slice(&text)
            .map_err(|e| CliError::new(format!("{}: {e}", path.display())))?;
        protected.dir = run_dir.to_owned();
        Ok(protected)
    }

    /// Every protected file, relative to the workspace root.
    pub fn paths(&self) -> Vec<String> {
        self.kept.iter().map(|k| k.path.clone()).collect()
    }

    /// Compare every protected file with its copy, put back what changed and
    /// remove new files matching the globs; one message per file touched.
    pub fn restore(&self) -> Vec<String> {
        let mut violations = Vec::new();
        let known: BTreeMap<PathBuf, &Kept> = self
            .kept
            .iter()
            .map(|k| (self.root.join(&k.path), k))
            .collect();
        for (path, kept) in &known {
            let Ok(original) = std::fs::read(self.dir.join(&kept.copy)) else {
                continue;
            };
            let mode = std::fs::Permissions::from_mode(kept.mode);
            if files::holds(path, &original, &mode) {
                continue;
            }
            let what = if path.exists() { "edited" } else { "deleted" };
            let put_back = files::put_back(path, &original, Some(mode));
            violations.push(match put_back {
                Ok(()) => format!("agent {what} protected file {} (put back)", kept.path),
                Err(e) => format!(
                    "agent {what} protected file {} and it could not be put back: {e}",
                    kept.path
                ),
            });
        }
        for path in expand(&self.globs) {
            if known.contains_key(&path) {
                continue;
            }
            let shown = relative(&self.root, &path);
            violations.push(match std::fs::remove_file(&path) {
                Ok(()) => format!("agent created protected file {shown} (removed)"),
                Err(e) => format!("agent created protected file {shown}; cannot remove it: {e}"),
            });
        }
        violations
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_deleted_and_new_protected_files_are_put_back() {
        let root = files::test_tree(
            "fix-restore",
            &[
                ("specs/a.feature", "Feature: A\n"),
                ("specs/b.feature", "Feature: B\n"),
                ("run/protected/0", "Feature: A\n"),
                ("run/protected/1", "Feature: B\n"),
            ],
        );
        let run = root.join("run");
        let kept = |path: &str, copy: &str| Kept {
            path: path.into(),
            mode: 0o100644,
            copy: copy.into(),
        };
        std::fs::set_permissions(
            root.join("specs/a.feature"),
            std::fs::Permissions::from_mode(0o644),
        )
        .unwrap();
        std::fs::set_permissions(
            root.join("specs/b.feature"),
            std::fs::Permissions::from_mode(0o644),
        )
        .unwrap();
        let protected = Protected {
            root: root.clone(),
            globs: vec![root.join("specs/*.feature").to_string_lossy().into_owned()],
            kept: vec![
                kept("specs/a.feature", "protected/0"),
                kept("specs/b.feature", "protected/1"),
            ],
            dir: run,
        };
        assert!(protected.restore().is_empty());
        std::fs::write(root.join("specs/a.feature"), "Feature: easier\n").unwrap();
        std::fs::remove_file(root.join("specs/b.feature")).unwrap();
        std::fs::write(root.join("specs/c.feature"), "Feature: C\n").unwrap();
        let violations = protected.restore();
        assert_eq!(
            violations,
            [
                "agent edited protected file specs/a.feature (put back)",
                "agent deleted protected file specs/b.feature (put back)",
                "agent created protected file specs/c.feature (removed)",
            ]
        );
        assert_eq!(
            std::fs::read_to_string(root.join("specs/a.feature")).unwrap(),
            "Feature: A\n"
        );
        assert!(root.join("specs/b.feature").is_file());
        assert!(!root.join("specs/c.feature").exists());
        assert!(protected.restore().is_empty());
        let _ = std::fs::remove_dir_all(&root);
    }
}
