//! `targets:` of an imports evidence: which of a package's targets are
//! checked, and so which of its dependencies `external` denies; and the scan
//! of one crate's chosen targets ([`scan_targets`]), which names the
//! dependency each denied use is of.
//!
//! The default is the lib (the code other crates compile), or the bins when
//! the package has no lib, for every deny entry alike, so one aspect checks one
//! set of files. A dependency counts only for targets that can use it:
//! `[dependencies]` for all but the build script, `[dev-dependencies]` for
//! tests, benches and examples (and so for `#[cfg(test)]` code once one of them
//! is chosen), `[build-dependencies]` for `build` only. It must not read a
//! dependency's own sources or manifest: what a dependency is, is its key.

use std::path::{Path, PathBuf};

use super::manifest::{DepKind, Dependency, Manifest};
use super::rules::CheckRules;
use super::tree;
use super::violation::{Scan, ViolationKind};
use super::workspace;

/// One kind of target, as `targets:` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Target {
    Lib,
    Bins,
    Tests,
    Benches,
    Examples,
    Build,
}

/// Every kind, in the order errors and summaries list them.
const ALL: [Target; 6] = [
    Target::Lib,
    Target::Bins,
    Target::Tests,
    Target::Benches,
    Target::Examples,
    Target::Build,
];

impl Target {
    /// The name `targets:` uses.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Target::Lib => "lib",
            Target::Bins => "bins",
            Target::Tests => "tests",
            Target::Benches => "benches",
            Target::Examples => "examples",
            Target::Build => "build",
        }
    }

    /// The tables whose dependencies this kind of target can use.
    fn uses(self, kind: DepKind) -> bool {
        match self {
            Target::Lib | Target::Bins => kind == DepKind::Normal,
            Target::Tests | Target::Benches | Target::Examples => kind != DepKind::Build,
            Target::Build => kind == DepKind::Build,
        }
    }

    /// The root files of this kind of target in `manifest`.
    fn roots(self, manifest: &Manifest) -> Vec<PathBuf> {
        match self {
            Target::Lib => manifest.lib.iter().cloned().collect(),
            Target::Bins => manifest.bins.clone(),
            Target::Tests => manifest.tests.clone(),
            Target::Benches => manifest.benches.clone(),
            Target::Examples => manifest.examples.clone(),
            Target::Build => manifest.build.iter().cloned().collect(),
        }
    }
}

/// Check one `targets:` entry as written.
///
/// # Errors
/// `unknown target `x`: targets are lib, bins, tests, benches, examples, build`.
pub(crate) fn check_entry(entry: &str) -> Result<Target, String> {
    let entry = entry.trim();
    ALL.into_iter().find(|t| t.name() == entry).ok_or_else(|| {
        let names: Vec<&str> = ALL.iter().map(|t| t.name()).collect();
        format!(
            "unknown target `{entry}`: `targets` lists some of {}",
            names.join(", ")
        )
    })
}

/// The targets an evidence checks: as written, or (empty) the default.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Targets(Vec<Target>);

impl Targets {
    /// The targets named by `entries` (each checked by [`check_entry`]).
    ///
    /// # Errors
    /// As [`check_entry`], or when `entries` is empty.
    pub(crate) fn parse(entries: &[String]) -> Result<Targets, String> {
        if entries.is_empty() {
            return Err(
                "`targets: []` checks nothing: name some of lib, bins, tests, benches, examples, build"
                    .to_owned(),
            );
        }
        let mut targets = entries
            .iter()
            .map(|e| check_entry(e))
            .collect::<Result<Vec<_>, _>>()?;
        targets.sort();
        targets.dedup();
        Ok(Targets(targets))
    }

    /// The lib and the bins: what contracts between modules read.
    pub(crate) fn lib_and_bins() -> Targets {
        Targets(vec![Target::Lib, Target::Bins])
    }

    /// Whether `targets:` was left out.
    pub(crate) fn is_default(&self) -> bool {
        self.0.is_empty()
    }

    /// The names as written (sorted, without repeats), for descriptions.
    pub(crate) fn names(&self) -> Vec<&'static str> {
        self.0.iter().map(|t| t.name()).collect()
    }

    /// The kinds checked in `manifest`: those named, or the lib (the bins
    /// when there is no lib).
    fn chosen(&self, manifest: &Manifest) -> Vec<Target> {
        match (self.0.is_empty(), manifest.lib.is_some()) {
            (false, _) => self.0.clone(),
            (true, true) => vec![Target::Lib],
            (true, false) => vec![Target::Bins],
        }
    }

    /// The chosen kinds that `manifest` has, and their root files.
    ///
    /// # Errors
    /// When it has none of them: nothing checked would be a silent pass.
    pub(crate) fn roots(
        &self,
        manifest: &Manifest,
        crate_name: &str,
        dir: &std::path::Path,
    ) -> Result<(Vec<Target>, Vec<PathBuf>), String> {
        let mut found = Vec::new();
        let mut roots = Vec::new();
        for target in self.chosen(manifest) {
            let files = target.roots(manifest);
            if !files.is_empty() {
                found.push(target);
                roots.extend(files);
            }
        }
        if !roots.is_empty() {
            return Ok((found, roots));
        }
        Err(if self.is_default() {
            format!(
                "crate `{crate_name}` has no lib or bin target in {} (no src/lib.rs, src/main.rs, [lib] or [[bin]] path)",
                dir.display()
            )
        } else {
            let has: Vec<&str> = ALL
                .iter()
                .filter(|t| !t.roots(manifest).is_empty())
                .map(|t| t.name())
                .collect();
            format!(
                "crate `{crate_name}` has no {} target in {} (it has: {})",
                self.names().join(" or "),
                dir.display(),
                if has.is_empty() {
                    "none".to_owned()
                } else {
                    has.join(", ")
                }
            )
        })
    }

    /// The dependencies `checked` (kinds from [`Targets::roots`]) can use, in
    /// manifest order: normal ones first, then dev- and build-dependencies.
    pub(crate) fn dependencies<'m>(
        checked: &[Target],
        manifest: &'m Manifest,
    ) -> Vec<&'m Dependency> {
        manifest
            .dependencies
            .iter()
            .chain(&manifest.dev_dependencies)
            .filter(|d| checked.iter().any(|t| t.uses(d.kind)))
            .collect()
    }
}

/// [`scan_crate`] of the targets `targets` names (`lib`, `bins`, ...): what
/// `cargo aspect init` checks before writing a sample aspect with them.
///
/// # Errors
/// As [`check_crate`], and when a target is unknown or the crate has none.
#[cfg(feature = "cli")]
pub(crate) fn scan_crate_targets(
    workspace_root: &Path,
    crate_name: &str,
    deny: &[String],
    targets: &[String],
) -> Result<Scan, String> {
    let rules = CheckRules::parse(deny, &[])?;
    let targets = Targets::parse(targets)?;
    scan_targets(workspace_root, crate_name, &[], rules, &targets)
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
    // Within a module, a dependency the rest of the crate uses is not unused.
    let mut unused: Vec<String> = Vec::new();
    for dep in denied.iter().filter(|_| !scoped) {
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
        targets: checked.iter().map(|t| t.name()).collect(),
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
