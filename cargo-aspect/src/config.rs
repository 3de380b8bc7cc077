//! The `[workspace.metadata.aspect]` / `[package.metadata.aspect]` tables.
//!
//! The harness reads its own manifest (and the workspace root's) with `toml`
//! rather than `cargo metadata`: nextest starts the harness once per scenario, and
//! spawning cargo in each would cost more than the scenario. The CLI reads the same
//! tables through `cargo_metadata`, with its own keys (`cli::agent_config`) added.
//! Only what a harness reads belongs here.
//!
//! Globs in the package table are relative to the package; globs in the workspace
//! table are relative to the workspace root. A package key overrides a workspace key.

use std::path::{Path, PathBuf};

use serde::de::IgnoredAny;
use serde::Deserialize;

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
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct AspectTable {
    /// Globs of `.feature` files.
    pub specs: Option<Vec<String>>,
    /// Globs of aspect `.md` files.
    pub aspects: Option<Vec<String>>,
    /// Per harness test target (package table only): its own globs, for a
    /// package with several harnesses, each with its own World.
    pub harnesses: Option<std::collections::BTreeMap<String, HarnessTable>>,
    #[serde(rename = "harness")]
    _harness: Option<IgnoredAny>,
    #[serde(rename = "protect")]
    _protect: Option<IgnoredAny>,
    #[serde(rename = "agent")]
    _agent: Option<IgnoredAny>,
}

/// `[package.metadata.aspect.harnesses.<test target>]`: the globs of one of a
/// package's harnesses; a key it leaves out is the package's.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct HarnessTable {
    /// Globs of `.feature` files, relative to the package.
    pub specs: Option<Vec<String>>,
    /// Globs of aspect `.md` files, relative to the package.
    pub aspects: Option<Vec<String>>,
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

#[derive(Deserialize, Default)]
struct Manifest {
    package: Option<WithMetadata>,
    workspace: Option<WithMetadata>,
}

#[derive(Deserialize, Default)]
struct WithMetadata {
    name: Option<String>,
    metadata: Option<Metadata>,
}

#[derive(Deserialize, Default)]
struct Metadata {
    aspect: Option<AspectTable>,
}

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
    let manifest: Manifest = toml::from_str(&text).map_err(|e| ConfigError::Invalid {
        path: path.to_owned(),
        message: e.to_string().trim_end().to_owned(),
    })?;
    let table = |m: Option<WithMetadata>| m.and_then(|m| m.metadata).and_then(|m| m.aspect);
    Ok(Parsed {
        is_workspace: manifest.workspace.is_some(),
        package_name: manifest.package.as_ref().and_then(|p| p.name.clone()),
        package: table(manifest.package),
        workspace: table(manifest.workspace),
    })
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
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("aspect-config-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn package_paths_walk_up_for_workspace_level_files() {
        let p = |path: &str, base: &str| relative_to(Path::new(path), Path::new(base));
        assert_eq!(
            p("/w/pkg/specs/a.feature", "/w/pkg"),
            Path::new("specs/a.feature")
        );
        assert_eq!(
            p("/w/specs/a.feature", "/w/pkg"),
            Path::new("../specs/a.feature")
        );
        assert_eq!(
            p("/w/specs/a.feature", "/w/crates/pkg"),
            Path::new("../../specs/a.feature")
        );
    }

    #[test]
    fn a_harness_target_reads_its_own_entry_of_harnesses() {
        let dir = temp_dir("harnesses");
        std::fs::write(
            dir.join("Cargo.toml"),
            "[package]\nname = \"x\"\n[package.metadata.aspect]\nspecs = [\"a/*.feature\"]\n\
             harnesses.till-specs = { specs = [\"t/*.feature\"], aspects = [] }\n",
        )
        .unwrap();
        let till = Config::load_for(&dir, Some("till_specs")).unwrap();
        assert_eq!(till.specs, [dir.join("t/*.feature").to_string_lossy()]);
        assert!(till.aspects.is_empty());
        let other = Config::load_for(&dir, Some("aspect")).unwrap();
        assert_eq!(other.specs, [dir.join("a/*.feature").to_string_lossy()]);
        assert_eq!(other.aspects, [dir.join(DEFAULT_ASPECTS).to_string_lossy()]);
    }

    #[test]
    fn defaults_are_relative_to_the_package() {
        let dir = temp_dir("defaults");
        std::fs::write(dir.join("Cargo.toml"), "[package]\nname = \"x\"\n").unwrap();
        let config = Config::load(&dir).unwrap();
        assert_eq!(config.specs, [dir.join(DEFAULT_SPECS).to_string_lossy()]);
        assert_eq!(config.workspace_root, dir);
    }

    #[test]
    fn package_overrides_workspace_and_workspace_globs_are_rooted_there() {
        let root = temp_dir("ws");
        let member = root.join("member");
        std::fs::create_dir_all(&member).unwrap();
        std::fs::write(
            root.join("Cargo.toml"),
            "[workspace]\nmembers = [\"member\"]\n[workspace.metadata.aspect]\nspecs = [\"features/*.feature\"]\naspects = [\"docs/aspects/*.md\"]\n",
        )
        .unwrap();
        std::fs::write(
            member.join("Cargo.toml"),
            "[package]\nname = \"m\"\n[package.metadata.aspect]\naspects = [\"a/*.md\"]\n",
        )
        .unwrap();
        let config = Config::load(&member).unwrap();
        assert_eq!(config.workspace_root, root);
        assert_eq!(
            config.specs,
            [root.join("features/*.feature").to_string_lossy()]
        );
        assert_eq!(config.aspects, [member.join("a/*.md").to_string_lossy()]);
    }

    #[test]
    fn an_unknown_key_names_the_manifest_line_and_key() {
        let dir = temp_dir("typo");
        std::fs::write(
            dir.join("Cargo.toml"),
            "[package]\nname = \"x\"\n\n[package.metadata.aspect]\nspecz = [\"a\"]\n",
        )
        .unwrap();
        let err = Config::load(&dir).unwrap_err().to_string();
        assert!(err.contains("Cargo.toml"), "{err}");
        assert!(err.contains("line 5"), "{err}");
        assert!(err.contains("unknown field `specz`"), "{err}");
    }
}
