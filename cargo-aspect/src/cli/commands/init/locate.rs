//! Finding the package `cargo aspect init` sets up, and the runtime `--path`.
//!
//! It exists to turn what the user typed (the current directory,
//! `--manifest-path`, `-p NAME`, `--path DIR`) into one package and one
//! dependency path, or into an error that says what to type instead. It reads
//! manifests and runs `cargo metadata --no-deps`; it must not write anything.

use std::path::{Component, Path, PathBuf};

use cargo_metadata::{Metadata, Package};
use toml_edit::DocumentMut;

use super::manifest;
use crate::cli::CliError;

/// The name of the runtime package on crates.io.
pub(super) const RUNTIME_PACKAGE: &str = "cargo-aspect";
/// The dependency key the step macros refer to (`::aspect::…`).
pub(super) const RUNTIME_KEY: &str = "aspect";
/// `path` relative to `base` when under it, for messages.
pub(super) fn shown(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// `--manifest-path`, or the nearest `Cargo.toml` from `cwd` up, as cargo finds it.
pub(super) fn locate_manifest(
    manifest_path: Option<&Path>,
    cwd: &Path,
) -> Result<PathBuf, CliError> {
    if let Some(path) = manifest_path {
        let path = cwd.join(path);
        if path.file_name().is_none_or(|n| n != "Cargo.toml") {
            return Err(CliError::new(format!(
                "--manifest-path {}: not a path to a `Cargo.toml` file",
                path.display()
            )));
        }
        if !path.is_file() {
            return Err(CliError::new(format!(
                "--manifest-path {}: no such file",
                path.display()
            )));
        }
        return Ok(path);
    }
    cwd.ancestors()
        .map(|dir| dir.join("Cargo.toml"))
        .find(|path| path.is_file())
        .ok_or_else(|| {
            CliError::new(format!(
                "no `Cargo.toml` in {} or any parent directory: run init in a crate \
                 (`cargo new --lib NAME` makes one) or pass `--manifest-path`",
                cwd.display()
            ))
        })
}

/// The text of a manifest and its document; a syntax error is `file:line:col`.
pub(super) fn read_manifest(path: &Path, cwd: &Path) -> Result<(String, DocumentMut), CliError> {
    let shown_path = shown(path, cwd);
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::new(format!("{shown_path}: cannot read: {e}")))?;
    let doc = manifest::parse(Path::new(&shown_path), &text).map_err(CliError::new)?;
    Ok((text, doc))
}

pub(super) fn metadata_error(manifest: &Path, error: cargo_metadata::Error) -> CliError {
    let detail = match error {
        cargo_metadata::Error::CargoMetadata { stderr } => {
            let stderr = stderr.trim();
            stderr.strip_prefix("error: ").unwrap_or(stderr).to_owned()
        }
        other => other.to_string(),
    };
    CliError::new(format!(
        "`cargo metadata` failed for {}: {detail}",
        manifest.display()
    ))
}

/// The package to set up: `-p NAME`, or the package of the located manifest.
pub(super) fn select_package<'m>(
    metadata: &'m Metadata,
    spec: Option<&String>,
    located: &Path,
    located_doc: &DocumentMut,
    cwd: &Path,
) -> Result<&'m Package, CliError> {
    let members = metadata.workspace_packages();
    let names = || {
        let mut names: Vec<&str> = members.iter().map(|p| p.name.as_str()).collect();
        names.sort_unstable();
        names.join(", ")
    };
    if let Some(spec) = spec {
        return members
            .iter()
            .find(|p| *spec == *p.name || *spec == format!("{}@{}", p.name, p.version))
            .copied()
            .ok_or_else(|| {
                CliError::new(format!(
                    "no package `{spec}` in the workspace at {}; its members: {}",
                    metadata.workspace_root,
                    names()
                ))
            });
    }
    if !manifest::has_package(located_doc) {
        return Err(CliError::new(format!(
            "{} is a virtual workspace manifest (no [package]): pass `-p NAME` to choose the \
             package to set up; its members: {}",
            shown(located, cwd),
            names()
        )));
    }
    members
        .iter()
        .find(|p| same_file(p.manifest_path.as_std_path(), located))
        .copied()
        .ok_or_else(|| {
            CliError::new(format!(
                "{} is not a member of the workspace at {}",
                shown(located, cwd),
                metadata.workspace_root
            ))
        })
}

pub(super) fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// `--path DIR` checked (a `cargo-aspect` package) and written as the manifest
/// will hold it: relative to the package when possible, with `/`.
pub(super) fn runtime_path(
    dir: &Path,
    cwd: &Path,
    package_root: &Path,
) -> Result<String, CliError> {
    let dir = cwd.join(dir);
    let manifest = dir.join("Cargo.toml");
    let (_, doc) = read_manifest(&manifest, cwd)
        .map_err(|e| CliError::new(format!("--path {}: {}", dir.display(), e.message)))?;
    let name = doc
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(toml_edit::Item::as_str);
    if name != Some(RUNTIME_PACKAGE) {
        return Err(CliError::new(format!(
            "--path {}: {} is not the `{RUNTIME_PACKAGE}` package",
            dir.display(),
            manifest.display()
        )));
    }
    let dir = dir.canonicalize().unwrap_or(dir);
    let root = package_root
        .canonicalize()
        .unwrap_or_else(|_| package_root.to_owned());
    let path = relative(&root, &dir).unwrap_or(dir);
    let text = path
        .to_str()
        .ok_or_else(|| CliError::new(format!("--path {}: not valid UTF-8", path.display())))?;
    Ok(text.replace('\\', "/"))
}

/// `to` relative to `from` (both absolute), or `None` when they share no root.
fn relative(from: &Path, to: &Path) -> Option<PathBuf> {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    if from.first() != to.first()
        || !matches!(
            from.first(),
            Some(Component::RootDir | Component::Prefix(_))
        )
    {
        return None;
    }
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    // Sharing only `/`: an absolute path says more than `../../../..`.
    if common <= 1 && from.len() > 1 && to.len() > 1 {
        return None;
    }
    let mut path: PathBuf =
        std::iter::repeat_n(Component::ParentDir, from.len() - common).collect();
    path.extend(&to[common..]);
    if path.as_os_str().is_empty() {
        path.push(".");
    }
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_to_the_common_ancestor() {
        let rel = |a: &str, b: &str| {
            relative(Path::new(a), Path::new(b)).map(|p| p.display().to_string())
        };
        assert_eq!(
            rel("/w/t/fresh", "/w/cargo-aspect").as_deref(),
            Some("../../cargo-aspect")
        );
        assert_eq!(rel("/w/a", "/w/a/vendor/rt").as_deref(), Some("vendor/rt"));
        assert_eq!(rel("/w/a", "/w/a").as_deref(), Some("."));
        assert_eq!(rel("w/a", "/w/a"), None);
        assert_eq!(rel("/tmp/x", "/work/rt"), None, "only the root in common");
    }

    #[test]
    fn the_nearest_manifest_is_found_and_a_missing_one_is_an_error() {
        let root = std::env::temp_dir().join(format!("aspect-init-locate-{}", std::process::id()));
        let nested = root.join("src/deep");
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::write(root.join("Cargo.toml"), "[package]\nname = \"x\"\n").unwrap();
        assert_eq!(
            locate_manifest(None, &nested).unwrap(),
            root.join("Cargo.toml")
        );
        let err = locate_manifest(Some(Path::new("nope/Cargo.toml")), &root).unwrap_err();
        assert!(err.message.contains("no such file"), "{}", err.message);
        let err = locate_manifest(Some(Path::new("src")), &root).unwrap_err();
        assert!(
            err.message.contains("not a path to a `Cargo.toml`"),
            "{}",
            err.message
        );
        std::fs::remove_dir_all(&root).unwrap();
    }
}
