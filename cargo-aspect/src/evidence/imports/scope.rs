//! What a module (or a block with items) binds: `use` aliases, globs,
//! `extern crate` renames and the names of its own items, collected before its
//! contents are visited, since items are visible throughout their scope.

use proc_macro2::Ident;

/// A name bound by `use` or `extern crate`.
#[derive(Clone, Debug)]
pub(crate) struct Binding {
    /// The name bound (`fs`, or the rename).
    pub name: String,
    /// The path as written.
    pub raw: RawPath,
    /// The path resolved, once the scope is complete.
    pub target: Target,
    /// Whether the target is one of the crate's modules, through which a
    /// longer path may reach a re-export (set with the module table's targets).
    pub module: bool,
}

/// A `use` path as written.
#[derive(Clone, Debug)]
pub(crate) struct RawPath {
    /// Written with a leading `::` (or an `extern crate`'s crate).
    pub leading: bool,
    /// Its segments.
    pub segs: Vec<String>,
}

/// What a binding refers to.
#[derive(Clone, Debug)]
pub(crate) enum Target {
    /// Not resolved yet.
    Pending,
    /// Something of this crate: never denied.
    Local,
    /// An absolute path (`std::fs`).
    Path(Vec<String>),
}

/// A module's or a block's names.
#[derive(Debug, Default)]
pub(crate) struct Scope {
    /// A module: lookups stop here (blocks see their enclosing scopes).
    pub module: bool,
    /// `use` and `extern crate` bindings.
    pub bindings: Vec<Binding>,
    /// `use x::*` as written.
    pub globs: Vec<RawPath>,
    /// The globs resolved to absolute paths (local globs dropped).
    pub resolved_globs: Vec<Vec<String>>,
    /// Names of the scope's own items, which shadow crates.
    pub locals: Vec<String>,
    /// Names of its child modules (also in `locals`).
    pub children: Vec<String>,
    /// The modules its globs of the crate's own modules import (`use super::*`),
    /// once resolved.
    pub local_globs: Vec<Vec<String>>,
    /// Whether `local_globs` is resolved.
    pub globs_resolved: bool,
    /// Variables a block, fn, closure or match arm binds so far (blocks only).
    pub values: Vec<String>,
}

/// The scopes a name is looked up in: innermost first, up to the module.
pub(crate) fn visible(scopes: &[Scope]) -> impl Iterator<Item = (usize, &Scope)> {
    let mut done = false;
    scopes.iter().enumerate().rev().take_while(move |(_, s)| {
        let take = !done;
        done |= s.module;
        take
    })
}

/// `r#type` → `type`.
pub(crate) fn unraw(ident: &Ident) -> String {
    let s = ident.to_string();
    match s.strip_prefix("r#") {
        Some(rest) => rest.to_owned(),
        None => s,
    }
}

/// `#[path = "..."]` on a module, and every `#[cfg_attr(.., path = "...")]`.
pub(crate) fn path_attributes(attrs: &[syn::Attribute]) -> (Option<String>, Vec<String>) {
    let string = |meta: &syn::Meta| match meta {
        syn::Meta::NameValue(nv) if nv.path.is_ident("path") => match &nv.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(s.value()),
            _ => None,
        },
        _ => None,
    };
    let plain = attrs.iter().find_map(|a| string(&a.meta));
    let mut conditional = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("cfg_attr")) {
        let parser = syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated;
        if let Ok(metas) = attr.parse_args_with(parser) {
            conditional.extend(metas.iter().skip(1).filter_map(string));
        }
    }
    (plain, conditional)
}

/// Record what `item` binds or defines in `scope`.
pub(crate) fn collect_item(item: &syn::Item, scope: &mut Scope) {
    use syn::Item;
    let ident = match item {
        Item::Use(u) => {
            let mut prefix = Vec::new();
            flatten(&u.tree, u.leading_colon.is_some(), &mut prefix, scope);
            return;
        }
        Item::ExternCrate(e) => {
            let name = e.rename.as_ref().map_or(&e.ident, |(_, r)| r);
            scope.bindings.push(Binding {
                name: name.to_string(),
                raw: RawPath {
                    leading: e.ident != "self",
                    segs: vec![e.ident.to_string()],
                },
                target: Target::Pending,
                module: false,
            });
            return;
        }
        Item::ForeignMod(f) => {
            for item in &f.items {
                match item {
                    syn::ForeignItem::Fn(f) => scope.locals.push(f.sig.ident.to_string()),
                    syn::ForeignItem::Static(s) => scope.locals.push(s.ident.to_string()),
                    syn::ForeignItem::Type(t) => scope.locals.push(t.ident.to_string()),
                    _ => {}
                }
            }
            return;
        }
        Item::Const(i) => &i.ident,
        Item::Enum(i) => &i.ident,
        Item::Fn(i) => &i.sig.ident,
        Item::Mod(i) => {
            scope.children.push(unraw(&i.ident));
            &i.ident
        }
        Item::Static(i) => &i.ident,
        Item::Struct(i) => &i.ident,
        Item::Trait(i) => &i.ident,
        Item::TraitAlias(i) => &i.ident,
        Item::Type(i) => &i.ident,
        Item::Union(i) => &i.ident,
        _ => return,
    };
    scope.locals.push(ident.to_string());
}

/// The bindings and globs of a `use` tree.
pub(crate) fn flatten<'a>(
    tree: &'a syn::UseTree,
    leading: bool,
    prefix: &mut Vec<&'a Ident>,
    scope: &mut Scope,
) {
    use syn::UseTree;
    let strings = |idents: &[&Ident]| idents.iter().map(|i| i.to_string()).collect::<Vec<_>>();
    let mut bind = |ident: &Ident, rename: &Ident, prefix: &[&Ident]| {
        if rename == "_" {
            return;
        }
        let mut segs = strings(prefix);
        if ident != "self" {
            segs.push(ident.to_string());
        }
        let name = if ident == "self" && rename == "self" {
            segs.last().cloned().unwrap_or_default()
        } else {
            rename.to_string()
        };
        scope.bindings.push(Binding {
            name,
            raw: RawPath { leading, segs },
            target: Target::Pending,
            module: false,
        });
    };
    match tree {
        UseTree::Path(p) => {
            prefix.push(&p.ident);
            flatten(&p.tree, leading, prefix, scope);
            prefix.pop();
        }
        UseTree::Name(n) => bind(&n.ident, &n.ident, prefix),
        UseTree::Rename(r) => bind(&r.ident, &r.rename, prefix),
        UseTree::Glob(_) => scope.globs.push(RawPath {
            leading,
            segs: strings(prefix),
        }),
        UseTree::Group(g) => {
            for tree in &g.items {
                flatten(tree, leading, prefix, scope);
            }
        }
    }
}

/// Every path a `use` tree imports, as written (`self` dropped), for checking,
/// each with the ident it is reported at: the first of its own item in the
/// innermost group (`net` in `use std::{fs, net::TcpStream}`), so an item of a
/// grouped import written over several lines is found at its own line.
pub(crate) fn use_paths<'a>(
    tree: &'a syn::UseTree,
    prefix: &mut Vec<&'a Ident>,
    anchor: Option<&'a Ident>,
    out: &mut Vec<(Vec<&'a Ident>, Option<&'a Ident>)>,
) {
    use syn::UseTree;
    let mut with = |ident: &'a Ident, prefix: &[&'a Ident]| {
        let mut path = prefix.to_vec();
        if ident != "self" {
            path.push(ident);
        }
        out.push((path, Some(anchor.unwrap_or(ident))));
    };
    match tree {
        UseTree::Path(p) => {
            prefix.push(&p.ident);
            use_paths(&p.tree, prefix, anchor.or(Some(&p.ident)), out);
            prefix.pop();
        }
        UseTree::Name(n) => with(&n.ident, prefix),
        UseTree::Rename(r) => with(&r.ident, prefix),
        UseTree::Glob(_) => out.push((prefix.clone(), anchor)),
        UseTree::Group(g) => {
            for tree in &g.items {
                use_paths(tree, prefix, None, out);
            }
        }
    }
}
