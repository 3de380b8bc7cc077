//! Checking one crate of a workspace: every file of the module trees of its
//! chosen targets (see `targets`) against the parsed rules, and with
//! `external`, every use of a dependency those targets can use.

use std::path::Path;

use super::manifest::{DepKind, Dependency};
use super::rules::CheckRules;
use super::targets::{Target, Targets};
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
    /// The kinds of target checked (`lib`, `bins`, ...).
    pub targets: Vec<&'static str>,
    /// With `external`: the denied dependencies no checked code uses, by key.
    pub unused: Vec<String>,
}

/// Check package `crate_name` of the workspace at `workspace_root`: the function
/// behind [`ImportsEvidence::judge`](super::ImportsEvidence), for benchmarks and tools.
///
/// # Errors
/// A message when a rule is malformed, the crate is not a workspace member, or it
/// has no lib or bin target. Unparsable files are violations, not errors. The
/// targets checked are the default ones: the lib (the bins if it has none).
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
    find_module_in(workspace_root, crate_name, module, &Targets::lib_and_bins())
}

/// [`find_module`] in the module trees of `targets`.
///
/// # Errors
/// As [`find_module`], and when the crate has none of `targets`.
pub(crate) fn find_module_in(
    workspace_root: &Path,
    crate_name: &str,
    module: &[String],
    targets: &Targets,
) -> Result<(), String> {
    let workspace_root = &workspace::normalize(workspace_root);
    let member = workspace::find(workspace_root, crate_name)?;
    let (_, roots) = targets.roots(&member.manifest, crate_name, &member.dir)?;
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
/// its submodules.
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
    scan_targets(
        workspace_root,
        crate_name,
        module,
        rules,
        &Targets::default(),
    )
}

/// [`scan_module`] of the lib and bins with the rules parsed (a contract sets
/// more than deny and allow).
pub(crate) fn scan_with(
    workspace_root: &Path,
    crate_name: &str,
    module: &[String],
    rules: CheckRules,
) -> Result<Scan, String> {
    scan_targets(
        workspace_root,
        crate_name,
        module,
        rules,
        &Targets::lib_and_bins(),
    )
}

/// [`scan_module`] of the chosen targets, with the rules parsed. With
/// `external`, the paths into the dependencies those targets can use are
/// denied, each reported where it is written and named after its dependency.
pub(crate) fn scan_targets(
    workspace_root: &Path,
    crate_name: &str,
    module: &[String],
    mut rules: CheckRules,
    targets: &Targets,
) -> Result<Scan, String> {
    // `a/b/..` would not prefix the members' normalized paths in messages.
    let workspace_root = &workspace::normalize(workspace_root);
    let member = workspace::find(workspace_root, crate_name)?;
    let (checked, roots) = targets.roots(&member.manifest, crate_name, &member.dir)?;
    let scoped = !module.is_empty();
    let denied: Vec<&Dependency> = if rules.external {
        Targets::dependencies(&checked, &member.manifest)
            .into_iter()
            .filter(|d| !allowed(&rules, d))
            .collect()
    } else {
        Vec::new()
    };
    let mut crates: Vec<String> = denied.iter().map(|d| d.name.replace('-', "_")).collect();
    crates.sort();
    crates.dedup();
    rules.paths.external_crates = crates;
    let walked = tree::walk(workspace_root, &roots, &rules.paths, module)?;
    if scoped && !walked.modules.iter().any(|m| *m == module.join("::")) {
        return Err(format!(
            "module `{}` is not in crate `{crate_name}`; its modules: {}",
            module.join("::"),
            walked.modules.join(", ")
        ));
    }
    let mut violations = walked.violations;
    let mut used: Vec<&str> = Vec::new();
    for v in &mut violations {
        if !matches!(v.kind, ViolationKind::Path) || v.rule != rules.paths.external.text {
            continue;
        }
        let first = v.path.split("::").next().unwrap_or_default();
        let Some(dep) = denied.iter().find(|d| d.name.replace('-', "_") == first) else {
            continue;
        };
        used.push(&dep.name);
        v.kind = ViolationKind::Dependency {
            dependency: dep.name.clone(),
            package: dep.package.clone(),
            features: dep.features.clone(),
            table: match dep.kind {
                DepKind::Normal => "dependency",
                DepKind::Dev => "dev-dependency",
                DepKind::Build => "build-dependency",
            },
        };
    }
    let mut unused: Vec<String> = Vec::new();
    for dep in &denied {
        if !used.contains(&dep.name.as_str()) && !unused.contains(&dep.name) {
            unused.push(dep.name.clone());
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
        targets: checked.iter().map(|t| Target::name(*t)).collect(),
        unused,
    })
}

/// Whether `allow` lets dependency `dep` through: by its key, its package, or
/// (optional) every feature that brings it in.
fn allowed(rules: &CheckRules, dep: &Dependency) -> bool {
    let names = [Some(&dep.name), dep.package.as_ref()];
    names.iter().flatten().any(|n| rules.allows_crate(n))
        || (!dep.features.is_empty() && dep.features.iter().all(|f| rules.allows_feature(f)))
}
