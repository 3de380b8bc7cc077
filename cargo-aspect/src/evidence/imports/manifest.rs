//! A package manifest as the imports check needs it: its name, the root files
//! of its targets (lib, bins, tests, benches, examples, build script), and its
//! dependencies with the line and column of each key.
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
    #[serde(default)]
    test: Vec<RawTarget>,
    #[serde(default)]
    bench: Vec<RawTarget>,
    #[serde(default)]
    example: Vec<RawTarget>,
    dependencies: Option<DepTable>,
    #[serde(rename = "dev-dependencies")]
    dev_dependencies: Option<DepTable>,
    #[serde(rename = "dev_dependencies")]
    dev_dependencies_legacy: Option<DepTable>,
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
    autotests: Option<bool>,
    autobenches: Option<bool>,
    autoexamples: Option<bool>,
    /// `build = "path"`, `build = false`, or absent (`build.rs` if it exists).
    build: Option<toml::Value>,
}

#[derive(Deserialize)]
struct RawTarget {
    name: Option<String>,
    path: Option<String>,
}

#[derive(Deserialize)]
struct RawPlatform {
    dependencies: Option<DepTable>,
    #[serde(rename = "dev-dependencies")]
    dev_dependencies: Option<DepTable>,
    #[serde(rename = "dev_dependencies")]
    dev_dependencies_legacy: Option<DepTable>,
    #[serde(rename = "build-dependencies")]
    build_dependencies: Option<DepTable>,
    #[serde(rename = "build_dependencies")]
    build_dependencies_legacy: Option<DepTable>,
}

/// Which table a dependency is in: which targets can use it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DepKind {
    /// `[dependencies]`: every target but the build script.
    Normal,
    /// `[dev-dependencies]`: tests, benches, examples (and `#[cfg(test)]` code).
    Dev,
    /// `[build-dependencies]`: the build script only.
    Build,
}

/// One dependency of a package, where its key is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Dependency {
    /// The key: the name the code uses (`serde`, or a rename).
    pub name: String,
    /// `package = "..."` when the key renames a package (also when the
    /// workspace's `[workspace.dependencies]` entry does, see `workspace`).
    pub package: Option<String>,
    /// Its table.
    pub kind: DepKind,
    /// `workspace = true`: the rest of the entry is the workspace's.
    pub inherited: bool,
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
    /// Dev-dependencies, target-specific ones included.
    pub dev_dependencies: Vec<Dependency>,
    /// The lib target's root file, if any (absolute).
    pub lib: Option<PathBuf>,
    /// The bin targets' root files (absolute), found as cargo finds them.
    pub bins: Vec<PathBuf>,
    /// The integration tests' root files (`tests/*.rs`, `tests/*/main.rs`, `[[test]]`).
    pub tests: Vec<PathBuf>,
    /// The benches' root files (`benches/`, `[[bench]]`).
    pub benches: Vec<PathBuf>,
    /// The examples' root files (`examples/`, `[[example]]`).
    pub examples: Vec<PathBuf>,
    /// The build script (`build.rs` or `package.build`), if any.
    pub build: Option<PathBuf>,
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
        let mut add = |table: Option<DepTable>, kind: DepKind| {
            for (key, spec) in table.into_iter().flatten() {
                let (line, column) = line_column(text, key.span().start);
                let package = spec
                    .get("package")
                    .and_then(toml::Value::as_str)
                    .map(str::to_owned);
                let optional = spec.get("optional").and_then(toml::Value::as_bool) == Some(true);
                let inherited = spec.get("workspace").and_then(toml::Value::as_bool) == Some(true);
                let name = key.into_inner();
                let features = if optional {
                    features_bringing(&raw_features, &name)
                } else {
                    Vec::new()
                };
                dependencies.push(Dependency {
                    name,
                    package,
                    kind,
                    inherited,
                    line,
                    column,
                    features,
                });
            }
        };
        add(raw.dependencies, DepKind::Normal);
        add(raw.build_dependencies, DepKind::Build);
        add(raw.build_dependencies_legacy, DepKind::Build);
        add(raw.dev_dependencies, DepKind::Dev);
        add(raw.dev_dependencies_legacy, DepKind::Dev);
        for platform in raw.target.into_iter().flat_map(BTreeMap::into_values) {
            add(platform.dependencies, DepKind::Normal);
            add(platform.build_dependencies, DepKind::Build);
            add(platform.build_dependencies_legacy, DepKind::Build);
            add(platform.dev_dependencies, DepKind::Dev);
            add(platform.dev_dependencies_legacy, DepKind::Dev);
        }
        dependencies.sort_by_key(|d| (d.line, d.column));
        let (dev_dependencies, dependencies): (Vec<_>, Vec<_>) = dependencies
            .into_iter()
            .partition(|d| d.kind == DepKind::Dev);

        let package = raw.package;
        let name = package.as_ref().and_then(|p| p.name.clone());
        let existing = |relative: &str| Some(dir.join(relative)).filter(|p| p.is_file());
        let autolib = package.as_ref().and_then(|p| p.autolib) != Some(false);
        let lib = match raw.lib.as_ref().and_then(|l| l.path.as_deref()) {
            Some(path) => Some(dir.join(path)),
            None if autolib || raw.lib.is_some() => existing("src/lib.rs"),
            None => None,
        };
        let auto =
            |flag: fn(&RawPackage) -> Option<bool>| package.as_ref().and_then(flag) != Some(false);
        let mut bins = targets(dir, &raw.bin, "src/bin", auto(|p| p.autobins));
        // src/main.rs: the automatic bin, or a `[[bin]]` named after the
        // package that is not in src/bin.
        let named_main = raw.bin.iter().any(|b| {
            b.path.is_none()
                && b.name.is_some()
                && b.name == name
                && targets(dir, std::slice::from_ref(b), "src/bin", false).is_empty()
        });
        if auto(|p| p.autobins) || named_main {
            bins.extend(existing("src/main.rs"));
        }
        bins.sort();
        bins.dedup();
        let tests = targets(dir, &raw.test, "tests", auto(|p| p.autotests));
        let benches = targets(dir, &raw.bench, "benches", auto(|p| p.autobenches));
        let examples = targets(dir, &raw.example, "examples", auto(|p| p.autoexamples));
        let build = match package.as_ref().and_then(|p| p.build.as_ref()) {
            Some(toml::Value::String(path)) => Some(dir.join(path)),
            Some(toml::Value::Boolean(false)) => None,
            _ => existing("build.rs"),
        };
        Ok(Manifest {
            name,
            dependencies,
            dev_dependencies,
            lib,
            bins,
            tests,
            benches,
            examples,
            build,
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

/// The root files of one kind of target, found as cargo finds them: each
/// `[[bin]]`-like entry's `path`, or `<dir>/<name>.rs`, `<dir>/<name>/main.rs`;
/// and, unless `auto` is off, every `<dir>/*.rs` and `<dir>/*/main.rs`. Sorted.
fn targets(package: &Path, listed: &[RawTarget], dir: &str, auto: bool) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = listed
        .iter()
        .filter_map(|t| match (&t.path, &t.name) {
            (Some(path), _) => Some(package.join(path)),
            (None, Some(name)) => [format!("{dir}/{name}.rs"), format!("{dir}/{name}/main.rs")]
                .iter()
                .map(|p| package.join(p))
                .find(|p| p.is_file()),
            (None, None) => None,
        })
        .collect();
    if auto {
        found.extend(auto_targets(&package.join(dir)));
    }
    found.sort();
    found.dedup();
    found
}

/// `<dir>/*.rs` and `<dir>/*/main.rs`, sorted.
fn auto_targets(bin_dir: &Path) -> Vec<PathBuf> {
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
    fn every_kind_of_target_is_found_as_cargo_finds_it() {
        let dir =
            std::env::temp_dir().join(format!("aspect-manifest-targets-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for file in [
            "src/lib.rs",
            "src/main.rs",
            "src/bin/tool/main.rs",
            "tests/a.rs",
            "tests/b/main.rs",
            "tests/b/helper.rs",
            "it/x.rs",
            "benches/speed.rs",
            "examples/demo.rs",
            "gen.rs",
            "build.rs",
        ] {
            let path = dir.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        let text = "[package]\nname = \"p\"\nbuild = \"gen.rs\"\nautobenches = false\n\n\
                    [[test]]\nname = \"x\"\npath = \"it/x.rs\"\n\n\
                    [dev-dependencies]\nproptest = \"1\"\n\n\
                    [target.'cfg(unix)'.dev-dependencies]\nnix = { workspace = true }\n";
        let m = Manifest::parse(text, &dir).unwrap();
        let names = |files: &[PathBuf]| -> Vec<String> {
            files
                .iter()
                .map(|f| f.strip_prefix(&dir).unwrap().display().to_string())
                .collect()
        };
        assert_eq!(names(&m.bins), ["src/bin/tool/main.rs", "src/main.rs"]);
        assert_eq!(
            names(&m.tests),
            ["it/x.rs", "tests/a.rs", "tests/b/main.rs"]
        );
        assert!(m.benches.is_empty(), "autobenches = false");
        assert_eq!(names(&m.examples), ["examples/demo.rs"]);
        assert_eq!(m.build, Some(dir.join("gen.rs")));
        let dev: Vec<_> = m
            .dev_dependencies
            .iter()
            .map(|d| (d.name.as_str(), d.kind, d.inherited))
            .collect();
        assert_eq!(
            dev,
            [
                ("proptest", DepKind::Dev, false),
                ("nix", DepKind::Dev, true)
            ]
        );
        assert!(m.dependencies.is_empty());
        let _ = std::fs::remove_dir_all(&dir);
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
