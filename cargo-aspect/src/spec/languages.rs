//! Gherkin's keywords in every language, for `# language: xx` headers.
//!
//! Gherkin keywords (`Feature`, `Given`, …) are translated into some 70 languages.
//! English is built in directly (the common case costs nothing); the other
//! languages come from `gherkin-languages.json`, parsed once, on the first request
//! for a language other than English.
//!
//! The table is read by a small reader of exactly its shape (an object of
//! objects of strings and string lists) rather than serde_json: the runtime
//! compiles without serde, which was a fifth of a harness's clean build.
//!
//! `gherkin-languages.json` is cucumber's official keyword table
//! (<https://github.com/cucumber/gherkin/blob/main/gherkin-languages.json>), data
//! used under the MIT license: Copyright (c) Cucumber Ltd, Gaspar Nagy, Björn
//! Rasmusson, Peter Sergeant and contributors. Permission is hereby granted, free of
//! charge, to any person obtaining a copy of this software and associated
//! documentation files, to deal in the Software without restriction, subject to
//! including the copyright notice and this permission notice in all copies or
//! substantial portions of the Software.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::ast::KeywordType;

/// The keywords of one language, each list sorted longest first so that a keyword
/// which is a prefix of another (`Sipoze ` / `Sipoze ke `) never hides it.
#[derive(Debug)]
pub(crate) struct Dialect {
    /// The language code (`en`, `fr`, `en-lol`…).
    pub code: String,
    /// `Feature` and its synonyms.
    pub feature: Vec<String>,
    /// `Background`.
    pub background: Vec<String>,
    /// `Scenario`, `Example`, `Scenario Outline`, `Scenario Template`…
    pub scenario: Vec<String>,
    /// `Examples`, `Scenarios`.
    pub examples: Vec<String>,
    /// `Rule`.
    pub rule: Vec<String>,
    /// Step keywords with their trailing space where the language has one
    /// (`Given `, `* `), and their type.
    pub steps: Vec<(String, KeywordType)>,
    /// The first keyword of Given, When, Then, And, But that is not `*`, trimmed, then
    /// `*`: for messages that tell what a step starts with.
    pub step_names: Vec<String>,
    /// The main keyword of each title list (`Feature`, `Background`, `Scenario`,
    /// `Examples`, `Rule`): for messages.
    pub names: Names,
}

/// The main title keywords of a language, for messages.
#[derive(Debug)]
pub(crate) struct Names {
    /// `Feature`.
    pub feature: String,
    /// `Background`.
    pub background: String,
    /// `Scenario`.
    pub scenario: String,
    /// `Examples`.
    pub examples: String,
    /// `Rule`.
    pub rule: String,
}

/// The keyword lists as written in the JSON file.
#[derive(Default)]
struct RawDialect {
    feature: Vec<String>,
    background: Vec<String>,
    scenario: Vec<String>,
    /// `scenarioOutline` in the file.
    scenario_outline: Vec<String>,
    examples: Vec<String>,
    rule: Vec<String>,
    given: Vec<String>,
    when: Vec<String>,
    then: Vec<String>,
    and: Vec<String>,
    but: Vec<String>,
}

/// The dialect for a `# language:` code, `None` when the language is unknown.
pub(crate) fn dialect(code: &str) -> Option<&'static Dialect> {
    if code == "en" {
        return Some(english());
    }
    all().get(code)
}

/// English, built without touching the JSON table.
pub(crate) fn english() -> &'static Dialect {
    static EN: OnceLock<Dialect> = OnceLock::new();
    EN.get_or_init(|| {
        let list = |words: &[&str]| words.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>();
        build(
            "en",
            RawDialect {
                feature: list(&["Feature", "Business Need", "Ability"]),
                background: list(&["Background"]),
                scenario: list(&["Example", "Scenario"]),
                scenario_outline: list(&["Scenario Outline", "Scenario Template"]),
                examples: list(&["Examples", "Scenarios"]),
                rule: list(&["Rule"]),
                given: list(&["* ", "Given "]),
                when: list(&["* ", "When "]),
                then: list(&["* ", "Then "]),
                and: list(&["* ", "And "]),
                but: list(&["* ", "But "]),
            },
        )
    })
}

/// Every language of the JSON table, parsed on first use.
fn all() -> &'static HashMap<String, Dialect> {
    static ALL: OnceLock<HashMap<String, Dialect>> = OnceLock::new();
    ALL.get_or_init(|| {
        let raw = read_table(include_str!("gherkin-languages.json")).unwrap_or_default();
        raw.into_iter()
            .map(|(code, raw)| {
                let dialect = build(&code, raw);
                (code, dialect)
            })
            .collect()
    })
}

/// The languages of the JSON table by code, `None` if the text is not an object
/// of objects whose values are strings or lists of strings.
fn read_table(text: &str) -> Option<Vec<(String, RawDialect)>> {
    let mut json = Json {
        rest: text.trim_start(),
    };
    let mut languages = Vec::new();
    json.object(|json, code| {
        let mut raw = RawDialect::default();
        json.object(|json, key| {
            let list = match key.as_str() {
                "feature" => &mut raw.feature,
                "background" => &mut raw.background,
                "scenario" => &mut raw.scenario,
                "scenarioOutline" => &mut raw.scenario_outline,
                "examples" => &mut raw.examples,
                "rule" => &mut raw.rule,
                "given" => &mut raw.given,
                "when" => &mut raw.when,
                "then" => &mut raw.then,
                "and" => &mut raw.and,
                "but" => &mut raw.but,
                // `name`, `native`: a string, unused.
                _ => return json.string().map(drop),
            };
            *list = json.strings()?;
            Some(())
        })?;
        languages.push((code, raw));
        Some(())
    })?;
    json.rest.is_empty().then_some(languages)
}

/// A cursor over the keyword table's JSON: objects, lists of strings, strings.
struct Json<'a> {
    /// What is left to read, never starting with whitespace.
    rest: &'a str,
}

impl Json<'_> {
    /// Consume `token` and the whitespace after it, if the text starts with it.
    fn eat(&mut self, token: char) -> bool {
        let found = self.rest.starts_with(token);
        if found {
            self.rest = self.rest[token.len_utf8()..].trim_start();
        }
        found
    }

    /// `{ "key": value, ... }`, calling `value` with each key to read its value.
    fn object(&mut self, mut value: impl FnMut(&mut Self, String) -> Option<()>) -> Option<()> {
        self.eat('{').then_some(())?;
        let mut first = true;
        while !self.eat('}') {
            if !first {
                self.eat(',').then_some(())?;
            }
            first = false;
            let key = self.string()?;
            self.eat(':').then_some(())?;
            value(self, key)?;
        }
        Some(())
    }

    /// `[ "a", "b", ... ]`.
    fn strings(&mut self) -> Option<Vec<String>> {
        self.eat('[').then_some(())?;
        let mut list = Vec::new();
        while !self.eat(']') {
            if !list.is_empty() {
                self.eat(',').then_some(())?;
            }
            list.push(self.string()?);
        }
        Some(list)
    }

    /// A string with JSON's escapes (`\u` ones outside the BMP as surrogate pairs).
    fn string(&mut self) -> Option<String> {
        let mut chars = self.rest.strip_prefix('"')?.char_indices();
        let mut text = String::new();
        let end = loop {
            let (at, c) = chars.next()?;
            match c {
                '"' => break at + 2,
                '\\' => {
                    let escaped = match chars.next()?.1 {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        'b' => '\u{8}',
                        'f' => '\u{c}',
                        'u' => {
                            let unit = hex4(&mut chars)?;
                            let code = if (0xD800..0xDC00).contains(&unit) {
                                let (Some((_, '\\')), Some((_, 'u'))) =
                                    (chars.next(), chars.next())
                                else {
                                    return None;
                                };
                                let low = hex4(&mut chars)?.checked_sub(0xDC00)?;
                                0x10000 + ((unit - 0xD800) << 10) + low
                            } else {
                                unit
                            };
                            char::from_u32(code)?
                        }
                        other => other,
                    };
                    text.push(escaped);
                }
                c => text.push(c),
            }
        };
        self.rest = self.rest[end..].trim_start();
        Some(text)
    }
}

/// The four hex digits of a `\u` escape.
fn hex4(chars: &mut std::str::CharIndices<'_>) -> Option<u32> {
    let digits: String = chars.take(4).map(|(_, c)| c).collect();
    u32::from_str_radix(&digits, 16).ok()
}

/// Sort the keyword lists longest first and type the step keywords.
fn build(code: &str, raw: RawDialect) -> Dialect {
    fn sorted(mut words: Vec<String>) -> Vec<String> {
        words.sort_by_key(|w| std::cmp::Reverse(w.len()));
        words.dedup();
        words
    }
    // As the official token matcher: a keyword listed under more than one step type
    // (`* ` is under all five; `And ` and `But ` count as one type, Conjunction, but
    // a keyword under both counts twice) is of type Unknown.
    let mut typed: Vec<(String, Vec<KeywordType>)> = Vec::new();
    let mut step_names: Vec<String> = Vec::new();
    for words in [&raw.given, &raw.when, &raw.then, &raw.and, &raw.but] {
        if let Some(word) = words.iter().map(|w| w.trim()).find(|w| *w != "*") {
            if !step_names.iter().any(|n| n == word) {
                step_names.push(word.to_owned());
            }
        }
    }
    step_names.push("*".to_owned());
    let lists = [
        (raw.given, KeywordType::Context),
        (raw.when, KeywordType::Action),
        (raw.then, KeywordType::Outcome),
        (raw.and, KeywordType::Conjunction),
        (raw.but, KeywordType::Conjunction),
    ];
    for (words, ty) in lists {
        for word in words {
            match typed.iter_mut().find(|(w, _)| *w == word) {
                Some((_, types)) => types.push(ty),
                None => typed.push((word, vec![ty])),
            }
        }
    }
    let mut steps: Vec<(String, KeywordType)> = typed
        .into_iter()
        .map(|(word, types)| {
            let ty = if types.len() == 1 {
                types[0]
            } else {
                KeywordType::Unknown
            };
            (word, ty)
        })
        .collect();
    steps.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));

    let first = |words: &[String], default: &str| {
        words
            .first()
            .map_or_else(|| default.to_owned(), Clone::clone)
    };
    let names = Names {
        feature: first(&raw.feature, "Feature"),
        background: first(&raw.background, "Background"),
        // The table lists `Example` before `Scenario` (in most languages too).
        scenario: raw
            .scenario
            .last()
            .map_or_else(|| "Scenario".to_owned(), Clone::clone),
        examples: first(&raw.examples, "Examples"),
        rule: first(&raw.rule, "Rule"),
    };
    let mut scenario = raw.scenario;
    scenario.extend(raw.scenario_outline);
    Dialect {
        code: code.to_owned(),
        feature: sorted(raw.feature),
        background: sorted(raw.background),
        scenario: sorted(scenario),
        examples: sorted(raw.examples),
        rule: sorted(raw.rule),
        steps,
        step_names,
        names,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand reader reads the table exactly as serde_json does.
    #[test]
    fn the_table_reads_as_serde_json_reads_it() {
        use std::collections::BTreeMap;
        let text = include_str!("gherkin-languages.json");
        let serde: BTreeMap<String, BTreeMap<String, serde_json::Value>> =
            serde_json::from_str(text).expect("the table is JSON");
        let ours = read_table(text).expect("the table reads");
        assert_eq!(ours.len(), serde.len());
        let strings = |v: &serde_json::Value| -> Vec<String> {
            v.as_array()
                .expect("a list")
                .iter()
                .map(|s| s.as_str().expect("a string").to_owned())
                .collect()
        };
        for (code, raw) in &ours {
            let lang = &serde[code];
            for (key, list) in [
                ("feature", &raw.feature),
                ("background", &raw.background),
                ("scenario", &raw.scenario),
                ("scenarioOutline", &raw.scenario_outline),
                ("examples", &raw.examples),
                ("rule", &raw.rule),
                ("given", &raw.given),
                ("when", &raw.when),
                ("then", &raw.then),
                ("and", &raw.and),
                ("but", &raw.but),
            ] {
                assert_eq!(*list, strings(&lang[key]), "{code}.{key}");
            }
        }
    }

    #[test]
    fn the_reader_takes_escapes_and_refuses_what_is_not_the_shape() {
        let read = |text: &str| {
            read_table(text).map(|t| t.into_iter().map(|(c, r)| (c, r.given)).collect::<Vec<_>>())
        };
        assert_eq!(
            read(
                r#" { "x" : { "given" : [ "a\"b\\c\u00e9\ud83d\ude00\n" , "d" ], "name": "X" } } "#
            ),
            Some(vec![(
                "x".to_owned(),
                vec!["a\"b\\c\u{e9}\u{1f600}\n".to_owned(), "d".to_owned()]
            )])
        );
        for bad in [
            r#"{"x": {"given": "a"}}"#,
            r#"{"x": {"given": ["a",]}}"#,
            r#"{"x": {}} x"#,
            r#"{"x": {"given": ["a"#,
            r#"{"x": {"given": ["\ud83d"]}}"#,
            "",
        ] {
            assert!(read(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn english_matches_the_table() {
        let table = all().get("en").expect("en in the table");
        let en = english();
        assert_eq!(en.feature, table.feature);
        assert_eq!(en.scenario, table.scenario);
        assert_eq!(en.steps, table.steps);
        assert_eq!(en.examples, table.examples);
    }

    #[test]
    fn keywords_are_longest_first_and_typed() {
        let ht = dialect("ht").expect("ht");
        let pos = |k: &str| ht.steps.iter().position(|(w, _)| w == k).expect(k);
        assert!(pos("Sipoze ke ") < pos("Sipoze "));
        let en = english();
        assert!(en.scenario[0] == "Scenario Outline" || en.scenario[0] == "Scenario Template");
        let star = en.steps.iter().find(|(w, _)| w == "* ").expect("*");
        assert_eq!(star.1, KeywordType::Unknown);
        let and = en.steps.iter().find(|(w, _)| w == "And ").expect("And");
        assert_eq!(and.1, KeywordType::Conjunction);
        assert_eq!(en.step_names, ["Given", "When", "Then", "And", "But", "*"]);
        assert!(dialect("no-such").is_none());
        assert_eq!(en.names.feature, "Feature");
        assert_eq!(en.names.scenario, "Scenario");
        assert_eq!(all().len(), 77);
    }
}
