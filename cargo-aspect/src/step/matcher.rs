//! Finds the one step definition whose expression matches a step's text.
//!
//! Matching must stay cheap with hundreds of definitions, so each keyword gets one
//! `RegexSet` built once per run: a step is matched against every pattern in a
//! single pass, and only the matching definition's own `Regex` is compiled (lazily,
//! once) to extract captures. Steps match by keyword: a `Given` step matches
//! `#[given]` definitions; a `*` step (kind Unknown) matches any keyword.

use std::any::TypeId;
use std::sync::OnceLock;

use regex::{Regex, RegexSet};

use super::{ParamKind, StepDef, StepKeyword};
use crate::spec::StepKind;

/// The outcome of matching one step's text.
#[derive(Debug)]
pub enum Match<'m> {
    /// Exactly one definition matches; the captures are ready for [`super::StepContext`].
    Found {
        /// The matching definition.
        def: &'static StepDef,
        /// One entry per parameter, `{string}` quotes stripped.
        captures: Vec<Option<String>>,
    },
    /// No definition of this keyword matches. `other_keywords` lists definitions of
    /// other keywords that would have matched, to explain the miss.
    Undefined {
        /// Definitions registered under another keyword whose pattern matches.
        other_keywords: Vec<&'m StepDef>,
    },
    /// More than one definition matches.
    Ambiguous(Vec<&'static StepDef>),
}

/// All step definitions of one World, indexed for matching.
#[derive(Debug)]
pub struct Matcher {
    defs: Vec<&'static StepDef>,
    /// Per keyword (Given, When, Then): the definitions' indexes and their set.
    sets: [KeywordSet; 3],
    regexes: Vec<OnceLock<Regex>>,
}

#[derive(Debug)]
struct KeywordSet {
    members: Vec<usize>,
    set: RegexSet,
}

/// A pattern that the regex crate refuses (only possible for a hand-built `StepDef`,
/// since the macros validate patterns at compile time).
#[derive(Debug, thiserror::Error)]
#[error("step definition {def} has a pattern the regex engine rejects: {source}")]
pub struct PatternError {
    def: String,
    #[source]
    source: regex::Error,
}

impl Matcher {
    /// Index every registered definition for the World `world`.
    ///
    /// # Errors
    /// A [`PatternError`] when a pattern does not compile.
    pub fn for_world(world: TypeId) -> Result<Self, PatternError> {
        Self::new(StepDef::all().filter(|d| (d.world)() == world).collect())
    }

    /// Index the given definitions.
    ///
    /// # Errors
    /// A [`PatternError`] when a pattern does not compile.
    pub fn new(mut defs: Vec<&'static StepDef>) -> Result<Self, PatternError> {
        // Registration order depends on the linker; sort so every report is stable.
        defs.sort_by(|a, b| (a.file, a.line, a.column).cmp(&(b.file, b.line, b.column)));
        let keyword_set = |keyword: StepKeyword| -> Result<KeywordSet, PatternError> {
            let members: Vec<usize> = (0..defs.len())
                .filter(|&i| defs[i].keyword == keyword)
                .collect();
            let set = RegexSet::new(members.iter().map(|&i| defs[i].pattern)).map_err(|e| {
                // Find the culprit so the message names it.
                let def = members
                    .iter()
                    .map(|&i| defs[i])
                    .find(|d| Regex::new(d.pattern).is_err())
                    .map_or_else(String::new, ToString::to_string);
                PatternError { def, source: e }
            })?;
            Ok(KeywordSet { members, set })
        };
        let sets = [
            keyword_set(StepKeyword::Given)?,
            keyword_set(StepKeyword::When)?,
            keyword_set(StepKeyword::Then)?,
        ];
        let regexes = defs.iter().map(|_| OnceLock::new()).collect();
        Ok(Matcher {
            defs,
            sets,
            regexes,
        })
    }

    /// The definitions this matcher knows, sorted by source location.
    pub fn definitions(&self) -> &[&'static StepDef] {
        &self.defs
    }

    /// Match a step's text for a step of kind `kind`.
    pub fn find(&self, kind: StepKind, text: &str) -> Match<'_> {
        let sets: &[&KeywordSet] = match kind {
            StepKind::Given => &[&self.sets[0]],
            StepKind::When => &[&self.sets[1]],
            StepKind::Then => &[&self.sets[2]],
            StepKind::Unknown => &[&self.sets[0], &self.sets[1], &self.sets[2]],
        };
        let hits: Vec<usize> = sets.iter().flat_map(|s| s.hits(text)).collect();
        match hits.as_slice() {
            [] => Match::Undefined {
                other_keywords: self
                    .sets
                    .iter()
                    .flat_map(|s| s.hits(text))
                    .map(|i| self.defs[i])
                    .collect(),
            },
            &[index] => Match::Found {
                def: self.defs[index],
                captures: self.captures(index, text),
            },
            many => Match::Ambiguous(many.iter().map(|&i| self.defs[i]).collect()),
        }
    }

    fn captures(&self, index: usize, text: &str) -> Vec<Option<String>> {
        let def = self.defs[index];
        let regex = self.regexes[index].get_or_init(|| {
            // Compiled already as part of the set, so this cannot fail.
            Regex::new(def.pattern).expect("pattern compiled in the RegexSet")
        });
        let Some(caps) = regex.captures(text) else {
            return Vec::new();
        };
        caps.iter()
            .skip(1)
            .enumerate()
            .map(|(i, m)| {
                let kind = def.params.get(i).copied().unwrap_or(ParamKind::Regex);
                m.map(|m| unquote(kind, m.as_str()))
            })
            .collect()
    }
}

impl KeywordSet {
    fn hits<'a>(&'a self, text: &str) -> impl Iterator<Item = usize> + 'a {
        let matches = self.set.matches(text);
        matches.into_iter().map(|i| self.members[i])
    }
}

/// Strip the quotes of a `{string}` capture and resolve `\"`, `\'` and `\\`.
fn unquote(kind: ParamKind, raw: &str) -> String {
    if kind != ParamKind::String || raw.len() < 2 {
        return raw.to_owned();
    }
    let inner = &raw[1..raw.len() - 1];
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match (c, chars.clone().next()) {
            ('\\', Some(next @ ('"' | '\'' | '\\'))) => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::step::{StepContext, StepFailure};
    use std::any::Any;

    fn noop(_: &mut dyn Any, _: &StepContext<'_>) -> Result<(), StepFailure> {
        Ok(())
    }

    fn def(
        keyword: StepKeyword,
        pattern: &'static str,
        params: &'static [ParamKind],
        line: u32,
    ) -> &'static StepDef {
        Box::leak(Box::new(StepDef {
            keyword,
            expression: pattern,
            is_regex: true,
            pattern,
            params,
            world: crate::step::type_id_of::<()>,
            world_name: "()",
            func: noop,
            fn_name: "f",
            file: "steps.rs",
            line,
            column: 1,
        }))
    }

    #[test]
    fn finds_the_one_match_with_captures() {
        let m = Matcher::new(vec![
            def(
                StepKeyword::Given,
                r"^I have (-?[0-9]+) gold$",
                &[ParamKind::Int],
                1,
            ),
            def(
                StepKeyword::Given,
                r"^I have a (.*)$",
                &[ParamKind::Anonymous],
                2,
            ),
        ])
        .unwrap();
        match m.find(StepKind::Given, "I have 50 gold") {
            Match::Found { def, captures } => {
                assert_eq!(def.line, 1);
                assert_eq!(captures, vec![Some("50".to_owned())]);
            }
            other => panic!("expected a match, got {other:?}"),
        }
    }

    #[test]
    fn keywords_do_not_cross_but_star_matches_any() {
        let m = Matcher::new(vec![def(StepKeyword::When, r"^I buy$", &[], 1)]).unwrap();
        match m.find(StepKind::Given, "I buy") {
            Match::Undefined { other_keywords } => assert_eq!(other_keywords.len(), 1),
            other => panic!("expected undefined, got {other:?}"),
        }
        assert!(matches!(
            m.find(StepKind::Unknown, "I buy"),
            Match::Found { .. }
        ));
    }

    #[test]
    fn two_matches_are_ambiguous() {
        let m = Matcher::new(vec![
            def(
                StepKeyword::Then,
                r"^I have (.*) gold$",
                &[ParamKind::Anonymous],
                2,
            ),
            def(
                StepKeyword::Then,
                r"^I have (\d+) gold$",
                &[ParamKind::Regex],
                1,
            ),
        ])
        .unwrap();
        match m.find(StepKind::Then, "I have 3 gold") {
            Match::Ambiguous(defs) => {
                // Sorted by source location, not by registration order.
                assert_eq!(defs.iter().map(|d| d.line).collect::<Vec<_>>(), [1, 2]);
            }
            other => panic!("expected ambiguous, got {other:?}"),
        }
    }

    #[test]
    fn string_params_lose_their_quotes() {
        assert_eq!(unquote(ParamKind::String, r#""a \"b\" c""#), r#"a "b" c"#);
        assert_eq!(unquote(ParamKind::String, "'it\\'s'"), "it's");
        assert_eq!(unquote(ParamKind::Word, "\"x\""), "\"x\"");
    }

    #[test]
    fn a_bad_pattern_is_an_error_not_a_panic() {
        let err = Matcher::new(vec![def(StepKeyword::Given, "(", &[], 7)]).unwrap_err();
        assert!(err.to_string().contains("steps.rs:7"), "{err}");
    }
}
