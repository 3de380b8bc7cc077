//! The public API stays what the crate docs list: every item public at the crate
//! root (`pub use`, `pub mod`, `pub` items, `#[macro_export]` macros) is named
//! in the "Public API" section of `src/lib.rs`'s docs, and every name there is
//! public. The only other way in is the one `#[doc(hidden)] pub mod __private`.
//!
//! It reads `src/lib.rs` with syn rather than rustdoc's JSON (nightly only), so
//! it runs with the rest of `cargo test`.

use std::collections::BTreeSet;

use syn::{Attribute, Item, UseTree, Visibility};

const LIB_RS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/lib.rs");

#[test]
fn the_crate_docs_list_exactly_the_public_root_items() {
    let source = std::fs::read_to_string(LIB_RS).unwrap();
    let (public, errors) = root_items(&source);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let listed = listed_in_docs(&source);
    assert!(
        !listed.is_empty(),
        "src/lib.rs has no \"# Public API\" section listing [`item`]s"
    );
    let unlisted: Vec<_> = public.difference(&listed).collect();
    let not_public: Vec<_> = listed.difference(&public).collect();
    assert!(
        unlisted.is_empty() && not_public.is_empty(),
        "public at the crate root but not listed in the crate docs' Public API: {unlisted:?}\n\
         listed in the crate docs' Public API but not public at the root: {not_public:?}\n\
         (a new public item is a decision: list it, or make it pub(crate) or __private)"
    );
}

#[test]
fn the_check_sees_an_item_added_without_being_listed() {
    let source = std::fs::read_to_string(LIB_RS).unwrap();
    let (before, _) = root_items(&source);
    let added = format!("{source}\npub use spec::Pickle;\npub mod extra {{}}\n#[macro_export]\nmacro_rules! more {{ () => {{}}; }}\n");
    let (after, _) = root_items(&added);
    let new: Vec<_> = after.difference(&before).map(String::as_str).collect();
    assert_eq!(new, ["Pickle", "extra", "more!"]);
    assert!(!listed_in_docs(&added).contains("Pickle"));
}

#[test]
fn a_second_hidden_module_or_a_glob_reexport_is_refused() {
    let (_, errors) = root_items("#[doc(hidden)]\npub mod internals {}\npub use spec::*;\n");
    assert_eq!(errors.len(), 2, "{errors:?}");
}

/// The names public at the crate root (macros with their `!`), and what is
/// wrong with the root (a glob re-export, a hidden module other than `__private`).
fn root_items(source: &str) -> (BTreeSet<String>, Vec<String>) {
    let file = syn::parse_file(source).unwrap();
    let mut names = BTreeSet::new();
    let mut errors = Vec::new();
    for item in &file.items {
        let (vis, attrs, name) = match item {
            Item::Use(u) => {
                if is_public(&u.vis) && !is_hidden(&u.attrs) {
                    use_names(&u.tree, &mut names, &mut errors);
                }
                continue;
            }
            Item::Mod(m) if is_hidden(&m.attrs) && is_public(&m.vis) => {
                if m.ident != "__private" {
                    errors.push(format!(
                        "hidden module `{}`: internals go in the one `__private`",
                        m.ident
                    ));
                }
                continue;
            }
            Item::Macro(m) => {
                let exported = m.attrs.iter().any(|a| a.path().is_ident("macro_export"));
                if exported && !is_hidden(&m.attrs) {
                    if let Some(ident) = &m.ident {
                        names.insert(format!("{ident}!"));
                    }
                }
                continue;
            }
            Item::Mod(m) => (&m.vis, &m.attrs, m.ident.to_string()),
            Item::Fn(f) => (&f.vis, &f.attrs, f.sig.ident.to_string()),
            Item::Struct(s) => (&s.vis, &s.attrs, s.ident.to_string()),
            Item::Enum(e) => (&e.vis, &e.attrs, e.ident.to_string()),
            Item::Trait(t) => (&t.vis, &t.attrs, t.ident.to_string()),
            Item::Type(t) => (&t.vis, &t.attrs, t.ident.to_string()),
            Item::Const(c) => (&c.vis, &c.attrs, c.ident.to_string()),
            Item::Static(s) => (&s.vis, &s.attrs, s.ident.to_string()),
            Item::Union(u) => (&u.vis, &u.attrs, u.ident.to_string()),
            Item::ExternCrate(e) => (&e.vis, &e.attrs, e.ident.to_string()),
            _ => continue,
        };
        if is_public(vis) && !is_hidden(attrs) {
            names.insert(name);
        }
    }
    (names, errors)
}

/// The names a `pub use` makes public (a rename counts as its new name).
fn use_names(tree: &UseTree, names: &mut BTreeSet<String>, errors: &mut Vec<String>) {
    match tree {
        UseTree::Path(p) => use_names(&p.tree, names, errors),
        UseTree::Name(n) => {
            names.insert(n.ident.to_string());
        }
        UseTree::Rename(r) => {
            names.insert(r.rename.to_string());
        }
        UseTree::Glob(_) => errors.push("a glob `pub use …::*` at the root: name each item".into()),
        UseTree::Group(g) => g.items.iter().for_each(|t| use_names(t, names, errors)),
    }
}

fn is_public(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

fn is_hidden(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("doc")
            && a.parse_args::<syn::Ident>()
                .is_ok_and(|ident| ident == "hidden")
    })
}

/// The `[`name`]` links of the crate docs' "# Public API" section (links to a
/// method, `[`Harness::new`]`, name no root item and are skipped).
fn listed_in_docs(source: &str) -> BTreeSet<String> {
    let docs: Vec<String> = source
        .lines()
        .map_while(|line| line.strip_prefix("//!"))
        .map(|line| line.strip_prefix(' ').unwrap_or(line).to_owned())
        .collect();
    let section = docs
        .iter()
        .skip_while(|line| line.trim() != "# Public API")
        .skip(1)
        .take_while(|line| !line.starts_with("# "));
    let mut names = BTreeSet::new();
    for line in section {
        for link in line.split("[`").skip(1) {
            let Some((name, _)) = link.split_once("`]") else {
                continue;
            };
            if !name.contains("::") {
                names.insert(name.to_owned());
            }
        }
    }
    names
}
