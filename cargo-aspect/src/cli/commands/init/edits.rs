//! The changes `cargo aspect init` makes, each only when absent: the
//! `[[test]]` target, the dev-dependency, the harness and the sample files.
//! Files are created with `create_new`, never over one that exists; manifests
//! are edited in memory (`toml_edit`) and written by the command at once.

use std::io::Write;
use std::path::{Path, PathBuf};

use cargo_metadata::{DependencyKind, Package};
use toml_edit::DocumentMut;

use super::changes::Report;
use super::locate::{shown, RUNTIME_KEY, RUNTIME_PACKAGE};
use super::{manifest, templates};
use crate::cli::CliError;
use crate::config::Config;

/// Adding the `[[test]]` target of the harness, or `harness = false` to it.
pub(super) struct TargetEdit<'a> {
    pub(super) name: &'a str,
    /// Whether the harness file is (or will be) a harness.
    pub(super) usable: bool,
    pub(super) shown_manifest: &'a str,
    pub(super) shown_harness: &'a str,
}

impl TargetEdit<'_> {
    pub(super) fn apply(
        &self,
        doc: &mut DocumentMut,
        target: Option<&manifest::TestTarget>,
        edits: &mut Vec<String>,
        report: &mut Report,
    ) -> Result<(), CliError> {
        let TargetEdit {
            name,
            usable,
            shown_manifest,
            shown_harness,
        } = *self;
        match target {
            None if usable => {
                manifest::add_test_target(doc, name).map_err(located_err(shown_manifest))?;
                edits.push(format!(
                    "added [[test]] name = \"{name}\", harness = false to {shown_manifest}"
                ));
            }
            None => report.warnings.push(format!(
                "{shown_harness} exists and is not an aspect harness (no `aspect::main!`), \
                 so init added no [[test]] `{name}` with `harness = false` for it; to keep \
                 that file, set `harness = \"<another name>\"` in [package.metadata.aspect] \
                 and run init again"
            )),
            Some(t) if t.harness == Some(false) => {}
            Some(t) if t.harness.is_none() && usable => {
                manifest::set_harness_false(doc, name);
                edits.push(format!(
                    "added harness = false to [[test]] `{name}` in {shown_manifest}"
                ));
            }
            Some(_) => report.warnings.push(format!(
                "[[test]] `{name}` in {shown_manifest} does not set `harness = false`; an \
                 aspect harness (`aspect::main!`) needs it"
            )),
        }
        Ok(())
    }
}

/// The state of the harness file before init.
pub(super) enum HarnessFile {
    /// Not there: init creates it.
    Missing,
    /// Exactly what init writes.
    Ours,
    /// The user's own harness.
    Harness,
    /// Something else: left alone, for this reason.
    Other(String),
}

impl HarnessFile {
    pub(super) fn of(path: &Path, ours: &str) -> HarnessFile {
        match std::fs::read(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => HarnessFile::Missing,
            Err(e) => HarnessFile::Other(format!("cannot read it: {e}")),
            Ok(bytes) if bytes == ours.as_bytes() => HarnessFile::Ours,
            Ok(bytes) if templates::looks_like_a_harness(&String::from_utf8_lossy(&bytes)) => {
                HarnessFile::Harness
            }
            Ok(_) => HarnessFile::Other("it has no `aspect::main!`".to_owned()),
        }
    }
}

/// Add the `aspect` dev-dependency unless a dependency already resolves to the
/// runtime (any key, any form, inherited from the workspace or not). Returns
/// whether the package then depends on the runtime.
pub(super) fn add_dependency(
    doc: &mut DocumentMut,
    package: &Package,
    path: Option<&str>,
    features: &[&str],
    shown_manifest: &str,
    edits: &mut Vec<String>,
    report: &mut Report,
) -> Result<bool, CliError> {
    let usable =
        |kind: DependencyKind| matches!(kind, DependencyKind::Normal | DependencyKind::Development);
    let deps = || package.dependencies.iter().filter(|d| usable(d.kind));
    if let Some(dep) = deps().find(|d| d.name == RUNTIME_PACKAGE) {
        let key = dep.rename.as_deref().unwrap_or(RUNTIME_KEY);
        if key != RUNTIME_KEY {
            report.warnings.push(format!(
                "{shown_manifest} depends on {RUNTIME_PACKAGE} as `{key}`; the step macros refer to \
                 `::{RUNTIME_KEY}`, so rename that key to `{RUNTIME_KEY}`"
            ));
        }
        return Ok(true);
    }
    if let Some(dep) = deps().find(|d| d.rename.as_deref().unwrap_or(&d.name) == RUNTIME_KEY) {
        report.warnings.push(format!(
            "`{RUNTIME_KEY}` in {shown_manifest} is package `{}`, so init added no dependency on \
             {RUNTIME_PACKAGE}; the harness needs it as `{RUNTIME_KEY}`",
            dep.name
        ));
        return Ok(false);
    }
    let version = path.is_none().then_some(env!("CARGO_PKG_VERSION"));
    let value = manifest::dependency_value(RUNTIME_PACKAGE, version, path, features);
    let shown_value = value.to_string();
    if manifest::add_dev_dependency(doc, RUNTIME_KEY, value).map_err(located_err(shown_manifest))? {
        edits.push(format!(
            "added dev-dependency {RUNTIME_KEY} = {} to {shown_manifest}",
            shown_value.trim()
        ));
    }
    Ok(true)
}

/// Add the runtime's profile override (see [`manifest::add_runtime_profile`])
/// to `doc`, the workspace root's manifest; the line to print when it did.
pub(super) fn add_runtime_profile(
    doc: &mut DocumentMut,
    shown_root: &str,
) -> Result<Option<String>, CliError> {
    let added =
        manifest::add_runtime_profile(doc, RUNTIME_PACKAGE).map_err(located_err(shown_root))?;
    Ok(added.then(|| {
        format!(
            "added [profile.dev.package.{RUNTIME_PACKAGE}] debug = \"line-tables-only\", \
             incremental = false to {shown_root} (a faster clean build)"
        )
    }))
}

/// Where sample files go, and how they are written.
pub(super) struct Sample<'a> {
    pub(super) package_root: &'a Path,
    pub(super) cwd: &'a Path,
}

impl Sample<'_> {
    /// Whether `globs` select `relative` (a path in the package).
    pub(super) fn selects(&self, relative: &str, globs: &[String]) -> bool {
        let path = self.package_root.join(relative);
        globs
            .iter()
            .any(|g| glob::Pattern::new(g).is_ok_and(|p| p.matches_path(&path)))
    }

    /// Create `relative` with `text` unless it exists or `globs` would not select it.
    pub(super) fn write(
        &self,
        relative: &str,
        text: &str,
        globs: &[String],
        kind: &str,
        report: &mut Report,
    ) -> Result<(), CliError> {
        let path = self.package_root.join(relative);
        let shown_path = shown(&path, self.cwd);
        if !self.selects(relative, globs) {
            let written: Vec<String> = globs
                .iter()
                .map(|g| shown(Path::new(g), self.package_root))
                .collect();
            report.notes.push(format!(
                "no {shown_path}: the {kind} globs ({}) would not select it",
                written.join(", ")
            ));
            return Ok(());
        }
        match std::fs::read(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                create(&path, text, self.cwd)?;
                report.done.push(format!("created {shown_path}"));
            }
            Ok(bytes) if bytes == text.as_bytes() => {}
            _ => report.notes.push(format!(
                "kept {shown_path}: it exists and is not the sample"
            )),
        }
        Ok(())
    }
}

/// The imports the sample aspect denies: those of [`templates::SAMPLE_DENIALS`]
/// the crate does not use already, so that it holds from the first run.
pub(super) fn sample_denials(config: &Config, package: &str) -> Result<Vec<&'static str>, String> {
    let candidates: Vec<String> = templates::SAMPLE_DENIALS
        .iter()
        .map(|(path, _)| (*path).to_owned())
        .collect();
    let targets: Vec<String> = templates::SAMPLE_TARGETS
        .iter()
        .map(|t| (*t).to_owned())
        .collect();
    let scan = crate::evidence::imports::scan_crate_targets(
        &config.workspace_root,
        package,
        &candidates,
        &targets,
    )?;
    let deny: Vec<&'static str> = templates::SAMPLE_DENIALS
        .iter()
        .map(|(path, _)| *path)
        .filter(|path| !scan.violations.iter().any(|v| v.rule == *path))
        .collect();
    if deny.is_empty() {
        return Err(format!(
            "`{package}` already imports {}, which the sample aspect would deny",
            candidates.join(" and ")
        ));
    }
    Ok(deny)
}

/// The runtime features the dev-dependency gets: `aspects` when the crate has
/// aspect files (`aspects`) or init writes the sample aspect, `imports` when one
/// of them has imports evidence (the sample does). Nothing else: a harness
/// compiles only what its aspects use. An aspect file that does not load counts
/// as imports evidence if its text names `imports` (the harness will report the
/// file; the feature spares the user a second error after fixing it).
///
/// A feature left out is never a silent skip: an aspect file without `aspects`,
/// or imports evidence without `imports`, is an error of the harness that names
/// the feature to add (`config::FEATURES_HINT`).
pub(super) fn runtime_features(aspects: &[PathBuf], sample_aspect: bool) -> Vec<&'static str> {
    let imports = sample_aspect
        || aspects.iter().any(|path| match crate::aspect::load(path) {
            Ok(aspect) => aspect.evidence.kind() == "imports",
            Err(_) => std::fs::read_to_string(path).is_ok_and(|text| text.contains("imports")),
        });
    match (imports, sample_aspect || !aspects.is_empty()) {
        (true, _) => vec!["aspects", "imports"],
        (false, true) => vec!["aspects"],
        (false, false) => Vec::new(),
    }
}

/// Create `path` with `text`, never over an existing file.
pub(super) fn create(path: &Path, text: &str, cwd: &Path) -> Result<(), CliError> {
    let fail =
        |e: std::io::Error| CliError::new(format!("cannot create {}: {e}", shown(path, cwd)));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(fail)?;
    file.write_all(text.as_bytes()).map_err(fail)
}

/// An error about `manifest`'s text.
pub(super) fn located_err(manifest: &str) -> impl Fn(String) -> CliError + '_ {
    move |message| CliError::new(format!("{manifest}: {message}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Aspect files in a fresh temporary folder, by name and text.
    fn aspects(files: &[(&str, &str)]) -> Vec<PathBuf> {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("aspect-init-features-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        files
            .iter()
            .map(|(name, text)| {
                let path = dir.join(name);
                std::fs::write(&path, text).unwrap();
                path
            })
            .collect()
    }

    const COMMAND: &str = "---\nname: t\nevidence: {command: [\"true\"]}\n---\nIt holds.\n";
    const IMPORTS: &str =
        "---\nname: i\nevidence: {imports: {crate: x, deny: [\"std::fs\"]}}\n---\nNo fs.\n";

    #[test]
    fn features_follow_the_evidence_of_the_aspects() {
        assert!(runtime_features(&[], false).is_empty());
        assert_eq!(runtime_features(&[], true), ["aspects", "imports"]);
        assert_eq!(
            runtime_features(&aspects(&[("a.md", COMMAND)]), false),
            ["aspects"]
        );
        assert_eq!(
            runtime_features(&aspects(&[("a.md", COMMAND), ("b.md", IMPORTS)]), false),
            ["aspects", "imports"]
        );
    }

    /// A file the loader rejects still counts by its text, so fixing it does
    /// not end in a second error about a missing feature.
    #[test]
    fn an_aspect_that_does_not_load_counts_by_its_text() {
        let broken = "---\nname: [\nevidence: {imports: {}}\n---\n";
        assert_eq!(
            runtime_features(
                &aspects(&[("a.md", COMMAND), ("b.md", broken), ("c.md", "x")]),
                false
            ),
            ["aspects", "imports"]
        );
        assert_eq!(
            runtime_features(&aspects(&[("no-frontmatter.md", "just prose")]), false),
            ["aspects"]
        );
    }
}
