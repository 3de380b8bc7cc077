//! Finds the one step definition whose expression matches a step's text.
//!
//! Matching must stay cheap with hundreds of definitions and must not cost a
//! big regex engine's build time in every user's dev-dependencies, so patterns
//! run on `regex-lite` (compiled once per run) behind a prefix index: the macros
//! record the literal text each anchored pattern starts with, and a step's text is
//! tried only against the definitions whose prefix it starts with (plus those
//! with none), and then only the text after the prefix is matched, against the
//! pattern's tail (a pattern that is all prefix is a string comparison). Every
//! candidate is tried, so two matching definitions are reported
//! as ambiguous, never resolved by order. Steps match by keyword: a `Given` step
//! matches `#[given]` definitions; a `*` step (kind Unknown) matches any keyword,
//! and a `#[step]` definition is matched by steps of any keyword.

use std::any::TypeId;

use regex_lite::{Captures, Regex};

use super::parameter::{parameter_groups, resolve};
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
    /// Sorted by source location; indexes below point here.
    defs: Vec<&'static StepDef>,
    /// How each definition confirms a text that starts with its prefix.
    checks: Vec<Check>,
    /// The capture group of each parameter, for a definition whose custom
    /// parameters' regexes have groups of their own; empty when group `i + 1`
    /// is parameter `i`.
    groups: Vec<Vec<(usize, usize)>>,
    /// Per keyword (Given, When, Then, and `#[step]`'s any): its definitions'
    /// indexes, sorted by prefix.
    keywords: [Vec<usize>; 4],
}

/// A pattern that the regex engine refuses (only possible for a hand-built `StepDef`,
/// since the macros validate patterns at compile time).
#[derive(Debug)]
pub struct PatternError {
    def: String,
    source: regex_lite::Error,
}

// By hand, not thiserror: a harness then compiles no derive macro for it.
impl std::fmt::Display for PatternError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "step definition {} has a pattern the regex engine rejects: {}",
            self.def, self.source
        )
    }
}

impl std::error::Error for PatternError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
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
        let checks = defs
            .iter()
            .map(|def| {
                let regex = |pattern: &str| {
                    Regex::new(&resolve(def, pattern)).map_err(|source| PatternError {
                        def: def.to_string(),
                        source,
                    })
                };
                Ok(match def.tail {
                    Some("^$") => Check::Exact,
                    Some(tail) => Check::Tail(regex(tail)?),
                    None => Check::Whole(regex(def.pattern)?),
                })
            })
            .collect::<Result<_, _>>()?;
        let groups = defs
            .iter()
            .map(|def| {
                let inner = def
                    .custom
                    .iter()
                    .map(|param| {
                        Regex::new(param.regex)
                            .map(|r| r.captures_len() - 1)
                            .map_err(|source| PatternError {
                                def: def.to_string(),
                                source,
                            })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(if inner.iter().all(|&n| n == 0) {
                    Vec::new()
                } else {
                    parameter_groups(def, &inner)
                })
            })
            .collect::<Result<_, _>>()?;
        let keyword = |keyword: StepKeyword| {
            let mut members: Vec<usize> = (0..defs.len())
                .filter(|&i| defs[i].keyword == keyword)
                .collect();
            members.sort_by_key(|&i| (defs[i].prefix, i));
            members
        };
        let keywords = [
            keyword(StepKeyword::Given),
            keyword(StepKeyword::When),
            keyword(StepKeyword::Then),
            keyword(StepKeyword::Step),
        ];
        Ok(Matcher {
            defs,
            checks,
            groups,
            keywords,
        })
    }

    /// The definitions this matcher knows, sorted by source location.
    pub fn definitions(&self) -> &[&'static StepDef] {
        &self.defs
    }

    /// Match a step's text for a step of kind `kind`.
    pub fn find(&self, kind: StepKind, text: &str) -> Match<'_> {
        let keywords: &[usize] = match kind {
            StepKind::Given => &[0, 3],
            StepKind::When => &[1, 3],
            StepKind::Then => &[2, 3],
            StepKind::Unknown => &[0, 1, 2, 3],
        };
        let mut hits: Vec<(usize, Option<Captures<'_>>)> = keywords
            .iter()
            .flat_map(|&k| self.candidates(k, text))
            .filter_map(|i| Some((i, self.check(i, text)?)))
            .collect();
        hits.sort_by_key(|&(i, _)| i);
        match hits.len() {
            0 => Match::Undefined {
                other_keywords: (0..3)
                    .flat_map(|k| self.candidates(k, text))
                    .filter(|&i| self.check(i, text).is_some())
                    .map(|i| self.defs[i])
                    .collect(),
            },
            1 => {
                let (index, caps) = hits.pop().expect("one hit");
                Match::Found {
                    def: self.defs[index],
                    captures: caps.map_or_else(Vec::new, |caps| {
                        captures(self.defs[index], &self.groups[index], &caps)
                    }),
                }
            }
            _ => Match::Ambiguous(hits.iter().map(|&(i, _)| self.defs[i]).collect()),
        }
    }

    /// Whether candidate `i` matches `text` (`None` if not), with its captures
    /// (`Some(None)` for a pattern without a regex to run).
    fn check<'t>(&self, i: usize, text: &'t str) -> Option<Option<Captures<'t>>> {
        let after_prefix = text.get(self.defs[i].prefix.len()..);
        match &self.checks[i] {
            Check::Exact => (after_prefix == Some("")).then_some(None),
            Check::Tail(regex) => regex.captures(after_prefix?).map(Some),
            Check::Whole(regex) => regex.captures(text).map(Some),
        }
    }

    /// The definitions of keyword `k` that `text` can match: those without a
    /// prefix, and those whose prefix `text` starts with. Members are sorted by
    /// prefix, so the empty ones come first and the ones starting with `text`'s
    /// first byte are one contiguous run.
    fn candidates<'a>(&'a self, k: usize, text: &'a str) -> impl Iterator<Item = usize> + 'a {
        let members = &self.keywords[k];
        let prefix = |i: usize| self.defs[i].prefix.as_bytes();
        let empty = members.partition_point(|&i| prefix(i).is_empty());
        let (from, to) = match text.as_bytes().first() {
            Some(&b) => (
                members.partition_point(|&i| prefix(i).first().is_none_or(|&f| f < b)),
                members.partition_point(|&i| prefix(i).first().is_none_or(|&f| f <= b)),
            ),
            None => (empty, empty),
        };
        members[..empty].iter().copied().chain(
            members[from..to]
                .iter()
                .copied()
                .filter(move |&i| text.as_bytes().starts_with(prefix(i))),
        )
    }
}

/// How a candidate, a text starting with the definition's prefix, is confirmed.
#[derive(Debug)]
enum Check {
    /// The pattern is its prefix: nothing may follow it.
    Exact,
    /// The text after the prefix must match the pattern's tail.
    Tail(Regex),
    /// The whole text must match the pattern (its prefix could not be cut off).
    Whole(Regex),
}

/// The parameters of `def` from its regex's captures, `{string}` quotes
/// stripped; `groups` says which group each parameter is (empty: in order).
fn captures(def: &StepDef, groups: &[(usize, usize)], caps: &Captures<'_>) -> Vec<Option<String>> {
    if !groups.is_empty() {
        // A custom parameter's value is the first of its own groups that
        // matched something, as in cucumber-rs, or else all it matched.
        return def
            .params
            .iter()
            .zip(groups)
            .map(|(kind, &(group, own))| {
                let inner = (group + 1..=group + own)
                    .find_map(|g| caps.get(g).filter(|m| !m.as_str().is_empty()));
                inner
                    .or_else(|| caps.get(group))
                    .map(|m| unquote(*kind, m.as_str()))
            })
            .collect();
    }
    caps.iter()
        .skip(1)
        .enumerate()
        .map(|(i, m)| {
            let kind = def.params.get(i).copied().unwrap_or(ParamKind::Regex);
            m.map(|m| unquote(kind, m.as_str()))
        })
        .collect()
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
#[path = "matcher_tests.rs"]
mod tests;
