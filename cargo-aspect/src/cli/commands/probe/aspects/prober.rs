//! What every aspect probe shares: the aspect as listed, the prober's
//! context, the result record and how paths are shown. It must not plant or
//! judge anything.

use std::path::{Path, PathBuf};

use super::super::scratch::Scratch;
use crate::cli::probe_outcome::{AspectProbe, AspectVerdict};
use crate::cli::workspace::Workspace;
use crate::cli::GlobalOpts;
use crate::event::AspectEvent;

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
    pub(super) fn path(&self) -> PathBuf {
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

impl Prober<'_> {
    /// The probe result of `item`.
    pub(super) fn result(
        &self,
        item: &Listed,
        verdict: AspectVerdict,
        plant: String,
        message: String,
    ) -> AspectProbe {
        AspectProbe {
            name: item.event.name.clone(),
            package: item.event.package.clone(),
            file: self.shown(&item.path()),
            line: item.event.line,
            evidence: item.event.evidence.clone(),
            plant,
            verdict,
            message,
        }
    }

    /// A workspace path as shown: relative to the workspace root.
    pub(super) fn shown(&self, path: &Path) -> String {
        path.strip_prefix(&self.ws.root)
            .unwrap_or(path)
            .display()
            .to_string()
    }

    /// A path in the copy as shown: its workspace path.
    pub(super) fn shown_copy(&self, path: &Path) -> String {
        path.strip_prefix(&self.scratch.root)
            .unwrap_or(path)
            .display()
            .to_string()
    }
}
