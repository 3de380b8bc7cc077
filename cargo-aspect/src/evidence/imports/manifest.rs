//! A package manifest as the imports check needs it: its name, its lib and bin
//! targets, and its dependencies with the line and column of each key.
//!
//! Dependencies are read through `toml::Spanned` keys, so a key inside a comment or
//! a string can never be mistaken for one, and `[dependencies.serde]` or
//! `dependencies.serde = ...` are found as well as `serde = ...`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

/// One `[dependencies]`-like table: key → spec.
type DepTable = BTreeMap<Spanned<String>, toml::Value>;

#[derive(Deserialize, Default)]
struct Raw {
    package: Option<RawPackage>,
    lib: Option<RawTarget>,
    #[serde(default)]
    bin: Vec<RawTarget>,
    dependencies: Option<DepTable>,
    #[serde(rename = "build-dependencies")]
    build_dependencies: Option<DepTable>,
    #[serde(rename = "build_dependencies")]
    build_dependencies_legacy: Option<DepTable>,
    target: Option<BTreeMap<String, RawPlatform>>,
    #[serde(default)]
    features: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
struct RawPackage {
    name: Option<String>,
    autobins: Option<bool>,
    autolib: Option<bool>,
}

#[derive(Deserialize)]
struct RawTarget {
    name: Option<String>,
    path: Option<String>,
}

#[derive(Deserialize)]
struct RawPlatform {
    dependencies: Option<DepTable>,
    #[serde(rename = "build-dependencies")]
    build_dependencies: Option<DepTable>,
    #[serde(rename = "build_dependencies")]
    build_dependencies_legacy: Option<DepTable>,
}

/// One dependency of a package, where its key is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Dependency {
    /// The key: the name the code uses (`serde`, or a rename).
    pub name: String,
    /// `package = "..."` when the key renames a package.
    pub package: Option<String>,
    /// 1-based line of the key.
    pub line: usize,
    /// 1-based column (in characters) of the key.
    pub column: usize,
    /// For an optional dependency, the features that bring it in (its own
    /// implicit feature when no `dep:` names it); empty when it is not optional.
    pub features: Vec<String>,
}

/// What the imports check reads from a package manifest.
#[derive(Debug)]
pub(crate) struct Manifest {
    /// `[package] name`, if the manifest has a package.
    pub name: Option<String>,
    /// Normal, build and target-specific dependencies (never dev-dependencies).
    pub dependencies: Vec<Dependency>,
    /// The lib target's root file, if any (absolute).
    pub lib: Option<PathBuf>,
    /// The bin targets' root files (absolute), found as cargo finds them.
    pub bins: Vec<PathBuf>,
}

impl Manifest {
    /// Read and parse the manifest at `path`.
    ///
    /// # Errors
    /// A message naming the file when it cannot be read or is not a manifest.
    pub fn read(path: &Path) -> Result<Manifest, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read the manifest: {e}", path.display()))?;
        Manifest::parse(&text, path.parent().unwrap_or(Path::new(".")))
            .map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Parse manifest text; `dir` is the package directory for target paths.
    pub fn parse(text: &str, dir: &Path) -> Result<Manifest, String> {
        let mut raw: Raw = toml::from_str(text).map_err(|e| e.to_string().trim_end().to_owned())?;
        let raw_features = std::mem::take(&mut raw.features);
        let mut dependencies = Vec::new();
        let mut add = |table: Option<DepTable>| {
            for (key, spec) in table.into_iter().flatten() {
                let (line, column) = line_column(text, key.span().start);
                let package = spec
                    .get("package")
                    .and_then(toml::Value::as_str)
                    .map(str::to_owned);
                let optional = spec.get("optional").and_then(toml::Value::as_bool) == Some(true);
                let name = key.into_inner();
                let features = if optional {
                    features_bringing(&raw_features, &name)
                } else {
                    Vec::new()
                };
                dependencies.push(Dependency {
                    name,
                    package,
                    line,
                    column,
                    features,
                });
            }
        };
        add(raw.dependencies);
        add(raw.build_dependencies);
        add(raw.build_dependencies_legacy);
        for platform in raw.target.into_iter().flat_map(BTreeMap::into_values) {
            add(platform.dependencies);
            add(platform.build_dependencies);
            add(platform.build_dependencies_legacy);
        }
        dependencies.sort_by_key(|d| (d.line, d.column));

        let package = raw.package;
        let name = package.as_ref().and_then(|p| p.name.clone());
        let existing = |relative: &str| Some(dir.join(relative)).filter(|p| p.is_file());
        let autolib = package.as_ref().and_then(|p| p.autolib) != Some(false);
        let lib = match raw.lib.as_ref().and_then(|l| l.path.as_deref()) {
            Some(path) => Some(dir.join(path)),
            None if autolib || raw.lib.is_some() => existing("src/lib.rs"),
            None => None,
        };
        let mut bins = Vec::new();
        for bin in &raw.bin {
            let found = match (&bin.path, &bin.name) {
                (Some(path), _) => Some(dir.join(path)),
                (None, Some(bin_name)) => existing(&format!("src/bin/{bin_name}.rs"))
                    .or_else(|| existing(&format!("src/bin/{bin_name}/main.rs")))
                    .or_else(|| {
                        (name.as_deref() == Some(bin_name.as_str()))
                            .then(|| existing("src/main.rs"))
                            .flatten()
                    }),
                (None, None) => None,
            };
            bins.extend(found);
        }
        if package.as_ref().and_then(|p| p.autobins) != Some(false) {
            bins.extend(existing("src/main.rs"));
            bins.extend(auto_bins(&dir.join("src/bin")));
        }
        bins.sort();
        bins.dedup();
        Ok(Manifest {
            name,
            dependencies,
            lib,
            bins,
        })
    }
}

/// The features that enable optional dependency `name`: those listing
/// `dep:name`, `name`, `name/feature` or `name?/feature`; without any
/// `dep:name` anywhere, cargo also gives it an implicit feature of its name.
fn features_bringing(features: &BTreeMap<String, Vec<String>>, name: &str) -> Vec<String> {
    let explicit = features
        .values()
        .flatten()
        .any(|e| e.strip_prefix("dep:") == Some(name));
    let mut found: Vec<String> = features
        .iter()
        .filter(|(_, enables)| {
            enables.iter().any(|e| {
                let head = e.split('/').next().unwrap_or(e);
                e.strip_prefix("dep:") == Some(name)
                    || head == name
                    || head.strip_suffix('?') == Some(name)
            })
        })
        .map(|(f, _)| f.clone())
        .collect();
    if !explicit && !found.iter().any(|f| f == name) {
        found.push(name.to_owned());
    }
    found
}

/// `src/bin/*.rs` and `src/bin/*/main.rs`, sorted.
fn auto_bins(bin_dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(bin_dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter_map(|p| {
            if p.is_dir() {
                Some(p.join("main.rs")).filter(|m| m.is_file())
            } else {
                (p.extension().is_some_and(|e| e == "rs")).then_some(p)
            }
        })
        .collect();
    found.sort();
    found
}

/// 1-based line and 1-based column in characters of byte `offset` in `text`.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependencies_are_found_with_their_key_position_whatever_the_syntax() {
        let text = "\
[package]
name = \"p\" # serde = \"1\" in a comment is no dependency
description = \"\"\"
regex = \"1\"
\"\"\"

[dependencies]
  serde = { version = \"1\", features = [\"derive\"] }
json = { package = \"serde_json\", version = \"1\" }

[dev-dependencies]
trybuild = \"1\"

[dependencies.toml]
version = \"0.8\"

[target.'cfg(unix)'.dependencies]
libc = \"0.2\"

[build-dependencies]
cc = \"1\"
";
        let m = Manifest::parse(text, Path::new("/nonexistent")).unwrap();
        let found: Vec<_> = m
            .dependencies
            .iter()
            .map(|d| (d.name.as_str(), d.line, d.column, d.package.as_deref()))
            .collect();
        assert_eq!(
            found,
            [
                ("serde", 8, 3, None),
                ("json", 9, 1, Some("serde_json")),
                ("toml", 14, 15, None),
                ("libc", 18, 1, None),
                ("cc", 21, 1, None),
            ]
        );
        assert_eq!(m.name.as_deref(), Some("p"));
    }

    #[test]
    fn an_invalid_manifest_is_an_error_not_a_panic() {
        assert!(Manifest::parse("[package\nname=", Path::new(".")).is_err());
        assert!(Manifest::parse("dependencies = 3", Path::new(".")).is_err());
    }

    #[test]
    fn line_column_counts_characters() {
        assert_eq!(line_column("ab\nµx", 5), (2, 2));
        assert_eq!(line_column("", 0), (1, 1));
    }
}
