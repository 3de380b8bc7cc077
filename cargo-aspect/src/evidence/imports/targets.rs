//! `targets:` of an imports evidence: which of a package's targets are
//! checked, and so which of its dependencies `external` denies.
//!
//! The default is the lib (the code other crates compile), or the bins when
//! the package has no lib, for every deny entry alike, so one aspect checks one
//! set of files. A dependency counts only for targets that can use it:
//! `[dependencies]` for all but the build script, `[dev-dependencies]` for
//! tests, benches and examples (and so for `#[cfg(test)]` code once one of them
//! is chosen), `[build-dependencies]` for `build` only. This module must not
//! read files beyond what the manifest already found.

use std::path::PathBuf;

use super::manifest::{DepKind, Dependency, Manifest};

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
