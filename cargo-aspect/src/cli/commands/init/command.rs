//! `cargo aspect init`: its arguments and the steps it takes, in order.

use std::path::{Path, PathBuf};

use cargo_metadata::MetadataCommand;

use super::changes::Report;
use super::edits::{
    add_dependency, add_runtime_profile, create, located_err, runtime_features, sample_denials,
    HarnessFile, Sample, TargetEdit,
};
use super::locate::{
    locate_manifest, metadata_error, read_manifest, runtime_path, same_file, select_package, shown,
};

use super::{manifest, templates};
use crate::cli::{CliError, GlobalOpts, Outcome};
use crate::config::Config;

/// Arguments of `cargo aspect init`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cargo aspect init                 set up the crate in this directory\n  cargo aspect init -p my-crate     set up one member of a workspace\n  cargo aspect init --claude        also install the Claude Code skill, subagent and hooks into .claude/\n  cargo aspect init --path ../cargo-aspect/cargo-aspect\n                                    depend on a local checkout of the runtime"
)]
pub struct InitArgs {
    /// Depend on the runtime crate in this directory (a checkout's `cargo-aspect/`);
    /// written relative to the package when possible. Without it: the checkout
    /// this binary was built from, if it still exists, else crates.io.
    #[arg(long, value_name = "DIR")]
    pub path: Option<PathBuf>,
    /// Also install the Claude Code skill, subagent and hooks into the
    /// workspace's `.claude/` (merged into `settings.json`, never overwritten).
    #[arg(long)]
    pub claude: bool,
}

/// The runtime package this binary was built from, when that is a checkout
/// that still exists (`cargo install --path`, `cargo run`), not a crate
/// unpacked from a registry: until cargo-aspect is on crates.io, depending on
/// it by version cannot resolve, while the checkout can.
fn built_from_checkout() -> Option<&'static Path> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let unpacked = dir
        .components()
        .any(|c| matches!(c.as_os_str().to_str(), Some("registry" | "checkouts")));
    (!unpacked && dir.join("Cargo.toml").is_file()).then_some(dir)
}

/// The harness target name when `metadata.aspect` names none.
const DEFAULT_HARNESS: &str = "aspect";

/// Run `cargo aspect init`.
///
/// # Errors
/// A [`CliError`] (exit code 2) when nothing could be done; see the module docs.
pub fn run(global: &GlobalOpts, args: &InitArgs) -> Result<Outcome, CliError> {
    let cwd = std::env::current_dir()
        .map_err(|e| CliError::new(format!("cannot read the current directory: {e}")))?;
    let cwd = cwd.canonicalize().unwrap_or(cwd);
    let mut report = Report::default();
    let result = init(global, args, &cwd, &mut report);
    report.print(global.quiet, result.is_ok());
    result.map(|()| Outcome::Holds)
}

fn init(
    global: &GlobalOpts,
    args: &InitArgs,
    cwd: &Path,
    report: &mut Report,
) -> Result<(), CliError> {
    if global.workspace {
        return Err(CliError::new(
            "`init` sets up one package: pass `-p NAME` instead of `--workspace`",
        ));
    }
    if global.packages.len() > 1 {
        return Err(CliError::new(
            "`init` sets up one package at a time: pass a single `-p NAME`",
        ));
    }
    let located = locate_manifest(global.manifest_path.as_deref(), cwd)?;
    let (located_text, located_doc) = read_manifest(&located, cwd)?;
    let metadata = MetadataCommand::new()
        .manifest_path(&located)
        .no_deps()
        .exec()
        .map_err(|e| metadata_error(&located, e))?;
    let package = select_package(
        &metadata,
        global.packages.first(),
        &located,
        &located_doc,
        cwd,
    )?;
    let manifest_path = package.manifest_path.clone().into_std_path_buf();
    let package_root = manifest_path.parent().map(Path::to_owned).ok_or_else(|| {
        CliError::new(format!("{}: no parent directory", manifest_path.display()))
    })?;
    let (original, mut doc) = if same_file(&manifest_path, &located) {
        (located_text, located_doc)
    } else {
        read_manifest(&manifest_path, cwd)?
    };
    let shown_manifest = shown(&manifest_path, cwd);
    report.package = package.name.to_string();

    let runtime_path = match args.path.as_deref().or_else(|| built_from_checkout()) {
        Some(dir) => Some(runtime_path(dir, cwd, &package_root)?),
        None => None,
    };
    // A typo'd key in an existing table stops init before it changes anything.
    let config = Config::load(&package_root).map_err(|e| CliError::new(e.to_string()))?;
    let sample = Sample {
        package_root: &package_root,
        cwd,
    };
    // The sample aspect (imports evidence), decided before the manifest: with
    // the crate's own aspects it picks the runtime's features. The globs are
    // the same after init adds `[package.metadata.aspect]`: it writes the defaults.
    let aspect_files = config.aspect_files();
    let sample_aspect = aspect_files
        .is_empty()
        .then(|| sample_denials(&config, &package.name));
    let features = runtime_features(
        &aspect_files,
        matches!(sample_aspect, Some(Ok(_)))
            && sample.selects(templates::SAMPLE_ASPECT_PATH, &config.aspects),
    );

    let workspace_table = metadata.workspace_metadata.get("aspect");
    let harness_name = manifest::package_harness_name(&doc)
        .or_else(|| {
            workspace_table
                .and_then(|t| t.get("harness"))
                .and_then(|h| h.as_str())
                .map(str::to_owned)
        })
        .unwrap_or_else(|| DEFAULT_HARNESS.to_owned());
    if harness_name.is_empty()
        || !harness_name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(CliError::new(format!(
            "{shown_manifest}: `harness = \"{harness_name}\"` in metadata.aspect is not a test target name"
        )));
    }
    let selector = selector(global, &package.name);
    report.next =
        format!("cargo aspect test{selector}   (or: cargo test{selector} --test {harness_name})");

    // The harness file: where the target says, or where cargo looks for it.
    let target = manifest::test_target(&doc, &harness_name);
    let harness_rel = target
        .as_ref()
        .and_then(|t| t.path.clone())
        .unwrap_or_else(|| {
            let dir_main = format!("tests/{harness_name}/main.rs");
            let file = format!("tests/{harness_name}.rs");
            if !package_root.join(&file).exists() && package_root.join(&dir_main).is_file() {
                dir_main
            } else {
                file
            }
        });
    let harness_path = package_root.join(&harness_rel);
    let harness_text = templates::harness(&harness_name);
    let mut harness = HarnessFile::of(&harness_path, &harness_text);
    let shown_harness = shown(&harness_path, cwd);

    // Manifest edits, in memory first.
    let mut edits = Vec::new();
    if workspace_table.is_none()
        && manifest::add_metadata_table(&mut doc).map_err(located_err(&shown_manifest))?
    {
        edits.push(format!(
            "added [package.metadata.aspect] to {shown_manifest}"
        ));
    }
    let depends_on_runtime = add_dependency(
        &mut doc,
        package,
        runtime_path.as_deref(),
        &features,
        &shown_manifest,
        &mut edits,
        report,
    )?;
    let target_edit = TargetEdit {
        name: &harness_name,
        usable: !matches!(harness, HarnessFile::Other(_)),
        shown_manifest: &shown_manifest,
        shown_harness: &shown_harness,
    };
    target_edit.apply(&mut doc, target.as_ref(), &mut edits, report)?;
    // Cargo reads profiles only from the workspace root's manifest.
    let root_manifest = metadata
        .workspace_root
        .join("Cargo.toml")
        .into_std_path_buf();
    let package_is_root = same_file(&root_manifest, &manifest_path);
    if depends_on_runtime && package_is_root {
        edits.extend(add_runtime_profile(&mut doc, &shown_manifest)?);
    }

    let rendered = manifest::render(&doc, &original);
    if rendered != original {
        std::fs::write(&manifest_path, &rendered)
            .map_err(|e| CliError::new(format!("cannot write {shown_manifest}: {e}")))?;
        report.done.append(&mut edits);
    }
    if depends_on_runtime && !package_is_root {
        let (root_text, mut root_doc) = read_manifest(&root_manifest, cwd)?;
        let shown_root = shown(&root_manifest, cwd);
        if let Some(added) = add_runtime_profile(&mut root_doc, &shown_root)? {
            std::fs::write(&root_manifest, manifest::render(&root_doc, &root_text))
                .map_err(|e| CliError::new(format!("cannot write {shown_root}: {e}")))?;
            report.done.push(added);
        }
    }

    match &harness {
        HarnessFile::Missing => {
            create(&harness_path, &harness_text, cwd)?;
            report.done.push(format!("created {shown_harness}"));
            harness = HarnessFile::Ours;
        }
        HarnessFile::Other(why) if target.is_some() => report.warnings.push(format!(
            "kept {shown_harness}, the harness target `{harness_name}`: {why}"
        )),
        _ => {}
    }

    let config = Config::load(&package_root).map_err(|e| CliError::new(e.to_string()))?;
    if config.spec_files().is_empty() {
        match harness {
            HarnessFile::Ours => sample.write(
                templates::SAMPLE_SPEC_PATH,
                &templates::sample_spec(&harness_rel),
                &config.specs,
                "specs",
                report,
            )?,
            HarnessFile::Harness => report.notes.push(format!(
                "no sample spec: its steps are in the harness init writes, and {shown_harness} is yours"
            )),
            HarnessFile::Missing | HarnessFile::Other(_) => {}
        }
    }
    if let Some(sample_aspect) = sample_aspect {
        match sample_aspect {
            Ok(deny) => sample.write(
                templates::SAMPLE_ASPECT_PATH,
                &templates::sample_aspect(&package.name, &deny),
                &config.aspects,
                "aspects",
                report,
            )?,
            Err(why) => report.notes.push(format!("no sample aspect: {why}")),
        }
    }
    if args.claude {
        let root = metadata.workspace_root.clone().into_std_path_buf();
        super::claude::install(&root, cwd, report)?;
    }
    Ok(())
}

/// How to name the package again in the "next" command.
fn selector(global: &GlobalOpts, package: &str) -> String {
    let mut selector = String::new();
    if let Some(path) = &global.manifest_path {
        selector.push_str(&format!(" --manifest-path {}", path.display()));
    }
    if !global.packages.is_empty() {
        selector.push_str(&format!(" -p {package}"));
    }
    selector
}
