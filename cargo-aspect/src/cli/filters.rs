//! Which evidence a run judges: the selection options `cargo aspect test` and
//! `cargo aspect fix` share, and the libtest arguments they stand for.
//!
//! One definition, so that `fix` always judges exactly what `test` would.

use std::ffi::OsString;

use serde::{Deserialize, Serialize};

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
