//! What a probe found, as written to `<target>/aspect/probe/<workspace>/probe.json` and printed
//! with `--format json`; `cargo aspect report` reads the same file.
//!
//! The probe's directories are here too, for the same reason.
//!
//! It must not run anything: these are plain serde types, their totals and paths.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::cli::workspace::Workspace;

/// Bumped when a field is removed or changes meaning.
pub(crate) const PROBE_FORMAT_VERSION: u32 = 1;

/// The file name in the probe's directory.
pub(crate) const PROBE_FILE: &str = "probe.json";

/// One probe run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct ProbeResult {
    /// [`PROBE_FORMAT_VERSION`].
    pub version: u32,
    /// The workspace root probed (a target directory may be shared).
    pub workspace: String,
    /// One entry per aspect, in the order the harnesses list them.
    pub aspects: Vec<AspectProbe>,
    /// The mutants run against the specs, when they were probed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specs: Option<SpecProbe>,
    /// Wall time of the whole probe, in seconds.
    pub seconds: f64,
}

/// What planting did to one aspect's evidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum AspectVerdict {
    /// The plant made the evidence fail: it can catch what it claims to.
    CanFail,
    /// The evidence still held with the plant in: it proves nothing.
    CannotFail,
    /// No plant for this evidence (a command without a `probe:` patch).
    NotProbed,
    /// The evidence fails with no plant at all, so the probe says nothing.
    FailsAlready,
}

impl AspectVerdict {
    /// As printed: `can fail`, `cannot fail`, ...
    pub(crate) fn words(self) -> &'static str {
        match self {
            AspectVerdict::CanFail => "can fail",
            AspectVerdict::CannotFail => "cannot fail",
            AspectVerdict::NotProbed => "not probed",
            AspectVerdict::FailsAlready => "fails already",
        }
    }
}

/// One aspect, probed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct AspectProbe {
    /// `aspect::<name>`.
    pub name: String,
    /// The package whose harness runs it.
    pub package: String,
    /// The aspect file, relative to the workspace root.
    pub file: String,
    /// The line of its `evidence:`.
    pub line: u32,
    /// The evidence kind.
    pub evidence: String,
    /// What was planted (empty when nothing was).
    pub plant: String,
    /// The verdict.
    pub verdict: AspectVerdict,
    /// Why, in a line or two (the evidence's message under the plant, or what to do).
    pub message: String,
}

/// The mutants that no scenario caught, by function.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct SpecProbe {
    /// The packages whose code was mutated.
    pub packages: Vec<String>,
    /// Every mutant cargo-mutants generated.
    pub mutants: u64,
    /// Mutants a scenario caught.
    pub caught: u64,
    /// Mutants no scenario caught.
    pub missed: u64,
    /// Mutants that made the specs hang (counted as caught: something noticed).
    pub timeout: u64,
    /// Mutants that did not build.
    pub unviable: u64,
    /// The command that ran.
    pub command: String,
    /// "Behaviour no spec pins down": the missed mutants, grouped by function.
    pub unpinned: Vec<UnpinnedFunction>,
}

/// A function some of whose mutants no scenario caught.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct UnpinnedFunction {
    /// The package.
    pub package: String,
    /// The file, relative to the workspace root.
    pub file: String,
    /// The function, with its impl (`Game::buy`).
    pub function: String,
    /// The line where the function starts.
    pub line: u32,
    /// The mutants no scenario caught.
    pub mutants: Vec<MissedMutant>,
}

/// One mutant no scenario caught.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct MissedMutant {
    /// Its line.
    pub line: u32,
    /// Its column.
    pub column: u32,
    /// cargo-mutants' description (`replace + with - in Game::tick`).
    pub description: String,
}

impl ProbeResult {
    /// Aspects whose evidence cannot fail.
    pub(crate) fn cannot_fail(&self) -> usize {
        self.aspects
            .iter()
            .filter(|a| a.verdict == AspectVerdict::CannotFail)
            .count()
    }

    /// Mutants no scenario caught.
    pub(crate) fn missed(&self) -> u64 {
        self.specs.as_ref().map_or(0, |s| s.missed)
    }
}
/// The probe's own directory: one per workspace, since workspaces (two
/// worktrees, the fixtures of a test suite) may share a target directory.
pub(crate) fn probe_dir(ws: &Workspace) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    ws.root.hash(&mut hasher);
    let name = ws.root.file_name().map_or_else(
        || "workspace".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    ws.target_dir
        .join("aspect")
        .join("probe")
        .join(format!("{name}-{:016x}", hasher.finish()))
}

/// Where everything built in the copy goes. Not the workspace's target
/// directory: the copy has the same layout, so cargo would give its packages
/// the same artifact names and fingerprints as the workspace's, and a changed
/// dependency in the copy could be taken for fresh.
pub(crate) fn build_dir(ws: &Workspace) -> PathBuf {
    probe_dir(ws).join("target")
}
