//! `cargo aspect init`: its arguments and the steps it takes, in order.

use std::io::Write;
use std::path::{Path, PathBuf};

use cargo_metadata::{DependencyKind, MetadataCommand, Package};
use toml_edit::DocumentMut;

use super::locate::{
    locate_manifest, metadata_error, read_manifest, runtime_path, same_file, select_package,
};

use super::{manifest, templates};
use crate::cli::{CliError, GlobalOpts, Outcome};
use crate::config::Config;

/// Arguments of `cargo aspect init`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cargo aspect init                 set up the crate in this directory\n  cargo aspect init -p my-crate     set up one member of a workspace\n  cargo aspect init --path ../cargo-aspect/cargo-aspect\n                                    depend on a local checkout of the runtime"
)]
pub struct InitArgs {
    /// Depend on the runtime crate in this directory (a checkout's `cargo-aspect/`);
    /// written relative to the package when possible. Without it: the checkout
    /// this binary was built from, if it still exists, else crates.io.
    #[arg(long, value_name = "DIR")]
    pub path: Option<PathBuf>,
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

/// The name of the runtime package on crates.io.
pub(super) const RUNTIME_PACKAGE: &str = "cargo-aspect";
/// The dependency key the step macros refer to (`::aspect::…`).
const RUNTIME_KEY: &str = "aspect";
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

/// What init did and left alone, printed at the end (also after an error, so
/// that what was done before it is known).
#[derive(Default)]
struct Report {
    /// One line per change: `created tests/aspect.rs`.
    done: Vec<String>,
    /// Something init chose not to do, harmlessly: `note: …`.
    notes: Vec<String>,
    /// Something init could not do that the setup needs: `warning: …`.
    warnings: Vec<String>,
    /// `cargo aspect test -p x   (or: …)`.
    next: String,
    /// The package, for "already set up".
    package: String,
}

impl Report {
    fn print(&self, quiet: bool, succeeded: bool) {
        let mut out = std::io::stdout().lock();
        if !quiet {
            for line in &self.done {
                let _ = writeln!(out, "{line}");
            }
            for note in &self.notes {
                let _ = writeln!(out, "note: {note}");
            }
        }
        for warning in &self.warnings {
            eprintln!("warning: {warning}");
        }
        if quiet || !succeeded {
            return;
        }
        if self.done.is_empty() && !self.warnings.is_empty() {
            let _ = writeln!(out, "nothing changed; see the warnings");
        } else if self.done.is_empty() {
            let _ = writeln!(
                out,
                "`{}` is already set up for cargo aspect; nothing changed",
                self.package
            );
        } else {
            let _ = writeln!(out);
        }
        let _ = writeln!(out, "next: {}", self.next);
    }
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
    Config::load(&package_root).map_err(|e| CliError::new(e.to_string()))?;

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
    add_dependency(
        &mut doc,
        package,
        runtime_path.as_deref(),
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

    let rendered = manifest::render(&doc, &original);
    if rendered != original {
        std::fs::write(&manifest_path, &rendered)
            .map_err(|e| CliError::new(format!("cannot write {shown_manifest}: {e}")))?;
        report.done.append(&mut edits);
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
    let sample = Sample {
        package_root: &package_root,
        cwd,
    };
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
    if config.aspect_files().is_empty() {
        match sample_denials(&config, &package.name) {
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
    Ok(())
}

/// Adding the `[[test]]` target of the harness, or `harness = false` to it.
struct TargetEdit<'a> {
    name: &'a str,
    /// Whether the harness file is (or will be) a harness.
    usable: bool,
    shown_manifest: &'a str,
    shown_harness: &'a str,
}

impl TargetEdit<'_> {
    fn apply(
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
enum HarnessFile {
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
    fn of(path: &Path, ours: &str) -> HarnessFile {
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
/// runtime (any key, any form, inherited from the workspace or not).
fn add_dependency(
    doc: &mut DocumentMut,
    package: &Package,
    path: Option<&str>,
    shown_manifest: &str,
    edits: &mut Vec<String>,
    report: &mut Report,
) -> Result<(), CliError> {
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
        return Ok(());
    }
    if let Some(dep) = deps().find(|d| d.rename.as_deref().unwrap_or(&d.name) == RUNTIME_KEY) {
        report.warnings.push(format!(
            "`{RUNTIME_KEY}` in {shown_manifest} is package `{}`, so init added no dependency on \
             {RUNTIME_PACKAGE}; the harness needs it as `{RUNTIME_KEY}`",
            dep.name
        ));
        return Ok(());
    }
    let version = path.is_none().then_some(env!("CARGO_PKG_VERSION"));
    let value = manifest::dependency_value(RUNTIME_PACKAGE, version, path);
    let shown_value = value.to_string();
    if manifest::add_dev_dependency(doc, RUNTIME_KEY, value).map_err(located_err(shown_manifest))? {
        edits.push(format!(
            "added dev-dependency {RUNTIME_KEY} = {} to {shown_manifest}",
            shown_value.trim()
        ));
    }
    Ok(())
}

/// Where sample files go, and how they are written.
struct Sample<'a> {
    package_root: &'a Path,
    cwd: &'a Path,
}

impl Sample<'_> {
    /// Create `relative` with `text` unless it exists or `globs` would not select it.
    fn write(
        &self,
        relative: &str,
        text: &str,
        globs: &[String],
        kind: &str,
        report: &mut Report,
    ) -> Result<(), CliError> {
        let path = self.package_root.join(relative);
        let shown_path = shown(&path, self.cwd);
        let selected = globs
            .iter()
            .any(|g| glob::Pattern::new(g).is_ok_and(|p| p.matches_path(&path)));
        if !selected {
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
fn sample_denials(config: &Config, package: &str) -> Result<Vec<&'static str>, String> {
    let candidates: Vec<String> = templates::SAMPLE_DENIALS
        .iter()
        .map(|(path, _)| (*path).to_owned())
        .collect();
    let scan =
        crate::evidence::imports::scan_crate(&config.workspace_root, package, &candidates, &[])?;
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

/// Create `path` with `text`, never over an existing file.
fn create(path: &Path, text: &str, cwd: &Path) -> Result<(), CliError> {
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

/// `path` relative to `base` when under it, for messages.
pub(super) fn shown(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn located_err(manifest: &str) -> impl Fn(String) -> CliError + '_ {
    move |message| CliError::new(format!("{manifest}: {message}"))
}
