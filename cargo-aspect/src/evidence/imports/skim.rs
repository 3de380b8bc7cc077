//! A quick lexer over a file's text: each token's kind and byte range, and
//! where each group closes. It finds a file's fn bodies and initializers
//! (see `deferred`) without building proc-macro2 tokens for all of them, which
//! costs as much as parsing what is left.
//!
//! Must not: be trusted for more than the item structure. Whatever it does not
//! understand (an unterminated literal or comment, unbalanced delimiters) is
//! `None`, and the file is then lexed and parsed as a whole.

use std::ops::Range;

/// What a token is; only what the item structure needs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    Ident,
    Punct(u8),
    /// `(`, `[` or `{`.
    Open(u8),
    Close,
    /// A literal or a lifetime.
    Other,
}

/// One token: its kind and bytes, and for an [`Kind::Open`], the index of its
/// closing token.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    pub close: usize,
}

/// What a skim of a text found.
pub(crate) struct Skimmed {
    pub toks: Vec<Tok>,
    /// The doc comments (`///`, `//!`, `/** */`, `/*! */`), which carry no
    /// path to check but cost proc-macro2 and syn an attribute each.
    pub docs: Vec<Range<usize>>,
}

/// The tokens of `text`, or `None` when it does not lex as Rust.
pub(crate) fn skim(text: &str) -> Option<Skimmed> {
    let b = text.as_bytes();
    let mut toks: Vec<Tok> = Vec::with_capacity(b.len() / 4);
    let mut docs = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        let kind = match b[i] {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = b[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(b.len(), |n| i + n);
                let doc = match b.get(start + 2) {
                    Some(b'!') => true,
                    Some(b'/') => b.get(start + 3) != Some(&b'/'),
                    _ => false,
                };
                if doc {
                    docs.push(start..i);
                }
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = block_comment_end(b, i)?;
                let doc = match (b.get(start + 2), b.get(start + 3)) {
                    (Some(b'!'), _) => true,
                    (Some(b'*'), Some(c)) => !matches!(c, b'*' | b'/'),
                    _ => false,
                };
                if doc {
                    docs.push(start..i);
                }
                continue;
            }
            b'"' => {
                i = string_end(b, i + 1)?;
                Kind::Other
            }
            b'\'' => {
                i = quote_end(b, i)?;
                Kind::Other
            }
            c @ (b'(' | b'[' | b'{') => {
                open.push(toks.len());
                i += 1;
                Kind::Open(c)
            }
            c @ (b')' | b']' | b'}') => {
                let o = open.pop()?;
                let expected = match toks[o].kind {
                    Kind::Open(b'(') => b')',
                    Kind::Open(b'[') => b']',
                    _ => b'}',
                };
                if c != expected {
                    return None;
                }
                toks[o].close = toks.len();
                i += 1;
                Kind::Close
            }
            c if c.is_ascii_digit() => {
                i += 1;
                while i < b.len() {
                    if ident_byte(b[i])
                        || b[i] == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit)
                    {
                        i += 1;
                    } else {
                        break;
                    }
                }
                Kind::Other
            }
            c if ident_byte(c) => {
                while i < b.len() && ident_byte(b[i]) {
                    i += 1;
                }
                let word = &b[start..i];
                match (word, b.get(i)) {
                    (b"b" | b"c", Some(b'"')) => {
                        i = string_end(b, i + 1)?;
                        Kind::Other
                    }
                    (b"r" | b"br" | b"cr", Some(b'"' | b'#')) => {
                        if word == b"r"
                            && b.get(i) == Some(&b'#')
                            && b.get(i + 1).is_some_and(|&c| ident_byte(c))
                        {
                            // `r#type`: a raw identifier.
                            i += 1;
                            while i < b.len() && ident_byte(b[i]) {
                                i += 1;
                            }
                            Kind::Ident
                        } else {
                            i = raw_string_end(b, i)?;
                            Kind::Other
                        }
                    }
                    (b"b", Some(b'\'')) => {
                        i = quote_end(b, i)?;
                        Kind::Other
                    }
                    _ => Kind::Ident,
                }
            }
            c if c.is_ascii() => {
                i += 1;
                Kind::Punct(c)
            }
            _ => return None,
        };
        toks.push(Tok {
            kind,
            start,
            end: i,
            close: 0,
        });
    }
    open.is_empty().then_some(Skimmed { toks, docs })
}

/// Identifier bytes (any non-ASCII byte too: Rust identifiers may be Unicode).
fn ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// After the `/*` at `i`, nested.
fn block_comment_end(b: &[u8], mut i: usize) -> Option<usize> {
    let mut depth = 0usize;
    while i + 1 < b.len() {
        match (b[i], b[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// After the closing `"` of a string whose contents start at `i`.
fn string_end(b: &[u8], mut i: usize) -> Option<usize> {
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// After a raw string whose `#`s or `"` start at `i`.
fn raw_string_end(b: &[u8], mut i: usize) -> Option<usize> {
    let hashes = b[i..].iter().take_while(|&&c| c == b'#').count();
    i += hashes;
    if b.get(i) != Some(&b'"') {
        return None;
    }
    i += 1;
    while i < b.len() {
        if b[i] == b'"'
            && b[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&c| c == b'#')
                .count()
                == hashes
        {
            return Some(i + 1 + hashes);
        }
        i += 1;
    }
    None
}

/// After a char literal or a lifetime starting with the `'` at `i`.
fn quote_end(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i + 1)? {
        b'\\' => {
            // Past the escaped char, to the closing quote (`'\u{1F600}'`).
            let from = i + 3;
            b.get(from..)?
                .iter()
                .position(|&c| c == b'\'')
                .map(|n| from + n + 1)
        }
        &c => {
            let len = match c {
                0x00..=0x7f => 1,
                0xc0..=0xdf => 2,
                0xe0..=0xef => 3,
                _ => 4,
            };
            let after = i + 1 + len;
            if b.get(after) == Some(&b'\'') {
                Some(after + 1)
            } else {
                // A lifetime or a label.
                let mut j = i + 1;
                while j < b.len() && ident_byte(b[j]) {
                    j += 1;
                }
                Some(j.max(i + 1))
            }
        }
    }
}

/// The fn bodies and `const`/`static` initializers at item level in the
/// skimmed `text` (in the file, inline modules, impls and traits), each as
/// (a body?, its tokens), but a body that opens with an inner attribute or
/// doc comment (`inner_docs`: where those start), which syn parses as its
/// fn's.
pub(crate) fn pieces(toks: &[Tok], text: &str, inner_docs: &[usize]) -> Vec<(bool, Range<usize>)> {
    let mut found = Vec::new();
    Items {
        toks,
        text,
        inner_docs,
    }
    .items(0, toks.len(), &mut found);
    found
}

/// A skimmed file, for finding its pieces.
struct Items<'a> {
    toks: &'a [Tok],
    text: &'a str,
    /// Where its inner doc comments start.
    inner_docs: &'a [usize],
}

impl Items<'_> {
    /// The pieces among the item-level tokens `toks[from..to]` (a file, or an
    /// inline module's, impl's or trait's braces), as (body?, their tokens).
    fn items(&self, from: usize, to: usize, found: &mut Vec<(bool, Range<usize>)>) {
        let (toks, text) = (self.toks, self.text);
        let mut state = State::Plain;
        let mut angle = 0i32;
        let mut i = from;
        while i < to {
            let t = toks[i];
            match t.kind {
                Kind::Ident => {
                    let word = &text[t.start..t.end];
                    if word == "fn" && matches!(state, State::Plain | State::Const { colon: false })
                    {
                        state = State::Fn;
                    } else if state == State::Plain && matches!(word, "mod" | "impl" | "trait") {
                        state = State::Container;
                    } else if state == State::Plain
                        && angle == 0
                        && matches!(word, "const" | "static")
                    {
                        state = State::Const { colon: false };
                    }
                }
                Kind::Punct(p) => match p {
                    b'<' => angle += 1,
                    b'>' if !(i > from
                        && toks[i - 1].kind == Kind::Punct(b'-')
                        && toks[i - 1].end == t.start) =>
                    {
                        angle -= 1;
                    }
                    b';' if angle <= 0 => {
                        state = State::Plain;
                        angle = 0;
                    }
                    b':' if matches!(state, State::Const { .. }) => {
                        state = State::Const { colon: true }
                    }
                    b'=' if angle <= 0 && matches!(state, State::Const { .. }) => {
                        state = State::Plain;
                        let mut j = i + 1;
                        while j < to && toks[j].kind != Kind::Punct(b';') {
                            j = if matches!(toks[j].kind, Kind::Open(_)) {
                                toks[j].close + 1
                            } else {
                                j + 1
                            };
                        }
                        if j < to && j > i + 1 {
                            found.push((false, i + 1..j));
                        }
                        i = j;
                        continue;
                    }
                    _ => {}
                },
                Kind::Open(b'{') if angle <= 0 => {
                    let was = std::mem::replace(&mut state, State::Plain);
                    angle = 0;
                    // `#![..]` or `//!` first: syn parses it as the fn's own.
                    let first = toks[i + 1].start;
                    let inner_attribute = toks[i + 1].kind == Kind::Punct(b'#')
                        && toks[i + 2].kind == Kind::Punct(b'!')
                        || self.inner_docs[self.inner_docs.partition_point(|&d| d < t.end)..]
                            .first()
                            .is_some_and(|&d| d < first);
                    match was {
                        State::Fn if !inner_attribute => found.push((true, i..t.close + 1)),
                        State::Container => self.items(i + 1, t.close, found),
                        _ => {}
                    }
                    i = t.close + 1;
                    continue;
                }
                Kind::Open(_) => {
                    i = t.close + 1;
                    continue;
                }
                Kind::Close | Kind::Other => {}
            }
            i += 1;
        }
    }
}

/// Where the skim of one item-level token run is.
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

#[cfg(test)]
mod tests {
    use super::{skim, Kind};

    #[test]
    fn literals_comments_and_lifetimes_are_single_tokens() {
        let text = "fn f<'a>(x: &'a str) { let _ = (\"}\", r#\"\"}\"#, '}', b'{', '\\'', /* { */ br\"{\", r#type); } // {";
        let toks = skim(text).unwrap().toks;
        let braces = toks
            .iter()
            .filter(|t| matches!(t.kind, Kind::Open(b'{') | Kind::Close))
            .count();
        // The body's `{` and the three closers: the parameters', the
        // tuple's, the body's; none in a literal or a comment.
        assert_eq!(braces, 4, "{toks:?}");
        let idents: Vec<&str> = toks
            .iter()
            .filter(|t| t.kind == Kind::Ident)
            .map(|t| &text[t.start..t.end])
            .collect();
        assert_eq!(idents, ["fn", "f", "x", "str", "let", "_", "r#type"]);
    }

    #[test]
    fn doc_comments_are_told_from_other_comments() {
        let text = "/// a\n//// b\n//! c\n// d\n/** e */\n/*** f */\n/**/\n/*! g */\nfn x() {}";
        let docs: Vec<&str> = skim(text)
            .unwrap()
            .docs
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(docs, ["/// a", "//! c", "/** e */", "/*! g */"]);
    }

    #[test]
    fn what_does_not_lex_is_none() {
        for text in ["fn f() {", "fn f() }", "\"open", "/* open", "fn f() { ( }"] {
            assert!(skim(text).is_none(), "{text}");
        }
    }
}
