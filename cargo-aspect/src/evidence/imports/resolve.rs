//! One pass over one parsed file: every path it writes, resolved through the
//! `use` aliases, `extern crate` renames and globs in scope and the crate's
//! module table, checked against the rules.
//!
//! Scopes follow rustc where it is cheap to: a module (file or inline) sees its
//! own items and imports (from [`Table`]); a block with items (a `use` in a fn
//! body) sees its own and its enclosing blocks' up to the module. Paths naming
//! the crate's own items (`crate::`, `super::`, `self::`, a name the module
//! defines or imports) resolve to `crate::<module>::<item>`, through re-exports,
//! so `deny: ["crate::server"]` catches every way of naming `server`. What is
//! approximate: an external glob (`use std::*`) resolves a name only when the
//! name is neither bound nor defined locally and the result would be denied, and
//! local variables shadowing an imported name are not tracked.

use proc_macro2::{Ident, TokenStream, TokenTree};
use syn::visit::Visit;

use super::modules::{Found, Table};
use super::rule_index::RuleIndex;
use super::rules::Rules;
use super::scope::{collect_item, unraw, visible, RawPath, Scope, Target};
use super::sysroot;
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
    /// The module the use is written in (`a::b`, empty for the crate root).
    pub module: String,
}

/// The visitor of one file.
pub(crate) struct FileScan<'ast, 't> {
    pub(super) rules: &'t Rules,
    /// The same rules, indexed.
    pub(super) index: &'t RuleIndex,
    pub(super) table: &'t Table,
    /// The module being visited.
    pub(super) module: Vec<String>,
    /// Its entry in the table.
    pub(super) module_scope: Option<&'t Scope>,
    /// Hits are recorded only in this module and its submodules.
    pub(super) within: &'t [String],
    /// Block scopes, with an empty `module: true` marker at each module.
    pub(super) scopes: Vec<Scope>,
    pub(super) buf: Vec<&'ast Ident>,
    /// Denied paths found.
    pub hits: Vec<Hit>,
    /// `include!`s outside item position (line, column): not followed, so
    /// what they bring in is not checked, which the check must say.
    pub unfollowed: Vec<(usize, usize)>,
    /// Whether the macro being visited is an item (whose `include!` the
    /// module tree follows).
    pub(super) item_macro: bool,
}

/// The crates every crate can name without a dependency.
const SYSROOT: &[&str] = &["std", "core", "alloc", "proc_macro", "test"];

/// How a path written in the code resolved.
enum Resolved<'t> {
    /// Nothing that can be denied (a local variable, a block item, `Self`).
    Nothing,
    /// The path as written (`::std::fs`, or a crate's name first).
    AsWritten,
    /// `prefix` stands for the path's first segment.
    Prefix(&'t [String]),
    /// The whole path.
    Whole(Vec<String>),
}

/// Whether a module is `within` the checked one, or contains it.
pub(super) fn related(module: &[String], within: &[String]) -> bool {
    module.starts_with(within) || within.starts_with(module)
}

impl<'ast, 't> FileScan<'ast, 't> {
    /// A scan of a file that is module `module` of the crate whose table is
    /// `table`, recording hits within module `within`.
    pub fn new(
        rules: &'t Rules,
        index: &'t RuleIndex,
        table: &'t Table,
        module: &[String],
        within: &'t [String],
    ) -> Self {
        FileScan {
            rules,
            index,
            table,
            module: module.to_vec(),
            module_scope: table.module(module),
            within,
            scopes: Vec::new(),
            buf: Vec::new(),
            hits: Vec::new(),
            unfollowed: Vec::new(),
            item_macro: false,
        }
    }

    pub(super) fn push_block(&mut self, items: impl Iterator<Item = &'ast syn::Item>) {
        let mut scope = Scope::default();
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
                Target::Path(p) if p.first().is_none_or(|s| s != "crate") => Some(p),
                _ => None,
            })
            .collect();
        self.scopes[top].resolved_globs = globs;
    }

    /// Resolve a `use` path written in a block to an absolute path.
    fn resolve_raw(&self, raw: &RawPath, skip: Option<usize>, depth: u8) -> Target {
        let Some(first) = raw.segs.first() else {
            return Target::Local;
        };
        let table = || self.table.resolve_use(&self.module, raw, None, depth);
        if raw.leading || depth > 8 || matches!(first.as_str(), "crate" | "super" | "self" | "Self")
        {
            return table();
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
            None => return table(),
        };
        match base {
            Target::Path(mut p) => {
                p.extend(raw.segs[1..].iter().cloned());
                Target::Path(self.table.canonical(p, depth + 1))
            }
            _ => Target::Local,
        }
    }

    /// Whether `name` alone is a variable in scope (which an import of the
    /// same name does not reach).
    pub(super) fn is_variable(&self, name: &Ident) -> bool {
        visible(&self.scopes).any(|(_, s)| s.values.iter().any(|v| name == v.as_str()))
    }

    /// Whether a `crate::` rule may match `crate::<module>::<segs>` (a path
    /// to an item this module defines), checked without building it.
    fn local_rule_may_match(&self, segs: &[&Ident]) -> bool {
        if !self.rules.local {
            return false;
        }
        let n = self.module.len();
        let matches = |r: &super::rules::Rule| {
            r.segments[0] == "crate"
                && r.segments[1..]
                    .iter()
                    .enumerate()
                    .all(|(i, s)| match self.module.get(i) {
                        Some(m) => m == s,
                        None => segs.get(i - n).is_some_and(|ident| *ident == s.as_str()),
                    })
        };
        self.index
            .crate_rules(
                self.rules,
                self.module.first().map(String::as_str),
                segs.first().copied(),
            )
            .any(matches)
    }

    /// What the path `segs` (not `::`-led) names, for checking.
    fn resolve(&self, segs: &[&Ident]) -> Resolved<'t> {
        let first = segs[0];
        if first == "Self" {
            return Resolved::Nothing;
        }
        let strings = || -> Vec<String> { segs.iter().map(|i| unraw(i)).collect() };
        if first == "crate" || first == "super" || first == "self" {
            if segs.len() == 1 {
                return Resolved::Nothing;
            }
            let raw = RawPath {
                leading: false,
                segs: strings(),
            };
            return match self.table.resolve_use(&self.module, &raw, None, 0) {
                Target::Path(p) => Resolved::Whole(p),
                _ => Resolved::Nothing,
            };
        }
        for (_, scope) in visible(&self.scopes) {
            if let Some(b) = scope.bindings.iter().find(|b| first == b.name.as_str()) {
                return match &b.target {
                    Target::Path(p) => {
                        let mut whole = p.clone();
                        whole.extend(segs[1..].iter().map(|i| unraw(i)));
                        Resolved::Whole(self.table.canonical(whole, 0))
                    }
                    _ => Resolved::Nothing,
                };
            }
            if scope.locals.iter().any(|l| first == l.as_str()) {
                return Resolved::Nothing;
            }
        }
        let Some(scope) = self.module_scope else {
            return Resolved::Nothing;
        };
        let mut through_module = false;
        let found = if let Some(b) = scope.bindings.iter().find(|b| first == b.name.as_str()) {
            through_module = b.module;
            Some(Found::Bound(&b.target))
        } else if scope.locals.iter().any(|l| first == l.as_str()) {
            Some(Found::Item {
                child: scope.children.iter().any(|c| first == c.as_str()),
            })
        } else if scope.local_globs.is_empty() {
            None
        } else {
            self.table
                .lookup_in(scope, &self.module, &unraw(first), None, 0)
        };
        let crate_path = |target: &[String]| {
            let mut whole = target.to_vec();
            whole.extend(segs[1..].iter().map(|i| unraw(i)));
            Resolved::Whole(self.table.canonical(whole, 0))
        };
        match found {
            // Only through a module can a longer path reach a re-export.
            Some(Found::Bound(Target::Path(p))) if through_module && segs.len() > 1 => {
                crate_path(p)
            }
            Some(Found::Bound(Target::Path(p))) => Resolved::Prefix(p),
            Some(Found::Globbed(Target::Path(p))) => crate_path(&p),
            Some(Found::Bound(_) | Found::Globbed(_)) => Resolved::Nothing,
            // A local item's path can be denied only by a `crate::` rule, or,
            // through a module, be a re-export of something external.
            Some(Found::Item { child }) if child || self.local_rule_may_match(segs) => {
                let mut whole = vec!["crate".to_owned()];
                whole.extend(self.module.iter().cloned());
                whole.extend(segs.iter().map(|i| unraw(i)));
                Resolved::Whole(if child {
                    self.table.canonical(whole, 0)
                } else {
                    whole
                })
            }
            Some(Found::Item { .. }) => Resolved::Nothing,
            None => match self
                .table
                .extern_prelude
                .iter()
                .find(|b| first == b.name.as_str())
            {
                Some(b) => match &b.target {
                    Target::Path(p) => Resolved::Prefix(p),
                    _ => Resolved::Nothing,
                },
                None => self.unbound(segs),
            },
        }
    }

    /// A path whose first segment nothing in scope binds: a crate's name, or a
    /// name an external glob brought in.
    fn unbound(&self, segs: &[&Ident]) -> Resolved<'t> {
        let first = segs[0];
        let rules = self.rules;
        if self.index.denied(rules, &[], segs).is_some() {
            return Resolved::AsWritten;
        }
        // A glob can only have brought in a name that is not a crate's, nor
        // the prelude's.
        if SYSROOT.iter().any(|c| first == c)
            || sysroot::in_prelude(first)
            || self.index.has_first(rules, first)
        {
            return Resolved::Nothing;
        }
        let globs = self
            .module_scope
            .map(|s| s.resolved_globs.as_slice())
            .unwrap_or_default();
        let blocks = visible(&self.scopes).flat_map(|(_, s)| s.resolved_globs.iter());
        blocks
            .chain(globs.iter())
            .map(|glob| {
                let mut whole = glob.clone();
                whole.extend(segs.iter().map(|i| unraw(i)));
                sysroot::canonical(whole)
            })
            .find(|whole| self.index.denied(rules, whole, &[]).is_some())
            .map_or(Resolved::Nothing, Resolved::Whole)
    }

    /// Check a path written in the code; a hit is located at `segs[0]`.
    pub(super) fn check(&mut self, leading: bool, segs: &[&Ident]) {
        self.check_at(leading, segs, None);
    }

    /// [`FileScan::check`], a hit located at `at` (default: `segs[0]`).
    pub(super) fn check_at(&mut self, leading: bool, segs: &[&Ident], at: Option<&Ident>) {
        let Some(&first) = segs.first() else {
            return;
        };
        let at = at.unwrap_or(first);
        if !self.module.starts_with(self.within) {
            return;
        }
        let resolved = if leading {
            Resolved::AsWritten
        } else {
            self.resolve(segs)
        };
        let (rules, module) = ((self.rules, self.index), &self.module);
        match resolved {
            Resolved::Nothing => {}
            Resolved::AsWritten => report(rules, &mut self.hits, &[], segs, at, module),
            Resolved::Prefix(prefix) => {
                report(rules, &mut self.hits, prefix, &segs[1..], at, module)
            }
            Resolved::Whole(path) => report(rules, &mut self.hits, &path, &[], at, module),
        }
    }

    pub(super) fn check_syn_path(&mut self, path: &'ast syn::Path, named: bool) {
        if named && path.leading_colon.is_none() && path.segments.len() == 1 {
            return;
        }
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        buf.extend(path.segments.iter().map(|s| &s.ident));
        self.check(path.leading_colon.is_some(), &buf);
        self.buf = buf;
    }

    pub(super) fn visit_args(&mut self, path: &'ast syn::Path) {
        for segment in &path.segments {
            self.visit_path_arguments(&segment.arguments);
        }
    }

    pub(super) fn visit_qualified(
        &mut self,
        qself: Option<&'ast syn::QSelf>,
        path: &'ast syn::Path,
    ) {
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
    pub(super) fn scan_tokens(&mut self, tokens: &TokenStream) {
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
}

/// Record a hit at `at` if `prefix ++ rest` is denied.
fn report(
    (rules, index): (&Rules, &RuleIndex),
    hits: &mut Vec<Hit>,
    prefix: &[String],
    rest: &[&Ident],
    at: &Ident,
    module: &[String],
) {
    let Some(rule) = index.denied(rules, prefix, rest) else {
        return;
    };
    if rules.local {
        // A module using itself is no use of what `crate::<it>` denies. Its
        // own entry: the longest rule naming a module it is in.
        let own = rules
            .deny
            .iter()
            .filter(|r| r.segments[0] == "crate" && module.starts_with(&r.segments[1..]))
            .max_by_key(|r| r.segments.len());
        if own.is_some_and(|own| own.segments == rule.segments) {
            return;
        }
    }
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
        module: module.join("::"),
    });
}
