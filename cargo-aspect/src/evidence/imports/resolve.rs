//! One pass over one parsed file: every path it writes, resolved through the
//! `use` aliases and `extern crate` renames in scope, checked against the rules.
//!
//! Scopes follow rustc where it is cheap to: a module (file or inline) sees only
//! its own items and imports; a block with items (a `use` in a fn body) sees its
//! own and its enclosing blocks' up to the module. Paths starting with `crate`,
//! `super`, `Self` or a name the module defines are local and never denied. What
//! is approximate: glob imports (`use std::*`) resolve a path only when its first
//! segment is neither bound nor defined locally, and local variables shadowing an
//! imported name are not tracked.

use std::path::{Path, PathBuf};

use proc_macro2::{Ident, TokenStream, TokenTree};
use syn::visit::{self, Visit};

use super::rules::{denied, Rules};
use super::scope::{
    collect_item, path_attributes, unraw, use_paths, visible, Binding, RawPath, Scope, Target,
};
use super::tokens::{collect_path, is_colon2, starts_absolute};

/// A denied path found in a file.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Hit {
    pub line: usize,
    pub column: usize,
    /// The resolved path, `std::fs::read_to_string`.
    pub path: String,
    /// The deny rule it falls under.
    pub rule: String,
}

/// A `mod x;` whose file must be read next.
#[derive(Debug)]
pub(crate) struct ModDecl {
    /// The files the module may be in, each a list to try in order, with whether
    /// each is a `mod.rs`-like file. There are several when `#[cfg_attr(.., path)]`
    /// chooses: every one that exists is checked, since any may be compiled.
    pub alternatives: Vec<Vec<(PathBuf, bool)>>,
    /// The module's name.
    pub name: String,
    pub line: usize,
    pub column: usize,
    /// Whether a `#[cfg]` makes a missing file acceptable.
    pub gated: bool,
}

/// Where `mod x;` looks for files inside the current module.
struct Dirs {
    /// `x.rs` / `x/mod.rs` are looked for here.
    child: PathBuf,
    /// `#[path = "..."]` is relative to this.
    base: PathBuf,
}

/// The visitor of one file.
pub(crate) struct FileScan<'ast, 'r> {
    rules: &'r Rules,
    /// `extern crate x as y;` of the crate root: visible in every module.
    extern_prelude: &'r [Binding],
    scopes: Vec<Scope>,
    dirs: Vec<Dirs>,
    buf: Vec<&'ast Ident>,
    /// Denied paths found.
    pub hits: Vec<Hit>,
    /// `mod x;` declarations to follow.
    pub mods: Vec<ModDecl>,
}

/// The crates every crate can name without a dependency.
const SYSROOT: &[&str] = &["std", "core", "alloc", "proc_macro", "test"];

impl<'ast, 'r> FileScan<'ast, 'r> {
    /// A scan of `file`, a `mod.rs`-like file (crate root, `mod.rs`, `#[path]`) or not.
    pub fn new(file: &Path, mod_rs: bool, rules: &'r Rules, extern_prelude: &'r [Binding]) -> Self {
        let base = file.parent().unwrap_or(Path::new("")).to_owned();
        let child = if mod_rs {
            base.clone()
        } else {
            let stem = file.file_stem().unwrap_or_default();
            base.join(stem)
        };
        FileScan {
            rules,
            extern_prelude,
            scopes: Vec::new(),
            dirs: vec![Dirs { child, base }],
            buf: Vec::new(),
            hits: Vec::new(),
            mods: Vec::new(),
        }
    }

    /// The `extern crate` bindings of a crate root file, for [`FileScan::new`].
    pub fn extern_crates(file: &syn::File) -> Vec<Binding> {
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

    fn push_scope(&mut self, module: bool, items: impl Iterator<Item = &'ast syn::Item>) {
        let mut scope = Scope {
            module,
            ..Scope::default()
        };
        for item in items {
            collect_item(item, &mut scope);
        }
        self.scopes.push(scope);
        let top = self.scopes.len() - 1;
        let targets: Vec<Target> = (0..self.scopes[top].bindings.len())
            .map(|i| self.resolve_raw(&self.scopes[top].bindings[i].raw, Some(i), 0))
            .collect();
        for (binding, target) in self.scopes[top].bindings.iter_mut().zip(targets) {
            binding.target = target;
        }
        let globs: Vec<Vec<String>> = self.scopes[top]
            .globs
            .iter()
            .filter_map(|g| match self.resolve_raw(g, None, 0) {
                Target::Path(p) => Some(p),
                _ => None,
            })
            .collect();
        self.scopes[top].resolved_globs = globs;
    }

    /// Resolve a `use` path written in the current scope to an absolute path.
    fn resolve_raw(&self, raw: &RawPath, skip: Option<usize>, depth: u8) -> Target {
        let Some(first) = raw.segs.first() else {
            return Target::Local;
        };
        if raw.leading || depth > 8 {
            return Target::Path(raw.segs.clone());
        }
        match first.as_str() {
            "crate" | "super" | "Self" => return Target::Local,
            "self" if raw.segs.len() == 1 => return Target::Local,
            "self" => {
                let rest = RawPath {
                    leading: false,
                    segs: raw.segs[1..].to_vec(),
                };
                return self.resolve_raw(&rest, skip, depth + 1);
            }
            _ => {}
        }
        let top = self.scopes.len().saturating_sub(1);
        let bound = visible(&self.scopes).find_map(|(si, scope)| {
            scope
                .bindings
                .iter()
                .enumerate()
                .find(|(bi, b)| b.name == *first && !(si == top && skip == Some(*bi)))
                .map(|(bi, b)| (si, bi, b))
        });
        let base = match bound {
            Some((si, bi, b)) => match &b.target {
                Target::Pending => {
                    let skip = if si == top { Some(bi) } else { None };
                    self.resolve_raw(&b.raw, skip, depth + 1)
                }
                other => other.clone(),
            },
            None if visible(&self.scopes).any(|(_, s)| s.locals.contains(first)) => Target::Local,
            None => match self.extern_prelude.iter().find(|b| b.name == *first) {
                Some(b) => b.target.clone(),
                None => return Target::Path(raw.segs.clone()),
            },
        };
        match base {
            Target::Path(mut p) => {
                p.extend(raw.segs[1..].iter().cloned());
                Target::Path(p)
            }
            _ => Target::Local,
        }
    }

    /// Check a path written in the code; a hit is located at `segs[0]`.
    fn check(&mut self, leading: bool, segs: &[&Ident]) {
        let Some(&at) = segs.first() else {
            return;
        };
        let mut segs = segs;
        while segs.len() > 1 && segs[0] == "self" && !leading {
            segs = &segs[1..];
        }
        let first = segs[0];
        let (rules, hits) = (self.rules, &mut self.hits);
        if leading {
            report(rules, hits, &[], segs, at);
            return;
        }
        if first == "self" || first == "crate" || first == "super" || first == "Self" {
            return;
        }
        let bound = visible(&self.scopes)
            .find_map(|(_, s)| s.bindings.iter().find(|b| first == b.name.as_str()))
            .or_else(|| {
                self.extern_prelude
                    .iter()
                    .find(|b| first == b.name.as_str())
            });
        if let Some(binding) = bound {
            if let Target::Path(prefix) = &binding.target {
                report(rules, hits, prefix, &segs[1..], at);
            }
            return;
        }
        // Only a path that would be denied is worth the search for a local item
        // of the same name (`mod std {}` shadows the crate).
        let mut prefix: &[String] = &[];
        if denied(rules, prefix, segs).is_none() {
            // A glob can only have brought in a name that is not a crate's.
            if SYSROOT.iter().any(|c| first == c)
                || rules
                    .deny
                    .iter()
                    .any(|r| r.segments.first().is_some_and(|s| first == s.as_str()))
            {
                return;
            }
            let glob = visible(&self.scopes).find_map(|(_, s)| {
                s.resolved_globs
                    .iter()
                    .find(|g| denied(rules, g, segs).is_some())
            });
            match glob {
                Some(glob) => prefix = glob,
                None => return,
            }
        }
        if visible(&self.scopes).any(|(_, s)| s.locals.iter().any(|l| first == l.as_str())) {
            return;
        }
        report(rules, hits, prefix, segs, at);
    }

    fn check_syn_path(&mut self, path: &'ast syn::Path, named: bool) {
        if named && path.leading_colon.is_none() && path.segments.len() == 1 {
            return;
        }
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        buf.extend(path.segments.iter().map(|s| &s.ident));
        self.check(path.leading_colon.is_some(), &buf);
        self.buf = buf;
    }

    fn visit_args(&mut self, path: &'ast syn::Path) {
        for segment in &path.segments {
            self.visit_path_arguments(&segment.arguments);
        }
    }

    fn visit_qualified(&mut self, qself: Option<&'ast syn::QSelf>, path: &'ast syn::Path) {
        if let Some(q) = qself {
            self.visit_type(&q.ty);
        }
        if qself.is_none_or(|q| q.position > 0) {
            self.check_syn_path(path, false);
        }
        self.visit_args(path);
    }

    /// Paths inside a macro's or attribute's tokens: `a::b...` and `::a...`,
    /// never inside literals, never `$var::x`, `'a` or `.field`.
    fn scan_tokens(&mut self, tokens: &TokenStream) {
        let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
        let mut i = 0;
        while i < trees.len() {
            match &trees[i] {
                TokenTree::Group(g) => {
                    self.scan_tokens(&g.stream());
                    i += 1;
                }
                TokenTree::Literal(_) => i += 1,
                TokenTree::Ident(_) => {
                    let (segs, next) = collect_path(&trees, i);
                    if segs.len() >= 2 {
                        self.check(false, &segs);
                    }
                    i = next;
                }
                TokenTree::Punct(p) => {
                    if is_colon2(&trees, i) && starts_absolute(&trees, i) {
                        let (segs, next) = collect_path(&trees, i + 2);
                        self.check(true, &segs);
                        i = next.max(i + 2);
                    } else if matches!(p.as_char(), '$' | '\'' | '.')
                        && matches!(trees.get(i + 1), Some(TokenTree::Ident(_)))
                    {
                        i = collect_path(&trees, i + 1).1;
                    } else {
                        i += 1;
                    }
                }
            }
        }
    }

    fn declare_file(&mut self, m: &'ast syn::ItemMod) {
        let name = unraw(&m.ident);
        let Some(dirs) = self.dirs.last() else {
            return;
        };
        let (plain, conditional) = path_attributes(&m.attrs);
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
        self.mods.push(ModDecl {
            alternatives,
            name,
            line: lc.line,
            column: lc.column + 1,
            gated: m.attrs.iter().any(|a| a.path().is_ident("cfg")),
        });
    }
}

/// Record a hit at `at` if `prefix ++ rest` is denied.
fn report(
    rules: &Rules,
    hits: &mut Vec<Hit>,
    prefix: &[String],
    rest: &[&Ident],
    at: &Ident,
) -> bool {
    let Some(rule) = denied(rules, prefix, rest) else {
        return false;
    };
    let mut path = prefix.join("::");
    for ident in rest {
        if !path.is_empty() {
            path.push_str("::");
        }
        path.push_str(&ident.to_string());
    }
    let lc = at.span().start();
    hits.push(Hit {
        line: lc.line,
        column: lc.column + 1,
        path,
        rule: rule.text.clone(),
    });
    true
}

impl<'ast> Visit<'ast> for FileScan<'ast, '_> {
    fn visit_file(&mut self, file: &'ast syn::File) {
        self.push_scope(true, file.items.iter());
        for attr in &file.attrs {
            self.visit_attribute(attr);
        }
        for item in &file.items {
            self.visit_item(item);
        }
        self.scopes.pop();
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        for attr in &m.attrs {
            self.visit_attribute(attr);
        }
        let Some((_, items)) = &m.content else {
            self.declare_file(m);
            return;
        };
        let path_attr = path_attributes(&m.attrs).0;
        let parent = self
            .dirs
            .last()
            .map_or_else(PathBuf::new, |d| d.child.clone());
        let child = parent.join(path_attr.unwrap_or_else(|| unraw(&m.ident)));
        self.dirs.push(Dirs {
            child: child.clone(),
            base: child,
        });
        self.push_scope(true, items.iter());
        for item in items {
            self.visit_item(item);
        }
        self.scopes.pop();
        self.dirs.pop();
    }

    fn visit_block(&mut self, block: &'ast syn::Block) {
        let items = || {
            block.stmts.iter().filter_map(|s| match s {
                syn::Stmt::Item(item) => Some(item),
                _ => None,
            })
        };
        let scoped = items().next().is_some();
        if scoped {
            self.push_scope(false, items());
        }
        visit::visit_block(self, block);
        if scoped {
            self.scopes.pop();
        }
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        for attr in &u.attrs {
            self.visit_attribute(attr);
        }
        let mut paths = Vec::new();
        use_paths(&u.tree, &mut Vec::new(), &mut paths);
        for path in paths {
            self.check(u.leading_colon.is_some(), &path);
        }
    }

    fn visit_item_extern_crate(&mut self, e: &'ast syn::ItemExternCrate) {
        for attr in &e.attrs {
            self.visit_attribute(attr);
        }
        if e.ident != "self" {
            self.check(true, &[&e.ident]);
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        self.check_syn_path(path, false);
        self.visit_args(path);
    }

    fn visit_expr_path(&mut self, e: &'ast syn::ExprPath) {
        for attr in &e.attrs {
            self.visit_attribute(attr);
        }
        self.visit_qualified(e.qself.as_ref(), &e.path);
    }

    fn visit_type_path(&mut self, t: &'ast syn::TypePath) {
        self.visit_qualified(t.qself.as_ref(), &t.path);
    }

    fn visit_attribute(&mut self, attr: &'ast syn::Attribute) {
        match &attr.meta {
            syn::Meta::Path(path) => self.check_syn_path(path, true),
            syn::Meta::List(list) => {
                self.check_syn_path(&list.path, true);
                self.scan_tokens(&list.tokens);
            }
            syn::Meta::NameValue(nv) => {
                self.check_syn_path(&nv.path, true);
                self.visit_expr(&nv.value);
            }
        }
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        self.check_syn_path(&m.path, true);
        self.visit_args(&m.path);
        self.scan_tokens(&m.tokens);
    }
}
