//! Checking one crate of a workspace: its manifest's dependencies and every
//! file of its lib and bin module trees, against the parsed rules.

use std::path::{Path, PathBuf};

use super::rules::CheckRules;
use super::tree;
use super::violation::{Violation, ViolationKind};
use super::workspace;

/// The result of checking a crate.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scan {
    /// Every violation, sorted by file, line and column.
    pub violations: Vec<Violation>,
    /// Source files parsed.
    pub files: usize,
    /// Their lines.
    pub lines: usize,
}

/// Check package `crate_name` of the workspace at `workspace_root`: the function
/// behind [`ImportsEvidence::judge`](super::ImportsEvidence), for benchmarks and tools.
///
/// # Errors
/// A message when a rule is malformed, the crate is not a workspace member, or it
/// has no lib or bin target. Unparsable files are violations, not errors.
pub fn check_crate(
    workspace_root: &Path,
    crate_name: &str,
    deny: &[String],
    allow: &[String],
) -> Result<Vec<Violation>, String> {
    scan_crate(workspace_root, crate_name, deny, allow).map(|scan| scan.violations)
}

/// [`check_crate`] with the number of files and lines read.
///
/// # Errors
/// As [`check_crate`].
pub fn scan_crate(
    workspace_root: &Path,
    crate_name: &str,
    deny: &[String],
    allow: &[String],
) -> Result<Scan, String> {
    let rules = CheckRules::parse(deny, allow)?;
    // `a/b/..` would not prefix the members' normalized paths in messages.
    let workspace_root = &workspace::normalize(workspace_root);
    let member = workspace::find(workspace_root, crate_name)?;
    let mut roots: Vec<PathBuf> = member.manifest.lib.iter().cloned().collect();
    roots.extend(member.manifest.bins.iter().cloned());
    if roots.is_empty() {
        return Err(format!(
            "crate `{crate_name}` has no lib or bin target in {} (no src/lib.rs, src/main.rs, [lib] or [[bin]] path)",
            member.dir.display()
        ));
    }
    let walked = tree::walk(workspace_root, &roots, &rules.paths)?;
    let mut violations = walked.violations;
    if rules.external {
        let manifest = member.dir.join("Cargo.toml");
        let file = manifest
            .strip_prefix(workspace_root)
            .unwrap_or(&manifest)
            .to_owned();
        for dep in &member.manifest.dependencies {
            let names = [Some(&dep.name), dep.package.as_ref()];
            if names.iter().flatten().any(|n| rules.allows_crate(n)) {
                continue;
            }
            violations.push(Violation {
                file: file.clone(),
                line: dep.line,
                column: dep.column,
                path: dep.name.clone(),
                rule: "external".to_owned(),
                kind: ViolationKind::Dependency {
                    package: dep.package.clone(),
                },
            });
        }
    }
    violations.sort_by(|a, b| {
        (&a.file, a.line, a.column, &a.path).cmp(&(&b.file, b.line, b.column, &b.path))
    });
    violations.dedup();
    Ok(Scan {
        violations,
        files: walked.files,
        lines: walked.lines,
    })
}
