//! Paths inside a macro's or attribute's token stream: where a `::` starts a
//! path, and the `a::b::c` that follows.

use proc_macro2::{Ident, Spacing, TokenTree};

/// Whether `tokens[i..]` starts with `::`.
pub(crate) fn is_colon2(tokens: &[TokenTree], i: usize) -> bool {
    matches!((tokens.get(i), tokens.get(i + 1)),
        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
            if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':')
}

/// Keywords after which `::x` starts an absolute path.
pub(crate) const BEFORE_ABSOLUTE: &[&str] = &[
    "use", "return", "as", "in", "dyn", "impl", "where", "match", "if", "while", "for", "else",
    "break", "mut", "move", "ref", "const", "static", "type", "pub", "yield", "let",
];

/// `tokens[i]` is an ident: it and the `::ident` that follow, and the index after.
pub(crate) fn collect_path(tokens: &[TokenTree], i: usize) -> (Vec<&Ident>, usize) {
    let mut segs = Vec::new();
    let mut j = i;
    if let Some(TokenTree::Ident(first)) = tokens.get(j) {
        segs.push(first);
        j += 1;
        while is_colon2(tokens, j) {
            match tokens.get(j + 2) {
                Some(TokenTree::Ident(next)) => {
                    segs.push(next);
                    j += 3;
                }
                _ => break,
            }
        }
    }
    (segs, j)
}

/// Whether the `::` at `tokens[i]` begins a path rather than continuing one.
pub(crate) fn starts_absolute(tokens: &[TokenTree], i: usize) -> bool {
    match i.checked_sub(1).and_then(|p| tokens.get(p)) {
        None => true,
        Some(TokenTree::Ident(word)) => BEFORE_ABSOLUTE.iter().any(|k| word == k),
        Some(TokenTree::Punct(p)) => p.as_char() != '>',
        Some(TokenTree::Group(_) | TokenTree::Literal(_)) => false,
    }
}
