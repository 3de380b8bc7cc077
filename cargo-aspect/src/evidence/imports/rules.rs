//! The deny and allow lists of an imports evidence, parsed ([`CheckRules`]),
//! and matching a path against them ([`denied`]).

use proc_macro2::Ident;

/// One deny rule: `std::fs` as written and as segments.
#[derive(Clone, Debug, Default)]
pub(crate) struct Rule {
    /// As written in the frontmatter (`std::fs`).
    pub text: String,
    /// `["std", "fs"]`.
    pub segments: Vec<String>,
}

/// The path rules of one imports evidence.
#[derive(Clone, Debug, Default)]
pub(crate) struct Rules {
    /// Denied path prefixes.
    pub deny: Vec<Rule>,
    /// Allowed path prefixes, which win over `deny`.
    pub allow: Vec<Vec<String>>,
    /// Whether a rule names the crate's own modules (`crate::server`): only
    /// then are paths to local items worth building.
    pub local: bool,
    /// With `external`: the dependencies (keys, `_` for `-`) whose paths are
    /// denied, those the checked targets can use (see `targets`).
    pub external_crates: Vec<String>,
    /// The rule such a path falls under.
    pub external: Rule,
}

/// Check one `deny` entry as written, so a loader can point at the entry at fault.
///
/// # Errors
/// When the entry is neither `external` nor a path (`std::fs`, `crate::server`).
pub(crate) fn check_deny_entry(entry: &str) -> Result<(), String> {
    CheckRules::parse(&[entry.to_owned()], &[]).map(drop)
}

/// Check one `allow` entry as written, so a loader can point at the entry at fault.
///
/// # Errors
/// When the entry is neither a crate name nor a path.
pub(crate) fn check_allow_entry(entry: &str) -> Result<(), String> {
    CheckRules::parse(&["external".to_owned()], &[entry.to_owned()]).map(drop)
}

/// The deny and allow lists, parsed.
pub(crate) struct CheckRules {
    pub(crate) external: bool,
    pub(crate) paths: Rules,
    allow_crates: Vec<String>,
    allow_features: Vec<String>,
}

impl CheckRules {
    pub(crate) fn parse(deny: &[String], allow: &[String]) -> Result<CheckRules, String> {
        let mut rules = CheckRules {
            external: false,
            paths: Rules::default(),
            allow_crates: Vec::new(),
            allow_features: Vec::new(),
        };
        if deny.is_empty() {
            return Err(
                "imports evidence denies nothing: give `deny: [external, \"std::fs\", ...]`"
                    .to_owned(),
            );
        }
        for entry in deny {
            let entry = entry.trim();
            if entry == "external" {
                rules.external = true;
                rules.paths.external.text = "external".to_owned();
                continue;
            }
            let segments = path_segments(entry).ok_or_else(|| {
                format!("deny entry `{entry}` is neither `external` nor a path like `std::fs` or `crate::server`")
            })?;
            rules.paths.local |= segments[0] == "crate";
            rules.paths.deny.push(Rule {
                text: segments.join("::"),
                segments,
            });
        }
        for entry in allow {
            let entry = entry.trim();
            if let Some(feature) = entry.strip_prefix("feature:") {
                let feature = feature.trim();
                if feature.is_empty() || feature.contains(char::is_whitespace) {
                    return Err(format!("allow entry `{entry}` names no feature"));
                }
                rules.allow_features.push(feature.to_owned());
                continue;
            }
            let as_path = entry.replace('-', "_");
            let segments = path_segments(&as_path).ok_or_else(|| {
                format!(
                    "allow entry `{entry}` is neither a crate name, a path like `std::fs::File` nor `feature:<name>`"
                )
            })?;
            if segments.len() == 1 {
                rules.allow_crates.push(as_path.clone());
            }
            rules.paths.allow.push(segments);
        }
        Ok(rules)
    }

    /// Whether `allow` names `feature:<feature>`.
    pub(crate) fn allows_feature(&self, feature: &str) -> bool {
        self.allow_features.iter().any(|f| f == feature)
    }

    pub(crate) fn allows_crate(&self, name: &str) -> bool {
        let name = name.replace('-', "_");
        self.allow_crates.contains(&name)
    }
}

/// `std::fs` or `::std::fs` → `["std", "fs"]`, `crate::a` → `["crate", "a"]`;
/// `None` unless every segment is an identifier (and not `self`, `super`, or
/// `crate` but first).
fn path_segments(text: &str) -> Option<Vec<String>> {
    let local = text.starts_with("crate::");
    let text = text.strip_prefix("::").unwrap_or(text);
    let text = text.strip_prefix("crate::").unwrap_or(text);
    let mut segments: Vec<String> = text.split("::").map(str::to_owned).collect();
    let ident = |s: &String| {
        let mut chars = s.chars();
        chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
            && chars.all(|c| c.is_alphanumeric() || c == '_')
            && s != "_"
            && !matches!(s.as_str(), "crate" | "self" | "super" | "Self")
    };
    if !segments.iter().all(ident) {
        return None;
    }
    if local {
        segments.insert(0, "crate".to_owned());
    }
    Some(segments)
}

/// Whether `prefix ++ rest` falls under a deny rule and no allow rule.
pub(crate) fn denied<'r>(rules: &'r Rules, prefix: &[String], rest: &[&Ident]) -> Option<&'r Rule> {
    match rules
        .deny
        .iter()
        .find(|r| matches(&r.segments, prefix, rest))
    {
        Some(rule) => (!rules.allow.iter().any(|a| matches(a, prefix, rest))).then_some(rule),
        None => external_or_none(rules, prefix, rest),
    }
}

/// [`denied`] when no deny rule matches: only `external` may.
pub(crate) fn external_or_none<'r>(
    rules: &'r Rules,
    prefix: &[String],
    rest: &[&Ident],
) -> Option<&'r Rule> {
    let is_first = |c: &String| match prefix.first() {
        Some(p) => p == c,
        None => rest.first().is_some_and(|i| *i == c.as_str()),
    };
    if !rules.external_crates.iter().any(is_first) {
        return None;
    }
    let allowed = rules.allow.iter().any(|a| matches(a, prefix, rest));
    (!allowed).then_some(&rules.external)
}

/// Whether `segments` is a prefix of `prefix ++ rest`.
pub(crate) fn matches(segments: &[String], prefix: &[String], rest: &[&Ident]) -> bool {
    segments.len() <= prefix.len() + rest.len()
        && segments
            .iter()
            .enumerate()
            .all(|(i, s)| match prefix.get(i) {
                Some(p) => p == s,
                None => rest[i - prefix.len()] == s.as_str(),
            })
}
