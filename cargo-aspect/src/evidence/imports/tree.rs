//! Following a crate's module tree from its target roots, file by file, as rustc
//! does: `mod x;` is `x.rs` or `x/mod.rs` next to a `mod.rs`-like file, or under a
//! directory named after a non-`mod.rs` file; `#[path]` and inline modules move
//! the directory. Each file is parsed once and scanned in one visitor pass.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use syn::visit::Visit;

use super::resolve::FileScan;
use super::rules::Rules;
use super::violation::{Violation, ViolationKind};
use super::workspace::normalize;

/// What walking a crate's files found.
#[derive(Debug, Default)]
pub(crate) struct Walked {
    /// Files parsed.
    pub files: usize,
    /// Their lines.
    pub lines: usize,
    /// Denied paths and files that could not be checked.
    pub violations: Vec<Violation>,
}

/// Scan every file reachable from `roots` (crate root files).
///
/// The scan runs on its own thread: proc-macro2 keeps the text of every parsed
/// file in a thread-local map for span locations, which a thread that ends frees
/// (a benchmark calling this in a loop would otherwise grow without bound), and
/// the thread's large stack leaves room for syn's recursion on deeply nested code.
///
/// # Errors
/// A message if the thread cannot start or the scan panics (a bug, reported
/// rather than propagated into the caller's thread).
pub(crate) fn walk(
    workspace_root: &Path,
    roots: &[PathBuf],
    rules: &Rules,
) -> Result<Walked, String> {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("aspect-imports".to_owned())
            .stack_size(64 << 20)
            .spawn_scoped(scope, || walk_here(workspace_root, roots, rules))
            .map_err(|e| format!("cannot start the imports check: {e}"))?;
        handle.join().map_err(|panic| {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            format!("the imports check failed unexpectedly (a bug in cargo-aspect): {what}")
        })
    })
}

fn walk_here(workspace_root: &Path, roots: &[PathBuf], rules: &Rules) -> Walked {
    let mut walked = Walked::default();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let display = |path: &Path| path.strip_prefix(workspace_root).unwrap_or(path).to_owned();
    for root in roots {
        let mut prelude = Vec::new();
        let mut queue = vec![(normalize(root), true)];
        while let Some((file, mod_rs)) = queue.pop() {
            if !seen.insert(file.clone()) {
                continue;
            }
            let unreadable = |line, column, reason: String| Violation {
                file: display(&file),
                line,
                column,
                path: String::new(),
                rule: String::new(),
                kind: ViolationKind::Unreadable { reason },
            };
            let text = match std::fs::read_to_string(&file) {
                Ok(text) => text,
                Err(e) => {
                    let reason = format!("cannot read: {e}");
                    walked.violations.push(unreadable(1, 1, reason));
                    continue;
                }
            };
            walked.files += 1;
            walked.lines += text.lines().count();
            let ast = match syn::parse_file(&text) {
                Ok(ast) => ast,
                Err(e) => {
                    let at = e.span().start();
                    let reason = format!("cannot parse: {e}");
                    walked
                        .violations
                        .push(unreadable(at.line, at.column + 1, reason));
                    continue;
                }
            };
            if file == normalize(root) {
                prelude = FileScan::extern_crates(&ast);
            }
            let mut scan = FileScan::new(&file, mod_rs, rules, &prelude);
            scan.visit_file(&ast);
            let shown = display(&file);
            walked
                .violations
                .extend(scan.hits.into_iter().map(|hit| Violation {
                    file: shown.clone(),
                    line: hit.line,
                    column: hit.column,
                    path: hit.path,
                    rule: hit.rule,
                    kind: ViolationKind::Path,
                }));
            // Reverse so the queue (a stack) visits modules in declaration order.
            for decl in scan.mods.into_iter().rev() {
                let found: Vec<&(PathBuf, bool)> = decl
                    .alternatives
                    .iter()
                    .filter_map(|files| files.iter().find(|(p, _)| p.is_file()))
                    .collect();
                if found.is_empty() && !decl.gated {
                    let tried: Vec<String> = decl
                        .alternatives
                        .iter()
                        .flatten()
                        .map(|(p, _)| display(p).display().to_string())
                        .collect();
                    walked.violations.push(unreadable(
                        decl.line,
                        decl.column,
                        format!(
                            "cannot find module `{}`: no {}",
                            decl.name,
                            tried.join(" or ")
                        ),
                    ));
                }
                for (path, mod_rs) in found.into_iter().rev() {
                    queue.push((normalize(path), *mod_rs));
                }
            }
        }
    }
    walked
}
