//! Following a crate's module tree from its target roots, file by file, as rustc
//! does: `mod x;` is `x.rs` or `x/mod.rs` next to a `mod.rs`-like file, or under a
//! directory named after a non-`mod.rs` file; `#[path]` and inline modules move
//! the directory. Each file is parsed once: every file's items go into the
//! crate's module table first, then each file within the checked module is
//! scanned in one visitor pass.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use syn::visit::Visit;

use super::deferred::{self, Lazy};
use super::modules::{ModPath, Table};
use super::resolve::FileScan;
use super::rule_index::RuleIndex;
use super::rules::Rules;
use super::scope::{collect_item, path_attributes, unraw, Binding, Scope, Target};
use super::violation::{Violation, ViolationKind};
use super::worker;
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
    /// Every module of the crates read (`a::b`), sorted.
    pub modules: Vec<String>,
}

/// Scan every file reachable from `roots` (crate root files).
///
/// The scan runs on the process's imports thread (see [`on_worker`]), where
/// each file is parsed once however many aspects check it.
///
/// # Errors
/// A message if the thread cannot start or the scan panics (a bug, reported
/// rather than propagated into the caller's thread).
pub(crate) fn walk(
    workspace_root: &Path,
    roots: &[PathBuf],
    rules: &Rules,
    within: &[String],
) -> Result<Walked, String> {
    let (workspace_root, roots) = (workspace_root.to_owned(), roots.to_vec());
    let (rules, within) = (rules.clone(), within.to_vec());
    on_worker(move || walk_here(&workspace_root, &roots, &rules, &within))
}

/// A file's tree, shared by the cache and the check that reads it.
type Shared = Rc<RefCell<Lazy>>;

thread_local! {
    /// On the imports thread: each file read, by path, with its text and its
    /// syntax tree, so a harness run parses a file once for all its aspects
    /// (its fn bodies and initializers when a check first needs them, see
    /// `deferred`). A file whose text changed is parsed again.
    static PARSED: RefCell<HashMap<PathBuf, (String, Shared)>> =
        RefCell::new(HashMap::new());
}

/// [`worker::run`], forgetting the parsed files if `job` panics.
///
/// # Errors
/// As [`worker::run`].
fn on_worker<R: Send + 'static>(job: impl FnOnce() -> R + Send + 'static) -> Result<R, String> {
    worker::run(job, || PARSED.with(|parsed| parsed.borrow_mut().clear()))
}

/// Where the kept tree of `file` is in memory, if one is kept: tests tell by it
/// whether a check parsed the file again.
#[cfg(test)]
pub(super) fn parsed_tree(file: PathBuf) -> Result<Option<usize>, String> {
    on_worker(move || {
        PARSED.with(|parsed| {
            parsed
                .borrow()
                .get(&normalize(&file))
                .map(|(_, ast)| Rc::as_ptr(ast) as usize)
        })
    })
}

/// How many of the kept file's deferred pieces are parsed, of how many.
#[cfg(test)]
pub(super) fn pieces_filled(file: PathBuf) -> Result<Option<(usize, usize)>, String> {
    on_worker(move || {
        PARSED.with(|parsed| {
            parsed
                .borrow()
                .get(&normalize(&file))
                .map(|(_, ast)| ast.borrow().filled())
        })
    })
}

/// `text`, the contents of `file`, parsed (its pieces deferred), or its tree
/// from an earlier check of the same text on this thread.
fn parse(file: &Path, text: String) -> syn::Result<Shared> {
    PARSED.with(|parsed| {
        if let Some((known, ast)) = parsed.borrow().get(file) {
            if *known == text {
                return Ok(Rc::clone(ast));
            }
        }
        let lazy = match deferred::parse_items(&text) {
            Some(lazy) => lazy,
            None => Lazy::whole(syn::parse_file(&text)?),
        };
        let ast = Rc::new(RefCell::new(lazy));
        parsed
            .borrow_mut()
            .insert(file.to_owned(), (text, Rc::clone(&ast)));
        Ok(ast)
    })
}

/// A `mod x;` whose file must be read next.
struct ModDecl {
    /// The files the module may be in, each a list to try in order, with whether
    /// each is a `mod.rs`-like file. There are several when `#[cfg_attr(.., path)]`
    /// chooses: every one that exists is checked, since any may be compiled.
    alternatives: Vec<Vec<(PathBuf, bool)>>,
    /// The module's path in the crate.
    module: ModPath,
    line: usize,
    column: usize,
    /// Whether a `#[cfg]` makes a missing file acceptable.
    gated: bool,
    /// `include!("x.rs")`: the file's items are the module's own. `None` for a
    /// `mod`; `Some(false)` for an `include!` whose file is not a string
    /// literal (`concat!(env!("OUT_DIR"), ..)`), which cannot be followed.
    include: Option<bool>,
}

/// Where `mod x;` looks for files inside the current module.
struct Dirs {
    /// `x.rs` / `x/mod.rs` are looked for here.
    child: PathBuf,
    /// `#[path = "..."]` is relative to this.
    base: PathBuf,
}

/// One parsed file and the module it is.
struct Parsed {
    /// The file, as [`PARSED`] knows it.
    path: PathBuf,
    shown: PathBuf,
    ast: Shared,
    module: ModPath,
}

/// Add module `module`'s `items` to the table, with its inline modules, and
/// collect its `mod x;` declarations.
fn collect(
    items: &[syn::Item],
    module: &ModPath,
    dirs: &Dirs,
    file_dir: &Path,
    table: &mut Table,
    decls: &mut Vec<ModDecl>,
) {
    table.add(module, items);
    for item in items {
        if let syn::Item::Macro(m) = item {
            let path = &m.mac.path;
            let named = path.segments.last().is_some_and(|s| s.ident == "include");
            if named && path.segments.len() <= 2 {
                let lc = path.segments[0].ident.span().start();
                let file = m.mac.parse_body::<syn::LitStr>().ok();
                decls.push(ModDecl {
                    alternatives: file
                        .iter()
                        .map(|f| vec![(file_dir.join(f.value()), true)])
                        .collect(),
                    module: module.clone(),
                    line: lc.line,
                    column: lc.column + 1,
                    gated: false,
                    include: Some(file.is_some()),
                });
            }
            continue;
        }
        let syn::Item::Mod(m) = item else {
            continue;
        };
        let name = unraw(&m.ident);
        let mut child_module = module.clone();
        child_module.push(name.clone());
        let (plain, conditional) = path_attributes(&m.attrs);
        if let Some((_, items)) = &m.content {
            let child = dirs.child.join(plain.unwrap_or(name));
            let dirs = Dirs {
                child: child.clone(),
                base: child,
            };
            collect(items, &child_module, &dirs, file_dir, table, decls);
            continue;
        }
        let mut alternatives: Vec<Vec<(PathBuf, bool)>> = conditional
            .iter()
            .map(|p| vec![(dirs.base.join(p), true)])
            .collect();
        alternatives.push(match plain {
            Some(p) => vec![(dirs.base.join(p), true)],
            None => vec![
                (dirs.child.join(format!("{name}.rs")), false),
                (dirs.child.join(&name).join("mod.rs"), true),
            ],
        });
        let lc = m.mod_token.span.start();
        decls.push(ModDecl {
            alternatives,
            module: child_module,
            line: lc.line,
            column: lc.column + 1,
            gated: m.attrs.iter().any(|a| a.path().is_ident("cfg")),
            include: None,
        });
    }
}

fn walk_here(workspace_root: &Path, roots: &[PathBuf], rules: &Rules, within: &[String]) -> Walked {
    let mut walked = Walked::default();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    for root in roots {
        let (table, parsed) = read_crate(workspace_root, root, &mut seen, None, &mut walked);
        walked.modules.extend(table.module_names());
        let relevant = deferred::relevant(rules, &table);
        let index = RuleIndex::new(rules);
        for file in &parsed {
            if !(file.module.starts_with(within) || within.starts_with(&file.module)) {
                continue;
            }
            let filled = deferred::fill(&mut file.ast.borrow_mut(), &relevant, &file.module);
            if let Err(e) = filled {
                // Parsed again by the next check, so that it says so too.
                PARSED.with(|parsed| parsed.borrow_mut().remove(&file.path));
                let at = e.span().start();
                walked.violations.push(Violation {
                    file: file.shown.clone(),
                    line: at.line,
                    column: at.column + 1,
                    path: String::new(),
                    rule: String::new(),
                    module: String::new(),
                    kind: ViolationKind::Unreadable {
                        reason: format!("cannot parse: {e}"),
                    },
                });
                continue;
            }
            let lazy = file.ast.borrow();
            let mut scan = FileScan::new(rules, &index, &table, &file.module, within);
            scan.visit_file(&lazy.file);
            for (line, column) in scan.unfollowed {
                walked.violations.push(Violation {
                    file: file.shown.clone(),
                    line,
                    column,
                    path: String::new(),
                    rule: String::new(),
                    module: String::new(),
                    kind: ViolationKind::Unreadable {
                        reason: format!(
                            "not checked: include! at {}:{line} is not an item, so its file is not followed",
                            file.shown.display()
                        ),
                    },
                });
            }
            walked
                .violations
                .extend(scan.hits.into_iter().map(|hit| Violation {
                    file: file.shown.clone(),
                    line: hit.line,
                    column: hit.column,
                    path: hit.path,
                    rule: hit.rule,
                    module: hit.module,
                    kind: ViolationKind::Path,
                }));
        }
    }
    walked.modules.sort();
    walked.modules.dedup();
    walked
}

/// Whether one of the crates at `roots` has module `module`, reading only the
/// files on the way to it.
///
/// # Errors
/// As [`walk`].
pub(crate) fn has_module(
    workspace_root: &Path,
    roots: &[PathBuf],
    module: &[String],
) -> Result<bool, String> {
    let (workspace_root, roots) = (workspace_root.to_owned(), roots.to_vec());
    let module = module.to_vec();
    on_worker(move || has_module_here(&workspace_root, &roots, &module))
}

fn has_module_here(workspace_root: &Path, roots: &[PathBuf], module: &[String]) -> bool {
    let mut walked = Walked::default();
    let mut seen = HashSet::new();
    roots.iter().any(|root| {
        let (table, _) = read_crate(workspace_root, root, &mut seen, Some(module), &mut walked);
        table.module(module).is_some()
    })
}

/// Parse every file of the crate at `root` (only those on the way to module
/// `towards`, if given) into its module table, counting files and lines and
/// reporting what cannot be read in `walked`.
fn read_crate(
    workspace_root: &Path,
    root: &Path,
    seen: &mut HashSet<PathBuf>,
    towards: Option<&[String]>,
    walked: &mut Walked,
) -> (Table, Vec<Parsed>) {
    let display = |path: &Path| path.strip_prefix(workspace_root).unwrap_or(path).to_owned();
    let mut table = Table::default();
    let mut parsed: Vec<Parsed> = Vec::new();
    let mut queue = vec![(normalize(root), true, ModPath::new())];
    while let Some((file, mod_rs, module)) = queue.pop() {
        if !seen.insert(file.clone()) {
            continue;
        }
        let unreadable = |line, column, reason: String| Violation {
            file: display(&file),
            line,
            column,
            path: String::new(),
            rule: String::new(),
            module: String::new(),
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
        let ast = match parse(&file, text) {
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
        let lazy = ast.borrow();
        if module.is_empty() {
            table.extern_prelude.extend(extern_crates(&lazy.file));
        }
        let base = file.parent().unwrap_or(Path::new("")).to_owned();
        let child = if mod_rs {
            base.clone()
        } else {
            base.join(file.file_stem().unwrap_or_default())
        };
        let mut decls = Vec::new();
        let dirs = Dirs {
            child,
            base: base.clone(),
        };
        collect(
            &lazy.file.items,
            &module,
            &dirs,
            &base,
            &mut table,
            &mut decls,
        );
        drop(lazy);
        // Reverse so the queue (a stack) visits modules in declaration order.
        for decl in decls.into_iter().rev() {
            if towards.is_some_and(|t| !t.starts_with(&decl.module)) {
                continue;
            }
            let found: Vec<&(PathBuf, bool)> = decl
                .alternatives
                .iter()
                .filter_map(|files| files.iter().find(|(p, _)| p.is_file()))
                .collect();
            if decl.include == Some(false) {
                walked.violations.push(unreadable(
                    decl.line,
                    decl.column,
                    format!(
                        "not checked: include! at {}:{} names its file with a macro, which is not followed",
                        display(&file).display(),
                        decl.line
                    ),
                ));
                continue;
            }
            if found.is_empty() && decl.include.is_some() {
                walked.violations.push(unreadable(
                    decl.line,
                    decl.column,
                    format!(
                        "not checked: include! at {}:{}: no file {}",
                        display(&file).display(),
                        decl.line,
                        decl.alternatives
                            .iter()
                            .flatten()
                            .map(|(p, _)| display(p).display().to_string())
                            .collect::<Vec<_>>()
                            .join(" or ")
                    ),
                ));
                continue;
            }
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
                        decl.module.last().map_or("", String::as_str),
                        tried.join(" or ")
                    ),
                ));
            }
            for (path, mod_rs) in found.into_iter().rev() {
                queue.push((normalize(path), *mod_rs, decl.module.clone()));
            }
        }
        parsed.push(Parsed {
            path: file.clone(),
            shown: display(&file),
            ast,
            module,
        });
    }
    table.finish();
    (table, parsed)
}

/// The `extern crate` bindings of a crate root file.
fn extern_crates(file: &syn::File) -> Vec<Binding> {
    let mut scope = Scope::default();
    for item in &file.items {
        if matches!(item, syn::Item::ExternCrate(_)) {
            collect_item(item, &mut scope);
        }
    }
    let mut bindings = scope.bindings;
    for b in &mut bindings {
        b.target = if b.raw.leading {
            Target::Path(b.raw.segs.clone())
        } else {
            Target::Local
        };
    }
    bindings
}
