//! A package manifest as the imports check needs it: its name, the root files
//! of its targets (lib, bins, tests, benches, examples, build script), and its
//! dependencies with the line and column of each key.
//!
//! Dependencies are read through toml's located keys (`toml::de::DeTable`, by
//! hand: see `toml_read`), so a key inside a comment or a string can never be
//! mistaken for one, and `[dependencies.serde]` or `dependencies.serde = ...` are
//! found as well as `serde = ...`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

use crate::toml_read::{self, Entry, Fields, Value};

/// The dependency tables of the root and of a `[target.'cfg(..)']` table, in
/// the order serde's derived reader declared them.
const DEPENDENCY_KEYS: &[&str] = &[
    "dependencies",
    "dev-dependencies",
    "dev_dependencies",
    "build-dependencies",
    "build_dependencies",
];

/// The keys of a manifest the check reads, as written; the rest is cargo's.
/// Read key by key as serde's derived reader did (a wrong type is an error,
/// a datetime where a table should be reads as an empty table).
#[derive(Default)]
struct Raw<'a, 'i> {
    package: RawPackage<'a, 'i>,
    lib: Option<RawTarget>,
    bin: Vec<RawTarget>,
    test: Vec<RawTarget>,
    bench: Vec<RawTarget>,
    example: Vec<RawTarget>,
    /// Every dependency table, target-specific ones included, with its kind.
    dependency_tables: Vec<(&'a DeTable<'i>, DepKind)>,
    features: BTreeMap<String, Vec<String>>,
}

#[derive(Default)]
struct RawPackage<'a, 'i> {
    name: Option<String>,
    autobins: Option<bool>,
    autolib: Option<bool>,
    autotests: Option<bool>,
    autobenches: Option<bool>,
    autoexamples: Option<bool>,
    /// `build = "path"`, `build = false`, or absent (`build.rs` if it exists).
    build: Option<&'a DeValue<'i>>,
}

struct RawTarget {
    name: Option<String>,
    path: Option<String>,
}

impl<'a, 'i> Raw<'a, 'i> {
    fn read(root: &'a DeTable<'i>) -> Result<Self, toml_read::Error> {
        let mut raw = Raw::default();
        for (key, value) in root {
            match key.get_ref().as_ref() {
                "package" => raw.package = RawPackage::read(value)?,
                "lib" => raw.lib = Some(RawTarget::read(value)?),
                "bin" => raw.bin = RawTarget::read_all(value)?,
                "test" => raw.test = RawTarget::read_all(value)?,
                "bench" => raw.bench = RawTarget::read_all(value)?,
                "example" => raw.example = RawTarget::read_all(value)?,
                "features" => raw.features = read_features(value)?,
                "target" => {
                    let Some(platforms) = toml_read::map(value)? else {
                        return Err(toml_read::datetime_as_map(value, "struct RawPlatform"));
                    };
                    for (_, platform) in platforms {
                        let tables = Fields::read(platform, "struct RawPlatform", DEPENDENCY_KEYS)?;
                        for entry in &tables.entries {
                            raw.add_dependencies(entry.key, entry.value)?;
                        }
                        tables.finish()?;
                    }
                }
                other => raw.add_dependencies(other, value)?,
            }
        }
        Ok(raw)
    }

    /// Keeps `value` when `key` names a dependency table (of the root or of a
    /// `[target.'cfg(..)']` table).
    fn add_dependencies(
        &mut self,
        key: &str,
        value: &'a Value<'i>,
    ) -> Result<(), toml_read::Error> {
        let kind = match key {
            "dependencies" => DepKind::Normal,
            "dev-dependencies" | "dev_dependencies" => DepKind::Dev,
            "build-dependencies" | "build_dependencies" => DepKind::Build,
            _ => return Ok(()),
        };
        match toml_read::map(value)? {
            Some(table) => self.dependency_tables.push((table, kind)),
            None => return Err(toml_read::datetime_as_map(value, "a spanned value")),
        }
        Ok(())
    }
}

impl<'a, 'i> RawPackage<'a, 'i> {
    fn read(value: &'a Value<'i>) -> Result<Self, toml_read::Error> {
        const KEYS: &[&str] = &[
            "name",
            "autobins",
            "autolib",
            "autotests",
            "autobenches",
            "autoexamples",
            "build",
        ];
        let fields = Fields::read(value, "struct RawPackage", KEYS)?;
        let mut package = RawPackage::default();
        for &Entry { key, value, .. } in &fields.entries {
            let flag = match key {
                "name" => {
                    package.name = Some(toml_read::string(value)?.to_owned());
                    continue;
                }
                "build" => {
                    package.build = Some(value.get_ref());
                    continue;
                }
                "autobins" => &mut package.autobins,
                "autolib" => &mut package.autolib,
                "autotests" => &mut package.autotests,
                "autobenches" => &mut package.autobenches,
                "autoexamples" => &mut package.autoexamples,
                _ => continue,
            };
            *flag = Some(toml_read::boolean(value)?);
        }
        fields.finish()?;
        Ok(package)
    }
}

impl RawTarget {
    /// `[[bin]]`-like arrays of tables.
    fn read_all(value: &Value<'_>) -> Result<Vec<RawTarget>, toml_read::Error> {
        let mut all = Vec::new();
        for item in toml_read::array(value)? {
            all.push(RawTarget::read(item)?);
        }
        Ok(all)
    }

    fn read(value: &Value<'_>) -> Result<RawTarget, toml_read::Error> {
        let mut target = RawTarget {
            name: None,
            path: None,
        };
        let fields = Fields::read(value, "struct RawTarget", &["name", "path"])?;
        for &Entry { key, value, .. } in &fields.entries {
            match key {
                "name" => target.name = Some(toml_read::string(value)?.to_owned()),
                "path" => target.path = Some(toml_read::string(value)?.to_owned()),
                _ => {}
            }
        }
        fields.finish()?;
        Ok(target)
    }
}

/// `[features]`: name → what it enables.
fn read_features(value: &Value<'_>) -> Result<BTreeMap<String, Vec<String>>, toml_read::Error> {
    let Some(table) = toml_read::map(value)? else {
        return Err(toml_read::datetime_as_map(value, "a sequence"));
    };
    let mut features = BTreeMap::new();
    for (name, enables) in table {
        features.insert(name.get_ref().to_string(), toml_read::strings(enables)?);
    }
    Ok(features)
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
        let root = toml_read::parse(text)?;
        let raw = Raw::read(&root).map_err(|e| e.render(text))?;
        let mut dependencies = Vec::new();
        for &(table, kind) in &raw.dependency_tables {
            for (key, spec) in table {
                let (line, column) = line_column(text, key.span().start);
                let entry = |name: &str| spec.get_ref().get(name).map(|v| v.get_ref());
                let package = entry("package")
                    .and_then(DeValue::as_str)
                    .map(str::to_owned);
                let optional = entry("optional").and_then(DeValue::as_bool) == Some(true);
                let inherited = entry("workspace").and_then(DeValue::as_bool) == Some(true);
                let name = key.get_ref().to_string();
                let features = if optional {
                    features_bringing(&raw.features, &name)
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
        }
        dependencies.sort_by_key(|d| (d.line, d.column));
        let (dev_dependencies, dependencies): (Vec<_>, Vec<_>) = dependencies
            .into_iter()
            .partition(|d| d.kind == DepKind::Dev);

        let package = &raw.package;
        let name = package.name.clone();
        let existing = |relative: &str| Some(dir.join(relative)).filter(|p| p.is_file());
        let autolib = package.autolib != Some(false);
        let lib = match raw.lib.as_ref().and_then(|l| l.path.as_deref()) {
            Some(path) => Some(dir.join(path)),
            None if autolib || raw.lib.is_some() => existing("src/lib.rs"),
            None => None,
        };
        let mut bins = targets(dir, &raw.bin, "src/bin", package.autobins != Some(false));
        // src/main.rs: the automatic bin, or a `[[bin]]` named after the
        // package that is not in src/bin.
        let named_main = raw.bin.iter().any(|b| {
            b.path.is_none()
                && b.name.is_some()
                && b.name == name
                && targets(dir, std::slice::from_ref(b), "src/bin", false).is_empty()
        });
        if package.autobins != Some(false) || named_main {
            bins.extend(existing("src/main.rs"));
        }
        bins.sort();
        bins.dedup();
        let tests = targets(dir, &raw.test, "tests", package.autotests != Some(false));
        let benches = targets(
            dir,
            &raw.bench,
            "benches",
            package.autobenches != Some(false),
        );
        let examples = targets(
            dir,
            &raw.example,
            "examples",
            package.autoexamples != Some(false),
        );
        let build = match package.build {
            Some(DeValue::String(path)) => Some(dir.join(path.as_ref())),
            Some(DeValue::Boolean(false)) => None,
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
#[path = "manifest_tests.rs"]
mod tests;
