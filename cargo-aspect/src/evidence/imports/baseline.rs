//! Known violations, frozen: an aspect may list today's violations
//! (`baseline: ["src/frame.rs: crate::server::Listener", "Cargo.toml: serde"]`)
//! so that a team adopts a rule in code that does not hold it yet. The check
//! then fails only on violations not listed, and says which listed ones are
//! gone, so the list only shrinks. An entry is a file and what is used there,
//! not a line: editing the file around a known use does not make it new.
//! A file that could not be read is never known: it is always reported.

use super::violation::{Violation, ViolationKind};

/// Check one `baseline:` entry as written.
///
/// # Errors
/// When it is not `<file>: <path>`.
pub(crate) fn check_entry(entry: &str) -> Result<(), String> {
    match entry.split_once(": ") {
        Some((file, path)) if !file.trim().is_empty() && !path.trim().is_empty() => Ok(()),
        _ => Err(format!(
            "baseline entry `{entry}` is not `<file>: <what it uses>`, e.g. `src/frame.rs: crate::server::Listener`"
        )),
    }
}

/// The violations not in `baseline`, how many were, and the entries no
/// violation matched (gone).
pub(crate) fn apply(
    violations: Vec<Violation>,
    baseline: &[String],
) -> (Vec<Violation>, usize, Vec<String>) {
    if baseline.is_empty() {
        return (violations, 0, Vec::new());
    }
    let entries: Vec<(&str, &str)> = baseline
        .iter()
        .filter_map(|e| e.split_once(": "))
        .map(|(f, p)| (f.trim(), p.trim()))
        .collect();
    let mut matched = vec![false; entries.len()];
    let mut new = Vec::new();
    let mut known = 0;
    for v in violations {
        let file = v.file.to_string_lossy().replace('\\', "/");
        let hit = !matches!(v.kind, ViolationKind::Unreadable { .. })
            && entries
                .iter()
                .enumerate()
                .filter(|(_, (f, p))| *f == file && *p == v.path)
                .map(|(i, _)| matched[i] = true)
                .count()
                > 0;
        if hit {
            known += 1;
        } else {
            new.push(v);
        }
    }
    let gone = baseline
        .iter()
        .zip(&matched)
        .filter(|(_, m)| !**m)
        .map(|(e, _)| e.clone())
        .collect();
    (new, known, gone)
}

/// What the verdict adds about the baseline: how many known violations were
/// let through and which entries are gone (empty without a baseline).
pub(crate) fn note(known: usize, gone: &[String]) -> String {
    let mut note = String::new();
    if known > 0 {
        note.push_str(&format!(
            "; {known} known {} in the baseline",
            if known == 1 {
                "violation"
            } else {
                "violations"
            }
        ));
    }
    if !gone.is_empty() {
        note.push_str(&format!(
            "; gone from the code, remove from the baseline: {}",
            gone.iter()
                .map(|g| format!("`{g}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    note
}
