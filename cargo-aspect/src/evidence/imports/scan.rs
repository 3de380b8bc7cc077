//! Checking one crate of a workspace: every file of its chosen targets'
//! module trees against the parsed rules (the scan itself is in `targets`).

use std::path::Path;

use super::rules::CheckRules;
use super::targets::{find_module_in, scan_targets, Targets};
pub use super::violation::Scan;
use super::violation::Violation;

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
