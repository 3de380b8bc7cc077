//! Which evidence a run judges: the selection options `cargo aspect test`,
//! `report` and `fix` share, and the libtest arguments they stand for.
//!
//! One definition, so that `fix` always judges exactly what `test` would. A
//! `--spec` or `--aspect` name that no harness has is a typo, so it is an error
//! with the closest names, never a run that judges nothing and exits 0; the
//! names come from the harnesses' own listings, not from reading specs here.
//!
//! It sits beside `runner.rs`, not in a command, because three commands
//! select trials with it and none of them owns it.

use std::collections::BTreeSet;
use std::ffi::OsString;

use serde::{Deserialize, Serialize};

use super::runner::{self, Built};
use super::workspace::Workspace;
use super::CliError;
use crate::event::Event;

/// Which evidence: the selection options of `cargo aspect test`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::Args)]
pub struct Filters {
    /// Only trials whose name contains FILTER (with --exact: named FILTER).
    #[arg(value_name = "FILTER")]
    pub filter: Option<String>,
    /// Match FILTER exactly.
    #[arg(long, requires = "filter")]
    #[serde(default)]
    pub exact: bool,
    /// Only scenarios and aspects whose tags match, e.g. `@fast and not @wip`.
    #[arg(long, value_name = "EXPR")]
    pub tags: Option<String>,
    /// Only the scenarios of the feature file with this stem (`specs/buying.feature` → `buying`).
    #[arg(long, value_name = "NAME", conflicts_with_all = ["filter", "aspect"])]
    pub spec: Option<String>,
    /// Only the aspect with this name.
    #[arg(long, value_name = "NAME", conflicts_with = "filter")]
    pub aspect: Option<String>,
    /// Build optimized; bench evidence is only judged in an optimized build.
    #[arg(long)]
    #[serde(default)]
    pub release: bool,
}

impl Filters {
    /// The libtest arguments these stand for (as `cargo aspect test` builds them).
    pub fn libtest_args(&self) -> Vec<OsString> {
        let mut out: Vec<OsString> = Vec::new();
        if let Some(name) = &self.spec {
            out.push(format!("spec::{name}::").into());
        } else if let Some(name) = &self.aspect {
            out.push(format!("aspect::{name}").into());
            out.push("--exact".into());
        } else if let Some(filter) = &self.filter {
            out.push(filter.into());
            if self.exact {
                out.push("--exact".into());
            }
        }
        self.tags_args(&mut out);
        out
    }

    /// Check that `--spec NAME` / `--aspect NAME`, when given, names a spec or
    /// aspect of one of the `built` harnesses (asking each for its listing).
    ///
    /// # Errors
    /// `no spec named "NAME"` (or aspect) with the closest names, when none has
    /// it; or the error of a harness that cannot list.
    pub(crate) fn check_name(
        &self,
        ws: &Workspace,
        built: &[Built],
        verbose: bool,
    ) -> Result<(), CliError> {
        let Some((kind, name)) = self.named() else {
            return Ok(());
        };
        let mut known = BTreeSet::new();
        for harness in built {
            let run = runner::run(ws, harness, &[OsString::from("--list")], &[], verbose)?;
            known.extend(run.events.iter().filter_map(|e| kind.name_of(e)));
        }
        if known.contains(name) {
            return Ok(());
        }
        Err(CliError::new(unknown_name(kind, name, &known)))
    }

    /// The same check, only when the run's `events` judged nothing: a run that
    /// selected something proves the name exists without asking again.
    ///
    /// # Errors
    /// As [`Filters::check_name`].
    pub(crate) fn check_name_if_nothing_ran(
        &self,
        ws: &Workspace,
        built: &[Built],
        events: &[Event],
        verbose: bool,
    ) -> Result<(), CliError> {
        if events
            .iter()
            .any(|e| matches!(e, Event::Scenario(_) | Event::Aspect(_)))
        {
            return Ok(());
        }
        self.check_name(ws, built, verbose)
    }

    /// Whether `--spec` or `--aspect` names one spec or aspect.
    pub(crate) fn names_one(&self) -> bool {
        self.named().is_some()
    }

    /// `--spec` or `--aspect` and the name it gives.
    fn named(&self) -> Option<(Named, &str)> {
        match (&self.spec, &self.aspect) {
            (Some(spec), _) => Some((Named::Spec, spec)),
            (None, Some(aspect)) => Some((Named::Aspect, aspect)),
            (None, None) => None,
        }
    }

    pub(crate) fn tags_args(&self, out: &mut Vec<OsString>) {
        if let Some(tags) = &self.tags {
            out.push("--tags".into());
            out.push(tags.into());
        }
    }

    /// The `cargo aspect test` command line that judges the same evidence.
    pub fn test_command(&self) -> String {
        let mut words = vec!["cargo aspect test".to_owned()];
        let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
        if let Some(filter) = &self.filter {
            words.push(quote(filter));
            if self.exact {
                words.push("--exact".into());
            }
        }
        for (flag, value) in [
            ("--spec", &self.spec),
            ("--aspect", &self.aspect),
            ("--tags", &self.tags),
        ] {
            if let Some(value) = value {
                words.push(format!("{flag} {}", quote(value)));
            }
        }
        if self.release {
            words.push("--release".into());
        }
        words.join(" ")
    }
}

/// What `--spec` or `--aspect` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Named {
    /// A feature file, by the id its trials carry (`spec::<id>::…`).
    Spec,
    /// An aspect, by its name (`aspect::<name>`).
    Aspect,
}

impl Named {
    fn word(self) -> &'static str {
        match self {
            Named::Spec => "spec",
            Named::Aspect => "aspect",
        }
    }

    /// The spec id or aspect name a listing event carries, when it is of this kind.
    fn name_of(self, event: &Event) -> Option<String> {
        match (self, event) {
            (Named::Spec, Event::Scenario(e)) => e
                .name
                .strip_prefix("spec::")
                .and_then(|rest| rest.split_once("::"))
                .map(|(id, _)| id.to_owned()),
            (Named::Aspect, Event::Aspect(e)) => e.name.strip_prefix("aspect::").map(str::to_owned),
            _ => None,
        }
    }
}

/// At most this many names are offered.
const SHOWN: usize = 8;

/// `no spec named "nope"`, then the names that look like it, or else the names there are.
fn unknown_name(kind: Named, name: &str, known: &BTreeSet<String>) -> String {
    let word = kind.word();
    let mut message = format!("no {word} named \"{name}\"");
    if known.is_empty() {
        message.push_str(&format!(" (this run has no {word}s)"));
        return message;
    }
    let close = closest(name, known);
    let quoted = |names: &[&str]| {
        names
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if close.is_empty() {
        let all: Vec<&str> = known.iter().map(String::as_str).take(SHOWN).collect();
        let more = known.len().saturating_sub(SHOWN);
        message.push_str(&format!("; the {word}s are {}", quoted(&all)));
        if more > 0 {
            message.push_str(&format!(" and {more} more (cargo aspect list)"));
        }
    } else {
        message.push_str(&format!("; did you mean {}?", quoted(&close)));
    }
    if kind == Named::Spec {
        message
            .push_str(" (a spec is named by its file's stem: specs/buying.feature is \"buying\")");
    }
    message
}

/// The known names that look like `name`, most alike first: those a few typos
/// away, those containing it (or contained in it), and those containing each
/// of its words (`core-imports` → `core-has-no-external-imports`).
fn closest<'a>(name: &str, known: &'a BTreeSet<String>) -> Vec<&'a str> {
    let lower = name.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut scored: Vec<(f64, &str)> = known
        .iter()
        .filter_map(|candidate| {
            let other = candidate.to_lowercase();
            let similarity = strsim::jaro_winkler(&lower, &other);
            let contains = !lower.is_empty() && (other.contains(&lower) || lower.contains(&other));
            let has_words = !words.is_empty() && words.iter().all(|w| other.contains(w));
            (similarity >= 0.8 || contains || has_words).then_some((similarity, candidate.as_str()))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().map(|(_, n)| n).take(SHOWN).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_typo_is_offered_the_names_that_look_like_it() {
        let known = names(&["buying", "production", "saving"]);
        assert_eq!(
            unknown_name(Named::Spec, "buyng", &known),
            "no spec named \"buyng\"; did you mean \"buying\"? \
             (a spec is named by its file's stem: specs/buying.feature is \"buying\")"
        );
        let aspects = names(&["buy-is-fast", "core-has-no-external-imports"]);
        assert_eq!(
            unknown_name(Named::Aspect, "core-imports", &aspects),
            "no aspect named \"core-imports\"; did you mean \"core-has-no-external-imports\"?"
        );
        assert_eq!(closest("buy", &aspects), ["buy-is-fast"]);
    }

    #[test]
    fn a_name_like_nothing_is_told_the_names_there_are() {
        let known = names(&["buying", "production"]);
        assert_eq!(
            unknown_name(Named::Aspect, "nope", &names(&["buy-is-fast"])),
            "no aspect named \"nope\"; the aspects are \"buy-is-fast\""
        );
        assert!(unknown_name(Named::Spec, "zzz", &known)
            .starts_with("no spec named \"zzz\"; the specs are \"buying\", \"production\""));
        assert_eq!(
            unknown_name(Named::Aspect, "x", &BTreeSet::new()),
            "no aspect named \"x\" (this run has no aspects)"
        );
        let many: BTreeSet<String> = (0..12).map(|i| format!("feature-{i:02}")).collect();
        assert!(unknown_name(Named::Spec, "zzz", &many).contains("and 4 more (cargo aspect list)"));
    }

    #[test]
    fn listings_name_specs_by_their_id_and_aspects_by_their_name() {
        let scenario = Event::Scenario(crate::event::ScenarioEvent {
            name: "spec::shop/buying::Buy #2".into(),
            package: String::new(),
            file: "specs/shop/buying.feature".into(),
            line: 3,
            feature: String::new(),
            tags: vec![],
            status: None,
            duration_ms: None,
            failed_step: None,
            undefined_steps: Vec::new(),
            message: None,
            parse_error: None,
        });
        assert_eq!(
            Named::Spec.name_of(&scenario).as_deref(),
            Some("shop/buying")
        );
        assert_eq!(Named::Aspect.name_of(&scenario), None);
    }
}
