//! Ready-to-paste step functions for undefined steps.
//!
//! cucumber-rs passes undefined steps silently; we fail them, and the failure is
//! only useful if it hands the user the function to write. The snippet infers a
//! cucumber expression from the text: numbers become `{int}`/`{float}`, quoted
//! text becomes `{string}`, and characters the expression language reserves are
//! escaped so the expression matches the text it came from.

use std::fmt::Write as _;

use crate::spec::{StepArgument, StepKind};

/// A `#[given]`/`#[when]`/`#[then]` function that would match `text`: for
/// `Given I have 50 gold`, `#[given("I have {int} gold")]` over
/// `fn i_have_gold(world: &mut IdleWorld, int1: i64)`.
pub fn snippet(
    kind: StepKind,
    text: &str,
    argument: Option<&StepArgument>,
    world_name: &str,
) -> String {
    let attribute = match kind {
        StepKind::Given | StepKind::Unknown => "given",
        StepKind::When => "when",
        StepKind::Then => "then",
    };
    let (expression, params, words) = infer(text);
    let mut name = words.join("_");
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "step_");
    }
    let mut args = format!("world: &mut {world_name}");
    let mut counts = [0usize; 3];
    for param in &params {
        let (label, ty, slot) = match param {
            Param::Int => ("int", "i64", 0),
            Param::Float => ("float", "f64", 1),
            Param::String => ("string", "String", 2),
        };
        counts[slot] += 1;
        let _ = write!(args, ", {label}{}: {ty}", counts[slot]);
    }
    match argument {
        Some(StepArgument::DataTable(_)) => args.push_str(", table: &aspect::DataTable"),
        Some(StepArgument::DocString(_)) => args.push_str(", doc: &aspect::DocString"),
        None => {}
    }
    format!(
        "#[{attribute}({expression:?})]\nfn {name}({args}) {{\n    todo!(\"{}\")\n}}",
        escape_for_todo(text)
    )
}

enum Param {
    Int,
    Float,
    String,
}

/// Split `text` into an expression, its parameters, and the words for a function name.
fn infer(text: &str) -> (String, Vec<Param>, Vec<String>) {
    let mut expression = String::with_capacity(text.len() + 8);
    let mut params = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let at_word_start = i == 0 || !chars[i - 1].is_alphanumeric();
        if (c == '"' || c == '\'') && at_word_start {
            if let Some(end) = closing_quote(&chars, i) {
                expression.push_str("{string}");
                params.push(Param::String);
                i = end + 1;
                continue;
            }
        }
        if at_word_start && (c.is_ascii_digit() || (c == '-' && next_is_digit(&chars, i))) {
            let (end, is_float) = number_end(&chars, i);
            let ends_word = end == chars.len() || !chars[end].is_alphanumeric();
            if ends_word {
                expression.push_str(if is_float { "{float}" } else { "{int}" });
                params.push(if is_float { Param::Float } else { Param::Int });
                i = end;
                continue;
            }
        }
        if c.is_alphanumeric() {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            expression.push_str(&word);
            let ident: String = word
                .to_lowercase()
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect();
            if !ident.is_empty() && words.len() < 8 {
                words.push(ident);
            }
            continue;
        }
        if matches!(c, '(' | ')' | '{' | '}' | '/' | '\\') {
            expression.push('\\');
        }
        expression.push(c);
        i += 1;
    }
    (expression, params, words)
}

fn closing_quote(chars: &[char], open: usize) -> Option<usize> {
    let quote = chars[open];
    let mut i = open + 1;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            c if c == quote => return Some(i),
            _ => i += 1,
        }
    }
    None
}

fn next_is_digit(chars: &[char], i: usize) -> bool {
    chars.get(i + 1).is_some_and(char::is_ascii_digit)
}

fn number_end(chars: &[char], start: usize) -> (usize, bool) {
    let mut i = start + 1;
    let mut is_float = false;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            i += 1;
        } else if chars[i] == '.' && !is_float && next_is_digit(chars, i) {
            is_float = true;
            i += 1;
        } else {
            break;
        }
    }
    (i, is_float)
}

fn escape_for_todo(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('{', "{{")
        .replace('}', "}}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_example() {
        let s = snippet(StepKind::Given, "I have 50 gold", None, "IdleWorld");
        assert!(s.contains(r#"#[given("I have {int} gold")]"#), "{s}");
        assert!(
            s.contains("fn i_have_gold(world: &mut IdleWorld, int1: i64)"),
            "{s}"
        );
    }

    #[test]
    fn numbers_and_strings_become_parameters() {
        let s = snippet(
            StepKind::When,
            r#"I buy 2 "gold mine" for 1.5 gold"#,
            None,
            "W",
        );
        assert!(
            s.starts_with(r#"#[when("I buy {int} {string} for {float} gold")]"#),
            "{s}"
        );
        assert!(
            s.contains("fn i_buy_for_gold(world: &mut W, int1: i64, string1: String, float1: f64)"),
            "{s}"
        );
    }

    #[test]
    fn reserved_characters_are_escaped() {
        let s = snippet(StepKind::Then, "the rate (per second) is a/b", None, "W");
        assert!(s.contains(r#"the rate \\(per second\\) is a\\/b"#), "{s}");
    }

    #[test]
    fn words_glued_to_digits_stay_text() {
        let s = snippet(StepKind::Given, "level v2 and 3rd mine", None, "W");
        assert!(s.contains(r#""level v2 and 3rd mine""#), "{s}");
    }

    #[test]
    fn arguments_add_a_parameter_and_unknown_is_given() {
        let table = StepArgument::DataTable(crate::spec::DataTable {
            rows: vec![],
            location: Default::default(),
        });
        let s = snippet(StepKind::Unknown, "the shop lists:", Some(&table), "W");
        assert!(s.starts_with("#[given("), "{s}");
        assert!(s.contains("table: &aspect::DataTable"), "{s}");
    }

    #[test]
    fn negative_numbers_are_ints() {
        let s = snippet(StepKind::Given, "I have -5 gold", None, "W");
        assert!(s.contains("{int}"), "{s}");
    }
}
