//! Deciding each aspect's plant before anything runs, one rule per evidence
//! kind (the table in the module docs). It reads the copy and writes nothing.

use std::path::{Path, PathBuf};

use super::super::plant::{self, RoutinePlant};
use super::super::scratch::io_error;
use super::prober::{Listed, Prober};
use crate::aspect::Aspect;
use crate::cli::CliError;
use crate::evidence::units::{parse_duration, parse_size};

/// What to do to one aspect, decided before anything runs.
pub(super) enum Plan {
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

/// The files written into the copy (or the patch applied) for one plant.
pub(super) struct Planted {
    pub(super) files: Vec<(PathBuf, String)>,
    pub(super) patch: Option<PathBuf>,
    pub(super) plant: String,
}

/// The keys of an aspect's frontmatter the probe reads (the rest is the runtime's).
#[derive(Debug)]
struct ProbeKeys {
    evidence: serde_json::Value,
    probe: Option<String>,
}

impl Prober<'_> {
    /// Decide the plant for one aspect.
    pub(super) fn plan(
        &self,
        item: &Listed,
        aspect: &Aspect,
        copy: &Path,
    ) -> Result<Plan, CliError> {
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
            // The crate root is outside a module's check and no module of a
            // contract: only a `probe:` patch can be planted where they look.
            "imports"
                if !evidence["imports"].is_object() || !evidence["imports"]["module"].is_null() =>
            {
                with_patch("imports evidence on a module (or a layers or independent contract)")
            }
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
        // The crate root the evidence checks: the lib's unless `targets`
        // leaves the lib out.
        let targets: Vec<&str> = imports["targets"]
            .as_array()
            .map(|t| t.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        let roots = if targets.is_empty() || targets.contains(&"lib") {
            ["src/lib.rs", "src/main.rs"]
        } else {
            ["src/main.rs", "src/lib.rs"]
        };
        let Some(root) = roots.iter().map(|r| dir.join(r)).find(|p| p.is_file()) else {
            return Plan::NotProbed(format!("crate `{krate}` has no src/lib.rs or src/main.rs"));
        };
        let text = std::fs::read_to_string(&root).unwrap_or_default();
        if let Some(path) = deny.iter().find(|d| **d != "external") {
            let plant = format!("`use {path};` in {}", self.shown_copy(&root));
            return Plan::InProcess(Planted {
                files: vec![(root, plant::denied_use(&text, path))],
                patch: None,
                plant,
            });
        }
        // `external` reports a dependency where the code uses it.
        let manifest = dir.join("Cargo.toml");
        let manifest_text = std::fs::read_to_string(&manifest).unwrap_or_default();
        let plant = format!(
            "a dependency `aspect-probe-planted` in {}, used in {}",
            self.shown_copy(&manifest),
            self.shown_copy(&root)
        );
        Plan::InProcess(Planted {
            files: vec![
                (
                    manifest,
                    plant::external_dependency(&manifest_text, "aspect-probe-planted"),
                ),
                (root, plant::denied_use(&text, "aspect_probe_planted")),
            ],
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
}

/// The frontmatter keys the probe reads, from an aspect file's text.
fn probe_keys(text: &str) -> Result<ProbeKeys, String> {
    let mut lines = text.lines();
    lines.next();
    let yaml: String = lines
        .take_while(|l| l.trim_end() != "---")
        .map(|l| format!("{l}\n"))
        .collect();
    let front = crate::aspect::yaml::parse(&yaml)
        .map_err(|e| e.to_string())?
        .value
        .to_json();
    let evidence = front
        .get("evidence")
        .cloned()
        .ok_or("missing field `evidence`")?;
    let probe = match front.get("probe") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(patch)) => Some(patch.clone()),
        Some(_) => return Err("`probe` must be a string: the patch's path".to_owned()),
    };
    Ok(ProbeKeys { evidence, probe })
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
