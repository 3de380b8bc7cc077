//! The source files the layout rules look at, and which module each one is.
//!
//! It must not parse Rust: it only walks directories and names modules by the
//! file paths rustc uses when there is no `#[path]` attribute.

use std::path::{Path, PathBuf};

/// The `src` directories of the workspace's crates that the rules cover.
pub const CRATE_SOURCES: &[&str] = &["cargo-aspect/src", "aspect-macros/src", "xtask/src"];

/// One Rust source file of a crate.
#[derive(Debug)]
pub struct SourceFile {
    /// Relative to the workspace root, `/`-separated, for messages.
    pub path: String,
    /// The crate it belongs to (its `src` directory), so modules of two crates never mix.
    pub krate: String,
    /// Its module path inside the crate: `[]` for `lib.rs`/`main.rs`,
    /// `["evidence", "bench"]` for `evidence/bench.rs`, `["spec", "parser"]`
    /// for `spec/parser/mod.rs`.
    pub module: Vec<String>,
    /// Its text.
    pub text: String,
}

/// The module path of a file at `relative` (to its crate's `src`, `/`-separated).
pub fn module_path(relative: &str) -> Vec<String> {
    let stem = relative.strip_suffix(".rs").unwrap_or(relative);
    let mut parts: Vec<String> = stem.split('/').map(str::to_owned).collect();
    if parts.last().is_some_and(|last| last == "mod") {
        parts.pop();
    }
    if parts.len() == 1 && (parts[0] == "lib" || parts[0] == "main") {
        parts.clear();
    }
    parts
}

/// Every `.rs` file of the covered crates under `root`, sorted by path.
///
/// # Errors
/// A message naming a directory or file that cannot be read.
pub fn read_sources(root: &Path) -> Result<Vec<SourceFile>, String> {
    let mut files = Vec::new();
    for krate in CRATE_SOURCES {
        let src = root.join(krate);
        let mut paths = Vec::new();
        walk(&src, &mut paths)?;
        paths.sort();
        for path in paths {
            let relative = slashed(path.strip_prefix(&src).unwrap_or(&path));
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            files.push(SourceFile {
                path: format!("{krate}/{relative}"),
                krate: (*krate).to_owned(),
                module: module_path(&relative),
                text,
            });
        }
    }
    Ok(files)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

fn slashed(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// The module-file convention: a module with children is `name/mod.rs`. One
/// message per `name.rs` that has a `name/` directory of modules beside it.
pub fn mixed_conventions(files: &[SourceFile]) -> Vec<String> {
    let mut problems = Vec::new();
    for file in files {
        let Some(stem) = file.path.strip_suffix(".rs") else {
            continue;
        };
        if file.path.ends_with("/mod.rs") || file.module.is_empty() {
            continue;
        }
        let children = format!("{stem}/");
        if files.iter().any(|other| other.path.starts_with(&children)) {
            problems.push(format!(
                "{}:1: a module with children is `{stem}/mod.rs` in this workspace, not `{}` \
                 beside `{children}`",
                file.path, file.path
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str) -> SourceFile {
        let relative = path.strip_prefix("c/src/").unwrap();
        SourceFile {
            path: path.to_owned(),
            krate: "c/src".to_owned(),
            module: module_path(relative),
            text: String::new(),
        }
    }

    #[test]
    fn files_name_their_modules_as_rustc_does() {
        assert!(module_path("lib.rs").is_empty());
        assert!(module_path("main.rs").is_empty());
        assert_eq!(module_path("tags.rs"), ["tags"]);
        assert_eq!(module_path("spec/parser/mod.rs"), ["spec", "parser"]);
        assert_eq!(
            module_path("spec/parser/tree.rs"),
            ["spec", "parser", "tree"]
        );
    }

    #[test]
    fn a_module_file_beside_its_directory_is_flagged() {
        let mixed = [file("c/src/imports.rs"), file("c/src/imports/scope.rs")];
        let problems = mixed_conventions(&mixed);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("c/src/imports.rs:1: "),
            "{problems:?}"
        );
        let one = [file("c/src/imports/mod.rs"), file("c/src/imports/scope.rs")];
        assert!(mixed_conventions(&one).is_empty());
        // `import.rs` is not `imports/`'s module file.
        let other = [file("c/src/import.rs"), file("c/src/imports/mod.rs")];
        assert!(mixed_conventions(&other).is_empty());
    }
}
