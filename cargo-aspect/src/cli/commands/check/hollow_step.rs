//! Step definitions that can never fail: glue that turns a spec into a check
//! that proves nothing.
//!
//! Hollowing a step (`assert_eq!(gold, …)` → `let _ = (world, gold);`) makes
//! every scenario that uses it pass. This module looks at a step function's
//! syntax and says when it cannot fail, in two patterns:
//!
//! - **no failure in a `#[then]` body**: no assertion macro (nor any macro it
//!   does not know to be harmless), no `?`, no `Err(…)`, no `unwrap`/`expect`,
//!   no call or method call (any call could carry a failure, so any call counts),
//!   and no `Result` returned from a field or variable. Expressions discarded by
//!   `let _ = …` do not count: what they compute cannot fail the step. Indexing
//!   and arithmetic do not count either: a panic there is an accident, not a
//!   check. Givens and whens set the scene and act: they need not fail.
//! - **a capture it ignores**, in any step: a parameter after the World (a
//!   capture, the data table, the doc string) named `_…`, never mentioned, or
//!   mentioned only inside `let _ = …`. The spec says "50 gold" and the step
//!   never looks at the 50.
//!
//! It is a heuristic: `check` turns what it finds into warnings, never
//! errors. It must not read files or run anything: it looks at one parsed item.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use syn::visit::Visit;
use syn::{Expr, FnArg, Pat, ReturnType, Type};

/// Why a step can never fail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Hollow {
    /// A `#[then]` body with nothing in it that can fail.
    NothingFails,
    /// A parameter after the World that the body never looks at.
    IgnoresCapture(String),
}

impl std::fmt::Display for Hollow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Hollow::NothingFails => f.write_str(
                "no assertion, no `?`, no `Err`, no call in its body: nothing in it can fail",
            ),
            Hollow::IgnoresCapture(name) => write!(f, "it ignores its capture `{name}`"),
        }
    }
}

/// Why the step `item`, registered with attribute `keyword` (`given`, `when`,
/// `then`, `step`), can never fail; `None` when something in it can. A
/// `#[step]` definition can serve as a Then step, so it is judged as one.
pub(crate) fn why_hollow(keyword: &str, item: &syn::ItemFn) -> Option<Hollow> {
    if let Some(name) = ignored_capture(item) {
        return Some(Hollow::IgnoresCapture(name));
    }
    if matches!(keyword, "then" | "step") && !can_fail(item) {
        return Some(Hollow::NothingFails);
    }
    None
}

/// Macros that fail on purpose.
const FAILING_MACROS: &[&str] = &[
    "assert",
    "assert_eq",
    "assert_ne",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "panic",
    "unreachable",
    "todo",
    "unimplemented",
];

/// Macros that cannot fail by themselves; a call among their arguments still counts.
const HARMLESS_MACROS: &[&str] = &[
    "format",
    "format_args",
    "print",
    "println",
    "eprint",
    "eprintln",
    "write",
    "writeln",
    "vec",
    "dbg",
    "matches",
    "concat",
    "stringify",
    "line",
    "column",
    "file",
    "module_path",
    "env",
    "include_str",
    "include_bytes",
    "cfg",
];

/// Methods whose point is to fail.
const FAILING_METHODS: &[&str] = &["unwrap", "expect", "unwrap_err", "expect_err"];

fn can_fail(item: &syn::ItemFn) -> bool {
    let mut finder = Failures::default();
    finder.visit_block(&item.block);
    if finder.found {
        return true;
    }
    // A `Result` handed back from a field or variable can be an `Err`.
    let returns_value = matches!(&item.sig.output, ReturnType::Type(_, ty) if !is_unit(ty));
    returns_value && (finder.returns_place || tail(&item.block).is_some_and(is_place))
}

fn is_unit(ty: &Type) -> bool {
    matches!(ty, Type::Tuple(t) if t.elems.is_empty())
}

fn tail(block: &syn::Block) -> Option<&Expr> {
    match block.stmts.last() {
        Some(syn::Stmt::Expr(expr, None)) => Some(expr),
        _ => None,
    }
}

/// A variable, field or index: a value read, not built.
fn is_place(expr: &Expr) -> bool {
    match expr {
        Expr::Path(_) | Expr::Field(_) | Expr::Index(_) => true,
        Expr::Paren(p) => is_place(&p.expr),
        Expr::Reference(r) => is_place(&r.expr),
        Expr::Unary(u) => is_place(&u.expr),
        _ => false,
    }
}

/// The last segment of a path, as text.
fn last_segment(path: &syn::Path) -> String {
    path.segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default()
}

/// `Some(..)`, `Ok(..)`, `Point(..)`: builds a value, cannot fail.
fn is_constructor(name: &str) -> bool {
    name.chars().next().is_some_and(char::is_uppercase) && name != "Err"
}

#[derive(Default)]
struct Failures {
    found: bool,
    /// Depth inside `let _ = …` initialisers, whose value is thrown away.
    discarded: usize,
    /// A `return <place>` was seen.
    returns_place: bool,
}

impl Failures {
    /// A call: it counts unless its value is thrown away.
    fn call(&mut self) {
        if self.discarded == 0 {
            self.found = true;
        }
    }

    /// Calls, `?` and `Err` among a macro's tokens (they are not parsed).
    fn scan_tokens(&mut self, tokens: TokenStream) {
        let mut previous: Option<TokenTree> = None;
        for token in tokens {
            match &token {
                TokenTree::Group(group) => {
                    if group.delimiter() == Delimiter::Parenthesis {
                        if let Some(TokenTree::Ident(name)) = &previous {
                            let name = name.to_string();
                            if name == "Err" || FAILING_METHODS.contains(&name.as_str()) {
                                self.found = true;
                            } else if !is_constructor(&name) {
                                self.call();
                            }
                        }
                    }
                    self.scan_tokens(group.stream());
                }
                TokenTree::Punct(p) if p.as_char() == '?' => self.found = true,
                TokenTree::Punct(p) if p.as_char() == '!' => {
                    // A macro inside the macro: judge it by name.
                    if let Some(TokenTree::Ident(name)) = &previous {
                        self.named_macro(&name.to_string(), None);
                    }
                }
                _ => {}
            }
            previous = Some(token);
        }
    }

    fn named_macro(&mut self, name: &str, tokens: Option<TokenStream>) {
        if FAILING_MACROS.contains(&name) {
            self.found = true;
        } else if HARMLESS_MACROS.contains(&name) {
            if let Some(tokens) = tokens {
                self.scan_tokens(tokens);
            }
        } else {
            // An unknown macro may assert (`assert_matches!`, a user's `check!`).
            self.found = true;
        }
    }
}

impl<'ast> Visit<'ast> for Failures {
    fn visit_local(&mut self, local: &'ast syn::Local) {
        let discards = matches!(local.pat, Pat::Wild(_));
        self.discarded += usize::from(discards);
        syn::visit::visit_local(self, local);
        self.discarded -= usize::from(discards);
    }

    fn visit_expr_try(&mut self, node: &'ast syn::ExprTry) {
        self.found = true;
        syn::visit::visit_expr_try(self, node);
    }

    fn visit_expr_call(&mut self, node: &'ast syn::ExprCall) {
        match &*node.func {
            Expr::Path(p) => {
                let name = last_segment(&p.path);
                if name == "Err" {
                    self.found = true;
                } else if !is_constructor(&name) {
                    self.call();
                }
            }
            _ => self.call(),
        }
        syn::visit::visit_expr_call(self, node);
    }

    fn visit_expr_method_call(&mut self, node: &'ast syn::ExprMethodCall) {
        if FAILING_METHODS.contains(&node.method.to_string().as_str()) {
            self.found = true;
        } else {
            self.call();
        }
        syn::visit::visit_expr_method_call(self, node);
    }

    fn visit_expr_return(&mut self, node: &'ast syn::ExprReturn) {
        if node.expr.as_deref().is_some_and(is_place) {
            self.returns_place = true;
        }
        syn::visit::visit_expr_return(self, node);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.named_macro(&last_segment(&mac.path), Some(mac.tokens.clone()));
    }

    // A closure or nested item is not run by being written; but it may be
    // called, so what is inside still counts (the default visit).
}

/// The first parameter after the World that the body never looks at.
fn ignored_capture(item: &syn::ItemFn) -> Option<String> {
    let mut mentions = Mentions::default();
    mentions.visit_block(&item.block);
    for input in item.sig.inputs.iter().skip(1) {
        let FnArg::Typed(typed) = input else { continue };
        let names = pattern_names(&typed.pat);
        let shown = names.first().cloned().unwrap_or_else(|| "_".to_owned());
        let looked_at = names
            .iter()
            .any(|name| !name.starts_with('_') && mentions.names.contains(name));
        if !looked_at {
            return Some(shown);
        }
    }
    None
}

/// The identifiers a parameter pattern binds (`_` binds none).
fn pattern_names(pat: &Pat) -> Vec<String> {
    struct Names(Vec<String>);
    impl<'ast> Visit<'ast> for Names {
        fn visit_pat_ident(&mut self, node: &'ast syn::PatIdent) {
            self.0.push(node.ident.to_string());
            syn::visit::visit_pat_ident(self, node);
        }
    }
    let mut names = Names(Vec::new());
    names.visit_pat(pat);
    names.0
}

/// Every identifier the body mentions outside `let _ = …` initialisers,
/// macro arguments and inline format arguments (`"{gold}"`) included.
#[derive(Default)]
struct Mentions {
    names: std::collections::BTreeSet<String>,
    discarded: usize,
}

impl Mentions {
    fn mention(&mut self, name: String) {
        if self.discarded == 0 {
            self.names.insert(name);
        }
    }

    fn scan_tokens(&mut self, tokens: TokenStream) {
        for token in tokens {
            match token {
                TokenTree::Ident(ident) => self.mention(ident.to_string()),
                TokenTree::Group(group) => self.scan_tokens(group.stream()),
                TokenTree::Literal(literal) => {
                    for name in format_arguments(&literal.to_string()) {
                        self.mention(name);
                    }
                }
                TokenTree::Punct(_) => {}
            }
        }
    }
}

/// The names inside `{…}` of a format string literal: `{gold}`, `{gold:?}`.
fn format_arguments(literal: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = literal;
    while let Some(open) = rest.find('{') {
        rest = &rest[open + 1..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            names.push(name);
        }
    }
    names
}

impl<'ast> Visit<'ast> for Mentions {
    fn visit_local(&mut self, local: &'ast syn::Local) {
        let discards = matches!(local.pat, Pat::Wild(_));
        self.discarded += usize::from(discards);
        syn::visit::visit_local(self, local);
        self.discarded -= usize::from(discards);
    }

    fn visit_ident(&mut self, ident: &'ast proc_macro2::Ident) {
        self.mention(ident.to_string());
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.scan_tokens(mac.tokens.clone());
        syn::visit::visit_macro(self, mac);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judge(keyword: &str, source: &str) -> Option<Hollow> {
        let item: syn::ItemFn = syn::parse_str(source).expect("test source parses");
        why_hollow(keyword, &item)
    }

    fn ignores(name: &str) -> Option<Hollow> {
        Some(Hollow::IgnoresCapture(name.to_owned()))
    }

    #[test]
    fn the_hollowed_step_of_issue_13_ignores_its_capture() {
        let hollowed = "fn gold_is(world: &mut W, gold: u64) { let _ = (world, gold); }";
        assert_eq!(judge("then", hollowed), ignores("gold"));
    }

    #[test]
    fn a_step_for_any_keyword_is_judged_as_a_then_step() {
        let hollow = "fn f(world: &mut W) { let _ = world.game.gold() == 7; }";
        assert_eq!(judge("step", hollow), Some(Hollow::NothingFails));
        assert_eq!(judge("given", hollow), None);
    }

    #[test]
    fn a_then_step_with_nothing_that_can_fail() {
        for source in [
            "fn f(world: &mut W) {}",
            "fn f(world: &mut W) { let _ = world.game.gold() == 7; }",
            "fn f(world: &mut W) { let _ = world.game.check(); }",
        ] {
            assert_eq!(
                judge("then", source),
                Some(Hollow::NothingFails),
                "{source}"
            );
        }
        for body in [
            "{ world.seen = gold; }",
            "{ let x = gold + 1; world.seen = x; }",
            "{ println!(\"{}\", gold); }",
        ] {
            let source = format!("fn f(world: &mut W, gold: u64) {body}");
            assert_eq!(judge("then", &source), Some(Hollow::NothingFails), "{body}");
        }
        let ok_only =
            "fn f(world: &mut W, gold: u64) -> Result<(), String> { world.seen = gold; Ok(()) }";
        assert_eq!(judge("then", ok_only), Some(Hollow::NothingFails));
    }

    #[test]
    fn a_then_step_that_can_fail_in_any_way_is_not_reported() {
        for body in [
            "{ assert_eq!(world.gold, gold); }",
            "{ assert!(world.gold == gold, \"gold\"); }",
            "{ if world.gold != gold { panic!(\"no\") } }",
            "{ if world.gold != gold { unreachable!() } }",
            "{ check_gold(world, gold); }",
            "{ world.game.check(gold); }",
            "{ let _ = world.last.unwrap(); let _ = gold; world.x = gold; }",
            "{ assert_matches!(world.gold, gold); }",
            "{ println!(\"{}\", world.game.gold()); world.x = gold; }",
        ] {
            let source = format!("fn f(world: &mut W, gold: u64) {body}");
            assert_eq!(judge("then", &source), None, "{body}");
        }
        for body in [
            "{ if world.gold != gold { return Err(\"no\".into()); } Ok(()) }",
            "{ world.x = gold; world.last_result }",
            "{ let r = world.x == gold; if r { Ok(()) } else { Err(String::new()) } }",
            "{ world.x = parse(gold)?; Ok(()) }",
        ] {
            let source = format!("fn f(world: &mut W, gold: u64) -> Result<(), String> {body}");
            assert_eq!(judge("then", &source), None, "{body}");
        }
    }

    #[test]
    fn givens_and_whens_that_cannot_fail_set_the_scene_and_are_not_reported() {
        let store = "fn f(world: &mut W, gold: u64) { world.gold = gold; }";
        assert_eq!(judge("given", store), None);
        assert_eq!(judge("when", store), None);
        assert_eq!(judge("given", "fn new_game(_world: &mut W) {}"), None);
    }

    #[test]
    fn an_unused_or_underscored_capture_is_ignored_in_any_step() {
        let unused = "fn f(world: &mut W, gold: u64) { world.game.set_gold(1); }";
        assert_eq!(judge("given", unused), ignores("gold"));
        let underscored = "fn f(world: &mut W, _gold: u64) { world.game.set_gold(1); }";
        assert_eq!(judge("when", underscored), ignores("_gold"));
        let wild = "fn f(world: &mut W, _: u64) { assert!(world.ok); }";
        assert_eq!(judge("then", wild), ignores("_"));
        let discarded =
            "fn f(world: &mut W, table: &DataTable) { let _ = table; assert!(world.ok); }";
        assert_eq!(judge("then", discarded), ignores("table"));
    }

    #[test]
    fn a_capture_mentioned_in_a_macro_or_a_format_string_is_used() {
        let in_macro = "fn f(world: &mut W, gold: u64) { assert_eq!(world.gold, gold); }";
        assert_eq!(judge("then", in_macro), None);
        let inline = "fn f(world: &mut W, gold: u64) { assert!(world.ok, \"{gold:?}\"); }";
        assert_eq!(judge("then", inline), None);
        let world_unused = "fn f(_world: &mut W, gold: u64) { assert_eq!(gold, 2); }";
        assert_eq!(
            judge("then", world_unused),
            None,
            "the World is not a capture"
        );
    }
}
