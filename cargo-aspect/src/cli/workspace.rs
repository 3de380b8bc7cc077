//! Which packages have a harness: the workspace as `cargo metadata` describes it.
//!
//! This module exists so every command selects packages the way cargo does
//! (`--manifest-path`, `-p`, `--workspace`, the package in the current directory
//! or the default members of a virtual workspace) and reads the
//! `[workspace.metadata.aspect]` / `[package.metadata.aspect]` tables with the
//! same keys the harness accepts ([`AspectTable`]), so a typo'd key is caught before
//! anything is built.
//!
//! It must not build or run anything: it only asks `cargo metadata --no-deps`.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use cargo_metadata::{Metadata, MetadataCommand, Package, TargetKind};

use super::{CliError, GlobalOpts};
use crate::cli::agent_config::AspectTable;

/// The harness test target's name when the tables do not say otherwise.
pub const DEFAULT_HARNESS: &str = "aspect";

/// The workspace and the harness packages a command works on.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The workspace root.
    pub root: PathBuf,
    /// cargo's target directory (where `target/aspect/` events files go).
    pub target_dir: PathBuf,
    /// The workspace manifest, for `cargo build --manifest-path`.
    pub manifest_path: PathBuf,
    /// The selected packages that have a harness, in workspace order.
    pub harnesses: Vec<HarnessPackage>,
}

/// One package with a harness test target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HarnessPackage {
    /// The package's name.
    pub name: String,
    /// cargo's package id, to match build artifacts to packages.
    pub id: String,
    /// The package's `Cargo.toml`.
    pub manifest_path: PathBuf,
    /// The package's directory.
    pub root: PathBuf,
    /// The harness test target's name (`aspect` by default).
    pub target: String,
}

impl Workspace {
    /// Ask cargo for the workspace and select the harness packages as `global` says.
    ///
    /// # Errors
    /// When `cargo metadata` fails, a table has a wrong or unknown key, a `-p`
    /// package is not a member, or a `-p` package has no harness.
    pub fn load(global: &GlobalOpts) -> Result<Workspace, CliError> {
        let mut command = MetadataCommand::new();
        command.no_deps();
        if let Some(path) = &global.manifest_path {
            command.manifest_path(path);
        }
        let metadata = command.exec().map_err(metadata_error)?;
        let manifest = match &global.manifest_path {
            Some(path) => Some(path.clone()),
            None => std::env::current_dir()
                .ok()
                .and_then(|dir| nearest_manifest(&dir)),
        };
        select(&metadata, global, manifest.as_deref())
    }

    /// Where the harness packages live, for reporters to show workspace-relative paths.
    pub fn locations(&self) -> Locations {
        Locations::new(
            &self.root,
            self.harnesses
                .iter()
                .map(|h| (h.name.clone(), h.root.clone()))
                .collect(),
        )
    }

    /// The error when no selected package has a harness.
    pub fn no_harness(&self) -> CliError {
        CliError::new(format!(
            "no selected package in {} has an `aspect` test target; run `cargo aspect init` in one",
            self.root.display()
        ))
    }
}

/// `cargo metadata`'s own message (it already says which manifest is wrong).
fn metadata_error(error: cargo_metadata::Error) -> CliError {
    match error {
        cargo_metadata::Error::CargoMetadata { stderr } => {
            let text = stderr.trim();
            CliError::new(text.strip_prefix("error: ").unwrap_or(text).to_owned())
        }
        other => CliError::new(format!("cannot run `cargo metadata`: {other}")),
    }
}

/// The `Cargo.toml` cargo would pick for `dir`: the nearest one up the tree.
fn nearest_manifest(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join("Cargo.toml"))
        .find(|m| m.is_file())
}

/// The member whose manifest is `manifest` (none for a virtual manifest).
fn package_of<'m>(members: &[&'m Package], manifest: &Path) -> Option<&'m Package> {
    let wanted = manifest
        .canonicalize()
        .unwrap_or_else(|_| manifest.to_owned());
    members.iter().copied().find(|p| {
        let path = p.manifest_path.as_std_path();
        path == wanted || path.canonicalize().is_ok_and(|c| c == wanted)
    })
}

/// Select packages from the metadata and read their tables. Without `-p` or
/// `--workspace`, `manifest` (the one cargo picked) chooses: its package, or
/// the default members when it is a virtual manifest.
fn select(
    metadata: &Metadata,
    global: &GlobalOpts,
    manifest: Option<&Path>,
) -> Result<Workspace, CliError> {
    let root = metadata.workspace_root.clone().into_std_path_buf();
    let workspace_manifest = root.join("Cargo.toml");
    let workspace_table = table(
        &metadata.workspace_metadata,
        &workspace_manifest,
        "workspace",
    )?;
    let members = metadata.workspace_packages();

    let current = manifest.and_then(|m| package_of(&members, m));
    // A package named with `-p`, or the one cargo picked, must have a harness.
    let explicit = !global.packages.is_empty() || (!global.workspace && current.is_some());
    let selected: Vec<&Package> = if !global.packages.is_empty() {
        let mut picked = Vec::new();
        for spec in &global.packages {
            let name = spec.split('@').next().unwrap_or(spec);
            let Some(package) = members.iter().find(|p| p.name.as_str() == name) else {
                let known: Vec<&str> = members.iter().map(|p| p.name.as_str()).collect();
                return Err(CliError::new(format!(
                    "package `{spec}` is not a member of the workspace at {} (members: {})",
                    root.display(),
                    known.join(", ")
                )));
            };
            if !picked.iter().any(|p: &&Package| p.id == package.id) {
                picked.push(*package);
            }
        }
        picked
    } else if global.workspace {
        members.clone()
    } else if let Some(package) = current {
        vec![package]
    } else if metadata.workspace_default_members.is_available() {
        metadata.workspace_default_packages()
    } else {
        members.clone()
    };

    let mut harnesses = Vec::new();
    for package in selected {
        let manifest = package.manifest_path.clone().into_std_path_buf();
        let own = table(&package.metadata, &manifest, "package")?;
        // Several harnesses name themselves in `harnesses`; one is `harness`.
        let targets: Vec<String> = match own.harnesses.filter(|h| !h.is_empty()) {
            Some(named) => named.into_keys().collect(),
            None => vec![own
                .harness
                .or_else(|| workspace_table.harness.clone())
                .unwrap_or_else(|| DEFAULT_HARNESS.to_owned())],
        };
        for target in targets {
            let has_harness = package
                .targets
                .iter()
                .any(|t| t.name == target && t.kind.contains(&TargetKind::Test));
            if !has_harness {
                if explicit {
                    return Err(CliError::new(format!(
                        "package {name} has no `{target}` test target; run `cargo aspect init -p {name}`",
                        name = package.name
                    )));
                }
                continue;
            }
            harnesses.push(HarnessPackage {
                name: package.name.to_string(),
                id: package.id.repr.clone(),
                root: manifest.parent().map(Path::to_owned).unwrap_or_default(),
                manifest_path: manifest.clone(),
                target,
            });
        }
    }
    Ok(Workspace {
        root,
        target_dir: metadata.target_directory.clone().into_std_path_buf(),
        manifest_path: workspace_manifest,
        harnesses,
    })
}

/// The `aspect` table under a `metadata` value; `what` is `workspace` or `package`.
fn table(
    metadata: &serde_json::Value,
    manifest: &Path,
    what: &str,
) -> Result<AspectTable, CliError> {
    match metadata.get("aspect") {
        None | Some(serde_json::Value::Null) => Ok(AspectTable::default()),
        Some(value) => serde_json::from_value(value.clone()).map_err(|e| {
            CliError::new(format!(
                "{}: [{what}.metadata.aspect]: {e}",
                manifest.display()
            ))
        }),
    }
}

/// Where each package lives, to show an event's package-relative `file`
/// relative to the workspace root.
///
/// The default knows no package: paths are shown as the events carry them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Locations {
    /// The workspace root (`cargo metadata`'s `workspace_root`).
    pub workspace_root: PathBuf,
    /// Package name → the directory holding its `Cargo.toml`.
    pub package_roots: HashMap<String, PathBuf>,
}

impl Locations {
    /// Locations for these packages of the workspace at `workspace_root`.
    pub fn new(
        workspace_root: impl Into<PathBuf>,
        package_roots: HashMap<String, PathBuf>,
    ) -> Self {
        Locations {
            workspace_root: workspace_root.into(),
            package_roots,
        }
    }

    /// `file` of `package`, relative to the workspace root, with `/` separators.
    ///
    /// A package this does not know keeps `file` as it is; a package outside
    /// the workspace root gets its full path.
    pub fn path(&self, package: &str, file: &str) -> String {
        let Some(root) = self.package_roots.get(package) else {
            return file.to_owned();
        };
        // `file` may walk up out of the package (`../specs/a.feature`): resolve
        // the `..` lexically so the path reads from the workspace root.
        let mut full = PathBuf::new();
        for component in root.join(file).components() {
            match component {
                Component::ParentDir => {
                    full.pop();
                }
                Component::CurDir => {}
                other => full.push(other),
            }
        }
        let shown = full.strip_prefix(&self.workspace_root).unwrap_or(&full);
        slashed(shown)
    }
}

/// A path with `/` between its components, whatever the platform.
fn slashed(path: &Path) -> String {
    let mut out = String::new();
    for component in path.components() {
        match component {
            Component::RootDir => out.push('/'),
            Component::CurDir => continue,
            other => {
                if !out.is_empty() && !out.ends_with('/') {
                    out.push('/');
                }
                out.push_str(&other.as_os_str().to_string_lossy());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn global(packages: &[&str], workspace: bool) -> GlobalOpts {
        GlobalOpts {
            manifest_path: None,
            packages: packages.iter().map(|s| (*s).to_owned()).collect(),
            workspace,
            color: super::super::Color::Never,
            quiet: false,
            verbose: false,
        }
    }

    fn target(name: &str, kind: &str) -> serde_json::Value {
        serde_json::json!({
            "name": name, "kind": [kind], "crate_types": ["bin"], "required-features": [],
            "src_path": "/w/x/tests/aspect.rs", "edition": "2021", "doctest": false,
            "test": true, "doc": false
        })
    }

    fn package(
        name: &str,
        targets: Vec<serde_json::Value>,
        meta: serde_json::Value,
    ) -> serde_json::Value {
        serde_json::json!({
            "name": name, "version": "0.1.0", "id": format!("path+file:///w/{name}#0.1.0"),
            "license": null, "license_file": null, "description": null, "source": null,
            "dependencies": [], "targets": targets, "features": {},
            "manifest_path": format!("/w/{name}/Cargo.toml"), "metadata": meta,
            "publish": null, "authors": [], "categories": [], "keywords": [], "readme": null,
            "repository": null, "homepage": null, "documentation": null, "edition": "2021",
            "links": null, "default_run": null, "rust_version": null
        })
    }

    /// A virtual workspace: `game` (harness `aspect`), `core` (none), `custom` (harness `specs`).
    fn metadata(workspace_meta: serde_json::Value) -> Metadata {
        let packages = vec![
            package(
                "game",
                vec![target("aspect", "test")],
                serde_json::Value::Null,
            ),
            package("core", vec![target("core", "lib")], serde_json::Value::Null),
            package(
                "custom",
                vec![target("specs", "test")],
                serde_json::json!({"aspect": {"harness": "specs"}}),
            ),
        ];
        let ids: Vec<String> = ["game", "core", "custom"]
            .iter()
            .map(|n| format!("path+file:///w/{n}#0.1.0"))
            .collect();
        serde_json::from_value(serde_json::json!({
            "packages": packages, "workspace_members": ids, "workspace_default_members": ids,
            "resolve": null, "workspace_root": "/w", "target_directory": "/w/target",
            "metadata": workspace_meta, "version": 1
        }))
        .unwrap()
    }

    fn names(ws: &Workspace) -> Vec<(&str, &str)> {
        ws.harnesses
            .iter()
            .map(|h| (h.name.as_str(), h.target.as_str()))
            .collect()
    }

    #[test]
    fn a_virtual_workspace_selects_every_member_with_a_harness() {
        let ws = select(
            &metadata(serde_json::Value::Null),
            &global(&[], false),
            None,
        )
        .unwrap();
        assert_eq!(names(&ws), [("game", "aspect"), ("custom", "specs")]);
        assert_eq!(ws.target_dir, PathBuf::from("/w/target"));
        assert_eq!(ws.harnesses[0].root, PathBuf::from("/w/game"));
    }

    #[test]
    fn a_selected_package_without_a_harness_is_an_error() {
        let err = select(
            &metadata(serde_json::Value::Null),
            &global(&["core"], false),
            None,
        )
        .unwrap_err()
        .message;
        assert_eq!(
            err,
            "package core has no `aspect` test target; run `cargo aspect init -p core`"
        );
        let err = select(
            &metadata(serde_json::Value::Null),
            &global(&["nope"], false),
            None,
        )
        .unwrap_err()
        .message;
        assert!(err.contains("package `nope` is not a member"), "{err}");
        let ws = select(
            &metadata(serde_json::Value::Null),
            &global(&["custom"], false),
            None,
        )
        .unwrap();
        assert_eq!(names(&ws), [("custom", "specs")]);
    }

    #[test]
    fn the_current_manifest_picks_its_package() {
        let meta = metadata(serde_json::Value::Null);
        let game = Path::new("/w/game/Cargo.toml");
        let ws = select(&meta, &global(&[], false), Some(game)).unwrap();
        assert_eq!(names(&ws), [("game", "aspect")]);
        // The virtual root: the default members.
        let root = Path::new("/w/Cargo.toml");
        let ws = select(&meta, &global(&[], false), Some(root)).unwrap();
        assert_eq!(names(&ws).len(), 2);
        // A package without a harness is told how to get one.
        let core = Path::new("/w/core/Cargo.toml");
        let err = select(&meta, &global(&[], false), Some(core)).unwrap_err();
        assert!(
            err.message.contains("cargo aspect init -p core"),
            "{}",
            err.message
        );
        let ws = select(&meta, &global(&[], true), Some(core)).unwrap();
        assert_eq!(names(&ws).len(), 2);
    }

    #[test]
    fn the_workspace_table_names_the_harness_and_typos_name_the_manifest() {
        let meta = serde_json::json!({"aspect": {"harness": "specs"}});
        let ws = select(&metadata(meta), &global(&[], true), None).unwrap();
        assert_eq!(names(&ws), [("custom", "specs")]);
        let meta = serde_json::json!({"aspect": {"specz": ["x"]}});
        let err = select(&metadata(meta), &global(&[], true), None)
            .unwrap_err()
            .message;
        assert!(
            err.starts_with("/w/Cargo.toml: [workspace.metadata.aspect]: unknown field `specz`"),
            "{err}"
        );
    }

    #[test]
    fn paths_become_workspace_relative() {
        let locations = Locations::new(
            "/ws",
            HashMap::from([
                ("a".to_owned(), PathBuf::from("/ws/crates/a")),
                ("out".to_owned(), PathBuf::from("/elsewhere/out")),
            ]),
        );
        assert_eq!(
            locations.path("a", "specs/x.feature"),
            "crates/a/specs/x.feature"
        );
        assert_eq!(
            locations.path("out", "aspects/y.md"),
            "/elsewhere/out/aspects/y.md"
        );
        assert_eq!(
            locations.path("unknown", "specs/z.feature"),
            "specs/z.feature"
        );
        assert_eq!(
            Locations::default().path("a", "specs/x.feature"),
            "specs/x.feature"
        );
    }
}
