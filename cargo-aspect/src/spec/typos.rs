//! Description lines that look like misspelled keywords.
//!
//! Gherkin reads any line it cannot place as description text, so `Scenaro: x`
//! after a `Feature:` line, or `Givne I have 5 gold` under a `Scenario:`, makes
//! a scenario or a step vanish without an error. The official parse must stay as
//! it is (conformance), so this module only *warns*, and only when a line is
//! very likely a keyword gone wrong, never for ordinary prose:
//!
//! - only keywords that could start a line at that point are considered (no
//!   `Feature:` in a description, step keywords only under a Background or a
//!   Scenario, `Examples:` only under a Scenario or Examples);
//! - a block keyword (`Scenario`, `Background`, `Examples`, `Rule`, …) counts only
//!   when the words before the line's first `:` are it, written with a small edit:
//!   none for a keyword of up to four letters but a different case or two swapped
//!   letters, one for five to seven letters, two from eight on (so `Rules:` and
//!   `Role:` stay prose, `Scenaro:` and `Backgound:` do not); or when it is
//!   exactly the keyword but a space keeps it from its colon (`Scenario :`);
//! - either way the first letter stays (`Samples:` is not `Examples:`) and a
//!   longer word that starts with the keyword is prose (`Givens`, `Backgrounds:`);
//! - a step keyword (`Given`, `When`, …) counts only for the line's first words,
//!   with the keyword's capital letter (prose that continues a sentence starts in
//!   lower case), at most one edit from five letters on and otherwise only two
//!   swapped letters (`Wehn`, never `The` for `Then`);
//! - a line that *is* a keyword, in a place where Gherkin does not accept it, is
//!   left alone: that is not a misspelling.
//!
//! It must not change what the parser produces, and must stay cheap: it looks at
//! description lines only, a few keywords each.

use super::languages::Dialect;
use super::lines::{is_ws, Line};
use super::Location;

/// A line the parser read as description text that looks like a keyword gone wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Warning {
    /// Where the line's text starts.
    pub location: Location,
    /// What it looks like and what it is read as.
    pub message: String,
}

/// The keyword lines Gherkin would accept where the description line is.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Expected {
    /// A step could be here (under a Background or a Scenario).
    pub steps: bool,
    /// A `Background:` could be here.
    pub background: bool,
    /// An `Examples:` could be here.
    pub examples: bool,
}

/// The warning for description line `line`, if it looks like a misspelled keyword
/// of `dialect` that could stand there.
pub(crate) fn misspelled_keyword(
    line: &Line<'_>,
    dialect: &Dialect,
    expected: Expected,
) -> Option<Warning> {
    let text = line.trimmed.trim_end_matches(is_ws);
    if text.is_empty() {
        return None;
    }
    let warn = |message: String| Warning {
        location: line.location(),
        message,
    };
    // A line that is a keyword of any kind is a keyword out of place, not a typo.
    let is_keyword = |head: &str, trailing: &str| {
        all_titles(dialect).any(|k| k == head)
            || dialect
                .steps
                .iter()
                .any(|(k, _)| k.trim_end_matches(is_ws) == head && k.len() > head.len())
                && trailing.starts_with(is_ws)
    };
    if let Some((head_raw, _)) = text.split_once(':') {
        let head = head_raw.trim_end_matches(is_ws);
        let background = expected.background.then_some(&dialect.background);
        let examples = expected.examples.then_some(&dialect.examples);
        let titles = || {
            background
                .into_iter()
                .flatten()
                .chain(examples.into_iter().flatten())
                .chain(&dialect.scenario)
                .chain(&dialect.rule)
        };
        if head != head_raw && titles().any(|k| k.as_str() == head) {
            return Some(warn(format!(
                "`{head_raw}:` is read as description text, not as a `{head}:` line: \
                 remove the space before the colon"
            )));
        }
        let close = titles()
            .filter(|k| near(head, k, false))
            .min_by_key(|k| distance(head, k));
        if let Some(keyword) = close.filter(|_| !is_keyword(head_raw, "")) {
            return Some(warn(format!(
                "`{head_raw}:` is not a keyword, so this line is description text and \
                 what follows is not a new block: did you mean `{keyword}:`?"
            )));
        }
    }
    if !expected.steps {
        return None;
    }
    let mut best: Option<(&str, &str, usize)> = None;
    for (keyword, _) in &dialect.steps {
        let word = keyword.trim_end_matches(is_ws);
        // `*`, and keywords glued to their text (no space in the language), are
        // no words to misspell.
        if word == "*" || word.len() == keyword.len() {
            continue;
        }
        let count = word.split(is_ws).count();
        let Some((head, rest)) = first_words(text, count) else {
            continue;
        };
        if rest.is_empty() {
            continue;
        }
        if near(head, word, true) && !is_keyword(head, rest) {
            let d = distance(head, word);
            if best.is_none_or(|(_, _, b)| d < b) {
                best = Some((head, word, d));
            }
        }
    }
    best.map(|(head, word, _)| {
        warn(format!(
            "`{head}` is not a step keyword, so this line is description text, not a step: \
             did you mean `{word}`?"
        ))
    })
}

/// Every title keyword of the dialect, `Feature` included.
fn all_titles(dialect: &Dialect) -> impl Iterator<Item = &String> {
    dialect
        .feature
        .iter()
        .chain(&dialect.background)
        .chain(&dialect.scenario)
        .chain(&dialect.examples)
        .chain(&dialect.rule)
}

/// The first `count` words of `text` and what follows them (its leading space kept).
fn first_words(text: &str, count: usize) -> Option<(&str, &str)> {
    let mut end = 0;
    for i in 0..count {
        let rest = &text[end..];
        let start = if i == 0 {
            0
        } else {
            rest.len() - rest.trim_start_matches(is_ws).len()
        };
        let word = &rest[start..];
        let len = word.find(is_ws).unwrap_or(word.len());
        if len == 0 {
            return None;
        }
        end += start + len;
    }
    Some((&text[..end], &text[end..]))
}

/// Whether `written` is `keyword` with a small edit (see the module doc); `step`
/// also asks for the keyword's capital letter.
fn near(written: &str, keyword: &str, step: bool) -> bool {
    let letters = keyword.chars().count();
    let written_letters = written.chars().count();
    if written_letters.abs_diff(letters) > 2 || written == keyword {
        return false;
    }
    let capital = |s: &str| s.chars().next().is_some_and(char::is_uppercase);
    if step && capital(keyword) && !capital(written) {
        return false;
    }
    // Typos keep the first letter (`Samples` is not `Examples`), unless they swap
    // it with the second. Checked before anything allocates: most lines stop here.
    let first = |s: &str| s.chars().next().map(|c| c.to_lowercase().next());
    let swap = is_swap(written, keyword);
    if first(written) != first(keyword) && !swap {
        return false;
    }
    // A plural or a longer word (`Givens`, `Backgrounds`) is prose.
    let (lower, keyword_lower) = (written.to_lowercase(), keyword.to_lowercase());
    if lower.starts_with(&keyword_lower) && lower != keyword_lower {
        return false;
    }
    if letters <= 4 {
        let case_only = !step && lower == keyword_lower;
        return case_only || swap;
    }
    let allowed = if step || letters < 8 { 1 } else { 2 };
    distance(written, keyword) <= allowed
}

/// Whether `a` is `b` with two neighbouring letters swapped.
fn is_swap(a: &str, b: &str) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut diff = a
        .chars()
        .zip(b.chars())
        .enumerate()
        .filter(|(_, (x, y))| x != y);
    match (diff.next(), diff.next(), diff.next()) {
        (Some((i, (a1, b1))), Some((j, (a2, b2))), None) => j == i + 1 && a1 == b2 && a2 == b1,
        _ => false,
    }
}

/// Edits (insert, delete, substitute, swap two neighbours) from `a` to `b`,
/// ignoring case: the optimal string alignment distance.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        d[i * width] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::super::languages::{dialect, english};
    use super::super::lines::split;
    use super::*;

    const SCENARIO: Expected = Expected {
        steps: true,
        background: false,
        examples: true,
    };
    const FEATURE: Expected = Expected {
        steps: false,
        background: true,
        examples: false,
    };

    fn check(text: &str, expected: Expected) -> Option<String> {
        check_in(english(), text, expected)
    }

    fn check_in(dialect: &Dialect, text: &str, expected: Expected) -> Option<String> {
        let lines = split(text);
        misspelled_keyword(&lines[0], dialect, expected).map(|w| w.message)
    }

    #[test]
    fn misspelled_block_keywords_warn() {
        for (line, keyword) in [
            ("  Scenaro: x", "Scenario:"),
            ("Senario: x", "Scenario:"),
            ("Scenraio: buying", "Scenario:"),
            ("scenario: lower case", "Scenario:"),
            ("Scenario Outlin: rows", "Scenario Outline:"),
            ("Backgound:", "Background:"),
            ("Exmaple: one", "Example:"),
            ("rule: shops close at night", "Rule:"),
            ("Rlue: swapped", "Rule:"),
        ] {
            let message = check(line, FEATURE).unwrap_or_else(|| panic!("{line}: no warning"));
            assert!(
                message.contains(&format!("did you mean `{keyword}`")),
                "{line}: {message}"
            );
        }
        let message = check("Exampels:", SCENARIO).expect("Examples under a scenario");
        assert!(message.contains("`Examples:`"), "{message}");
        let message = check("Scenario : spaced", FEATURE).expect("space before the colon");
        assert!(message.contains("remove the space"), "{message}");
    }

    #[test]
    fn misspelled_step_keywords_warn_where_a_step_could_be() {
        for (line, keyword) in [
            ("Givne I have 5 gold", "Given"),
            ("Gvien I have 5 gold", "Given"),
            ("Wehn I buy a mine", "When"),
            ("Thne I have 0 gold", "Then"),
            ("Adn I have 0 mines", "And"),
        ] {
            let message = check(line, SCENARIO).unwrap_or_else(|| panic!("{line}: no warning"));
            assert!(
                message.contains(&format!("did you mean `{keyword}`")),
                "{line}: {message}"
            );
            assert!(message.contains("not a step"), "{message}");
            assert_eq!(
                check(line, FEATURE),
                None,
                "no step can stand under a Feature"
            );
        }
    }

    #[test]
    fn ordinary_prose_does_not_warn() {
        for line in [
            "As a player I want to buy generators",
            "In order to grow my income",
            "The price of a mine grows with every purchase",
            "Then again, a mine is cheap.",
            "They pay in gold",
            "Them and us",
            "When-ever",
            "and the price goes up",
            "given enough gold, the player buys",
            "but only once",
            "Note: prices are in gold",
            "Rules: one purchase per turn",
            "Role: game designer",
            "Scenarios: buying, selling",
            "Features: fast, safe",
            "Examples: see the table",
            "Background: the shop is open",
            "Scenery: a gold mine",
            "Givens are what a scenario starts from",
            "Giving gold away",
            "Samples: one per generator",
            "Backgrounds: forest, desert",
            "Given",
            "See https://example.com: the docs",
            ":",
        ] {
            assert_eq!(check(line, SCENARIO), None, "{line:?} under a Scenario");
            assert_eq!(check(line, FEATURE), None, "{line:?} under a Feature");
        }
    }

    #[test]
    fn the_file_language_is_used() {
        let fr = dialect("fr").expect("fr");
        let message = check_in(fr, "Scénari: acheter", FEATURE).expect("Scénario");
        assert!(message.contains("`Scénario:`"), "{message}");
        let message = check_in(fr, "Soti que j'ai 5 or", SCENARIO).expect("Soit");
        assert!(message.contains("did you mean `Soit`"), "{message}");
        // English keywords mean nothing in a French file: prose.
        assert_eq!(check_in(fr, "Givne I have 5 gold", SCENARIO), None);
    }

    #[test]
    fn distances_count_swaps_as_one_edit() {
        assert_eq!(distance("Givne", "Given"), 1);
        assert_eq!(distance("scenaro", "Scenario"), 1);
        assert_eq!(distance("The", "Then"), 1);
        assert!(!near("The", "Then", true));
        assert!(is_swap("Wehn", "When"));
        assert!(!is_swap("Wen", "When"));
    }
}
