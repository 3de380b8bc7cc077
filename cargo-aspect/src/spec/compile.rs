//! Document tree → pickles, as the official Cucumber pickle compiler does it.
//!
//! A pickle is one runnable scenario: a Scenario, or one body row of an Examples
//! table of a Scenario Outline (Examples without a header row give none; an outline
//! without any Examples runs as a plain scenario). The feature's Background steps
//! come first, then its Rule's, then the scenario's (backgrounds are left out of a
//! scenario with no steps of its own, as officially). `<placeholders>` are
//! substituted in outline names, step texts, table cells and doc strings, header by
//! header; tags are inherited feature → rule → scenario → examples; `And` / `But`
//! take the kind of the step before them.

use std::borrow::Cow;

use super::ast::{Argument, Feature, FeatureChild, KeywordType, RuleChild, Scenario, Step, Tag};
use super::{
    DataTable, DocString, ExampleRow, FeatureFile, Pickle, PickleStep, StepArgument, StepKind,
};

/// Compile a parsed file into its pickles, in the order written.
pub fn compile(file: &FeatureFile) -> Vec<Pickle> {
    let Some(feature) = &file.feature else {
        return Vec::new();
    };
    // Sized up front: growing a vector of thousands of pickles costs more than
    // counting them.
    let mut pickles = Vec::with_capacity(count(feature));
    let mut background: Vec<&Step> = Vec::new();
    for child in &feature.children {
        match child {
            FeatureChild::Background(b) => background.extend(&b.steps),
            FeatureChild::Scenario(scenario) => {
                let context = Context {
                    feature,
                    rule: None,
                    background: &background,
                    tags: feature.tags.iter().collect(),
                };
                context.scenario(scenario, &mut pickles);
            }
            FeatureChild::Rule(rule) => {
                let mut rule_background = background.clone();
                let tags: Vec<&Tag> = feature.tags.iter().chain(&rule.tags).collect();
                for child in &rule.children {
                    match child {
                        RuleChild::Background(b) => rule_background.extend(&b.steps),
                        RuleChild::Scenario(scenario) => {
                            let context = Context {
                                feature,
                                rule: Some(&rule.name),
                                background: &rule_background,
                                tags: tags.clone(),
                            };
                            context.scenario(scenario, &mut pickles);
                        }
                    }
                }
            }
        }
    }
    pickles
}

/// How many pickles `feature` compiles to.
fn count(feature: &Feature) -> usize {
    let scenario = |s: &Scenario| {
        if s.examples.is_empty() {
            1
        } else {
            s.examples
                .iter()
                .filter(|e| e.table_header.is_some())
                .map(|e| e.table_body.len())
                .sum()
        }
    };
    feature
        .children
        .iter()
        .map(|child| match child {
            FeatureChild::Background(_) => 0,
            FeatureChild::Scenario(s) => scenario(s),
            FeatureChild::Rule(rule) => rule
                .children
                .iter()
                .map(|c| match c {
                    RuleChild::Background(_) => 0,
                    RuleChild::Scenario(s) => scenario(s),
                })
                .sum(),
        })
        .sum()
}

/// What a scenario inherits.
struct Context<'a> {
    feature: &'a Feature,
    rule: Option<&'a String>,
    background: &'a [&'a Step],
    tags: Vec<&'a Tag>,
}

/// An outline row's substitutions: `<header>` patterns and their values.
struct Row<'a> {
    patterns: &'a [String],
    values: Vec<&'a str>,
}

impl Row<'_> {
    /// Substitute every `<header>` of the row in `text`, header by header.
    fn apply<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let mut out = Cow::Borrowed(text);
        if !text.contains('<') {
            return out;
        }
        for (pattern, value) in self.patterns.iter().zip(&self.values) {
            if out.contains(pattern.as_str()) {
                out = Cow::Owned(out.replace(pattern.as_str(), value));
            }
        }
        out
    }
}

impl Context<'_> {
    fn scenario(&self, scenario: &Scenario, pickles: &mut Vec<Pickle>) {
        if scenario.examples.is_empty() {
            pickles.push(Pickle {
                name: scenario.name.clone(),
                feature_name: self.feature.name.clone(),
                rule_name: self.rule.cloned(),
                scenario_location: scenario.location,
                example: None,
                tags: self.tags(&[&scenario.tags]),
                steps: self.steps(scenario, None),
            });
            return;
        }
        let mut index = 0;
        for examples in &scenario.examples {
            let Some(header) = &examples.table_header else {
                continue;
            };
            let patterns: Vec<String> = header
                .cells
                .iter()
                .map(|c| format!("<{}>", c.value))
                .collect();
            for body in &examples.table_body {
                index += 1;
                let row = Row {
                    patterns: &patterns,
                    values: body.cells.iter().map(|c| c.value.as_str()).collect(),
                };
                let values = header
                    .cells
                    .iter()
                    .zip(&row.values)
                    .map(|(h, v)| (h.value.clone(), (*v).to_owned()))
                    .collect();
                pickles.push(Pickle {
                    name: row.apply(&scenario.name).into_owned(),
                    feature_name: self.feature.name.clone(),
                    rule_name: self.rule.cloned(),
                    scenario_location: scenario.location,
                    example: Some(ExampleRow {
                        index,
                        location: body.location,
                        values,
                    }),
                    tags: self.tags(&[&scenario.tags, &examples.tags]),
                    steps: self.steps(scenario, Some(&row)),
                });
            }
        }
    }

    /// Inherited tags then `own`, each name once.
    fn tags(&self, own: &[&Vec<Tag>]) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        let all = self
            .tags
            .iter()
            .copied()
            .chain(own.iter().flat_map(|tags| tags.iter()));
        for tag in all {
            if !names.contains(&tag.name) {
                names.push(tag.name.clone());
            }
        }
        names
    }

    /// Background steps (when the scenario has steps) then the scenario's.
    fn steps(&self, scenario: &Scenario, row: Option<&Row<'_>>) -> Vec<PickleStep> {
        if scenario.steps.is_empty() {
            return Vec::new();
        }
        let mut steps = Vec::with_capacity(self.background.len() + scenario.steps.len());
        let mut last = KeywordType::Unknown;
        for step in self.background {
            steps.push(pickle_step(step, &mut last, None, true));
        }
        for step in &scenario.steps {
            steps.push(pickle_step(step, &mut last, row, false));
        }
        steps
    }
}

/// One pickle step; `last` is the type of the step before, which a conjunction takes.
fn pickle_step(
    step: &Step,
    last: &mut KeywordType,
    row: Option<&Row<'_>>,
    from_background: bool,
) -> PickleStep {
    if step.keyword_type != KeywordType::Conjunction {
        *last = step.keyword_type;
    }
    let kind = match *last {
        KeywordType::Context => StepKind::Given,
        KeywordType::Action => StepKind::When,
        KeywordType::Outcome => StepKind::Then,
        KeywordType::Conjunction | KeywordType::Unknown => StepKind::Unknown,
    };
    let subst = |text: &str| match row {
        Some(row) => row.apply(text).into_owned(),
        None => text.to_owned(),
    };
    let argument = step.arguments.first().map(|argument| match argument {
        Argument::DataTable(table) => StepArgument::DataTable(DataTable {
            rows: table
                .rows
                .iter()
                .map(|r| r.cells.iter().map(|c| subst(&c.value)).collect())
                .collect(),
            location: table.location,
        }),
        Argument::DocString(doc) => StepArgument::DocString(DocString {
            content: subst(&doc.content),
            media_type: doc.media_type.as_deref().map(subst),
            location: doc.location,
        }),
    });
    PickleStep {
        keyword: step.keyword.trim_end().to_owned(),
        kind,
        text: subst(&step.text),
        argument,
        location: step.location,
        from_background,
    }
}

#[cfg(test)]
#[path = "compile_tests.rs"]
mod tests;
