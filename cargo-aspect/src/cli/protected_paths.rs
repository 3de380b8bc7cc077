//! Which files the agent must not change, as rules: the spec and aspect globs
//! of every harness package, the `protect` globs, and the scripts an aspect's
//! evidence executes. Shared by `fix` (which copies the files and puts them
//! back after each agent call) and `hook` (which refuses an edit before it
//! happens, inside Claude Code).
//!
//! It reads manifests and aspect front matter only: no `cargo metadata`
//! (the `PreToolUse` hook answers within milliseconds), and it must not copy,
//! change or put back any file.

use std::path::{Path, PathBuf};

use crate::cli::agent_config::AspectTable;
use crate::cli::CliError;
use crate::config::Config;

/// Why a file is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RuleKind {
    /// A `specs` glob: the specs are the truth.
    Specs,
    /// An `aspects` glob: the aspects are the truth.
    Aspects,
    /// A `protect` glob of `[*.metadata.aspect]`.
    Protect,
    /// A script an aspect's evidence executes.
    Script,
}

/// One rule: a glob (absolute) or, for a script, its path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Rule {
    /// What the rule is.
    pub kind: RuleKind,
    /// An absolute glob, or the script's absolute path.
    pub pattern: String,
    /// The manifest or aspect file the rule comes from, for the message.
    pub source: PathBuf,
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let source = self.source.display();
        match self.kind {
            RuleKind::Specs => write!(f, "specs glob `{}` in {source}", self.pattern),
            RuleKind::Aspects => write!(f, "aspects glob `{}` in {source}", self.pattern),
            RuleKind::Protect => write!(f, "protect glob `{}` in {source}", self.pattern),
            RuleKind::Script => write!(f, "a script the evidence of {source} executes"),
        }
    }
}

/// One package with a harness, as the rules need it.
pub(crate) struct Package<'p> {
    /// The package's directory.
    pub root: &'p Path,
    /// Its `Cargo.toml`.
    pub manifest: &'p Path,
}

/// Every rule of a workspace.
#[derive(Clone, Debug, Default)]
pub(crate) struct ProtectRules {
    /// The rules, globs first, then scripts.
    pub rules: Vec<Rule>,
}

impl ProtectRules {
    /// The rules of the workspace at `root` (whose `[workspace.metadata.aspect]`
    /// table is `workspace_table`) for its harness `packages`.
    ///
    /// # Errors
    /// A bad glob or configuration.
    pub(crate) fn of(
        root: &Path,
        workspace_table: &AspectTable,
        packages: &[Package<'_>],
    ) -> Result<ProtectRules, CliError> {
        let mut rules = Vec::new();
        let workspace_manifest = root.join("Cargo.toml");
        if let Some(patterns) = &workspace_table.protect {
            protect_globs(root, &workspace_manifest, patterns, &mut rules)?;
        }
        let mut scripts = Vec::new();
        for package in packages {
            if let Some(patterns) = &read_table(package.manifest, "package")?.protect {
                protect_globs(package.root, package.manifest, patterns, &mut rules)?;
            }
            let config = Config::load(package.root)?;
            for (kind, globs) in [
                (RuleKind::Specs, &config.specs),
                (RuleKind::Aspects, &config.aspects),
            ] {
                rules.extend(globs.iter().map(|pattern| Rule {
                    kind,
                    pattern: pattern.clone(),
                    source: package.manifest.to_owned(),
                }));
            }
            for aspect in config.aspect_files() {
                for script in scripts_of(&aspect, root) {
                    scripts.push(Rule {
                        kind: RuleKind::Script,
                        pattern: script.to_string_lossy().into_owned(),
                        source: PathBuf::from(crate::cli::files::relative(root, &aspect)),
                    });
                }
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        rules.retain(|r| seen.insert((r.kind as u8, r.pattern.clone())));
        scripts.retain(|r| seen.insert((r.kind as u8, r.pattern.clone())));
        rules.extend(scripts);
        Ok(ProtectRules { rules })
    }

    /// The globs (not the scripts), absolute.
    pub(crate) fn globs(&self) -> Vec<String> {
        self.rules
            .iter()
            .filter(|r| r.kind != RuleKind::Script)
            .map(|r| r.pattern.clone())
            .collect()
    }

    /// Every file the rules protect today, sorted.
    pub(crate) fn files(&self) -> Vec<PathBuf> {
        let mut files = expand(&self.globs());
        files.extend(
            self.rules
                .iter()
                .filter(|r| r.kind == RuleKind::Script)
                .map(|r| PathBuf::from(&r.pattern)),
        );
        files.sort();
        files.dedup();
        files
    }

    /// The first rule protecting `path` (absolute; it may not exist yet: a
    /// `Write` creates files). A glob protects what it matches and every file
    /// below a directory it matches (`dir/**` stands for `dir`), as [`expand`]
    /// reads it.
    pub(crate) fn rule_for(&self, path: &Path) -> Option<&Rule> {
        let path = normalize(path);
        let options = glob::MatchOptions {
            require_literal_separator: true,
            ..glob::MatchOptions::new()
        };
        self.rules.iter().find(|rule| match rule.kind {
            RuleKind::Script => normalize(Path::new(&rule.pattern)) == path,
            _ => {
                let pattern = rule.pattern.strip_suffix("/**").unwrap_or(&rule.pattern);
                let Ok(glob) = glob::Pattern::new(&normalize(Path::new(pattern)).to_string_lossy())
                else {
                    return false;
                };
                path.ancestors().any(|p| glob.matches_path_with(p, options))
            }
        })
    }
}

/// The rules of one `protect = [globs]`, relative to `base`.
fn protect_globs(
    base: &Path,
    manifest: &Path,
    patterns: &[String],
    rules: &mut Vec<Rule>,
) -> Result<(), CliError> {
    for pattern in patterns {
        glob::Pattern::new(pattern)
            .map_err(|e| CliError::new(format!("bad glob `{pattern}` in `protect`: {e}")))?;
        rules.push(Rule {
            kind: RuleKind::Protect,
            pattern: base.join(pattern).to_string_lossy().into_owned(),
            source: manifest.to_owned(),
        });
    }
    Ok(())
}

/// `path` with `.` and `..` removed and, where it exists, its links resolved
/// (the deepest existing ancestor is canonicalized, the rest appended), so a
/// path through a symlinked checkout matches the rules.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut clean = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    let mut rest = Vec::new();
    let mut existing = clean.as_path();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut out = real;
            out.extend(rest.iter().rev());
            return out;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => return clean,
        }
    }
}

/// The `[<section>.metadata.aspect]` table of a manifest (`section` is `package` or `workspace`).
///
/// # Errors
/// When the manifest cannot be read or the table has a wrong or unknown key.
pub(crate) fn read_table(manifest: &Path, section: &str) -> Result<AspectTable, CliError> {
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
pub(crate) fn scripts_of(aspect: &Path, workspace_root: &Path) -> Vec<PathBuf> {
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
    let Ok(front) = crate::aspect::yaml::parse(&yaml).map(|front| front.value.to_json()) else {
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
pub(crate) fn expand(globs: &[String]) -> Vec<PathBuf> {
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
    use crate::cli::files;

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

    #[test]
    fn a_path_is_matched_to_its_rule_before_it_exists_and_through_dot_dot() {
        let root = files::test_tree(
            "protect-rules",
            &[
                ("specs/a.feature", ""),
                ("scripts/check.sh", ""),
                ("src/lib.rs", ""),
            ],
        );
        let rule = |kind, pattern: &str| Rule {
            kind,
            pattern: root.join(pattern).to_string_lossy().into_owned(),
            source: PathBuf::from("Cargo.toml"),
        };
        let rules = ProtectRules {
            rules: vec![
                rule(RuleKind::Specs, "specs/**/*.feature"),
                rule(RuleKind::Protect, "tests/evidence/**"),
                rule(RuleKind::Script, "scripts/check.sh"),
            ],
        };
        let kind = |path: &str| rules.rule_for(&root.join(path)).map(|r| r.kind);
        assert_eq!(kind("specs/a.feature"), Some(RuleKind::Specs));
        assert_eq!(kind("specs/new/b.feature"), Some(RuleKind::Specs));
        assert_eq!(kind("src/../specs/a.feature"), Some(RuleKind::Specs));
        assert_eq!(kind("tests/evidence/deep/new.rs"), Some(RuleKind::Protect));
        assert_eq!(kind("./scripts/check.sh"), Some(RuleKind::Script));
        assert_eq!(kind("scripts/other.sh"), None);
        assert_eq!(kind("src/lib.rs"), None);
        assert_eq!(kind("specs/a.feature.bak"), None);
        let _ = std::fs::remove_dir_all(&root);
    }
}
