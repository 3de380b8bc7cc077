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
    scan_module(workspace_root, crate_name, &[], deny, allow)
}

/// `module:` as written (`frame`, `a::b`, `crate::a::b`) → `["a", "b"]`.
///
/// # Errors
/// When it is not a path of identifiers.
pub fn module_path(text: &str) -> Result<Vec<String>, String> {
    let text = text.trim();
    let rest = text.strip_prefix("crate").unwrap_or(text);
    let rest = rest.strip_prefix("::").unwrap_or(rest);
    if rest.is_empty() {
        return Ok(Vec::new());
    }
    let segments: Vec<String> = rest.split("::").map(str::to_owned).collect();
    let ident = |s: &String| {
        let s = s.strip_prefix("r#").unwrap_or(s);
        let mut chars = s.chars();
        chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
            && chars.all(|c| c.is_alphanumeric() || c == '_')
            && !matches!(s, "_" | "crate" | "self" | "super" | "Self")
    };
    if segments.iter().all(ident) {
        Ok(segments
            .into_iter()
            .map(|s| s.strip_prefix("r#").map(str::to_owned).unwrap_or(s))
            .collect())
    } else {
        Err(format!(
            "module `{text}` is not a module path like `frame` or `net::frame`"
        ))
    }
}

/// The lib and bin root files of a member.
fn roots(member: &workspace::Member, crate_name: &str) -> Result<Vec<PathBuf>, String> {
    let mut roots: Vec<PathBuf> = member.manifest.lib.iter().cloned().collect();
    roots.extend(member.manifest.bins.iter().cloned());
    if roots.is_empty() {
        return Err(format!(
            "crate `{crate_name}` has no lib or bin target in {} (no src/lib.rs, src/main.rs, [lib] or [[bin]] path)",
            member.dir.display()
        ));
    }
    Ok(roots)
}

/// Check that `module` (from [`module_path`]) is a module of the crate, reading
/// only the files on the way to it.
///
/// # Errors
/// `module `x` is not in crate `y``, or the crate's own errors.
pub(crate) fn find_module(
    workspace_root: &Path,
    crate_name: &str,
    module: &[String],
) -> Result<(), String> {
    let workspace_root = &workspace::normalize(workspace_root);
    let member = workspace::find(workspace_root, crate_name)?;
    let roots = roots(&member, crate_name)?;
    if module.is_empty() || tree::has_module(workspace_root, &roots, module)? {
        return Ok(());
    }
    Err(format!(
        "module `{}` is not in crate `{crate_name}` (no `mod {}` in its module tree)",
        module.join("::"),
        module.last().map_or("", String::as_str)
    ))
}

/// [`scan_crate`] for module `module` of the crate (`[]`: the whole crate) and
/// its submodules. With `external` and a module, the module's paths into the
/// crate's dependencies are denied, rather than the manifest's entries.
///
/// # Errors
/// As [`check_crate`], and when the crate has no such module.
pub fn scan_module(
    workspace_root: &Path,
    crate_name: &str,
    module: &[String],
    deny: &[String],
    allow: &[String],
) -> Result<Scan, String> {
    let rules = CheckRules::parse(deny, allow)?;
    scan_with(workspace_root, crate_name, module, rules)
}

/// [`scan_module`] with the rules parsed (a contract sets more than deny and allow).
pub(crate) fn scan_with(
    workspace_root: &Path,
    crate_name: &str,
    module: &[String],
    mut rules: CheckRules,
) -> Result<Scan, String> {
    // `a/b/..` would not prefix the members' normalized paths in messages.
    let workspace_root = &workspace::normalize(workspace_root);
    let member = workspace::find(workspace_root, crate_name)?;
    let roots = roots(&member, crate_name)?;
    let scoped = !module.is_empty();
    if scoped && rules.external {
        rules.paths.external_crates = member
            .manifest
            .dependencies
            .iter()
            .filter(|d| !rules.allows_crate(&d.name))
            .map(|d| d.name.replace('-', "_"))
            .collect();
    }
    let walked = tree::walk(workspace_root, &roots, &rules.paths, module)?;
    if scoped && !walked.modules.iter().any(|m| *m == module.join("::")) {
        return Err(format!(
            "module `{}` is not in crate `{crate_name}`; its modules: {}",
            module.join("::"),
            walked.modules.join(", ")
        ));
    }
    let mut violations = walked.violations;
    if rules.external && !scoped {
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
            // An optional dependency is let through when every feature that
            // brings it in is allowed (`allow: ["feature:otel"]`).
            if !dep.features.is_empty() && dep.features.iter().all(|f| rules.allows_feature(f)) {
                continue;
            }
            violations.push(Violation {
                file: file.clone(),
                line: dep.line,
                column: dep.column,
                path: dep.name.clone(),
                rule: "external".to_owned(),
                module: String::new(),
                kind: ViolationKind::Dependency {
                    package: dep.package.clone(),
                    features: dep.features.clone(),
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
