//! Events joined to the files they name: which verdict goes with which
//! scenario, outline row and aspect, and what has none.
//!
//! This module exists so the page, the matrix and the gaps all agree on one
//! join. A scenario event belongs to the scenario (or Examples row) at its
//! package, file and line; an aspect event to the aspect file it names. What
//! no source claims is kept as a result without a source; what no event
//! claims is *not run*. It must not invent a verdict.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::input::Input;
use super::markup::Shown;
use super::sources::{AspectSource, PackageSources, SpecSource};
use crate::cli::reporter::{summarize, Totals};
use crate::event::{AspectEvent, Event, ScenarioEvent, StepDefinitionEvent};
use crate::spec::ast;

/// Everything the page shows, joined.
pub(crate) struct Model<'a> {
    /// Counts of the (deduplicated) events.
    pub totals: Totals,
    /// Packages: those with sources first, in workspace order, then those only events name.
    pub packages: Vec<PackageModel<'a>>,
    /// Step definitions, uses summed across harnesses; empty without a dry run.
    pub step_definitions: Vec<StepDefinitionEvent>,
    /// Every tag, for the filter.
    pub tags: BTreeSet<String>,
}

/// One package's features and aspects.
pub(crate) struct PackageModel<'a> {
    /// Its name.
    pub name: &'a str,
    /// Why its configuration could not be read.
    pub error: Option<&'a str>,
    /// Feature files, then files only events name.
    pub features: Vec<FeatureModel<'a>>,
    /// Aspect files, then aspects only events name.
    pub aspects: Vec<AspectModel<'a>>,
}

/// One feature file and its trials.
pub(crate) struct FeatureModel<'a> {
    /// Index of its package, for anchors.
    pub package_index: usize,
    /// Index among its package's features, for anchors.
    pub index: usize,
    /// Relative to the package root.
    pub file: &'a str,
    /// The file as read; `None` when only events name it.
    pub source: Option<&'a SpecSource>,
    /// Every trial: one per scenario and Examples row of the source, then
    /// events whose line no scenario has.
    pub trials: Vec<Trial<'a>>,
}

/// One scenario or Examples row.
pub(crate) struct Trial<'a> {
    /// The scenario's name (`#k` added for an outline row).
    pub title: String,
    /// The line of the scenario or row.
    pub line: u32,
    /// Its event, if the run had one.
    pub event: Option<&'a ScenarioEvent>,
    /// Tags (inherited), each with its `@`.
    pub tags: Vec<String>,
    /// How many steps it has, Background included (0 when unknown).
    pub steps: usize,
    /// Whether a source has it (else only an event names it).
    pub in_source: bool,
}

impl Trial<'_> {
    /// Its verdict.
    pub fn shown(&self) -> Shown {
        Shown::of(self.event.and_then(|e| e.status))
    }
}

/// One aspect.
pub(crate) struct AspectModel<'a> {
    /// Index of its package, for anchors.
    pub package_index: usize,
    /// Index among its package's aspects, for anchors.
    pub index: usize,
    /// Relative to the package root.
    pub file: &'a str,
    /// The file as read; `None` when only an event names it.
    pub source: Option<&'a AspectSource>,
    /// Its event, if the run had one.
    pub event: Option<&'a AspectEvent>,
}

impl AspectModel<'_> {
    /// Its verdict.
    pub fn shown(&self) -> Shown {
        Shown::of(self.event.and_then(|e| e.status))
    }

    /// Its name: from the file, else from the event.
    pub fn name(&self) -> String {
        if let Some(Ok(doc)) = self.source.map(|s| &s.doc) {
            return doc.name.clone();
        }
        self.event.map_or_else(
            || self.file.to_owned(),
            |e| {
                e.name
                    .strip_prefix("aspect::")
                    .unwrap_or(&e.name)
                    .to_owned()
            },
        )
    }

    /// Its tags: the event's, else the file's.
    pub fn tags(&self) -> Vec<String> {
        if let Some(e) = self.event {
            return e.tags.clone();
        }
        match self.source.map(|s| &s.doc) {
            Some(Ok(doc)) => doc.tags.clone(),
            _ => Vec::new(),
        }
    }
}

/// The anchor of a feature.
pub(crate) fn feature_anchor(package: usize, feature: usize) -> String {
    format!("f{package}-{feature}")
}

/// The anchor of a scenario or row of a feature.
pub(crate) fn trial_anchor(package: usize, feature: usize, line: u32) -> String {
    format!("t{package}-{feature}-{line}")
}

/// The anchor of an aspect.
pub(crate) fn aspect_anchor(package: usize, aspect: usize) -> String {
    format!("a{package}-{aspect}")
}

/// The events, a trial that appears more than once kept at its last event.
pub(crate) fn dedup(events: &[Event]) -> Vec<Event> {
    let mut last: HashMap<(u8, &str, &str), usize> = HashMap::new();
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Scenario(e) => last.insert((0, &e.package, &e.name), i),
            Event::Aspect(e) => last.insert((1, &e.package, &e.name), i),
            _ => None,
        };
    }
    events
        .iter()
        .enumerate()
        .filter(|(i, event)| match event {
            Event::Scenario(e) => last.get(&(0, &e.package, &e.name)) == Some(i),
            Event::Aspect(e) => last.get(&(1, &e.package, &e.name)) == Some(i),
            _ => true,
        })
        .map(|(_, e)| e.clone())
        .collect()
}

impl<'a> Model<'a> {
    /// Join `events` (deduplicated) with the sources of `input`.
    pub fn build(events: &'a [Event], input: &Input<'a>) -> Model<'a> {
        let mut names: Vec<&'a str> = input.packages.iter().map(|p| p.name.as_str()).collect();
        for event in events {
            let package = match event {
                Event::Scenario(e) => e.package.as_str(),
                Event::Aspect(e) => e.package.as_str(),
                _ => continue,
            };
            if !names.contains(&package) {
                names.push(package);
            }
        }
        let packages: Vec<PackageModel<'a>> = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let sources = input.packages.iter().find(|p| p.name == *name);
                package(i, name, sources, events)
            })
            .collect();
        let mut tags = BTreeSet::new();
        for package in &packages {
            for feature in &package.features {
                tags.extend(feature.trials.iter().flat_map(|t| t.tags.iter().cloned()));
            }
            tags.extend(package.aspects.iter().flat_map(AspectModel::tags));
        }
        Model {
            totals: summarize(events),
            packages,
            step_definitions: step_definitions(events),
            tags,
        }
    }
}

fn package<'a>(
    index: usize,
    name: &'a str,
    sources: Option<&'a PackageSources>,
    events: &'a [Event],
) -> PackageModel<'a> {
    let scenarios: Vec<&'a ScenarioEvent> = events
        .iter()
        .filter_map(|e| match e {
            Event::Scenario(s) if s.package == name => Some(s),
            _ => None,
        })
        .collect();
    let aspect_events: Vec<&'a AspectEvent> = events
        .iter()
        .filter_map(|e| match e {
            Event::Aspect(a) if a.package == name => Some(a),
            _ => None,
        })
        .collect();

    let mut features = Vec::new();
    let specs = sources.map_or(&[][..], |s| &s.specs);
    for source in specs {
        let mine: Vec<&'a ScenarioEvent> = scenarios
            .iter()
            .copied()
            .filter(|e| e.file == source.file)
            .collect();
        let trials = match &source.feature {
            Ok(Some(feature)) => trials(feature, &mine),
            _ => orphans(&mine, &[]),
        };
        features.push(FeatureModel {
            package_index: index,
            index: features.len(),
            file: &source.file,
            source: Some(source),
            trials,
        });
    }
    let mut by_file: BTreeMap<&'a str, Vec<&'a ScenarioEvent>> = BTreeMap::new();
    for e in scenarios {
        if !specs.iter().any(|s| s.file == e.file) {
            by_file.entry(&e.file).or_default().push(e);
        }
    }
    for (file, events) in by_file {
        features.push(FeatureModel {
            package_index: index,
            index: features.len(),
            file,
            source: None,
            trials: orphans(&events, &[]),
        });
    }

    let mut aspects = Vec::new();
    let mut used = vec![false; aspect_events.len()];
    for source in sources.map_or(&[][..], |s| &s.aspects) {
        let name = source
            .doc
            .as_ref()
            .ok()
            .map(|d| format!("aspect::{}", d.name));
        let at = aspect_events
            .iter()
            .position(|e| e.file == source.file)
            .or_else(|| {
                aspect_events
                    .iter()
                    .position(|e| Some(&e.name) == name.as_ref())
            });
        if let Some(at) = at {
            used[at] = true;
        }
        aspects.push(AspectModel {
            package_index: index,
            index: aspects.len(),
            file: &source.file,
            source: Some(source),
            event: at.map(|at| aspect_events[at]),
        });
    }
    let mut rest: Vec<&'a AspectEvent> = aspect_events
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
        .map(|(e, _)| *e)
        .collect();
    rest.sort_by(|a, b| a.name.cmp(&b.name));
    for e in rest {
        aspects.push(AspectModel {
            package_index: index,
            index: aspects.len(),
            file: &e.file,
            source: None,
            event: Some(e),
        });
    }
    PackageModel {
        name,
        error: sources.and_then(|s| s.error.as_deref()),
        features,
        aspects,
    }
}

/// The trials of a parsed feature, each with the event at its line; then the
/// events at lines no scenario or row has.
fn trials<'a>(feature: &ast::Feature, events: &[&'a ScenarioEvent]) -> Vec<Trial<'a>> {
    let at = |line: u32| events.iter().copied().find(|e| e.line == line);
    let mut out = Vec::new();
    let mut inherited: Vec<&str> = ast_names(&feature.tags);
    let background = |children: &[ast::FeatureChild]| {
        children.iter().find_map(|c| match c {
            ast::FeatureChild::Background(b) => Some(b.steps.len()),
            _ => None,
        })
    };
    let feature_background = background(&feature.children).unwrap_or(0);
    let mut add = |scenario: &ast::Scenario, inherited: &[&str], background: usize| {
        let mut tags: Vec<&str> = inherited.to_vec();
        tags.extend(ast_names(&scenario.tags));
        let steps = background + scenario.steps.len();
        if scenario.examples.is_empty() {
            let line = scenario.location.line;
            let event = at(line);
            out.push(Trial {
                title: scenario.name.clone(),
                line,
                event,
                tags: trial_tags(event, &tags),
                steps,
                in_source: true,
            });
            return;
        }
        let mut k = 0;
        for examples in &scenario.examples {
            let mut row_tags = tags.clone();
            row_tags.extend(ast_names(&examples.tags));
            for row in &examples.table_body {
                k += 1;
                let line = row.location.line;
                let event = at(line);
                out.push(Trial {
                    title: format!("{} #{k}", scenario.name),
                    line,
                    event,
                    tags: trial_tags(event, &row_tags),
                    steps,
                    in_source: true,
                });
            }
        }
    };
    for child in &feature.children {
        match child {
            ast::FeatureChild::Background(_) => {}
            ast::FeatureChild::Scenario(s) => add(s, &inherited, feature_background),
            ast::FeatureChild::Rule(rule) => {
                let outer = inherited.len();
                inherited.extend(ast_names(&rule.tags));
                let rule_background = rule
                    .children
                    .iter()
                    .find_map(|c| match c {
                        ast::RuleChild::Background(b) => Some(b.steps.len()),
                        ast::RuleChild::Scenario(_) => None,
                    })
                    .unwrap_or(0);
                for child in &rule.children {
                    if let ast::RuleChild::Scenario(s) = child {
                        add(s, &inherited, feature_background + rule_background);
                    }
                }
                inherited.truncate(outer);
            }
        }
    }
    let lines: Vec<u32> = out.iter().map(|t| t.line).collect();
    out.extend(orphans(events, &lines));
    out
}

/// Trials for the events whose line is not in `known`.
fn orphans<'a>(events: &[&'a ScenarioEvent], known: &[u32]) -> Vec<Trial<'a>> {
    let mut rest: Vec<&'a ScenarioEvent> = events
        .iter()
        .copied()
        .filter(|e| !known.contains(&e.line))
        .collect();
    rest.sort_by(|a, b| (a.line, &a.name).cmp(&(b.line, &b.name)));
    rest.into_iter()
        .map(|e| Trial {
            title: scenario_title(&e.name).to_owned(),
            line: e.line,
            event: Some(e),
            tags: e.tags.clone(),
            steps: 0,
            in_source: false,
        })
        .collect()
}

/// `spec::<feature>::<scenario>` → `<scenario>`.
pub(crate) fn scenario_title(name: &str) -> &str {
    name.strip_prefix("spec::")
        .and_then(|rest| rest.split_once("::"))
        .map_or(name, |(_, title)| title)
}

fn ast_names(tags: &[ast::Tag]) -> Vec<&str> {
    tags.iter().map(|t| t.name.as_str()).collect()
}

/// The event's tags (the harness's, inherited), else the source's, without duplicates.
fn trial_tags(event: Option<&ScenarioEvent>, source: &[&str]) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    let from: Vec<&str> = match event {
        Some(e) if !e.tags.is_empty() => e.tags.iter().map(String::as_str).collect(),
        _ => source.to_vec(),
    };
    for tag in from {
        if !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_owned());
        }
    }
    tags
}

/// Step definitions by (file, line, keyword, expression), uses summed.
fn step_definitions(events: &[Event]) -> Vec<StepDefinitionEvent> {
    let mut merged: BTreeMap<(String, u32, String, String), StepDefinitionEvent> = BTreeMap::new();
    for event in events {
        if let Event::StepDefinition(d) = event {
            let key = (
                d.file.clone(),
                d.line,
                d.keyword.clone(),
                d.expression.clone(),
            );
            merged
                .entry(key)
                .and_modify(|seen| seen.uses += d.uses)
                .or_insert_with(|| d.clone());
        }
    }
    merged.into_values().collect()
}
