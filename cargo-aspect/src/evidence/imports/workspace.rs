//! Finding a package among the members of a workspace by reading manifests.
//!
//! Not `cargo metadata`: the harness may run once per test process, and spawning
//! cargo each time would cost more than the check. Members are what
//! `[workspace] members` lists (globs allowed, `exclude` respected) plus the root
//! package; path dependencies that cargo would add implicitly are not followed.

use std::path::{Path, PathBuf};

use toml::de::DeTable;

use super::manifest::Manifest;
use crate::toml_read;

/// A workspace member: its package name and manifest.
#[derive(Debug)]
pub(crate) struct Member {
    /// `[package] name`.
    pub name: String,
    /// The package directory.
    pub dir: PathBuf,
    /// The parsed manifest.
    pub manifest: Manifest,
}

/// Every member of the workspace whose root manifest is in `root`, sorted by name.
///
/// # Errors
/// A message when the root manifest cannot be read or parsed. Member manifests
/// that cannot be read are skipped (cargo itself would refuse the workspace).
pub(crate) fn members(root: &Path) -> Result<Vec<Member>, String> {
    let root_manifest = root.join("Cargo.toml");
    let text = std::fs::read_to_string(&root_manifest)
        .map_err(|e| format!("{}: cannot read the manifest: {e}", root_manifest.display()))?;
    let table = toml_read::parse(&text).map_err(|e| format!("{}: {e}", root_manifest.display()))?;
    let workspace = table.get("workspace").map(|w| w.get_ref());
    let strings = |key: &str| -> Vec<String> {
        workspace
            .and_then(|w| w.get(key))
            .and_then(|v| v.get_ref().as_array())
            .into_iter()
            .flatten()
            .filter_map(|v| v.get_ref().as_str().map(str::to_owned))
            .collect()
    };
    let excluded: Vec<PathBuf> = strings("exclude").iter().map(|e| root.join(e)).collect();

    let mut dirs = Vec::new();
    if table.contains_key("package") {
        dirs.push(root.to_owned());
    }
    for pattern in strings("members") {
        if pattern.contains(['*', '?', '[']) {
            let full = root.join(&pattern).to_string_lossy().into_owned();
            let Ok(paths) = glob::glob(&full) else {
                continue;
            };
            let mut found: Vec<PathBuf> = paths.filter_map(Result::ok).collect();
            found.sort();
            dirs.extend(
                found
                    .into_iter()
                    .filter(|d| !excluded.iter().any(|e| d.starts_with(e))),
            );
        } else {
            dirs.push(root.join(pattern));
        }
    }

    let mut members: Vec<Member> = Vec::new();
    for dir in dirs {
        let dir = normalize(&dir);
        if members.iter().any(|m| m.dir == dir) {
            continue;
        }
        let manifest_path = dir.join("Cargo.toml");
        if !manifest_path.is_file() {
            continue;
        }
        let Ok(mut manifest) = Manifest::read(&manifest_path) else {
            continue;
        };
        inherit_renames(&mut manifest, &table);
        if let Some(name) = manifest.name.clone() {
            members.push(Member {
                name,
                dir,
                manifest,
            });
        }
    }
    members.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(members)
}

/// `json = { workspace = true }` renames a package when the workspace's entry
/// does (`[workspace.dependencies] json = { package = "serde_json", .. }`).
fn inherit_renames(manifest: &mut Manifest, root: &DeTable<'_>) {
    let shared = root
        .get("workspace")
        .and_then(|w| w.get_ref().get("dependencies"))
        .and_then(|d| d.get_ref().as_table());
    let Some(shared) = shared else {
        return;
    };
    let all = manifest
        .dependencies
        .iter_mut()
        .chain(manifest.dev_dependencies.iter_mut());
    for dep in all.filter(|d| d.inherited && d.package.is_none()) {
        dep.package = shared
            .get(dep.name.as_str())
            .and_then(|e| e.get_ref().get("package"))
            .and_then(|p| p.get_ref().as_str())
            .map(str::to_owned);
    }
}

/// The member named `name`.
///
/// # Errors
/// `crate `x` is not a member of the workspace at <root>; members: a, b, c`, or
/// the root manifest's error.
pub(crate) fn find(root: &Path, name: &str) -> Result<Member, String> {
    let mut all = members(root)?;
    match all.iter().position(|m| m.name == name) {
        Some(i) => Ok(all.swap_remove(i)),
        None => {
            let names: Vec<&str> = all.iter().map(|m| m.name.as_str()).collect();
            Err(format!(
                "crate `{name}` is not a member of the workspace at {}; members: {}",
                root.display(),
                if names.is_empty() {
                    "(none)".to_owned()
                } else {
                    names.join(", ")
                }
            ))
        }
    }
}

/// `a/./b/../c` → `a/c`, without touching the file system.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
