//! The `[workspace.metadata.aspect]` / `[package.metadata.aspect]` tables.
//!
//! The harness reads its own manifest (and the workspace root's) with `toml`
//! rather than `cargo metadata`: nextest starts the harness once per scenario, and
//! spawning cargo in each would cost more than the scenario. It picks the keys
//! out by hand (`toml_read`: no serde in a harness), with the messages serde's
//! derived reader gave. The CLI reads the same tables through `cargo_metadata`,
//! with its own keys (`cli::agent_config`) added. Only what a harness reads
//! belongs here.
//!
//! Globs in the package table are relative to the package; globs in the workspace
//! table are relative to the workspace root. A package key overrides a workspace key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::toml_read::{self, Fields, Value};

/// Default glob for specs, relative to the package.
pub const DEFAULT_SPECS: &str = "specs/**/*.feature";
/// Default glob for aspects, relative to the package.
pub const DEFAULT_ASPECTS: &str = "aspects/*.md";

/// How to turn on a runtime feature a harness was built without.
#[cfg(not(feature = "imports"))]
pub(crate) const FEATURES_HINT: &str =
    "add `features = [\"aspects\", \"imports\"]` to the cargo-aspect dev-dependency";

/// One `metadata.aspect` table as a harness reads it. Unknown keys are an error.
///
/// The keys only `cargo aspect` reads (`harness`, `protect`, `[agent]`: see
/// `cli::agent_config`) are let through unread, so a typo is an error here too.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct AspectTable {
    /// Globs of `.feature` files.
    pub specs: Option<Vec<String>>,
    /// Globs of aspect `.md` files.
    pub aspects: Option<Vec<String>>,
    /// Per harness test target (package table only): its own globs, for a
    /// package with several harnesses, each with its own World.
    pub harnesses: Option<BTreeMap<String, HarnessTable>>,
}

/// `[package.metadata.aspect.harnesses.<test target>]`: the globs of one of a
/// package's harnesses; a key it leaves out is the package's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "cli",
    derive(serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub(crate) struct HarnessTable {
    /// Globs of `.feature` files, relative to the package.
    pub specs: Option<Vec<String>>,
    /// Globs of aspect `.md` files, relative to the package.
    pub aspects: Option<Vec<String>>,
}

impl AspectTable {
    /// Every key of the table, the CLI's included, in the order serde's derived
    /// reader listed them in "expected one of".
    const KEYS: &'static [&'static str] = &[
        "specs",
        "aspects",
        "harnesses",
        "harness",
        "protect",
        "agent",
    ];

    fn read(value: &Value<'_>) -> Result<AspectTable, toml_read::Error> {
        let fields = Fields::read(value, "struct AspectTable", Self::KEYS)?;
        let mut read = AspectTable::default();
        for entry in &fields.entries {
            match entry.key {
                "specs" => read.specs = Some(toml_read::strings(entry.value)?),
                "aspects" => read.aspects = Some(toml_read::strings(entry.value)?),
                "harnesses" => read.harnesses = Some(HarnessTable::read_all(entry.value)?),
                // The CLI's keys: it reads them (`cli::agent_config`).
                "harness" | "protect" | "agent" => {}
                _ => return Err(fields.unknown(entry)),
            }
        }
        fields.finish()?;
        Ok(read)
    }

    /// The table in `text`, a document holding only it (what the CLI's tests
    /// compare their own reading with).
    #[cfg(all(test, feature = "cli"))]
    pub(crate) fn parse(text: &str) -> Result<AspectTable, String> {
        let root = toml_read::parse(text)?;
        let value = Value::new(0..text.len(), toml::de::DeValue::Table(root));
        AspectTable::read(&value).map_err(|e| e.render(text))
    }
}

impl HarnessTable {
    const KEYS: &'static [&'static str] = &["specs", "aspects"];

    /// `harnesses`: target name → its table.
    fn read_all(value: &Value<'_>) -> Result<BTreeMap<String, HarnessTable>, toml_read::Error> {
        let Some(table) = toml_read::map(value)? else {
            return Err(toml_read::datetime_as_map(value, "struct HarnessTable"));
        };
        let mut all = BTreeMap::new();
        for (name, value) in table {
            let fields = Fields::read(value, "struct HarnessTable", Self::KEYS)?;
            let mut read = HarnessTable::default();
            for entry in &fields.entries {
                match entry.key {
                    "specs" => read.specs = Some(toml_read::strings(entry.value)?),
                    "aspects" => read.aspects = Some(toml_read::strings(entry.value)?),
                    _ => return Err(fields.unknown(entry)),
                }
            }
            fields.finish()?;
            all.insert(name.get_ref().to_string(), read);
        }
        Ok(all)
    }
}

/// The resolved configuration of one harness: absolute globs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// The package's name (empty for a virtual manifest).
    pub package_name: String,
    /// The package's directory.
    pub package_root: PathBuf,
    /// The workspace root (the package root when the package is not in a workspace).
    pub workspace_root: PathBuf,
    /// Absolute spec globs.
    pub specs: Vec<String>,
    /// Absolute aspect globs.
    pub aspects: Vec<String>,
}

/// Why the configuration could not be read.
#[derive(Debug)]
pub enum ConfigError {
    /// The manifest could not be read.
    Read {
        /// The manifest.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The manifest is not valid TOML or the aspect table has a wrong or unknown key.
    Invalid {
        /// The manifest.
        path: PathBuf,
        /// toml's message, which quotes the line and column.
        message: String,
    },
    /// A glob pattern is malformed.
    Glob {
        /// The manifest.
        path: PathBuf,
        /// The pattern.
        pattern: String,
        /// What is wrong with it.
        source: glob::PatternError,
    },
}

// By hand, not thiserror: a harness then compiles no derive macro for it.
impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigError::Read { path, source } => {
                write!(f, "{}: cannot read the manifest: {source}", path.display())
            }
            ConfigError::Invalid { path, message } => write!(f, "{}: {message}", path.display()),
            ConfigError::Glob {
                path,
                pattern,
                source,
            } => write!(
                f,
                "{}: bad glob `{pattern}` in metadata.aspect: {source}",
                path.display()
            ),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigError::Read { source, .. } => Some(source),
            ConfigError::Invalid { .. } => None,
            ConfigError::Glob { source, .. } => Some(source),
        }
    }
}

/// What a harness reads of one manifest.
#[derive(Debug, PartialEq, Eq)]
struct Parsed {
    is_workspace: bool,
    package_name: Option<String>,
    package: Option<AspectTable>,
    workspace: Option<AspectTable>,
}

fn read_manifest(path: &Path) -> Result<Parsed, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_owned(),
        source,
    })?;
    parse_manifest(&text).map_err(|message| ConfigError::Invalid {
        path: path.to_owned(),
        message,
    })
}

/// A manifest's text read as a harness reads it; an error as toml renders it.
fn parse_manifest(text: &str) -> Result<Parsed, String> {
    let root = toml_read::parse(text)?;
    let mut parsed = Parsed {
        is_workspace: false,
        package_name: None,
        package: None,
        workspace: None,
    };
    // Keys in the table's order, each read as it comes, so the first error is
    // the one serde's derived reader reported. The rest of a manifest is cargo's.
    for (key, value) in &root {
        let key = key.get_ref().as_ref();
        if key != "package" && key != "workspace" {
            continue;
        }
        let (name, table) = read_section(value).map_err(|e| e.render(text))?;
        if key == "package" {
            parsed.package_name = name;
            parsed.package = table;
        } else {
            parsed.is_workspace = true;
            parsed.workspace = table;
        }
    }
    Ok(parsed)
}

/// `[package]` or `[workspace]`: its `name` (a string if present, in both) and
/// `metadata.aspect`; other keys are cargo's.
fn read_section(
    value: &Value<'_>,
) -> Result<(Option<String>, Option<AspectTable>), toml_read::Error> {
    let (mut name, mut aspect) = (None, None);
    let fields = Fields::read(value, "struct WithMetadata", &["name", "metadata"])?;
    for entry in &fields.entries {
        match entry.key {
            "name" => name = Some(toml_read::string(entry.value)?.to_owned()),
            "metadata" => {
                let metadata = Fields::read(entry.value, "struct Metadata", &["aspect"])?;
                for entry in &metadata.entries {
                    if entry.key == "aspect" {
                        aspect = Some(AspectTable::read(entry.value)?);
                    }
                }
                metadata.finish()?;
            }
            _ => {}
        }
    }
    fields.finish()?;
    Ok((name, aspect))
}

impl Config {
    /// Read the configuration of the package whose manifest is in `package_root`.
    ///
    /// # Errors
    /// A [`ConfigError`] naming the manifest when it cannot be read or is invalid.
    #[cfg(any(feature = "cli", test))]
    pub fn load(package_root: &Path) -> Result<Config, ConfigError> {
        Self::load_for(package_root, None)
    }

    /// [`Config::load`] for the harness test target `target`: its entry of
    /// `harnesses`, when the package table has one, overrides the package's globs.
    ///
    /// # Errors
    /// A [`ConfigError`] naming the manifest when it cannot be read or is invalid.
    pub fn load_for(package_root: &Path, target: Option<&str>) -> Result<Config, ConfigError> {
        let manifest_path = package_root.join("Cargo.toml");
        let mut own = read_manifest(&manifest_path)?;
        if let (Some(target), Some(package)) = (target, own.package.as_mut()) {
            // Cargo names a target's executable with `_` for `-`.
            let same = |name: &str| name.replace('-', "_") == target.replace('-', "_");
            let entry = package
                .harnesses
                .as_ref()
                .and_then(|h| h.iter().find(|(name, _)| same(name)))
                .map(|(_, entry)| entry.clone());
            if let Some(entry) = entry {
                package.specs = entry.specs.or(package.specs.take());
                package.aspects = entry.aspects.or(package.aspects.take());
            }
        }
        let package_name = own.package_name.take().unwrap_or_default();
        let (workspace_root, workspace_table) = if own.is_workspace {
            (package_root.to_owned(), own.workspace)
        } else {
            find_workspace(package_root)?.unwrap_or((package_root.to_owned(), None))
        };
        let package = own.package.unwrap_or_default();
        let workspace = workspace_table.unwrap_or_default();
        let workspace_manifest = workspace_root.join("Cargo.toml");
        let resolve = |pick: fn(&AspectTable) -> &Option<Vec<String>>,
                       default: &str|
         -> Result<Vec<String>, ConfigError> {
            let (base, manifest, patterns) = match (pick(&package), pick(&workspace)) {
                (Some(p), _) => (package_root, &manifest_path, p.clone()),
                (None, Some(w)) => (workspace_root.as_path(), &workspace_manifest, w.clone()),
                (None, None) => (package_root, &manifest_path, vec![default.to_owned()]),
            };
            patterns
                .into_iter()
                .map(|pattern| {
                    glob::Pattern::new(&pattern).map_err(|source| ConfigError::Glob {
                        path: manifest.clone(),
                        pattern: pattern.clone(),
                        source,
                    })?;
                    let absolute = base.join(&pattern);
                    Ok(absolute.to_string_lossy().into_owned())
                })
                .collect()
        };
        Ok(Config {
            specs: resolve(|t| &t.specs, DEFAULT_SPECS)?,
            aspects: resolve(|t| &t.aspects, DEFAULT_ASPECTS)?,
            package_name,
            package_root: package_root.to_owned(),
            workspace_root,
        })
    }

    /// Every spec file the globs select, sorted, without duplicates.
    pub fn spec_files(&self) -> Vec<PathBuf> {
        expand(&self.specs)
    }

    /// Every aspect file the globs select, sorted, without duplicates.
    pub fn aspect_files(&self) -> Vec<PathBuf> {
        expand(&self.aspects)
    }

    /// `path` relative to the package root, as events name files; a file
    /// outside the package (workspace-level specs) gets `../` components.
    pub fn package_path(&self, path: &Path) -> String {
        relative_to(path, &self.package_root)
            .to_string_lossy()
            .into_owned()
    }

    /// `path` relative to the workspace root, for messages (as rustc prints `file!()`).
    pub fn display_path<'p>(&self, path: &'p Path) -> &'p Path {
        path.strip_prefix(&self.workspace_root).unwrap_or(path)
    }
}

/// The test target this process is, from its executable's name
/// (`shop-0123456789abcdef` is target `shop`): cargo names test executables
/// so under `cargo test`, nextest and `cargo aspect` alike.
pub(crate) fn current_target() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let stem = exe.file_stem()?.to_str()?;
    let (name, hash) = stem.rsplit_once('-')?;
    (hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit())).then(|| name.to_owned())
}

/// `path` relative to `base` (both absolute), walking up with `..` as needed.
fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let (path_parts, base_parts): (Vec<_>, Vec<_>) =
        (path.components().collect(), base.components().collect());
    let common = path_parts
        .iter()
        .zip(&base_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return path.to_owned();
    }
    let mut out = PathBuf::new();
    for _ in common..base_parts.len() {
        out.push("..");
    }
    for part in &path_parts[common..] {
        out.push(part);
    }
    out
}

fn expand(patterns: &[String]) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = patterns
        .iter()
        .filter_map(|p| glob::glob(p).ok())
        .flatten()
        .filter_map(Result::ok)
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files.dedup();
    files
}

/// The nearest ancestor manifest with a `[workspace]` table, and its aspect table.
fn find_workspace(
    package_root: &Path,
) -> Result<Option<(PathBuf, Option<AspectTable>)>, ConfigError> {
    for dir in package_root.ancestors().skip(1) {
        let candidate = dir.join("Cargo.toml");
        if candidate.is_file() {
            let parsed = read_manifest(&candidate)?;
            if parsed.is_workspace {
                return Ok(Some((dir.to_owned(), parsed.workspace)));
            }
        }
    }
    Ok(None)
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
