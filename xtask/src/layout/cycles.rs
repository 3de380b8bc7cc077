//! The cycle rule: no module imports a sibling module that imports it back.
//!
//! Two leaves that need each other are missing a third module that both need
//! (a cycle between `bench` and `memory` meant a missing `bencher` and `alloc`).
//!
//! What counts as an import: every path that starts with `crate`, `super` or
//! `self`, in a `use` item or in code (types, expressions, patterns), parsed
//! with syn, resolved against the module it is written in (inline `mod`s
//! included). A reference from `a::x::…` to `a::y::…` is an import of sibling
//! `a::y` by sibling `a::x` when `y` is a module; a reference to an item a
//! parent module defines or re-exports (`super::Listed`) is not, because
//! children may depend on their parent's surface. Paths inside macro
//! invocations are tokens, not parsed, and so not seen. It must not report
//! anything but pairs of modules that import each other.

use std::collections::{BTreeMap, BTreeSet};

use syn::spanned::Spanned;
use syn::visit::Visit;

use super::files::SourceFile;

/// A module path inside one crate.
type ModulePath = Vec<String>;

/// Where a module imports a sibling: the first such place in each file is enough.
#[derive(Clone, Debug)]
struct Place {
    path: String,
    line: usize,
}

/// One message per pair of sibling modules that import each other, at the
/// place the first one (in path order) imports the second.
///
/// # Errors
/// A `file:line:col` message for a file syn cannot parse.
pub fn mutual_imports(files: &[SourceFile]) -> Result<Vec<String>, String> {
    let mut by_crate: BTreeMap<&str, Vec<&SourceFile>> = BTreeMap::new();
    for file in files {
        by_crate.entry(&file.krate).or_default().push(file);
    }
    let mut problems = Vec::new();
    for files in by_crate.values() {
        problems.extend(crate_cycles(files)?);
    }
    Ok(problems)
}

fn crate_cycles(files: &[&SourceFile]) -> Result<Vec<String>, String> {
    let mut modules: BTreeSet<ModulePath> = files.iter().map(|f| f.module.clone()).collect();
    let mut references = Vec::new();
    for file in files {
        let syntax = syn::parse_file(&file.text).map_err(|e| {
            let at = e.span().start();
            format!("{}:{}:{}: {e}", file.path, at.line, at.column + 1)
        })?;
        let mut visitor = References {
            stack: file.module.clone(),
            modules: &mut modules,
            found: Vec::new(),
        };
        visitor.visit_file(&syntax);
        for (from, to, line) in visitor.found {
            let place = Place {
                path: file.path.clone(),
                line,
            };
            references.push((from, to, place));
        }
    }
    // (parent, from child, to child) → where it first happens.
    let mut edges: BTreeMap<(ModulePath, String, String), Place> = BTreeMap::new();
    for (from, to, place) in references {
        let shared = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
        if shared >= from.len() || shared >= to.len() {
            continue; // a reference to an ancestor, a descendant or itself
        }
        let parent = from[..shared].to_vec();
        let target = to[..=shared].to_vec();
        if !modules.contains(&target) {
            continue; // an item of the parent, not a sibling module
        }
        let key = (parent, from[shared].clone(), to[shared].clone());
        edges.entry(key).or_insert(place);
    }
    let mut problems = Vec::new();
    for ((parent, a, b), place) in &edges {
        if a >= b {
            continue;
        }
        let Some(back) = edges.get(&(parent.clone(), b.clone(), a.clone())) else {
            continue;
        };
        let name = |child: &str| {
            let mut path = parent.clone();
            path.push(child.to_owned());
            path.join("::")
        };
        problems.push(format!(
            "{}:{}: `{}` imports `{}`, which imports it back at {}:{}: move what both need \
             into a module of its own",
            place.path,
            place.line,
            name(a),
            name(b),
            back.path,
            back.line
        ));
    }
    Ok(problems)
}

/// Collects `(module written in, module path referred to, line)` for every
/// `crate::`, `super::` and `self::` path of a file.
struct References<'m> {
    stack: ModulePath,
    modules: &'m mut BTreeSet<ModulePath>,
    found: Vec<(ModulePath, ModulePath, usize)>,
}

impl References<'_> {
    /// Record `segments` (as written, `crate`/`super`/`self` first) found at `line`.
    fn record(&mut self, segments: &[String], line: usize) {
        let mut resolved = match segments.first().map(String::as_str) {
            Some("crate") => Vec::new(),
            Some("super" | "self") => self.stack.clone(),
            _ => return,
        };
        let mut rest = segments;
        if rest.first().is_some_and(|s| s == "crate" || s == "self") {
            rest = &rest[1..];
        }
        while rest.first().is_some_and(|s| s == "super") {
            if resolved.pop().is_none() {
                return; // `super` above the crate root: rustc rejects it
            }
            rest = &rest[1..];
        }
        resolved.extend(rest.iter().cloned());
        self.found.push((self.stack.clone(), resolved, line));
    }
}

impl<'ast> Visit<'ast> for References<'_> {
    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        if item.content.is_none() {
            return;
        }
        self.stack.push(item.ident.to_string());
        self.modules.insert(self.stack.clone());
        syn::visit::visit_item_mod(self, item);
        self.stack.pop();
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        let mut paths = Vec::new();
        flatten(&item.tree, &mut Vec::new(), &mut paths);
        let line = item.use_token.span.start().line;
        for segments in paths {
            self.record(&segments, line);
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        if path.leading_colon.is_none() {
            let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
            self.record(&segments, path.span().start().line);
        }
        syn::visit::visit_path(self, path);
    }

    // `pub(in crate::a)` says who may see an item, not what it uses.
    fn visit_vis_restricted(&mut self, _: &'ast syn::VisRestricted) {}
}

/// Every path a use tree names, as segments (a glob's path stops before the `*`).
fn flatten(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match tree {
        syn::UseTree::Path(path) => {
            prefix.push(path.ident.to_string());
            flatten(&path.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(name) => {
            let mut segments = prefix.clone();
            if name.ident != "self" {
                segments.push(name.ident.to_string());
            }
            out.push(segments);
        }
        syn::UseTree::Rename(rename) => {
            let mut segments = prefix.clone();
            if rename.ident != "self" {
                segments.push(rename.ident.to_string());
            }
            out.push(segments);
        }
        syn::UseTree::Glob(_) => out.push(prefix.clone()),
        syn::UseTree::Group(group) => {
            for tree in &group.items {
                flatten(tree, prefix, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::files::module_path;
    use super::*;

    fn files(sources: &[(&str, &str)]) -> Vec<SourceFile> {
        sources
            .iter()
            .map(|(path, text)| SourceFile {
                path: format!("c/src/{path}"),
                krate: "c/src".to_owned(),
                module: module_path(path),
                text: (*text).to_owned(),
            })
            .collect()
    }

    #[test]
    fn two_siblings_importing_each_other_are_flagged_once() {
        let tree = files(&[
            ("lib.rs", "mod evidence;"),
            ("evidence/mod.rs", "mod bench; mod memory;"),
            (
                "evidence/bench.rs",
                "pub struct Bencher;\n\nfn f() { crate::evidence::memory::peak(); }\n",
            ),
            (
                "evidence/memory.rs",
                "use super::bench::{self, Bencher};\npub fn peak() {}\n",
            ),
        ]);
        assert_eq!(
            mutual_imports(&tree).unwrap(),
            [
                "c/src/evidence/bench.rs:3: `evidence::bench` imports `evidence::memory`, which \
              imports it back at c/src/evidence/memory.rs:1: move what both need into a module \
              of its own"
            ]
        );
    }

    #[test]
    fn imports_one_way_or_of_a_parents_items_are_not_cycles() {
        let tree = files(&[
            (
                "lib.rs",
                "mod harness; mod bencher; pub use bencher::Bencher;",
            ),
            (
                "harness/mod.rs",
                "mod specs; mod trial; pub(crate) use trial::Listed;",
            ),
            // `specs` reaches `trial`'s `Listed` only through the parent's
            // re-export: that is using the parent, which children may.
            (
                "harness/specs.rs",
                "use super::Listed; pub fn spec_trials() {}",
            ),
            (
                "harness/trial.rs",
                "pub struct Listed; use super::*; use super::specs::spec_trials;",
            ),
            (
                "bencher.rs",
                "pub struct Bencher; fn f(_: crate::harness::Listed) {}",
            ),
        ]);
        assert_eq!(mutual_imports(&tree).unwrap(), Vec::<String>::new());
    }

    #[test]
    fn inline_modules_and_super_chains_resolve_where_they_are_written() {
        // `a::tests` reaches `b` through `super::super`; `b` uses `a`: `a` and
        // `b` import each other (the test module is part of `a`).
        let tree = files(&[
            ("lib.rs", "mod a; mod b;"),
            (
                "a.rs",
                "#[cfg(test)]\nmod tests {\n    use super::super::b::f;\n}\n",
            ),
            ("b.rs", "pub fn f() {}\nfn g(_: super::a::T) {}\n"),
        ]);
        let problems = mutual_imports(&tree).unwrap();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("c/src/a.rs:3: `a` imports `b`"),
            "{problems:?}"
        );
        assert!(problems[0].contains("at c/src/b.rs:2"), "{problems:?}");
    }

    #[test]
    fn modules_of_two_crates_never_form_a_cycle() {
        let mut tree = files(&[("a.rs", "use crate::b::X;"), ("b.rs", "")]);
        let mut other = files(&[("a.rs", ""), ("b.rs", "use crate::a::Y;")]);
        for file in &mut other {
            file.krate = "d/src".to_owned();
        }
        tree.extend(other);
        assert!(mutual_imports(&tree).unwrap().is_empty());
    }

    #[test]
    fn a_file_that_does_not_parse_is_located() {
        let err = mutual_imports(&files(&[("lib.rs", "\nfn (")])).unwrap_err();
        assert!(err.starts_with("c/src/lib.rs:2:"), "{err}");
    }
}
