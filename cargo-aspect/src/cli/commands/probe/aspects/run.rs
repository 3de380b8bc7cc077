//! Probing aspects: for each aspect, a plant in the scratch copy that its
//! evidence must catch.
//!
//! | kind | plant |
//! | --- | --- |
//! | imports | `use <first denied path>;` in the crate's root (or, for `external` alone, a dependency in its manifest and a use of it there) |
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

use super::super::scratch::io_error;
use super::plan::{Plan, Planted};
use super::prober::{Listed, Prober};
use crate::aspect::Aspect;
use crate::cli::probe_outcome::{AspectProbe, AspectVerdict};
use crate::cli::runner::{self, BuildOptions};
use crate::cli::workspace::Workspace;
use crate::cli::{CliError, GlobalOpts};
use crate::event::{Event, Status};
use crate::evidence::{Context, Verdict};

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
            let package_copy = self.scratch.path_of(&item.package_root);
            let probe = match plan {
                Plan::NotProbed(why) => {
                    self.result(item, AspectVerdict::NotProbed, String::new(), why)
                }
                Plan::Harness { file, text, plant } => {
                    in_harness.push((results.len(), item.clone(), file, text, plant));
                    results.push(None);
                    continue;
                }
                Plan::InProcess(planted) => {
                    match self.fails_already(item, &aspect, &package_copy) {
                        Some(probe) => probe,
                        None => self.probe_planted(item, &aspect, planted, &copy, &package_copy)?,
                    }
                }
                Plan::EmptyWorkspace { program } => {
                    match self.fails_already(item, &aspect, &package_copy) {
                        Some(probe) => probe,
                        None => self.probe_in_empty_workspace(item, &aspect, program)?,
                    }
                }
            };
            results.push(Some(probe));
        }
        self.scratch.sync()?;
        for (index, item, file, text, plant) in in_harness {
            results[index] = Some(self.probe_in_harness(&item, &file, &text, plant)?);
        }
        self.scratch.sync()?;
        Ok(results.into_iter().flatten().collect())
    }

    /// The result of an aspect whose evidence fails in the copy with no plant
    /// in: the probe can tell nothing from it.
    fn fails_already(
        &self,
        item: &Listed,
        aspect: &Aspect,
        package_copy: &Path,
    ) -> Option<AspectProbe> {
        let baseline = judge(aspect, &self.scratch.root, package_copy);
        (!baseline.holds()).then(|| {
            self.result(
                item,
                AspectVerdict::FailsAlready,
                String::new(),
                verdict_message(&baseline),
            )
        })
    }

    /// Write the plant (or apply the patch) in the copy and judge in this process.
    fn probe_planted(
        &self,
        item: &Listed,
        aspect: &Aspect,
        planted: Planted,
        copy: &Path,
        package_copy: &Path,
    ) -> Result<AspectProbe, CliError> {
        for (path, text) in &planted.files {
            std::fs::write(path, text).map_err(|e| io_error(path, &e))?;
        }
        if let Some(patch) = &planted.patch {
            self.apply_patch(patch, copy)?;
        }
        let verdict = judge(aspect, &self.scratch.root, package_copy);
        let (v, message) = planted_verdict(&verdict);
        Ok(self.result(item, v, planted.plant, message))
    }

    /// Judge a command in an empty workspace: holding there, it cannot fail.
    fn probe_in_empty_workspace(
        &self,
        item: &Listed,
        aspect: &Aspect,
        program: Option<PathBuf>,
    ) -> Result<AspectProbe, CliError> {
        let _ = std::fs::remove_dir_all(&self.empty);
        let empty_package = self.empty.join(
            item.package_root
                .strip_prefix(&self.ws.root)
                .unwrap_or(Path::new("")),
        );
        std::fs::create_dir_all(&empty_package).map_err(|e| io_error(&empty_package, &e))?;
        if let Some(program) = program {
            let to = self.empty.join(&program);
            if let Some(dir) = to.parent() {
                std::fs::create_dir_all(dir).map_err(|e| io_error(dir, &e))?;
            }
            std::fs::copy(self.ws.root.join(&program), &to).map_err(|e| io_error(&to, &e))?;
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
        let verdict = judge(aspect, &self.empty, &empty_package);
        match ceiling {
            Some(value) => std::env::set_var("GIT_CEILING_DIRECTORIES", value),
            None => std::env::remove_var("GIT_CEILING_DIRECTORIES"),
        }
        let plant = "every file of the workspace removed".to_owned();
        let probe = if verdict.holds() {
            self.result(
                item,
                AspectVerdict::CannotFail,
                plant,
                "it holds even with every file of the workspace removed; if it \
                 checks that something is absent, give the aspect a `probe:` patch \
                 that adds it"
                    .to_owned(),
            )
        } else {
            self.result(
                item,
                AspectVerdict::NotProbed,
                String::new(),
                "a command with no `probe:` patch (it does read the workspace: it \
                 fails when the files are removed); add `probe: <patch>` to its \
                 frontmatter, a change it must catch"
                    .to_owned(),
            )
        };
        let _ = std::fs::remove_dir_all(&self.empty);
        Ok(probe)
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
        let mut probe = self.result(item, AspectVerdict::NotProbed, String::new(), String::new());
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
        let run = runner::run(&ws, built, &args, &[], self.global.verbose)
            .and_then(runner::HarnessRun::judged)?;
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
