//! Step-expression compilation, as `#[given]`/`#[when]`/`#[then]` do it at macro
//! expansion time: `aspect-macros/src/expression.rs` is included as a module (a
//! proc-macro crate cannot be a dependency) and every pattern it produces is then
//! compiled with `regex-lite`, as the runtime's step matcher does.
//!
//! Properties checked on arbitrary UTF-8 `source`:
//!
//! * neither `compile_expression` nor `compile_regex` panics;
//! * an accepted cucumber expression yields a pattern `regex` compiles, with one
//!   capture group per parameter;
//! * the pattern matches the text the expression describes: a *witness* built
//!   here from the cucumber-expression rules, independently of the compiler
//!   (escapes resolved, each optional taken or dropped, the first or the last
//!   alternative of each alternation, each parameter filled with a sample value).
//!   With no `{`, `(`, `/` or `\` the witness is `source` itself, so literal text
//!   matches itself. (Without parameters alone it need not: `cucumber(s)` does not
//!   match `^cucumber(?:s)?$`.);
//! * the pattern is anchored: the witness with a character the expression does not
//!   contain before or after it does not match;
//! * a `regex = "..."` pattern that `compile_regex` accepts compiles with
//!   `regex-lite` and has as many groups as it says;
//! * prefix and tail say what the pattern says, on the witnesses and on a probe
//!   text (the input after its first newline, the part before it being the
//!   source): a text the pattern matches starts with the prefix, and "starts
//!   with the prefix and the rest matches the tail" holds exactly when the
//!   pattern matches (the runtime matcher relies on both).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
#[path = "../../aspect-macros/src/expression.rs"]
mod expression;

use expression::{compile_expression, compile_regex, Compiled, ParamKind};

fuzz_target!(|input: &str| {
    check_expression(input);
    check_regex(input, "");
    if let Some((source, probe)) = input.split_once('\n') {
        if let Ok(compiled) = compile_expression(source) {
            let regex = regex_lite::Regex::new(&compiled.pattern).expect("checked by the macro");
            check_split(source, &compiled, &regex, probe);
            check_split(source, &compiled, &regex, &format!("{}{probe}", compiled.prefix));
        }
        check_regex(source, probe);
    }
});

/// The prefix and tail of `compiled` agree with its whole pattern on `text`.
fn check_split(source: &str, compiled: &Compiled, whole: &regex_lite::Regex, text: &str) {
    let matched = whole.is_match(text);
    if matched {
        assert!(
            text.starts_with(&compiled.prefix),
            "{source:?} → {:?} matches {text:?}, which lacks the prefix {:?}",
            compiled.pattern,
            compiled.prefix
        );
    }
    if let Some(tail) = &compiled.tail {
        let tail_regex = regex_lite::Regex::new(tail).expect("the macro compiled the tail");
        let split = text
            .strip_prefix(compiled.prefix.as_str())
            .is_some_and(|rest| tail_regex.is_match(rest));
        assert_eq!(
            split, matched,
            "{source:?} → {:?} (prefix {:?}, tail {tail:?}) on {text:?}",
            compiled.pattern, compiled.prefix
        );
    }
}

fn check_expression(source: &str) {
    let Ok(compiled) = compile_expression(source) else {
        return;
    };
    // The macro compiled it with regex-lite already: an accepted expression compiles.
    let regex = regex_lite::Regex::new(&compiled.pattern).unwrap_or_else(|e| {
        panic!(
            "{source:?} compiled to {:?}, which regex-lite rejects: {e}",
            compiled.pattern
        )
    });
    assert_eq!(
        regex.captures_len() - 1,
        compiled.params.len(),
        "{source:?} → {:?}: groups and parameters differ",
        compiled.pattern
    );
    assert!(
        compiled.params.iter().all(|p| *p != ParamKind::Regex),
        "{source:?}: a cucumber parameter became a regex group"
    );
    let literal = !source.contains(['{', '(', '/', '\\']);
    if literal {
        assert!(compiled.params.is_empty());
        assert!(
            regex.is_match(source),
            "{source:?} → {:?} does not match its own text",
            compiled.pattern
        );
    }
    let outside = ['\0', '\u{1}', '\u{7f}', '\u{10ffff}']
        .into_iter()
        .find(|c| !source.contains(*c));
    for (take_optionals, last_alternative) in
        [(true, false), (false, false), (true, true), (false, true)]
    {
        let text = witness(source, take_optionals, last_alternative);
        if literal {
            assert_eq!(text, source);
        }
        check_split(source, &compiled, &regex, &text);
        assert!(
            regex.is_match(&text),
            "{source:?} → {:?} does not match {text:?} (optionals {take_optionals}, last \
             alternative {last_alternative})",
            compiled.pattern
        );
        if let Some(c) = outside {
            for unanchored in [format!("{c}{text}"), format!("{text}{c}")] {
                check_split(source, &compiled, &regex, &unanchored);
                let open_ended = compiled.params.iter().any(|p| {
                    // `{}` and `{word}` can absorb the extra character at either end.
                    matches!(p, ParamKind::Anonymous | ParamKind::Word)
                });
                if !open_ended {
                    assert!(
                        !regex.is_match(&unanchored),
                        "{source:?} → {:?} is not anchored: it matches {unanchored:?}",
                        compiled.pattern
                    );
                }
            }
        }
    }
}

fn check_regex(source: &str, probe: &str) {
    let Ok(compiled) = compile_regex(source) else {
        return;
    };
    let regex = regex_lite::Regex::new(&compiled.pattern)
        .unwrap_or_else(|e| panic!("regex {source:?} passed the macro's check but regex-lite rejects it: {e}"));
    assert_eq!(
        regex.captures_len() - 1,
        compiled.params.len(),
        "regex {source:?}: groups counted wrongly"
    );
    for text in [probe, &format!("{}{probe}", compiled.prefix), source] {
        check_split(source, &compiled, &regex, text);
    }
}

/// One piece of an expression, read from the cucumber-expression rules.
enum Piece {
    Text(char),
    Space(char),
    Optional(String),
    Param(String),
    Slash,
}

/// A text the expression `source` (already accepted by the compiler) describes.
fn witness(source: &str, take_optionals: bool, last_alternative: bool) -> String {
    let mut pieces = Vec::new();
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        pieces.push(match c {
            '\\' => Piece::Text(chars.next().expect("accepted: escapes are complete")),
            '{' => Piece::Param(chars.by_ref().take_while(|&c| c != '}').collect()),
            '(' => {
                let mut text = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        ')' => break,
                        '\\' => text.push(chars.next().expect("accepted: escapes are complete")),
                        c => text.push(c),
                    }
                }
                Piece::Optional(text)
            }
            '/' => Piece::Slash,
            c if c.is_whitespace() => Piece::Space(c),
            c => Piece::Text(c),
        });
    }
    // Alternations are bounded by whitespace and parameters.
    let mut out = String::new();
    let mut word: Vec<&Piece> = Vec::new();
    let flush = |word: &mut Vec<&Piece>, out: &mut String| {
        let alternatives: Vec<&[&Piece]> = word.split(|p| matches!(p, Piece::Slash)).collect();
        let chosen = if last_alternative {
            alternatives[alternatives.len() - 1]
        } else {
            alternatives[0]
        };
        for piece in chosen {
            match piece {
                Piece::Text(c) => out.push(*c),
                Piece::Optional(text) if take_optionals => out.push_str(text),
                _ => {}
            }
        }
        word.clear();
    };
    for piece in &pieces {
        match piece {
            Piece::Space(c) => {
                flush(&mut word, &mut out);
                out.push(*c);
            }
            Piece::Param(name) => {
                flush(&mut word, &mut out);
                out.push_str(match name.as_str() {
                    "int" => "-42",
                    "float" => "3.5e2",
                    "word" => "w0rd",
                    "string" => "\"a b\"",
                    "" => "any thing",
                    other => panic!("accepted an unknown parameter type {other:?}"),
                });
            }
            other => word.push(other),
        }
    }
    flush(&mut word, &mut out);
    out
}
