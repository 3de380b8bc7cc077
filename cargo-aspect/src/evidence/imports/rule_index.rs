//! The deny rules indexed by their first two segments, so that checking a
//! path against many rules (a `layers` contract over 100 modules denies
//! `crate::m0` .. `crate::m99`) looks at the few that may match instead of
//! all of them. With few rules, `rules::denied` is used as is.
//!
//! Must not: answer differently from `rules::denied` (the same rule, the
//! first in the deny list that matches, and the same allow and `external`
//! handling).

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;

use proc_macro2::Ident;

use super::rules::{denied, external_or_none, matches, Rule, Rules};

/// Above this many deny rules, the index is used.
const LINEAR: usize = 8;

/// The deny rules of one check, indexed.
pub(crate) struct RuleIndex {
    /// `None`: few rules, checked one by one.
    by_first: Option<HashMap<String, Segment>>,
    /// Reused for identifiers' text.
    buf: RefCell<(String, String)>,
}

/// The rules under one first segment.
#[derive(Default)]
struct Segment {
    /// Rules of that one segment (`tokio`), by index in the deny list.
    alone: Vec<usize>,
    /// Longer rules, by their second segment.
    by_second: HashMap<String, Vec<usize>>,
}

impl RuleIndex {
    pub(crate) fn new(rules: &Rules) -> RuleIndex {
        let by_first = (rules.deny.len() > LINEAR).then(|| {
            let mut by_first: HashMap<String, Segment> = HashMap::new();
            for (i, rule) in rules.deny.iter().enumerate() {
                let segment = by_first.entry(rule.segments[0].clone()).or_default();
                match rule.segments.get(1) {
                    Some(second) => segment.by_second.entry(second.clone()).or_default().push(i),
                    None => segment.alone.push(i),
                }
            }
            by_first
        });
        RuleIndex {
            by_first,
            buf: RefCell::new((String::new(), String::new())),
        }
    }

    /// Whether some deny rule begins with `first`.
    pub(crate) fn has_first(&self, rules: &Rules, first: &Ident) -> bool {
        match &self.by_first {
            Some(by_first) => {
                let mut buf = self.buf.borrow_mut();
                by_first.contains_key(text(first, &mut buf.0))
            }
            None => rules
                .deny
                .iter()
                .any(|r| r.segments.first().is_some_and(|s| first == s.as_str())),
        }
    }

    /// The rules that may match `crate::<second>..`, where `second` is the
    /// module's first segment, or else `ident`: those under `crate` and that
    /// second segment, or all of them when they are few.
    pub(crate) fn crate_rules<'r>(
        &self,
        rules: &'r Rules,
        second: Option<&str>,
        ident: Option<&Ident>,
    ) -> Box<dyn Iterator<Item = &'r Rule> + 'r> {
        let Some(by_first) = &self.by_first else {
            return Box::new(rules.deny.iter());
        };
        let Some(segment) = by_first.get("crate") else {
            return Box::new(std::iter::empty());
        };
        let mut buf = self.buf.borrow_mut();
        let second = match (second, ident) {
            (Some(second), _) => second,
            (None, Some(ident)) => text(ident, &mut buf.0),
            (None, None) => return Box::new(std::iter::empty()),
        };
        let indices: Vec<usize> = segment
            .alone
            .iter()
            .chain(segment.by_second.get(second).into_iter().flatten())
            .copied()
            .collect();
        Box::new(indices.into_iter().map(|i| &rules.deny[i]))
    }

    /// [`denied`]: the rule `prefix ++ rest` falls under, if no allow rule
    /// lets it through.
    pub(crate) fn denied<'r>(
        &self,
        rules: &'r Rules,
        prefix: &[String],
        rest: &[&Ident],
    ) -> Option<&'r Rule> {
        let Some(by_first) = &self.by_first else {
            return denied(rules, prefix, rest);
        };
        let len = prefix.len() + rest.len();
        if len == 0 {
            return None;
        }
        let mut buf = self.buf.borrow_mut();
        let (first, second) = &mut *buf;
        let segment_at = |i: usize, buf: &mut String| -> Option<String> {
            match prefix.get(i) {
                Some(p) => Some(p.clone()),
                None => rest
                    .get(i - prefix.len())
                    .map(|ident| text(ident, buf).to_owned()),
            }
        };
        let first_text: &str = match prefix.first() {
            Some(p) => p,
            None => text(rest[0], first),
        };
        let Some(segment) = by_first.get(first_text) else {
            return external_or_none(rules, prefix, rest);
        };
        let mut best: Option<usize> = segment.alone.first().copied();
        if len > 1 {
            let second_text = match prefix.get(1) {
                Some(p) => p.clone(),
                None => segment_at(1, second)?,
            };
            if let Some(candidates) = segment.by_second.get(&second_text) {
                for &i in candidates {
                    if best.is_some_and(|b| b < i) {
                        break;
                    }
                    if matches(&rules.deny[i].segments, prefix, rest) {
                        best = Some(best.map_or(i, |b| b.min(i)));
                        break;
                    }
                }
            }
        }
        match best {
            Some(i) => {
                let allowed = rules.allow.iter().any(|a| matches(a, prefix, rest));
                (!allowed).then_some(&rules.deny[i])
            }
            None => external_or_none(rules, prefix, rest),
        }
    }
}

/// `ident`'s text (without `r#`) in `buf`.
fn text<'b>(ident: &Ident, buf: &'b mut String) -> &'b str {
    buf.clear();
    let _ = write!(buf, "{ident}");
    buf.strip_prefix("r#").unwrap_or(buf)
}

#[cfg(test)]
mod tests {
    use proc_macro2::{Ident, Span};

    use super::super::rules::{denied, CheckRules};
    use super::RuleIndex;

    #[test]
    fn the_index_finds_the_rule_the_deny_list_does() {
        let mut deny: Vec<String> = (0..40).map(|i| format!("crate::m{i}")).collect();
        deny.extend(
            [
                "std::fs",
                "std",
                "crate::m3::inner",
                "tokio::net::TcpStream",
                "std::fs::read",
            ]
            .map(String::from),
        );
        deny.insert(5, "crate::m7::x".to_owned());
        let allow = ["std::fs::write".to_owned(), "crate::m9::ok".to_owned()];
        let rules = CheckRules::parse(&deny, &allow).unwrap().paths;
        let index = RuleIndex::new(&rules);
        assert!(index.by_first.is_some());
        let paths = [
            "crate::m3::inner::f",
            "crate::m7::x",
            "crate::m7::y",
            "crate::m39",
            "crate::m40",
            "std::fs::read",
            "std::fs::write",
            "std::net",
            "std",
            "tokio::net::TcpStream::connect",
            "tokio::net",
            "crate::m9::ok",
            "crate::m9::no",
            "crate",
            "other::thing",
            "r#type::x",
        ];
        for path in paths {
            let segments: Vec<String> = path.split("::").map(String::from).collect();
            let idents: Vec<Ident> = segments
                .iter()
                .map(|s| match s.strip_prefix("r#") {
                    Some(raw) => Ident::new_raw(raw, Span::call_site()),
                    None => Ident::new(s, Span::call_site()),
                })
                .collect();
            let refs: Vec<&Ident> = idents.iter().collect();
            for split in 0..=segments.len() {
                let (prefix, rest) = (&segments[..split], &refs[split..]);
                let expected = denied(&rules, prefix, rest).map(|r| r.text.clone());
                let found = index.denied(&rules, prefix, rest).map(|r| r.text.clone());
                assert_eq!(found, expected, "{path} split at {split}");
            }
        }
    }
}
