//! Parsing a file's item structure first and its fn bodies and `const`/`static`
//! initializers only when a check needs them: most of a crate's code is in
//! them, and a body that names nothing a rule could reach cannot hold a use
//! of a denied path, so parsing it (most of syn's time) is wasted.
//!
//! A file is skimmed (see `skim`); each body and initializer at item level (in
//! the file, inline modules, impls and traits) becomes a [`Piece`] (its place
//! in the text and a digest of the identifiers it contains), replaced by
//! `{}` or `0` and blanks that keep every position in what proc-macro2 lexes
//! and syn parses. Before a check scans a file, [`fill`] parses the pieces that
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
use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Range;

use proc_macro2::{TokenStream, TokenTree};

use super::modules::Table;
use super::rules::Rules;
use super::scope::Target;
use super::skim::{pieces, skim, Kind, Skimmed};

/// A fn body or an initializer, kept as text until a check needs it.
pub(crate) struct Piece {
    /// Its bytes in the file: the body with its braces, or the expression.
    range: Range<usize>,
    /// Where it starts and ends (line, column): how its placeholder is found
    /// in the tree, and its tokens among those lexed for filling.
    at: (usize, usize),
    end: (usize, usize),
    body: bool,
    /// Hashes of the identifiers it contains, sorted and deduplicated.
    idents: Vec<u64>,
    filled: bool,
}

/// A file's tree with its pieces; the tree has placeholders for the pieces
/// not filled yet.
pub(crate) struct Lazy {
    pub file: syn::File,
    text: String,
    pieces: Vec<Piece>,
}

impl Lazy {
    /// A tree parsed whole.
    pub fn whole(file: syn::File) -> Lazy {
        Lazy {
            file,
            text: String::new(),
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
    let Skimmed { toks, docs } = skim(text)?;
    // `//!` and `/*!`, which proc-macro2 makes inner attributes.
    let inner_docs: Vec<usize> = docs
        .iter()
        .filter(|d| text.as_bytes()[d.start + 2] == b'!')
        .map(|d| d.start)
        .collect();
    let found = pieces(&toks, text, &inner_docs);
    let lines = LineStarts::new(text);
    let mut pieces = Vec::with_capacity(found.len());
    let mut items_text = String::with_capacity(text.len());
    let mut cursor = 0;
    let mut docs = docs.into_iter().peekable();
    for (body, tokens) in found {
        let range = toks[tokens.start].start..toks[tokens.end - 1].end;
        // Doc comments between items are left out too (those in a piece go
        // with it).
        while let Some(doc) = docs.next_if(|d| d.start < range.start) {
            items_text.push_str(&text[cursor..doc.start]);
            blank(&text[doc.clone()], &mut items_text);
            cursor = doc.end;
        }
        while docs.next_if(|d| d.start < range.end).is_some() {}
        let mut idents: Vec<u64> = toks[tokens]
            .iter()
            .filter(|t| t.kind == Kind::Ident)
            .map(|t| {
                let word = &text[t.start..t.end];
                hash(word.strip_prefix("r#").unwrap_or(word))
            })
            .collect();
        idents.sort_unstable();
        idents.dedup();
        items_text.push_str(&text[cursor..range.start]);
        if body {
            items_text.push('{');
            blank(&text[range.start + 1..range.end - 1], &mut items_text);
            items_text.push('}');
        } else {
            let first = text[range.start..].chars().next().map_or(1, char::len_utf8);
            items_text.push('0');
            blank(&text[range.start + first..range.end], &mut items_text);
        }
        cursor = range.end;
        pieces.push(Piece {
            at: lines.at(text, range.start),
            end: lines.at(text, range.end),
            range,
            body,
            idents,
            filled: false,
        });
    }
    for doc in docs {
        items_text.push_str(&text[cursor..doc.start]);
        blank(&text[doc.clone()], &mut items_text);
        cursor = doc.end;
    }
    items_text.push_str(&text[cursor..]);
    let stream: TokenStream = items_text.parse().ok()?;
    let mut file: syn::File = syn::parse2(stream).ok()?;
    let at: HashMap<(usize, usize), usize> =
        pieces.iter().enumerate().map(|(i, p)| (p.at, i)).collect();
    let mut located = 0;
    walk_items(&mut file.items, &mut |slot| {
        if let Some(&i) = at.get(&slot.at()) {
            located += usize::from(pieces[i].body == slot.is_body());
        }
        Ok(())
    })
    .ok()?;
    (located == pieces.len() && at.len() == pieces.len()).then_some(Lazy {
        file,
        text: text.to_owned(),
        pieces,
    })
}

/// `text` as blanks that keep the position of what follows it: its line
/// breaks, then a space for each char of its last line.
fn blank(text: &str, out: &mut String) {
    let last = match text.rfind('\n') {
        Some(n) => {
            out.extend(std::iter::repeat_n('\n', text[..=n].matches('\n').count()));
            &text[n + 1..]
        }
        None => text,
    };
    out.extend(std::iter::repeat_n(' ', last.chars().count()));
}

/// Where each line of a text starts, for proc-macro2's positions of a byte.
struct LineStarts(Vec<usize>);

impl LineStarts {
    fn new(text: &str) -> LineStarts {
        let breaks = text.match_indices('\n').map(|(n, _)| n + 1);
        LineStarts(std::iter::once(0).chain(breaks).collect())
    }

    /// Line (from 1) and column (chars, from 0) of byte `at`.
    fn at(&self, text: &str, at: usize) -> (usize, usize) {
        let line = self.0.partition_point(|&start| start <= at);
        let start = self.0[line - 1];
        (line, text[start..at].chars().count())
    }
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
/// A piece that does not lex or parse (the first one, in the tree's order).
pub(crate) fn fill(lazy: &mut Lazy, relevant: &Relevant, module: &[String]) -> syn::Result<()> {
    let all = relevant.globbed.iter().any(|m| m.starts_with(module));
    let wanted: Vec<usize> = (0..lazy.pieces.len())
        .filter(|&i| {
            let p = &lazy.pieces[i];
            !p.filled && (all || p.idents.iter().any(|h| relevant.names.contains(h)))
        })
        .collect();
    if wanted.is_empty() {
        return Ok(());
    }
    // The wanted pieces alone, each at its place, lexed at once.
    let text = &lazy.text;
    let mut only = String::new();
    let mut cursor = 0;
    for &i in &wanted {
        let range = &lazy.pieces[i].range;
        blank(&text[cursor..range.start], &mut only);
        only.push_str(&text[range.clone()]);
        cursor = range.end;
    }
    let stream: TokenStream = only
        .parse()
        .map_err(|e: proc_macro2::LexError| syn::Error::new(e.span(), e))?;
    let mut tokens: Vec<Vec<TokenTree>> = vec![Vec::new(); wanted.len()];
    let mut k = 0;
    for token in stream {
        let lc = token.span().start();
        while k + 1 < wanted.len() && (lc.line, lc.column) >= lazy.pieces[wanted[k]].end {
            k += 1;
        }
        tokens[k].push(token);
    }
    let mut parsed: HashMap<(usize, usize), Parsed> = HashMap::new();
    for (&i, tokens) in wanted.iter().zip(tokens) {
        let piece = &lazy.pieces[i];
        let stream: TokenStream = tokens.into_iter().collect();
        let one = if piece.body {
            Parsed::Body(syn::parse2(stream)?)
        } else {
            Parsed::Init(syn::parse2(stream)?)
        };
        parsed.insert(piece.at, one);
    }
    walk_items(&mut lazy.file.items, &mut |slot| {
        let at = slot.at();
        match (slot, parsed.remove(&at)) {
            (Slot::Body(block), Some(Parsed::Body(b))) => *block = b,
            (Slot::Init(expr), Some(Parsed::Init(e))) => *expr = e,
            _ => {}
        }
        Ok(())
    })?;
    for i in wanted {
        lazy.pieces[i].filled = true;
    }
    Ok(())
}

/// A piece parsed.
enum Parsed {
    Body(syn::Block),
    Init(syn::Expr),
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

fn hash(name: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    name.hash(&mut hasher);
    hasher.finish()
}
