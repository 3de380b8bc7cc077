//! Putting a file back as it was: the one way `fix` (protected files, step
//! functions) and `probe` (the scratch copy) write a file's bytes and mode
//! again, so they agree on what "the same" means and on how a file is
//! replaced. It must not decide *which* files to put back.

use std::fs::Permissions;
use std::io;
use std::path::Path;
#[cfg(test)]
use std::path::PathBuf;

/// Whether `path` already holds `bytes` with `permissions`.
pub(crate) fn holds(path: &Path, bytes: &[u8], permissions: &Permissions) -> bool {
    std::fs::read(path).is_ok_and(|now| now == bytes)
        && std::fs::metadata(path).is_ok_and(|m| m.permissions() == *permissions)
}

/// Put `bytes` at `path`, with `permissions` (or, when `None`, those the file
/// has now). The parent directory is made again if it was removed, and the
/// file is replaced, never written through: a link the agent or a plant left
/// there is not followed.
///
/// # Errors
/// When the directory, the file or its permissions cannot be written.
pub(crate) fn put_back(
    path: &Path,
    bytes: &[u8],
    permissions: Option<Permissions>,
) -> io::Result<()> {
    let permissions = permissions.or_else(|| {
        std::fs::symlink_metadata(path)
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.permissions())
    });
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let _ = std::fs::remove_file(path);
    std::fs::write(path, bytes)?;
    match permissions {
        Some(permissions) => std::fs::set_permissions(path, permissions),
        None => Ok(()),
    }
}

/// `path` relative to `root` when under it, for messages and records.
pub(crate) fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// A fresh directory for one unit test, `<tmp>/aspect-<name>-<pid>`, holding
/// `entries`: `(relative path, text)`, parents made; a path ending in `/` is
/// an empty directory.
#[cfg(test)]
pub(crate) fn test_tree(name: &str, entries: &[(&str, &str)]) -> PathBuf {
    let root = std::env::temp_dir().join(format!("aspect-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    for (path, text) in entries {
        let path = root.join(path);
        if path.to_string_lossy().ends_with('/') {
            std::fs::create_dir_all(&path).unwrap();
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, text).unwrap();
    }
    root
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_file_is_put_back_with_its_mode_its_directory_and_not_through_a_link() {
        let dir = test_tree("cli-files", &[]);
        let script = dir.join("scripts/check.sh");
        let exec = Permissions::from_mode(0o100755);
        put_back(&script, b"#!/bin/sh\n", Some(exec.clone())).unwrap();
        assert!(holds(&script, b"#!/bin/sh\n", &exec));
        assert!(!holds(
            &script,
            b"#!/bin/sh\n",
            &Permissions::from_mode(0o100644)
        ));
        assert!(!holds(&script, b"other", &exec));

        // Without permissions given, the file keeps those it has.
        put_back(&script, b"changed\n", None).unwrap();
        assert!(holds(&script, b"changed\n", &exec));

        // A link is replaced, its target left alone.
        let target = dir.join("target.txt");
        std::fs::write(&target, "kept").unwrap();
        let link = dir.join("link.txt");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        put_back(&link, b"put back", None).unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "kept");
        assert_eq!(std::fs::read_to_string(&link).unwrap(), "put back");
        assert!(!std::fs::symlink_metadata(&link).unwrap().is_symlink());

        assert_eq!(relative(&dir, &script), "scripts/check.sh");
        assert_eq!(relative(Path::new("/elsewhere"), Path::new("/a/b")), "/a/b");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
