//! The reporters of `cargo aspect test` and `cargo aspect list`.
//!
//! A harness run leaves [`Event`]s (one JSON line per trial, see
//! [`crate::event`]); the commands collect them from every package and hand
//! the whole list to one of these reporters. Keeping every output format here,
//! as pure functions of the events, means the commands only decide *which*
//! reporter to call, and every format can be tested without building anything.
//!
//! | Output | Function | Module |
//! |---|---|---|
//! | the human report of `test` | [`pretty`] | `pretty.rs` |
//! | `test --format json` | [`json_lines`] | `json.rs` |
//! | `test --junit PATH` | [`junit`] | `junit.rs` |
//! | `::error` lines when `GITHUB_ACTIONS=true` | [`github_annotations`] | `github.rs` |
//! | `list`, `list --format json` | [`list_pretty`], [`list_json`] | `list.rs` |
//! | warnings about spec files, on stderr | [`warning_lines`] | `warnings.rs` |
//! | the exit code | [`summarize`] → [`Totals::holds`] | here |
//!
//! Every reporter takes the events in any order (a harness writes them as
//! trials finish) and prints them in one stable order: packages in the order
//! they first appear, then specs by feature file and line, then aspects by
//! name. Only scenario and aspect events are reported; step-definition events
//! and any summary lines in the input are left out (the totals are recounted).
//! Events without a `status` (listings) are shown by the `list` reporters and
//! skipped by the `test` reporters.
//!
//! Event files are relative to their package root; [`Locations`] turns them
//! into paths relative to the workspace root where a reader needs to open
//! them (failure reports, JUnit `file`, GitHub annotations).

mod github;
mod json;
mod junit;
mod list;
mod pretty;
mod warnings;

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod xml_check;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use crate::event::{AspectEvent, Event, ScenarioEvent, Status, Summary};
use crate::evidence::units::{format_duration, format_size};

pub use github::github_annotations;
pub use json::{json_line, json_lines};
pub use junit::junit;
pub use list::{list_json, list_pretty};
pub use pretty::{pretty, PrettyOptions, FIX_HINT};
pub use warnings::warning_lines;

/// Where each package lives, to show an event's package-relative `file`
/// relative to the workspace root.
///
/// The default knows no package: paths are shown as the events carry them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Locations {
    /// The workspace root (`cargo metadata`'s `workspace_root`).
    pub workspace_root: PathBuf,
    /// Package name → the directory holding its `Cargo.toml`.
    pub package_roots: HashMap<String, PathBuf>,
}

impl Locations {
    /// Locations for these packages of the workspace at `workspace_root`.
    pub fn new(
        workspace_root: impl Into<PathBuf>,
        package_roots: HashMap<String, PathBuf>,
    ) -> Self {
        Locations {
            workspace_root: workspace_root.into(),
            package_roots,
        }
    }

    /// `file` of `package`, relative to the workspace root, with `/` separators.
    ///
    /// A package this does not know keeps `file` as it is; a package outside
    /// the workspace root gets its full path.
    pub fn path(&self, package: &str, file: &str) -> String {
        let Some(root) = self.package_roots.get(package) else {
            return file.to_owned();
        };
        // `file` may walk up out of the package (`../specs/a.feature`): resolve
        // the `..` lexically so the path reads from the workspace root.
        let mut full = PathBuf::new();
        for component in root.join(file).components() {
            match component {
                Component::ParentDir => {
                    full.pop();
                }
                Component::CurDir => {}
                other => full.push(other),
            }
        }
        let shown = full.strip_prefix(&self.workspace_root).unwrap_or(&full);
        slashed(shown)
    }
}

/// A path with `/` between its components, whatever the platform.
fn slashed(path: &Path) -> String {
    let mut out = String::new();
    for component in path.components() {
        match component {
            Component::RootDir => out.push('/'),
            Component::CurDir => continue,
            other => {
                if !out.is_empty() && !out.ends_with('/') {
                    out.push('/');
                }
                out.push_str(&other.as_os_str().to_string_lossy());
            }
        }
    }
    out
}

/// The counts of a run: specs and aspects apart, and together.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Scenarios (pickles).
    pub specs: Summary,
    /// Aspects.
    pub aspects: Summary,
    /// Both.
    pub total: Summary,
    /// Aspects with `bench` evidence that were not judged (a debug build).
    pub benches_not_judged: u64,
}

impl Totals {
    /// Whether all evidence holds: nothing failed.
    pub fn holds(&self) -> bool {
        self.total.failed == 0
    }
}

/// Count the verdicts of `events` (events without a status are not counted).
pub fn summarize(events: &[Event]) -> Totals {
    let mut totals = Totals::default();
    for event in events {
        match event {
            Event::Scenario(ScenarioEvent {
                status: Some(status),
                ..
            }) => {
                totals.specs.add(*status);
                totals.total.add(*status);
            }
            Event::Aspect(e) => {
                let Some(status) = e.status else { continue };
                totals.aspects.add(status);
                totals.total.add(status);
                if status == Status::NotJudged && e.evidence == "bench" {
                    totals.benches_not_judged += 1;
                }
            }
            _ => {}
        }
    }
    totals
}

/// `N passed, N failed, N ignored`, then `, N not judged` when any were not.
///
/// The last line of the counts in [`pretty`] is exactly this for the total,
/// so CI can match it with `^[0-9]+ passed, [0-9]+ failed, [0-9]+ ignored`.
pub fn format_counts(summary: &Summary) -> String {
    let mut out = format!(
        "{} passed, {} failed, {} ignored",
        summary.passed, summary.failed, summary.ignored
    );
    if summary.not_judged > 0 {
        let _ = write!(out, ", {} not judged", summary.not_judged);
    }
    out
}

/// The events of one package, in report order.
struct PackageGroup<'a> {
    name: &'a str,
    features: Vec<FeatureGroup<'a>>,
    aspects: Vec<&'a AspectEvent>,
}

/// The scenarios of one feature file, by line.
struct FeatureGroup<'a> {
    file: &'a str,
    feature: &'a str,
    scenarios: Vec<&'a ScenarioEvent>,
}

impl PackageGroup<'_> {
    fn scenarios(&self) -> impl Iterator<Item = &ScenarioEvent> {
        self.features
            .iter()
            .flat_map(|f| f.scenarios.iter().copied())
    }
}

/// Packages in order of first appearance; features by file, scenarios by
/// line; aspects by name.
fn group(events: &[Event]) -> Vec<PackageGroup<'_>> {
    let mut packages: Vec<PackageGroup<'_>> = Vec::new();
    for event in events {
        let package = match event {
            Event::Scenario(e) => e.package.as_str(),
            Event::Aspect(e) => e.package.as_str(),
            _ => continue,
        };
        let at = packages
            .iter()
            .position(|p| p.name == package)
            .unwrap_or(packages.len());
        if at == packages.len() {
            packages.push(PackageGroup {
                name: package,
                features: Vec::new(),
                aspects: Vec::new(),
            });
        }
        let group = &mut packages[at];
        match event {
            Event::Scenario(e) => match group.features.iter_mut().find(|f| f.file == e.file) {
                Some(feature) => feature.scenarios.push(e),
                None => group.features.push(FeatureGroup {
                    file: &e.file,
                    feature: &e.feature,
                    scenarios: vec![e],
                }),
            },
            Event::Aspect(e) => group.aspects.push(e),
            _ => {}
        }
    }
    for package in &mut packages {
        package.features.sort_by(|a, b| a.file.cmp(b.file));
        for feature in &mut package.features {
            feature
                .scenarios
                .sort_by(|a, b| (a.line, &a.name).cmp(&(b.line, &b.name)));
        }
        package
            .aspects
            .sort_by(|a, b| (&a.name, &a.file, a.line).cmp(&(&b.name, &b.file, b.line)));
    }
    packages
}

/// `spec::<feature>::<scenario>` → `<scenario>`.
fn scenario_title(name: &str) -> &str {
    name.strip_prefix("spec::")
        .and_then(|rest| rest.split_once("::"))
        .map_or(name, |(_, title)| title)
}

/// `spec::<feature>::<scenario>` → `<feature>`, else the file's stem.
fn feature_id(e: &ScenarioEvent) -> &str {
    e.name
        .strip_prefix("spec::")
        .and_then(|rest| rest.split_once("::"))
        .map(|(id, _)| id)
        .or_else(|| Path::new(&e.file).file_stem().and_then(|s| s.to_str()))
        .unwrap_or("specs")
}

/// `line:col` of an aspect's evidence; `line` alone for events without a column.
fn aspect_position(e: &AspectEvent) -> String {
    match e.column {
        Some(column) => format!("{}:{column}", e.line),
        None => e.line.to_string(),
    }
}

/// `aspect::<name>` → `<name>`.
fn aspect_title(name: &str) -> &str {
    name.strip_prefix("aspect::").unwrap_or(name)
}

/// The first line that is not blank, trimmed.
fn first_line(text: &str) -> &str {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
}

/// The report of a failed scenario: the harness's (it names the failing
/// step's `file:line:col`), or one built from the failed step.
fn scenario_failure_text(e: &ScenarioEvent, locations: &Locations) -> String {
    if let Some(message) = e.message.as_deref().filter(|m| !m.trim().is_empty()) {
        return message.trim_end().to_owned();
    }
    let file = locations.path(&e.package, &e.file);
    match &e.failed_step {
        Some(step) => format!(
            "{file}:{}:{}: step {}: {} {}",
            step.line,
            step.column,
            step.reason,
            step.keyword.trim(),
            step.text
        ),
        None => format!("{file}:{}: scenario failed (no report)", e.line),
    }
}

/// The report of a failed aspect: where (`file:line:col`, as the harness
/// prints it), what evidence, the property (its first paragraph), then the
/// evidence's output.
fn aspect_failure_text(e: &AspectEvent, locations: &Locations) -> String {
    let mut out = format!(
        "{}:{}: evidence failed: {} ({})",
        locations.path(&e.package, &e.file),
        aspect_position(e),
        if e.description.is_empty() {
            &e.evidence
        } else {
            &e.description
        },
        e.evidence
    );
    if !e.summary.trim().is_empty() {
        let _ = write!(out, "\n  {}", e.summary.trim());
    }
    let mut body = String::new();
    if let Some(m) = e.measurement.as_ref().filter(|m| m.value > m.budget) {
        let show = |v: f64| match m.unit.as_str() {
            "ns" => format_duration(std::time::Duration::from_nanos(v.max(0.0) as u64)),
            "bytes" => format_size(v.max(0.0) as u64),
            unit => format!("{v} {unit}"),
        };
        let _ = writeln!(body, "over budget: {} > {}", show(m.value), show(m.budget));
    }
    if let Some(message) = &e.message {
        body.push_str(message.trim_end());
    }
    if !body.trim().is_empty() {
        out.push_str("\n\n");
        for (i, line) in body.trim_end().lines().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            if !line.is_empty() {
                out.push_str("    ");
                out.push_str(line);
            }
        }
    }
    out
}

/// How a verdict reads.
fn status_word(status: Status) -> &'static str {
    match status {
        Status::Passed => "passed",
        Status::Failed => "failed",
        Status::Ignored => "ignored",
        Status::NotJudged => "not judged",
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;

    /// Regression: `cargo test` printed `aspects/x.md:4:3:` and `cargo aspect
    /// test` `aspects/x.md:4:` for the same failure.
    #[test]
    fn a_failed_aspect_is_located_at_line_and_column_as_the_harness_says() {
        let mut event = aspect("shop", "aspect::core-is-pure", "imports", None, None);
        (event.line, event.column) = (4, Some(3));
        let text = aspect_failure_text(&event, &Locations::default());
        assert!(
            text.starts_with("aspects/core-is-pure.md:4:3: evidence failed: "),
            "{text}"
        );
        // Events saved before the column existed still say where.
        event.column = None;
        let text = aspect_failure_text(&event, &Locations::default());
        assert!(
            text.starts_with("aspects/core-is-pure.md:4: evidence failed: "),
            "{text}"
        );
    }

    #[test]
    fn totals_count_specs_and_aspects_apart() {
        let totals = summarize(&sample());
        assert_eq!(
            totals.specs,
            Summary {
                passed: 2,
                failed: 1,
                ignored: 1,
                not_judged: 0
            }
        );
        assert_eq!(
            totals.aspects,
            Summary {
                passed: 1,
                failed: 1,
                ignored: 0,
                not_judged: 1
            }
        );
        assert_eq!(totals.total.passed, 3);
        assert_eq!(totals.total.failed, 2);
        assert_eq!(totals.benches_not_judged, 1);
        assert!(!totals.holds());
        assert!(summarize(&[]).holds());
        assert_eq!(summarize(&listing()), Totals::default());
    }

    #[test]
    fn counts_read_the_same_everywhere() {
        let mut s = Summary::default();
        assert_eq!(format_counts(&s), "0 passed, 0 failed, 0 ignored");
        s.passed = 12;
        s.failed = 1;
        s.not_judged = 2;
        assert_eq!(
            format_counts(&s),
            "12 passed, 1 failed, 0 ignored, 2 not judged"
        );
    }

    #[test]
    fn paths_become_workspace_relative() {
        let locations = Locations::new(
            "/ws",
            HashMap::from([
                ("a".to_owned(), PathBuf::from("/ws/crates/a")),
                ("out".to_owned(), PathBuf::from("/elsewhere/out")),
            ]),
        );
        assert_eq!(
            locations.path("a", "specs/x.feature"),
            "crates/a/specs/x.feature"
        );
        assert_eq!(
            locations.path("out", "aspects/y.md"),
            "/elsewhere/out/aspects/y.md"
        );
        assert_eq!(
            locations.path("unknown", "specs/z.feature"),
            "specs/z.feature"
        );
        assert_eq!(
            Locations::default().path("a", "specs/x.feature"),
            "specs/x.feature"
        );
    }

    #[test]
    fn grouping_is_stable_whatever_the_arrival_order() {
        let mut events = sample();
        let forward: Vec<String> = group(&events)
            .iter()
            .flat_map(|p| {
                p.scenarios()
                    .map(|s| s.name.clone())
                    .chain(p.aspects.iter().map(|a| a.name.clone()))
                    .collect::<Vec<_>>()
            })
            .collect();
        events.reverse();
        let packages = group(&events);
        let backward: Vec<String> = packages
            .iter()
            .flat_map(|p| {
                p.scenarios()
                    .map(|s| s.name.clone())
                    .chain(p.aspects.iter().map(|a| a.name.clone()))
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut a = forward.clone();
        let mut b = backward.clone();
        a.sort();
        b.sort();
        assert_eq!(a, b);
        // Within a package the order does not depend on arrival.
        assert_eq!(
            packages.iter().map(|p| p.name).collect::<Vec<_>>(),
            ["other", "shop"]
        );
        assert_eq!(
            packages[1].scenarios().map(|s| s.line).collect::<Vec<_>>(),
            [2, 8, 3]
        );
    }

    #[test]
    fn names_lose_their_prefixes() {
        assert_eq!(scenario_title("spec::buying::A::B"), "A::B");
        assert_eq!(scenario_title("odd"), "odd");
        assert_eq!(aspect_title("aspect::fast"), "fast");
        assert_eq!(first_line("\n  \n  x: y\nz"), "x: y");
    }
}
