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
use crate::cli::workspace::Workspace;
use crate::cli::CliError;
use crate::config::Config;

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
        let mut globs = Vec::new();
        let mut files: Vec<PathBuf> = Vec::new();
        let add_globs = |base: &Path, patterns: &[String], globs: &mut Vec<String>| {
            for pattern in patterns {
                glob::Pattern::new(pattern).map_err(|e| {
                    CliError::new(format!("bad glob `{pattern}` in `protect`: {e}"))
                })?;
                globs.push(base.join(pattern).to_string_lossy().into_owned());
            }
            Ok::<(), CliError>(())
        };
        if let Some(patterns) = &workspace_table.protect {
            add_globs(&ws.root, patterns, &mut globs)?;
        }
        for package in &ws.harnesses {
            let config = Config::load(&package.root)?;
            globs.extend(config.specs.iter().cloned());
            globs.extend(config.aspects.iter().cloned());
            let own = package_table(&package.manifest_path)?;
            if let Some(patterns) = &own.protect {
                add_globs(&package.root, patterns, &mut globs)?;
            }
            for aspect in config.aspect_files() {
                files.extend(scripts_of(&aspect, &ws.root));
            }
        }
        files.extend(expand(&globs));
        files.sort();
        files.dedup();
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

/// The `[package.metadata.aspect]` table of a manifest.
fn package_table(manifest: &Path) -> Result<AspectTable, CliError> {
    read_table(manifest, "package")
}

/// The `[<section>.metadata.aspect]` table of a manifest (`section` is `package` or `workspace`).
///
/// # Errors
/// When the manifest cannot be read or the table has a wrong or unknown key.
pub fn read_table(manifest: &Path, section: &str) -> Result<AspectTable, CliError> {
    let text = std::fs::read_to_string(manifest)
        .map_err(|e| CliError::new(format!("cannot read {}: {e}", manifest.display())))?;
    let value: toml::Table =
        toml::from_str(&text).map_err(|e| CliError::new(format!("{}: {e}", manifest.display())))?;
    let Some(table) = value
        .get(section)
        .and_then(|s| s.get("metadata"))
        .and_then(|m| m.get("aspect"))
    else {
        return Ok(AspectTable::default());
    };
    table.clone().try_into().map_err(|e| {
        CliError::new(format!(
            "{}: [{section}.metadata.aspect]: {e}",
            manifest.display()
        ))
    })
}

/// The programs an aspect's evidence executes that are files in the workspace:
/// the program of each command (the seed's `evidence: scripts/check.sh`, a
/// `command` list, a `memory` command), or the script an interpreter runs
/// (`[sh, scripts/check.sh]`). A file a command merely reads, such as the
/// `src/lib.rs` of `[grep, -q, Calc, src/lib.rs]`, is code the agent may have
/// to change, so it is not protected.
fn scripts_of(aspect: &Path, workspace_root: &Path) -> Vec<PathBuf> {
    let Ok(text) = std::fs::read_to_string(aspect) else {
        return Vec::new();
    };
    let mut lines = text.lines();
    if lines.next().map(str::trim_end) != Some("---") {
        return Vec::new();
    }
    let yaml: String = lines
        .take_while(|l| l.trim_end() != "---")
        .map(|l| format!("{l}\n"))
        .collect();
    let Ok(front) = serde_saphyr::from_str::<serde_json::Value>(&yaml) else {
        return Vec::new();
    };
    let evidence = front.get("evidence").unwrap_or(&serde_json::Value::Null);
    let commands = [
        Some(evidence),
        evidence.get("command"),
        evidence.get("memory").and_then(|m| m.get("command")),
    ];
    let root = workspace_root
        .canonicalize()
        .unwrap_or_else(|_| workspace_root.to_owned());
    let mut files: Vec<PathBuf> = commands
        .into_iter()
        .flatten()
        .filter_map(argv)
        .filter_map(|argv| executed(&argv, &root))
        .map(|p| workspace_root.join(p.strip_prefix(&root).unwrap_or(&p)))
        .collect();
    files.dedup();
    files
}

/// A command as evidence writes it: a string split on whitespace, or a list.
fn argv(value: &serde_json::Value) -> Option<Vec<String>> {
    match value {
        serde_json::Value::String(line) => {
            Some(line.split_whitespace().map(str::to_owned).collect())
        }
        serde_json::Value::Array(items) => items
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => None,
    }
}

/// Programs that run a script named among their arguments.
const INTERPRETERS: &[&str] = &[
    "sh", "bash", "dash", "zsh", "ksh", "fish", "python", "python3", "perl", "ruby", "node",
    "deno", "bun", "php", "lua", "Rscript", "tclsh", "pwsh",
];

/// Options after which an interpreter runs code given inline or a module, not a script file.
const INLINE: &[&str] = &["-c", "-e", "-m", "--eval", "--command"];

/// The workspace file `argv` executes, canonical, if any: its program when
/// that is a path (as command evidence resolves it, from the workspace root),
/// or, for an interpreter (after `env` and its `NAME=value`s), the first
/// argument that is a workspace file.
fn executed(argv: &[String], root: &Path) -> Option<PathBuf> {
    let in_workspace = |word: &str| {
        root.join(word)
            .canonicalize()
            .ok()
            .filter(|p| p.is_file() && p.starts_with(root))
    };
    let mut words = argv.iter().map(String::as_str).peekable();
    let mut program = words.next()?;
    if program == "env" || program.ends_with("/env") {
        while words
            .peek()
            .is_some_and(|w| w.starts_with('-') || w.contains('='))
        {
            words.next();
        }
        program = words.next()?;
    }
    if program.contains('/') {
        return in_workspace(program);
    }
    if !INTERPRETERS.contains(&program) {
        return None;
    }
    for word in words {
        if INLINE.contains(&word) {
            return None;
        }
        if !word.starts_with('-') {
            if let Some(script) = in_workspace(word) {
                return Some(script);
            }
        }
    }
    None
}

/// The files the globs match. A matched directory stands for every file under
/// it, and `dir/**` for `dir` (the glob crate matches it to the directories
/// below `dir` only), so that `tests/evidence/**` protects every file in
/// `tests/evidence/` and its subdirectories, as a user means.
fn expand(globs: &[String]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in globs
        .iter()
        .filter_map(|g| glob::glob(g.strip_suffix("/**").unwrap_or(g)).ok())
        .flatten()
        .filter_map(Result::ok)
    {
        files_under(&path, &mut files);
    }
    files.sort();
    files.dedup();
    files
}

/// `path` if it is a file, every file below it if it is a directory.
fn files_under(path: &Path, files: &mut Vec<PathBuf>) {
    if path.is_file() {
        files.push(path.to_owned());
    } else if let Ok(entries) = std::fs::read_dir(path) {
        for entry in entries.flatten() {
            files_under(&entry.path(), files);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_programs_evidence_executes_are_protected_not_the_files_it_reads() {
        let dir = files::test_tree(
            "fix-protect",
            &[
                ("scripts/check.sh", "#!/bin/sh\n"),
                ("scripts/data.txt", "x"),
                ("src/lib.rs", ""),
            ],
        );
        let aspect = dir.join("a.md");
        let check = [dir.join("scripts/check.sh")];
        let none: [PathBuf; 0] = [];
        for (evidence, expected) in [
            (
                "{command: [sh, scripts/check.sh, scripts/data.txt, /etc/passwd, nope/x]}",
                &check[..],
            ),
            ("scripts/check.sh --fast src/lib.rs", &check),
            (
                "{command: [scripts/check.sh, src/lib.rs], timeout: 5s}",
                &check,
            ),
            ("{command: [bash, -o, pipefail, scripts/check.sh]}", &check),
            ("{command: [env, A=1, sh, scripts/check.sh]}", &check),
            (
                "{memory: {command: [./scripts/check.sh], max: 1MiB}}",
                &check,
            ),
            ("{command: [grep, -q, Calc, src/lib.rs]}", &none),
            ("'grep -q Calc src/lib.rs'", &none),
            (
                "{command: [sh, -c, 'grep -q x scripts/check.sh', scripts/check.sh]}",
                &none,
            ),
            ("{command: [cat, scripts/check.sh]}", &none),
            ("{bench: f, max: 2us}", &none),
        ] {
            std::fs::write(
                &aspect,
                format!("---\nname: a\nevidence: {evidence}\n---\nBody.\n"),
            )
            .unwrap();
            assert_eq!(scripts_of(&aspect, &dir), expected, "{evidence}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

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

    #[test]
    fn a_glob_ending_in_double_star_means_every_file_below() {
        let root = files::test_tree(
            "fix-expand",
            &[
                ("tests/evidence/mod.rs", ""),
                ("tests/evidence/deep/bench.rs", ""),
                ("tests/other.rs", ""),
            ],
        );
        let glob = |g: &str| vec![root.join(g).to_string_lossy().into_owned()];
        let expected = [
            root.join("tests/evidence/deep/bench.rs"),
            root.join("tests/evidence/mod.rs"),
        ];
        assert_eq!(expand(&glob("tests/evidence/**")), expected);
        assert_eq!(expand(&glob("tests/evidence")), expected);
        assert_eq!(expand(&glob("tests/evidence/**/*.rs")), expected);
        assert_eq!(expand(&glob("tests/*.rs")), [root.join("tests/other.rs")]);
        let _ = std::fs::remove_dir_all(&root);
    }
}
