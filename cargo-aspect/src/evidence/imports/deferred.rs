//! Parsing a file's item structure first and its fn bodies and `const`/`static`
//! initializers only when a check needs them: most of a crate's code is in
//! them, and a body that names nothing a rule could reach cannot hold a use
//! of a denied path, so parsing it (most of syn's time) is wasted.
//!
//! A file is lexed once; each body and initializer at item level (in the
//! file, inline modules, impls and traits) becomes a [`Piece`] (its tokens and
//! a digest of the identifiers they contain), replaced by `{}` or `0` in what
//! syn parses. Before a check scans a file, [`fill`] parses the pieces that
//! mention one of the check's [`Relevant`] names back into the tree, each at
//! most once per process. Which names are relevant follows from how `resolve`
//! resolves a path: a denied path is reached through a written segment that
//! is a rule's segment, a dependency named by `external`, or the name of a
//! `use` binding (of the module table) whose target is a rule's prefix or
//! extension; a glob brings names that are written nowhere, so a file whose
//! modules glob-import something a rule may reach is parsed whole.
//!
//! Must not: change what a check finds (every piece that could hold a hit is
//! parsed before the scan), or guess: a piece that cannot be found again in
//! the parsed tree makes the file parse whole, as before.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::hash::{DefaultHasher, Hash, Hasher};

use proc_macro2::{Delimiter, Group, Literal, Spacing, TokenStream, TokenTree};

use super::modules::Table;
use super::rules::Rules;
use super::scope::Target;

/// A fn body or an initializer, kept as tokens until a check needs it.
pub(crate) struct Piece {
    /// Where it starts (line, column of its first token): how the placeholder
    /// is found in the tree.
    at: (usize, usize),
    /// Its tokens: the body's braced group, or the initializer's expression.
    tokens: TokenStream,
    body: bool,
    /// Hashes of the identifiers it contains, sorted and deduplicated.
    idents: Vec<u64>,
    filled: bool,
}

/// A file's tree with its pieces; the tree has placeholders for the pieces
/// not filled yet.
pub(crate) struct Lazy {
    pub file: syn::File,
    pieces: Vec<Piece>,
}

impl Lazy {
    /// A tree parsed whole.
    pub fn whole(file: syn::File) -> Lazy {
        Lazy {
            file,
            pieces: Vec::new(),
        }
    }

    /// How many pieces are parsed, of how many.
    #[cfg(test)]
    pub fn filled(&self) -> (usize, usize) {
        let filled = self.pieces.iter().filter(|p| p.filled).count();
        (filled, self.pieces.len())
    }
}

/// Parse `text` with its pieces left out, or `None` when it must be parsed
/// whole (a BOM or a shebang, which `syn::parse_file` strips; a lexing or
/// parse error, which `syn::parse_file` then reports as before; a piece not
/// found again).
pub(crate) fn parse_items(text: &str) -> Option<Lazy> {
    if text.starts_with('\u{feff}') || text.starts_with("#!") {
        return None;
    }
    let stream: TokenStream = text.parse().ok()?;
    let mut pieces = Vec::new();
    let mut buf = String::new();
    let stream = split(stream, &mut pieces, &mut buf);
    let mut file: syn::File = syn::parse2(stream).ok()?;
    let at: HashMap<(usize, usize), usize> =
        pieces.iter().enumerate().map(|(i, p)| (p.at, i)).collect();
    let mut found = 0;
    walk_items(&mut file.items, &mut |slot| {
        if let Some(&i) = at.get(&slot.at()) {
            found += usize::from(pieces[i].body == slot.is_body());
        }
        Ok(())
    })
    .ok()?;
    (found == pieces.len() && at.len() == pieces.len()).then_some(Lazy { file, pieces })
}

/// What makes a piece worth parsing for a check.
pub(crate) struct Relevant {
    /// The names whose mention does, as hashes.
    names: HashSet<u64>,
    /// Modules with a glob that may bring a name a rule reaches: their files
    /// are parsed whole, since such a name is written nowhere but where used.
    globbed: Vec<Vec<String>>,
}

/// The names a check with `rules` may reach a denied path through, in the
/// crate whose table is `table`.
pub(crate) fn relevant(rules: &Rules, table: &Table) -> Relevant {
    let related = |path: &[String]| {
        rules
            .deny
            .iter()
            .any(|r| r.segments.starts_with(path) || path.starts_with(&r.segments))
            || path
                .first()
                .is_some_and(|first| rules.external_crates.contains(first))
    };
    // A glob of one of the crate's modules reaches its items, which a
    // `crate::` rule may deny; an external glob, whatever it brings.
    let globbed = table
        .mods
        .iter()
        .filter(|(_, scope)| {
            scope.resolved_globs.iter().any(|g| related(g))
                || rules.local && !scope.local_globs.is_empty()
        })
        .map(|(path, _)| path.clone())
        .collect();
    let mut names = HashSet::new();
    let mut add = |name: &str| {
        names.insert(hash(name));
    };
    for rule in &rules.deny {
        rule.segments.iter().for_each(|s| add(s));
    }
    rules.external_crates.iter().for_each(|s| add(s));
    // Reported wherever it is not followed.
    add("include");
    if rules.local {
        ["crate", "self", "super", "Self"]
            .into_iter()
            .for_each(&mut add);
    }
    let bindings = table.mods.values().flat_map(|s| s.bindings.iter());
    for b in bindings.chain(&table.extern_prelude) {
        match &b.target {
            Target::Path(p) if !related(p) => {}
            Target::Local => {}
            _ => add(&b.name),
        }
    }
    Relevant { names, globbed }
}

/// Parse the pieces of `lazy`, the file that is module `module`, that
/// mention a relevant name into its tree.
///
/// # Errors
/// A piece that does not parse (the first one, in the tree's order).
pub(crate) fn fill(lazy: &mut Lazy, relevant: &Relevant, module: &[String]) -> syn::Result<()> {
    let all = relevant.globbed.iter().any(|m| m.starts_with(module));
    let wanted: HashMap<(usize, usize), usize> = lazy
        .pieces
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.filled && (all || p.idents.iter().any(|h| relevant.names.contains(h))))
        .map(|(i, p)| (p.at, i))
        .collect();
    if wanted.is_empty() {
        return Ok(());
    }
    let pieces = &mut lazy.pieces;
    walk_items(&mut lazy.file.items, &mut |slot| {
        let Some(&i) = wanted.get(&slot.at()) else {
            return Ok(());
        };
        let piece = &mut pieces[i];
        match slot {
            Slot::Body(block) if piece.body => *block = syn::parse2(piece.tokens.clone())?,
            Slot::Init(expr) if !piece.body => *expr = syn::parse2(piece.tokens.clone())?,
            _ => return Ok(()),
        }
        piece.filled = true;
        Ok(())
    })
}

/// A placeholder's place in the tree.
enum Slot<'a> {
    Body(&'a mut syn::Block),
    Init(&'a mut syn::Expr),
}

impl Slot<'_> {
    fn at(&self) -> (usize, usize) {
        let span = match self {
            Slot::Body(block) => block.brace_token.span.open(),
            Slot::Init(expr) => match expr {
                syn::Expr::Lit(lit) => lit.lit.span(),
                _ => return (0, 0),
            },
        };
        let lc = span.start();
        (lc.line, lc.column)
    }

    fn is_body(&self) -> bool {
        matches!(self, Slot::Body(_))
    }
}

/// Every fn body and initializer of `items` at item level (in inline
/// modules, impls and traits too), as [`split`] sees them.
fn walk_items(
    items: &mut [syn::Item],
    each: &mut dyn FnMut(Slot<'_>) -> syn::Result<()>,
) -> syn::Result<()> {
    for item in items {
        match item {
            syn::Item::Fn(f) => each(Slot::Body(&mut f.block))?,
            syn::Item::Const(c) => each(Slot::Init(&mut c.expr))?,
            syn::Item::Static(s) => each(Slot::Init(&mut s.expr))?,
            syn::Item::Mod(m) => {
                if let Some((_, items)) = &mut m.content {
                    walk_items(items, each)?;
                }
            }
            syn::Item::Impl(i) => {
                for item in &mut i.items {
                    match item {
                        syn::ImplItem::Fn(f) => each(Slot::Body(&mut f.block))?,
                        syn::ImplItem::Const(c) => each(Slot::Init(&mut c.expr))?,
                        _ => {}
                    }
                }
            }
            syn::Item::Trait(t) => {
                for item in &mut t.items {
                    match item {
                        syn::TraitItem::Fn(f) => {
                            if let Some(block) = &mut f.default {
                                each(Slot::Body(block))?;
                            }
                        }
                        syn::TraitItem::Const(c) => {
                            if let Some((_, expr)) = &mut c.default {
                                each(Slot::Init(expr))?;
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Where the token scan of one item-level stream is.
#[derive(PartialEq)]
enum State {
    /// Between items, or in an item that holds no piece.
    Plain,
    /// After `fn`: the next brace group outside `<..>` is its body.
    Fn,
    /// After `mod`, `impl` or `trait`: the next brace group holds items.
    Container,
    /// After `const` or `static` (`colon`: its type has begun).
    Const { colon: bool },
}

/// `stream` (an item-level token stream) with each fn body replaced by `{}`
/// and each `const`/`static` initializer by `0`, the originals in `pieces`.
fn split(stream: TokenStream, pieces: &mut Vec<Piece>, buf: &mut String) -> TokenStream {
    let mut tokens = stream.into_iter().peekable();
    let mut out: Vec<TokenTree> = Vec::with_capacity(tokens.size_hint().0);
    let mut state = State::Plain;
    let mut angle = 0i32;
    let mut arrow = false;
    while let Some(token) = tokens.next() {
        let after_minus = std::mem::take(&mut arrow);
        match token {
            TokenTree::Ident(ref ident) => {
                if ident == "fn"
                    && (state == State::Plain || state == State::Const { colon: false })
                {
                    state = State::Fn;
                } else if state == State::Plain
                    && (ident == "mod" || ident == "impl" || ident == "trait")
                {
                    state = State::Container;
                } else if state == State::Plain
                    && angle == 0
                    && (ident == "const" || ident == "static")
                {
                    state = State::Const { colon: false };
                }
                out.push(token);
            }
            TokenTree::Punct(ref p) => {
                match p.as_char() {
                    '<' => angle += 1,
                    '>' if !after_minus => angle -= 1,
                    '-' => arrow = p.spacing() == Spacing::Joint,
                    ';' if angle <= 0 => {
                        state = State::Plain;
                        angle = 0;
                    }
                    ':' if matches!(state, State::Const { .. }) => {
                        state = State::Const { colon: true };
                    }
                    '=' if angle <= 0 && matches!(state, State::Const { .. }) => {
                        out.push(token);
                        state = State::Plain;
                        let mut init = Vec::new();
                        while let Some(t) = tokens.next_if(|t| !is_semi(t)) {
                            init.push(t);
                        }
                        let Some(first) = init.first() else { continue };
                        let span = first.span();
                        let mut idents = Vec::new();
                        let stream = digest(init, &mut idents, buf);
                        let mut zero = Literal::u8_unsuffixed(0);
                        zero.set_span(span);
                        out.push(TokenTree::Literal(zero));
                        pieces.push(Piece {
                            at: start(span),
                            tokens: stream,
                            body: false,
                            idents: dedup(idents),
                            filled: false,
                        });
                        continue;
                    }
                    _ => {}
                }
                out.push(token);
            }
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace && angle <= 0 => {
                let was = std::mem::replace(&mut state, State::Plain);
                angle = 0;
                let span = g.span();
                match was {
                    State::Fn => {
                        // Taken apart, so that its tokens are moved, not copied.
                        let inner = g.stream();
                        drop(g);
                        let inner: Vec<TokenTree> = inner.into_iter().collect();
                        if starts_with_inner_attribute(&inner) {
                            let mut group =
                                Group::new(Delimiter::Brace, inner.into_iter().collect());
                            group.set_span(span);
                            out.push(TokenTree::Group(group));
                            continue;
                        }
                        let mut idents = Vec::new();
                        let mut body =
                            Group::new(Delimiter::Brace, digest(inner, &mut idents, buf));
                        body.set_span(span);
                        let mut empty = Group::new(Delimiter::Brace, TokenStream::new());
                        empty.set_span(span);
                        out.push(TokenTree::Group(empty));
                        pieces.push(Piece {
                            at: start(span),
                            tokens: TokenTree::Group(body).into(),
                            body: true,
                            idents: dedup(idents),
                            filled: false,
                        });
                    }
                    State::Container => {
                        let inner = g.stream();
                        drop(g);
                        let mut group = Group::new(Delimiter::Brace, split(inner, pieces, buf));
                        group.set_span(span);
                        out.push(TokenTree::Group(group));
                    }
                    _ => out.push(TokenTree::Group(g)),
                }
            }
            token => out.push(token),
        }
    }
    out.into_iter().collect()
}

fn is_semi(token: &TokenTree) -> bool {
    matches!(token, TokenTree::Punct(p) if p.as_char() == ';')
}

/// `{ #![attr] .. }`: syn parses a fn body's inner attributes as the fn's, so
/// such a body stays in place.
fn starts_with_inner_attribute(tokens: &[TokenTree]) -> bool {
    matches!((tokens.first(), tokens.get(1)),
        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b))) if a.as_char() == '#' && b.as_char() == '!')
}

fn start(span: proc_macro2::Span) -> (usize, usize) {
    let lc = span.start();
    (lc.line, lc.column)
}

fn hash(name: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    name.hash(&mut hasher);
    hasher.finish()
}

/// `tokens` rebuilt as a stream (so that none is shared, and walking it
/// moves rather than copies them), the hashes of the identifiers in them
/// pushed to `idents`.
fn digest(tokens: Vec<TokenTree>, idents: &mut Vec<u64>, buf: &mut String) -> TokenStream {
    let mut out = Vec::with_capacity(tokens.len());
    for token in tokens {
        out.push(match token {
            TokenTree::Group(g) => {
                let (delimiter, span, inner) = (g.delimiter(), g.span(), g.stream());
                drop(g);
                let inner = digest(inner.into_iter().collect(), idents, buf);
                let mut group = Group::new(delimiter, inner);
                group.set_span(span);
                TokenTree::Group(group)
            }
            TokenTree::Ident(ident) => {
                buf.clear();
                let _ = write!(buf, "{ident}");
                idents.push(hash(buf.strip_prefix("r#").unwrap_or(buf)));
                TokenTree::Ident(ident)
            }
            other => other,
        });
    }
    out.into_iter().collect()
}

fn dedup(mut idents: Vec<u64>) -> Vec<u64> {
    idents.sort_unstable();
    idents.dedup();
    idents
}
