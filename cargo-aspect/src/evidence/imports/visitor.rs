//! The [`Visit`] side of [`FileScan`]: which nodes of a file's syntax tree
//! are paths to check (`use` trees, expression, type, pattern, attribute and
//! macro paths, and paths inside macro tokens), and where scopes begin (inline
//! modules, blocks with items). What a path resolves to is `resolve`'s.

use syn::visit::{self, Visit};

use super::resolve::{related, FileScan};
use super::scope::{unraw, use_paths, Scope};

impl<'ast> Visit<'ast> for FileScan<'ast, '_> {
    fn visit_file(&mut self, file: &'ast syn::File) {
        self.scopes.push(Scope {
            module: true,
            ..Scope::default()
        });
        for attr in &file.attrs {
            self.visit_attribute(attr);
        }
        for item in &file.items {
            self.visit_item(item);
        }
        self.scopes.pop();
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        let Some((_, items)) = &m.content else {
            // Its file is scanned as a module of its own (see `tree`).
            for attr in &m.attrs {
                self.visit_attribute(attr);
            }
            return;
        };
        let name = unraw(&m.ident);
        self.module.push(name.clone());
        let relevant = related(&self.module, self.within);
        self.module.pop();
        if !relevant {
            return;
        }
        for attr in &m.attrs {
            self.visit_attribute(attr);
        }
        self.module.push(name);
        let outer = self.module_scope;
        self.module_scope = self.table.module(&self.module);
        self.scopes.push(Scope {
            module: true,
            ..Scope::default()
        });
        for item in items {
            self.visit_item(item);
        }
        self.scopes.pop();
        self.module_scope = outer;
        self.module.pop();
    }

    fn visit_block(&mut self, block: &'ast syn::Block) {
        let items = || {
            block.stmts.iter().filter_map(|s| match s {
                syn::Stmt::Item(item) => Some(item),
                _ => None,
            })
        };
        // Every block is a scope: its `let` bindings end with it.
        self.push_block(items());
        visit::visit_block(self, block);
        self.scopes.pop();
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.scopes.push(Scope::default());
        visit::visit_item_fn(self, f);
        self.scopes.pop();
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.scopes.push(Scope::default());
        visit::visit_impl_item_fn(self, f);
        self.scopes.pop();
    }

    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        self.scopes.push(Scope::default());
        visit::visit_trait_item_fn(self, f);
        self.scopes.pop();
    }

    fn visit_expr_closure(&mut self, c: &'ast syn::ExprClosure) {
        self.scopes.push(Scope::default());
        visit::visit_expr_closure(self, c);
        self.scopes.pop();
    }

    fn visit_arm(&mut self, arm: &'ast syn::Arm) {
        self.scopes.push(Scope::default());
        visit::visit_arm(self, arm);
        self.scopes.pop();
    }

    /// A variable (`let fs`, `Some(fs)`, a parameter): from here on in its
    /// scope, `fs` alone is the variable, not an import of that name.
    fn visit_pat_ident(&mut self, p: &'ast syn::PatIdent) {
        if let Some(scope) = self.scopes.last_mut().filter(|s| !s.module) {
            scope.values.push(unraw(&p.ident));
        }
        visit::visit_pat_ident(self, p);
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        for attr in &u.attrs {
            self.visit_attribute(attr);
        }
        let mut paths = Vec::new();
        use_paths(&u.tree, &mut Vec::new(), None, &mut paths);
        for (path, at) in paths {
            self.check_at(u.leading_colon.is_some(), &path, at);
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
        let single =
            e.qself.is_none() && e.path.leading_colon.is_none() && e.path.segments.len() == 1;
        if single && self.is_variable(&e.path.segments[0].ident) {
            self.visit_args(&e.path);
            return;
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

    fn visit_item_macro(&mut self, m: &'ast syn::ItemMacro) {
        self.item_macro = true;
        visit::visit_item_macro(self, m);
        self.item_macro = false;
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        let include = m.path.segments.len() <= 2
            && m.path.segments.last().is_some_and(|s| s.ident == "include");
        if include && !self.item_macro && self.module.starts_with(self.within) {
            let lc = m.path.segments[0].ident.span().start();
            self.unfollowed.push((lc.line, lc.column + 1));
        }
        self.check_syn_path(&m.path, true);
        self.visit_args(&m.path);
        self.scan_tokens(&m.tokens);
    }
}
