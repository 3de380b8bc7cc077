//! The crate's module table: for every module (a file or an inline `mod`), the
//! names it binds with `use`, its globs, the items it defines and its child
//! modules, collected from every file before any path is checked.
//!
//! It exists so that a path naming something of the crate resolves to where
//! that thing is defined: `crate::`, `super::` and `self::` paths, a name bound
//! by `use` in the module, and a `pub use` re-export (or a glob) in another
//! module. A crate path is `["crate", module..., item...]`; a re-export of an
//! external item resolves to the external path, so `crate::util::net::TcpStream`
//! is `std::net::TcpStream` when `util` has `pub use std::net;`.
//! Visibility is not checked (the compiler does that) and macro-generated items
//! are not seen. This module must not check rules: that is `resolve`'s.

use std::collections::HashMap;

use super::scope::{collect_item, Binding, RawPath, Scope, Target};
use super::sysroot;

/// A module's path below the crate root: `[]` is the root, `["a", "b"]` is `a::b`.
pub(crate) type ModPath = Vec<String>;

/// How deep re-exports and globs are followed before giving up (a cycle).
const MAX_DEPTH: u8 = 12;

/// Every module of a crate, by path.
#[derive(Debug, Default)]
pub(crate) struct Table {
    /// Each module's bindings (resolved by [`Table::finish`]), globs, items and children.
    pub mods: HashMap<ModPath, Scope>,
    /// `extern crate x as y;` of the crate root: visible in every module.
    pub extern_prelude: Vec<Binding>,
}

/// What a name in a module is.
pub(crate) enum Found<'t> {
    /// Bound by `use` (or brought in by a glob): what it refers to.
    Bound(&'t Target),
    /// Brought in by a glob of the crate's own module: its resolved path.
    Globbed(Target),
    /// An item the module defines (`child` when it is a module).
    Item { child: bool },
}

impl Table {
    /// Record `items` as (part of) module `path`: several files may be one
    /// module when `#[cfg_attr(.., path)]` chooses between them.
    pub fn add(&mut self, path: &[String], items: &[syn::Item]) {
        let scope = self.mods.entry(path.to_vec()).or_insert_with(|| Scope {
            module: true,
            ..Scope::default()
        });
        for item in items {
            collect_item(item, scope);
        }
    }

    /// Resolve every module's globs, then its bindings, once all files are read.
    pub fn finish(&mut self) {
        // Per module: the crate modules and the external paths its globs import.
        let mut globs: Vec<(ModPath, Vec<ModPath>, Vec<Vec<String>>)> = Vec::new();
        for (path, scope) in &self.mods {
            let (mut local, mut external) = (Vec::new(), Vec::new());
            for glob in &scope.globs {
                if let Target::Path(p) = self.resolve_use(path, glob, None, 0) {
                    if p.first().is_some_and(|s| s == "crate") {
                        local.push(p[1..].to_vec());
                    } else {
                        external.push(p);
                    }
                }
            }
            globs.push((path.clone(), local, external));
        }
        for (path, local, external) in globs {
            if let Some(scope) = self.mods.get_mut(&path) {
                scope.local_globs = local;
                scope.resolved_globs = external;
                scope.globs_resolved = true;
            }
        }
        let mut resolved: Vec<(ModPath, Vec<Target>)> = Vec::new();
        for (path, scope) in &self.mods {
            let targets = scope
                .bindings
                .iter()
                .map(|b| {
                    let skip = (b.raw.segs.first() == Some(&b.name)).then_some(b.name.as_str());
                    self.resolve_use(path, &b.raw, skip, 0)
                })
                .collect();
            resolved.push((path.clone(), targets));
        }
        for (path, targets) in resolved {
            let modules: Vec<bool> = targets
                .iter()
                .map(|t| match t {
                    Target::Path(p) => p[0] == "crate" && self.mods.contains_key(&p[1..]),
                    _ => false,
                })
                .collect();
            if let Some(scope) = self.mods.get_mut(&path) {
                for ((binding, target), module) in
                    scope.bindings.iter_mut().zip(targets).zip(modules)
                {
                    binding.target = target;
                    binding.module = module;
                }
            }
        }
    }

    /// Module `path`, if the crate has it.
    pub fn module(&self, path: &[String]) -> Option<&Scope> {
        self.mods.get(path)
    }

    /// Every module path but the root (`a::b`), sorted, for messages.
    pub fn module_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .mods
            .keys()
            .filter(|p| !p.is_empty())
            .map(|p| p.join("::"))
            .collect();
        names.sort();
        names
    }

    /// What `name` is in module `path`: a `use` binding (except one named
    /// `skip`, the binding being resolved), an item, or a glob's.
    pub fn lookup<'t>(
        &'t self,
        path: &[String],
        name: &str,
        skip: Option<&str>,
        depth: u8,
    ) -> Option<Found<'t>> {
        let scope = self.module(path)?;
        self.lookup_in(scope, path, name, skip, depth)
    }

    /// [`Table::lookup`] with the module's scope already found.
    pub fn lookup_in<'t>(
        &'t self,
        scope: &'t Scope,
        path: &[String],
        name: &str,
        skip: Option<&str>,
        depth: u8,
    ) -> Option<Found<'t>> {
        if skip != Some(name) {
            if let Some(b) = scope.bindings.iter().find(|b| b.name == name) {
                return Some(match &b.target {
                    Target::Pending if depth < MAX_DEPTH => {
                        let skip = (b.raw.segs.first() == Some(&b.name)).then_some(name);
                        Found::Globbed(self.resolve_use(path, &b.raw, skip, depth + 1))
                    }
                    target => Found::Bound(target),
                });
            }
        }
        if scope.locals.iter().any(|l| l == name) {
            let child = scope.children.iter().any(|c| c == name);
            return Some(Found::Item { child });
        }
        if depth >= MAX_DEPTH {
            return None;
        }
        let resolved;
        let globs: &[Vec<String>] = if scope.globs_resolved {
            &scope.local_globs
        } else {
            resolved = scope
                .globs
                .iter()
                .filter_map(|g| match self.resolve_use(path, g, None, depth + 1) {
                    Target::Path(p) if p.first().is_some_and(|s| s == "crate") => {
                        Some(p[1..].to_vec())
                    }
                    _ => None,
                })
                .collect::<Vec<_>>();
            &resolved
        };
        for module in globs {
            if module.as_slice() == path {
                continue;
            }
            match self.lookup(module, name, None, depth + 1) {
                Some(Found::Item { .. }) => {
                    let mut q = vec!["crate".to_owned()];
                    q.extend(module.iter().cloned());
                    q.push(name.to_owned());
                    return Some(Found::Globbed(Target::Path(q)));
                }
                Some(Found::Bound(t)) => return Some(Found::Globbed(t.clone())),
                Some(found @ Found::Globbed(_)) => return Some(found),
                None => {}
            }
        }
        None
    }

    /// Resolve a `use` path written in module `path` to an absolute path:
    /// `["crate", ...]` for the crate's own items, or an external path.
    pub fn resolve_use(
        &self,
        path: &[String],
        raw: &RawPath,
        skip: Option<&str>,
        depth: u8,
    ) -> Target {
        let Some(first) = raw.segs.first() else {
            return Target::Local;
        };
        if raw.leading || depth >= MAX_DEPTH {
            return Target::Path(sysroot::canonical(raw.segs.clone()));
        }
        match first.as_str() {
            "crate" => return Target::Path(self.canonical(raw.segs.clone(), depth + 1)),
            "super" | "self" => {
                let mut module = path.to_vec();
                let mut rest = raw.segs.as_slice();
                if rest[0] == "self" {
                    rest = &rest[1..];
                }
                while rest.first().is_some_and(|s| s == "super") {
                    module.pop();
                    rest = &rest[1..];
                }
                let mut full = vec!["crate".to_owned()];
                full.extend(module);
                full.extend(rest.iter().cloned());
                return Target::Path(self.canonical(full, depth + 1));
            }
            "Self" => return Target::Local,
            _ => {}
        }
        let base = match self.lookup(path, first, skip, depth + 1) {
            Some(Found::Bound(t)) => t.clone(),
            Some(Found::Globbed(t)) => t,
            Some(Found::Item { .. }) => {
                let mut full = vec!["crate".to_owned()];
                full.extend(path.iter().cloned());
                full.push(first.clone());
                Target::Path(full)
            }
            None => match self.extern_prelude.iter().find(|b| b.name == *first) {
                Some(b) => b.target.clone(),
                None => return Target::Path(sysroot::canonical(raw.segs.clone())),
            },
        };
        match base {
            Target::Path(mut p) => {
                p.extend(raw.segs[1..].iter().cloned());
                if p.first().is_some_and(|s| s == "crate") && raw.segs.len() > 1 {
                    p = self.canonical(p, depth + 1);
                }
                Target::Path(p)
            }
            other => other,
        }
    }

    /// A crate path with re-exports followed: `crate::a::X` where `a` has
    /// `pub use crate::b::X` is `crate::b::X`; an external path is returned as is.
    pub fn canonical(&self, path: Vec<String>, depth: u8) -> Vec<String> {
        if path.first().is_none_or(|s| s != "crate") || depth >= MAX_DEPTH {
            return path;
        }
        let mut end = 1;
        for i in 1..path.len() {
            let found = self.lookup(&path[1..end], &path[i], None, depth + 1);
            let target = match found {
                Some(Found::Item { child: true }) => {
                    end = i + 1;
                    continue;
                }
                Some(Found::Item { child: false }) | None => return path,
                Some(Found::Bound(t)) => t.clone(),
                Some(Found::Globbed(t)) => t,
            };
            return match target {
                Target::Path(mut p) => {
                    p.extend(path[i + 1..].iter().cloned());
                    self.canonical(p, depth + 1)
                }
                // Unresolvable (`Self`, an unnamed block item): as written.
                Target::Local | Target::Pending => path,
            };
        }
        path
    }
}
