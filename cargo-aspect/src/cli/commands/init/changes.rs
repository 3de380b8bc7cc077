//! What `cargo aspect init` did and left alone, said at the end (also after
//! an error, so what was done before it is known): a line per change, notes,
//! warnings, and the command to run next. It must not change anything.

use std::io::Write;

/// What init did and left alone, printed at the end (also after an error, so
/// that what was done before it is known).
#[derive(Default)]
pub(super) struct Report {
    /// One line per change: `created tests/aspect.rs`.
    pub(super) done: Vec<String>,
    /// Something init chose not to do, harmlessly: `note: …`.
    pub(super) notes: Vec<String>,
    /// Something init could not do that the setup needs: `warning: …`.
    pub(super) warnings: Vec<String>,
    /// `cargo aspect test -p x   (or: …)`.
    pub(super) next: String,
    /// The package, for "already set up".
    pub(super) package: String,
}

impl Report {
    /// Print the changes, notes, warnings and what to run next.
    pub(super) fn print(&self, quiet: bool, succeeded: bool) {
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
