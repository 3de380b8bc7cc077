//! Probing aspects: for each aspect, a plant in the scratch copy that its
//! evidence must catch.
//!
//! | kind | plant |
//! | --- | --- |
//! | imports | `use <first denied path>;` in the crate's root (or, for `external` alone, a dependency in its manifest) |
//! | bench | the measured closure spins for twice the budget |
//! | memory (of a bench) | the measured closure allocates twice the budget |
//! | tests | every `#[test]` function of the workspace panics first: the named tests must exist and run |
//! | command | the aspect's `probe:` patch (`git apply`); without one, the command runs in an empty workspace: passing there, it cannot fail; failing there, it is "not probed" |
//! | memory (of a command) | the `probe:` patch, or "not probed" |
//!
//! Evidence that still holds with its plant in "cannot fail". Every aspect is
//! judged first with no plant: one that fails already "fails already" (the
//! probe cannot tell anything from it). Commands, imports and tests are judged
//! in this process with the runtime's own evidence code against the copy;
//! benches and memory need the routine compiled in, so the copy's harness is
//! built (release, in the probe's own target directory) and run with `--exact`.
//!
//! It must not write outside the scratch copy, and must put every plant back
//! (a sync) before the next.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Deserialize;

use super::plant::{self, RoutinePlant};
use super::scratch::{io_error, Scratch};
use crate::aspect::Aspect;
use crate::cli::probe_outcome::{AspectProbe, AspectVerdict};
use crate::cli::runner::{self, BuildOptions};
use crate::cli::workspace::Workspace;
use crate::cli::{CliError, GlobalOpts};
use crate::event::{AspectEvent, Event, Status};
use crate::evidence::units::{parse_duration, parse_size};
use crate::evidence::{Context, Verdict};

/// One aspect to probe: its listing and its package's root in the workspace.
#[derive(Debug, Clone)]
pub(crate) struct Listed {
    /// The harness's listing event.
    pub event: AspectEvent,
    /// The package's root in the workspace.
    pub package_root: PathBuf,
}

impl Listed {
    /// The aspect file's path, `..` resolved (workspace-level aspects are
    /// listed relative to the package, as `../aspects/a.md`).
    fn path(&self) -> PathBuf {
        let mut full = PathBuf::new();
        for component in self.package_root.join(&self.event.file).components() {
            match component {
                std::path::Component::ParentDir => {
                    full.pop();
                }
                std::path::Component::CurDir => {}
                other => full.push(other),
            }
        }
        full
    }
}

/// The keys of an aspect's frontmatter the probe reads (the rest is the runtime's).
#[derive(Debug, Deserialize)]
struct ProbeKeys {
    evidence: serde_json::Value,
    #[serde(default)]
    probe: Option<String>,
}

/// Everything the probes share.
pub(crate) struct Prober<'a> {
    /// The workspace.
    pub ws: &'a Workspace,
    /// The command line's global options.
    pub global: &'a GlobalOpts,
    /// The scratch copy.
    pub scratch: &'a Scratch,
    /// An empty directory next to the copy (commands without `probe:` run there).
    pub empty: PathBuf,
    /// Workspace members: name and directory.
    pub members: Vec<(String, PathBuf)>,
}

/// What to do to one aspect, decided before anything runs.
enum Plan {
    /// Judged here: write these files into the copy (paths in the copy), or
    /// apply a patch; then judge.
    InProcess(Planted),
    /// Built into the copy's harness: plant in `file` and run the trial.
    Harness {
        file: PathBuf,
        text: String,
        plant: String,
    },
    /// A command with no `probe:`: judged in an empty workspace.
    EmptyWorkspace { program: Option<PathBuf> },
    /// Nothing to plant.
    NotProbed(String),
}

struct Planted {
    files: Vec<(PathBuf, String)>,
    patch: Option<PathBuf>,
    plant: String,
}

impl Prober<'_> {
    /// Probe every aspect.
    ///
    /// # Errors
    /// When an aspect file cannot be read, a `probe:` patch does not apply, or
    /// the copy's harness does not build.
    pub(crate) fn probe(&self, listed: &[Listed]) -> Result<Vec<AspectProbe>, CliError> {
        let mut results = Vec::new();
        let mut in_harness = Vec::new();
        for item in listed {
            self.scratch.sync()?;
            let copy = self.scratch.path_of(&item.path());
            let aspect = crate::aspect::load(&copy).map_err(|e| CliError::new(e.to_string()))?;
            let plan = self.plan(item, &aspect, &copy)?;
            let result = |verdict: AspectVerdict, plant: String, message: String| AspectProbe {
                name: item.event.name.clone(),
                package: item.event.package.clone(),
                file: self.shown(&item.path()),
                line: item.event.line,
                evidence: item.event.evidence.clone(),
                plant,
                verdict,
                message,
            };
            let package_copy = self.scratch.path_of(&item.package_root);
            match plan {
                Plan::NotProbed(why) => {
                    results.push(Some(result(AspectVerdict::NotProbed, String::new(), why)));
                }
                Plan::Harness { file, text, plant } => {
                    in_harness.push((results.len(), item.clone(), file, text, plant));
                    results.push(None);
                }
                Plan::InProcess(planted) => {
                    let baseline = judge(&aspect, &self.scratch.root, &package_copy);
                    if !baseline.holds() {
                        results.push(Some(result(
                            AspectVerdict::FailsAlready,
                            String::new(),
                            verdict_message(&baseline),
                        )));
                        continue;
                    }
                    for (path, text) in &planted.files {
                        std::fs::write(path, text).map_err(|e| io_error(path, &e))?;
                    }
                    if let Some(patch) = &planted.patch {
                        self.apply_patch(patch, &copy)?;
                    }
                    let verdict = judge(&aspect, &self.scratch.root, &package_copy);
                    let (v, message) = planted_verdict(&verdict);
                    results.push(Some(result(v, planted.plant, message)));
                }
                Plan::EmptyWorkspace { program } => {
                    let baseline = judge(&aspect, &self.scratch.root, &package_copy);
                    if !baseline.holds() {
                        results.push(Some(result(
                            AspectVerdict::FailsAlready,
                            String::new(),
                            verdict_message(&baseline),
                        )));
                        continue;
                    }
                    let _ = std::fs::remove_dir_all(&self.empty);
                    let empty_package = self.empty.join(
                        item.package_root
                            .strip_prefix(&self.ws.root)
                            .unwrap_or(Path::new("")),
                    );
                    std::fs::create_dir_all(&empty_package)
                        .map_err(|e| io_error(&empty_package, &e))?;
                    if let Some(program) = program {
                        let to = self.empty.join(&program);
                        if let Some(dir) = to.parent() {
                            std::fs::create_dir_all(dir).map_err(|e| io_error(dir, &e))?;
                        }
                        std::fs::copy(self.ws.root.join(&program), &to)
                            .map_err(|e| io_error(&to, &e))?;
                    }
                    // Nothing above the empty workspace may stand in for it: a
                    // manifest stops cargo, a ceiling stops git.
                    let stub = self.empty.join("Cargo.toml");
                    std::fs::write(
                        &stub,
                        "# Written by `cargo aspect probe`: an empty workspace.\n[workspace]\n",
                    )
                    .map_err(|e| io_error(&stub, &e))?;
                    let ceiling = std::env::var_os("GIT_CEILING_DIRECTORIES");
                    std::env::set_var("GIT_CEILING_DIRECTORIES", &self.empty);
                    let verdict = judge(&aspect, &self.empty, &empty_package);
                    match ceiling {
                        Some(value) => std::env::set_var("GIT_CEILING_DIRECTORIES", value),
                        None => std::env::remove_var("GIT_CEILING_DIRECTORIES"),
                    }
                    let plant = "every file of the workspace removed".to_owned();
                    let probe = if verdict.holds() {
                        result(
                            AspectVerdict::CannotFail,
                            plant,
                            "it holds even with every file of the workspace removed; if it \
                             checks that something is absent, give the aspect a `probe:` patch \
                             that adds it"
                                .to_owned(),
                        )
                    } else {
                        result(
                            AspectVerdict::NotProbed,
                            String::new(),
                            "a command with no `probe:` patch (it does read the workspace: it \
                             fails when the files are removed); add `probe: <patch>` to its \
                             frontmatter, a change it must catch"
                                .to_owned(),
                        )
                    };
                    results.push(Some(probe));
                    let _ = std::fs::remove_dir_all(&self.empty);
                }
            }
        }
        self.scratch.sync()?;
        for (index, item, file, text, plant) in in_harness {
            results[index] = Some(self.probe_in_harness(&item, &file, &text, plant)?);
        }
        self.scratch.sync()?;
        Ok(results.into_iter().flatten().collect())
    }

    /// Decide the plant for one aspect.
    fn plan(&self, item: &Listed, aspect: &Aspect, copy: &Path) -> Result<Plan, CliError> {
        let text = std::fs::read_to_string(copy).map_err(|e| io_error(copy, &e))?;
        let keys = probe_keys(&text)
            .map_err(|e| CliError::new(format!("{}: {e}", self.shown(&item.path()))))?;
        let evidence = &keys.evidence;
        let patch = match &keys.probe {
            Some(patch) => {
                let path = self.ws.root.join(patch);
                if !path.is_file() {
                    let line = text
                        .lines()
                        .position(|l| l.trim_start().starts_with("probe:"))
                        .map_or(1, |i| i + 1);
                    return Err(CliError::new(format!(
                        "{}:{line}: the probe patch `{patch}` does not exist (paths are relative to the workspace root)",
                        self.shown(&item.path())
                    )));
                }
                Some(path)
            }
            None => None,
        };
        let with_patch = |what: &str| {
            match &patch {
            Some(path) => Plan::InProcess(Planted {
                files: Vec::new(),
                patch: Some(path.clone()),
                plant: format!("the `probe:` patch {}", self.shown(path)),
            }),
            None => Plan::NotProbed(format!(
                "{what} with no `probe:` patch; add `probe: <patch>` to its frontmatter, a change it must catch"
            )),
        }
        };
        Ok(match aspect.evidence.kind() {
            "imports" => self.plan_imports(evidence),
            "tests" => self.plan_tests()?,
            "bench" => {
                let name = evidence["bench"].as_str().unwrap_or_default();
                let max = evidence["max"]
                    .as_str()
                    .and_then(|m| parse_duration(m).ok())
                    .unwrap_or_default();
                let nanos = (max.as_nanos() * 2).max(10_000);
                self.plan_routine(item, name, &RoutinePlant::Slow(nanos))
            }
            "memory" => match evidence["memory"]["bench"].as_str() {
                Some(name) => {
                    let max = evidence["memory"]["max"]
                        .as_str()
                        .and_then(|m| parse_size(m).ok())
                        .unwrap_or_default();
                    self.plan_routine(item, name, &RoutinePlant::Heavy(max * 2 + 4096))
                }
                None => with_patch("memory of a command"),
            },
            _ if patch.is_some() => with_patch("a command"),
            _ => Plan::EmptyWorkspace {
                program: command_program(evidence).filter(|p| self.ws.root.join(p).is_file()),
            },
        })
    }

    fn plan_imports(&self, evidence: &serde_json::Value) -> Plan {
        let imports = &evidence["imports"];
        let krate = imports["crate"].as_str().unwrap_or_default();
        let deny: Vec<&str> = imports["deny"]
            .as_array()
            .map(|d| d.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        let Some((_, dir)) = self.members.iter().find(|(name, _)| name == krate) else {
            return Plan::NotProbed(format!("crate `{krate}` is not a member of the workspace"));
        };
        let dir = self.scratch.path_of(dir);
        if let Some(path) = deny.iter().find(|d| **d != "external") {
            let root = ["src/lib.rs", "src/main.rs"]
                .iter()
                .map(|r| dir.join(r))
                .find(|p| p.is_file());
            let Some(root) = root else {
                return Plan::NotProbed(format!(
                    "crate `{krate}` has no src/lib.rs or src/main.rs"
                ));
            };
            let text = std::fs::read_to_string(&root).unwrap_or_default();
            let plant = format!("`use {path};` in {}", self.shown_copy(&root));
            return Plan::InProcess(Planted {
                files: vec![(root, plant::denied_use(&text, path))],
                patch: None,
                plant,
            });
        }
        let manifest = dir.join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest).unwrap_or_default();
        let plant = format!(
            "a dependency `aspect-probe-planted` in {}",
            self.shown_copy(&manifest)
        );
        Plan::InProcess(Planted {
            files: vec![(
                manifest,
                plant::external_dependency(&text, "aspect-probe-planted"),
            )],
            patch: None,
            plant,
        })
    }

    fn plan_tests(&self) -> Result<Plan, CliError> {
        let mut files = Vec::new();
        let mut count = 0;
        for path in rust_files(&self.scratch.root) {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            if let Some((planted, n)) = plant::panicking_tests(&text) {
                count += n;
                files.push((path, planted));
            }
        }
        if count == 0 {
            return Ok(Plan::NotProbed(
                "the workspace has no `#[test]` function to break".to_owned(),
            ));
        }
        Ok(Plan::InProcess(Planted {
            files,
            patch: None,
            plant: format!("`panic!` first in every #[test] function ({count})"),
        }))
    }

    fn plan_routine(&self, item: &Listed, name: &str, routine: &RoutinePlant) -> Plan {
        let package = self.scratch.path_of(&item.package_root);
        for path in rust_files(&package) {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            if let Some(planted) = plant::slow_routine(&text, name, routine) {
                let plant = format!(
                    "{} in the routine of `{name}` ({})",
                    routine.describe(),
                    self.shown_copy(&path)
                );
                return Plan::Harness {
                    file: path,
                    text: planted,
                    plant,
                };
            }
        }
        Plan::NotProbed(format!(
            "no `#[bench] fn {name}` with an `.iter(…)` or `.iter_batched(…)` closure in {}",
            item.event.package
        ))
    }

    /// Apply a `probe:` patch in the copy with `git apply`, outside any repository.
    fn apply_patch(&self, patch: &Path, aspect_file: &Path) -> Result<(), CliError> {
        let ceiling = self.scratch.root.parent().unwrap_or(&self.scratch.root);
        let output = Command::new("git")
            .arg("apply")
            .arg(patch)
            .current_dir(&self.scratch.root)
            .env("GIT_CEILING_DIRECTORIES", ceiling)
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .stdin(Stdio::null())
            .output()
            .map_err(|e| CliError::new(format!("cannot run `git apply` for a probe patch: {e}")))?;
        if !output.status.success() {
            return Err(CliError::new(format!(
                "{}: the probe patch {} does not apply to the workspace:\n{}",
                self.shown_copy(aspect_file),
                self.shown(patch),
                String::from_utf8_lossy(&output.stderr).trim_end()
            )));
        }
        Ok(())
    }

    /// Build the copy's harness (release) with the plant in, and run the aspect's trial.
    fn probe_in_harness(
        &self,
        item: &Listed,
        file: &Path,
        text: &str,
        plant: String,
    ) -> Result<AspectProbe, CliError> {
        let mut probe = AspectProbe {
            name: item.event.name.clone(),
            package: item.event.package.clone(),
            file: self.shown(&item.path()),
            line: item.event.line,
            evidence: item.event.evidence.clone(),
            plant: String::new(),
            verdict: AspectVerdict::NotProbed,
            message: String::new(),
        };
        let baseline = self.run_trial(item)?;
        if baseline.0 != Status::Passed {
            probe.verdict = if baseline.0 == Status::Failed {
                AspectVerdict::FailsAlready
            } else {
                AspectVerdict::NotProbed
            };
            probe.message = baseline.1;
            return Ok(probe);
        }
        std::fs::write(file, text).map_err(|e| io_error(file, &e))?;
        let planted = self.run_trial(item);
        self.scratch.sync()?;
        let (status, message) = planted?;
        probe.plant = plant;
        probe.verdict = match status {
            Status::Failed => AspectVerdict::CanFail,
            Status::Passed => AspectVerdict::CannotFail,
            _ => AspectVerdict::NotProbed,
        };
        probe.message = message;
        Ok(probe)
    }

    fn run_trial(&self, item: &Listed) -> Result<(Status, String), CliError> {
        let global = GlobalOpts {
            manifest_path: Some(self.scratch.root.join("Cargo.toml")),
            packages: vec![item.event.package.clone()],
            workspace: false,
            color: self.global.color,
            quiet: true,
            verbose: self.global.verbose,
        };
        let mut ws = Workspace::load(&global)?;
        ws.target_dir = crate::cli::probe_outcome::build_dir(self.ws);
        let built = runner::build_all(&ws, &global, BuildOptions { release: true })?;
        let Some(built) = built.first() else {
            return Err(ws.no_harness());
        };
        let args = [
            OsString::from("--exact"),
            OsString::from(&item.event.name),
            OsString::from("--include-ignored"),
        ];
        let run = runner::run(&ws, built, &args, &[], self.global.verbose)?;
        let event = run.events.into_iter().find_map(|e| match e {
            Event::Aspect(a) if a.name == item.event.name && a.status.is_some() => Some(a),
            _ => None,
        });
        Ok(match event {
            Some(a) => (
                a.status.unwrap_or(Status::NotJudged),
                a.message.unwrap_or_default(),
            ),
            None => (
                Status::NotJudged,
                "the harness reported no verdict for it".to_owned(),
            ),
        })
    }

    /// A workspace path as shown: relative to the workspace root.
    fn shown(&self, path: &Path) -> String {
        path.strip_prefix(&self.ws.root)
            .unwrap_or(path)
            .display()
            .to_string()
    }

    /// A path in the copy as shown: its workspace path.
    fn shown_copy(&self, path: &Path) -> String {
        path.strip_prefix(&self.scratch.root)
            .unwrap_or(path)
            .display()
            .to_string()
    }
}

/// Judge an aspect's evidence against a tree (validation failures are failures).
fn judge(aspect: &Aspect, workspace_root: &Path, package_root: &Path) -> Verdict {
    let ctx = Context {
        workspace_root,
        package_root,
        aspect: &aspect.name,
        optimized: !cfg!(debug_assertions),
        bench_mode: false,
        timeout: aspect.timeout,
    };
    if let Err(message) = aspect.evidence.validate(&ctx) {
        return Verdict::Fails { message };
    }
    aspect.evidence.judge(&ctx)
}

fn planted_verdict(verdict: &Verdict) -> (AspectVerdict, String) {
    match verdict {
        Verdict::NotJudged { reason } => (AspectVerdict::NotProbed, reason.clone()),
        v if v.holds() => (
            AspectVerdict::CannotFail,
            format!("it still holds with the plant in: {}", verdict_message(v)),
        ),
        v => (AspectVerdict::CanFail, verdict_message(v)),
    }
}

fn verdict_message(verdict: &Verdict) -> String {
    match verdict {
        Verdict::Holds { summary } | Verdict::Measured { summary, .. } => summary.clone(),
        Verdict::Fails { message } => message.clone(),
        Verdict::NotJudged { reason } => reason.clone(),
    }
}

/// The frontmatter keys the probe reads, from an aspect file's text.
fn probe_keys(text: &str) -> Result<ProbeKeys, String> {
    let mut lines = text.lines();
    lines.next();
    let yaml: String = lines
        .take_while(|l| l.trim_end() != "---")
        .map(|l| format!("{l}\n"))
        .collect();
    serde_saphyr::from_str(&yaml).map_err(|e| e.to_string())
}

/// The program of a command's evidence, when it is a path (`scripts/check.sh`).
fn command_program(evidence: &serde_json::Value) -> Option<PathBuf> {
    let first = match evidence {
        serde_json::Value::String(line) => line.split_whitespace().next()?.to_owned(),
        serde_json::Value::Object(map) => match &map.get("command")? {
            serde_json::Value::String(line) => line.split_whitespace().next()?.to_owned(),
            serde_json::Value::Array(argv) => argv.first()?.as_str()?.to_owned(),
            _ => return None,
        },
        _ => return None,
    };
    first.contains('/').then(|| PathBuf::from(first))
}

/// Every `.rs` file under `dir`, build directories and `.git` left out.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                let skip = path
                    .file_name()
                    .is_some_and(|n| n == ".git" || n == "target")
                    || path.join("CACHEDIR.TAG").is_file();
                if !skip {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_probe_keys_and_a_command_s_program() {
        let keys = probe_keys(
            "---\nname: x\nevidence: scripts/check.sh --all\nprobe: probes/x.patch\n---\nBody\n",
        )
        .unwrap();
        assert_eq!(keys.probe.as_deref(), Some("probes/x.patch"));
        assert_eq!(
            command_program(&keys.evidence),
            Some(PathBuf::from("scripts/check.sh"))
        );
        let keys = probe_keys("---\nname: x\nevidence: {command: [\"true\"]}\n---\n").unwrap();
        assert_eq!(keys.probe, None);
        assert_eq!(
            command_program(&keys.evidence),
            None,
            "`true` is found on PATH"
        );
    }
}
