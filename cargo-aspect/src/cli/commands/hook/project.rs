//! The workspace a hook works on, found from a directory by reading
//! manifests, as `cargo` would pick it: the nearest `Cargo.toml` up the tree,
//! and the nearest ancestor with a `[workspace]` table (its `members` and
//! `exclude` globs). A package has a harness when its manifest declares the
//! `[[test]]` target named by `harness` (default `aspect`).
//!
//! It must not spawn cargo: the `PreToolUse` hook runs on every edit and
//! answers within milliseconds. Path dependencies outside the members and
//! `default-members` are not followed (hooks see every member).

use std::path::{Path, PathBuf};

use crate::cli::agent_config::AspectTable;
use crate::cli::protected_paths::{read_table, Package, ProtectRules};
use crate::cli::workspace::DEFAULT_HARNESS;

/// One harness package.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct HarnessPackage {
    /// `package.name`.
    pub name: String,
    /// Its directory.
    pub root: PathBuf,
    /// Its `Cargo.toml`.
    pub manifest: PathBuf,
}

/// The workspace found from a directory.
#[derive(Clone, Debug)]
pub(super) struct Project {
    /// The workspace root.
    pub root: PathBuf,
    /// `[workspace.metadata.aspect]` (empty outside a workspace).
    pub table: AspectTable,
    /// The members with a harness.
    pub harnesses: Vec<HarnessPackage>,
}

impl Project {
    /// The workspace `dir` is in, or `None` when no `Cargo.toml` is above it.
    ///
    /// # Errors
    /// A manifest that cannot be read or parsed, or a bad aspect table.
    pub(super) fn find(dir: &Path) -> Result<Option<Project>, String> {
        let Some(nearest) = dir.ancestors().find(|d| d.join("Cargo.toml").is_file()) else {
            return Ok(None);
        };
        let mut root = nearest.to_owned();
        let mut manifest = read(&nearest.join("Cargo.toml"))?;
        if manifest.get("workspace").is_none() {
            for up in nearest.ancestors().skip(1) {
                let candidate = up.join("Cargo.toml");
                if candidate.is_file() {
                    let parsed = read(&candidate)?;
                    if parsed.get("workspace").is_some() {
                        root = up.to_owned();
                        manifest = parsed;
                        break;
                    }
                }
            }
        }
        let workspace_manifest = root.join("Cargo.toml");
        let table = read_table(&workspace_manifest, "workspace").map_err(|e| e.message)?;
        let mut dirs = Vec::new();
        if manifest.get("package").is_some() {
            dirs.push(root.clone());
        }
        let workspace = manifest.get("workspace");
        let list = |key: &str| -> Vec<String> {
            workspace
                .and_then(|w| w.get(key))
                .and_then(toml::Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default()
        };
        let excluded: Vec<PathBuf> = list("exclude").iter().map(|e| root.join(e)).collect();
        for member in list("members") {
            let pattern = root.join(&member).to_string_lossy().into_owned();
            for found in glob::glob(&pattern).into_iter().flatten().flatten() {
                if found.join("Cargo.toml").is_file() && !excluded.contains(&found) {
                    dirs.push(found);
                }
            }
        }
        if workspace.is_none() && !dirs.contains(&nearest.to_path_buf()) {
            dirs.push(nearest.to_owned());
        }
        dirs.dedup();
        let mut harnesses = Vec::new();
        for dir in dirs {
            let manifest_path = dir.join("Cargo.toml");
            let parsed = read(&manifest_path)?;
            let own = read_table(&manifest_path, "package").map_err(|e| e.message)?;
            let target = own
                .harness
                .or_else(|| table.harness.clone())
                .unwrap_or_else(|| DEFAULT_HARNESS.to_owned());
            let has_harness = parsed
                .get("test")
                .and_then(toml::Value::as_array)
                .is_some_and(|tests| {
                    tests
                        .iter()
                        .any(|t| t.get("name").and_then(toml::Value::as_str) == Some(&target))
                });
            let name = parsed
                .get("package")
                .and_then(|p| p.get("name"))
                .and_then(toml::Value::as_str);
            if let (true, Some(name)) = (has_harness, name) {
                harnesses.push(HarnessPackage {
                    name: name.to_owned(),
                    root: dir,
                    manifest: manifest_path,
                });
            }
        }
        Ok(Some(Project {
            root,
            table,
            harnesses,
        }))
    }

    /// The protection rules of the harness packages.
    ///
    /// # Errors
    /// A bad glob or configuration.
    pub(super) fn rules(&self) -> Result<ProtectRules, String> {
        let packages: Vec<Package<'_>> = self
            .harnesses
            .iter()
            .map(|h| Package {
                root: &h.root,
                manifest: &h.manifest,
            })
            .collect();
        ProtectRules::of(&self.root, &self.table, &packages).map_err(|e| e.message)
    }

    /// Where hooks keep their state: `<target>/aspect/hook/<root hash>/`,
    /// the target directory being `CARGO_TARGET_DIR` or `<root>/target` (a
    /// `target-dir` set in `.cargo/config.toml` is not read). The hash of the
    /// workspace root keeps two checkouts sharing a target dir apart.
    pub(super) fn state_dir(&self) -> PathBuf {
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .filter(|t| !t.is_empty())
            .map(|t| self.root.join(t))
            .unwrap_or_else(|| self.root.join("target"));
        // FNV-1a: stable across runs and Rust versions, unlike `DefaultHasher`.
        let hash = self
            .root
            .to_string_lossy()
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
        target
            .join("aspect")
            .join("hook")
            .join(format!("{hash:016x}"))
    }
}

fn read(manifest: &Path) -> Result<toml::Table, String> {
    let text = std::fs::read_to_string(manifest)
        .map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
    toml::from_str(&text).map_err(|e| format!("{}: {e}", manifest.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::files::test_tree;

    #[test]
    fn members_with_a_harness_are_found_from_a_subdirectory_without_cargo() {
        let root = test_tree(
            "hook-project",
            &[
                ("Cargo.toml", "[workspace]\nmembers = [\"crates/*\"]\nexclude = [\"crates/skip\"]\n[workspace.metadata.aspect]\nprotect = [\"Cargo.lock\"]\n"),
                ("crates/a/Cargo.toml", "[package]\nname = \"a\"\n[[test]]\nname = \"aspect\"\nharness = false\n"),
                ("crates/a/src/lib.rs", ""),
                ("crates/b/Cargo.toml", "[package]\nname = \"b\"\n"),
                ("crates/skip/Cargo.toml", "[package]\nname = \"skip\"\n[[test]]\nname = \"aspect\"\n"),
                ("crates/judge/Cargo.toml", "[package]\nname = \"judge\"\n[package.metadata.aspect]\nharness = \"judge\"\n[[test]]\nname = \"judge\"\n"),
            ],
        );
        let project = Project::find(&root.join("crates/a/src")).unwrap().unwrap();
        assert_eq!(project.root, root);
        let names: Vec<&str> = project.harnesses.iter().map(|h| h.name.as_str()).collect();
        assert_eq!(names, ["a", "judge"]);
        assert_eq!(project.table.protect, Some(vec!["Cargo.lock".to_owned()]));
        assert!(Project::find(Path::new("/")).unwrap().is_none());
        std::fs::write(root.join("crates/b/Cargo.toml"), "[package\n").unwrap();
        let err = Project::find(&root).unwrap_err();
        assert!(err.contains("crates/b/Cargo.toml"), "{err}");
        let _ = std::fs::remove_dir_all(&root);
    }
}
