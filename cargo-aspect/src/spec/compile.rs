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
mod tests {
    //! Unit tests of the pickle compiler.

    use super::*;
    use crate::spec::{parse, Location};
    use std::path::Path;

    fn pickles(source: &str) -> Vec<Pickle> {
        match parse(source, Path::new("t.feature")) {
            Ok(file) => compile(&file),
            Err(e) => panic!("unexpected error:\n{e}"),
        }
    }

    fn texts(pickle: &Pickle) -> Vec<&str> {
        pickle.steps.iter().map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn placeholders_are_substituted_everywhere() {
        let source = "Feature: f\n  Scenario Outline: buy <n> <item>\n    Given I have <n>\n      | <item> | x<n>y |\n    Then it is\n      \"\"\"<type>\n      <item> costs <n>\n      \"\"\"\n  Examples:\n    | n | item  | type |\n    | 2 | <n>s  | json |\n";
        let p = pickles(source);
        assert_eq!(p.len(), 1);
        // Header by header: `<item>` becomes `<n>s`, whose `<n>` is not substituted again
        // because `<n>` came first.
        assert_eq!(p[0].name, "buy 2 <n>s");
        assert_eq!(p[0].steps[0].text, "I have 2");
        let Some(StepArgument::DataTable(table)) = &p[0].steps[0].argument else {
            panic!("a table")
        };
        assert_eq!(table.rows, [["<n>s", "x2y"]]);
        let Some(StepArgument::DocString(doc)) = &p[0].steps[1].argument else {
            panic!("a doc string")
        };
        assert_eq!(doc.content, "<n>s costs 2");
        assert_eq!(doc.media_type.as_deref(), Some("json"));
        let row = p[0].example.as_ref().expect("a row");
        assert_eq!(row.index, 1);
        assert_eq!(
            row.location,
            Location {
                line: 11,
                column: 5
            }
        );
        assert_eq!(
            row.values,
            [
                ("n".to_owned(), "2".to_owned()),
                ("item".to_owned(), "<n>s".to_owned()),
                ("type".to_owned(), "json".to_owned())
            ]
        );
    }

    #[test]
    fn examples_rows_are_numbered_across_blocks() {
        let source = "Feature: f\n  Scenario Outline: o <a>\n    Given <a>\n  Examples: none\n  Examples: header only\n    | a |\n  Examples:\n    | a |\n    | 1 |\n    | 2 |\n  Examples:\n    | a |\n    | 3 |\n";
        let p = pickles(source);
        let got: Vec<(String, usize)> = p
            .iter()
            .map(|p| (p.name.clone(), p.example.as_ref().map_or(0, |e| e.index)))
            .collect();
        assert_eq!(
            got,
            [
                ("o 1".to_owned(), 1),
                ("o 2".to_owned(), 2),
                ("o 3".to_owned(), 3)
            ]
        );
        assert!(p
            .iter()
            .all(|p| p.scenario_location == Location { line: 2, column: 3 }));
        // An outline without Examples runs once, as written.
        let p = pickles("Feature: f\n  Scenario Outline: o <a>\n    Given <a>\n");
        assert_eq!((p.len(), p[0].name.as_str()), (1, "o <a>"));
        assert!(p[0].example.is_none());
    }

    #[test]
    fn tags_are_inherited_without_duplicates() {
        let source = "@f @x\nFeature: f\n  @s\n  Scenario: plain\n    Given a\n  @r @f\n  Rule: r\n    @o @x\n    Scenario Outline: o\n      Given b\n    @e\n    Examples:\n      | a |\n      | 1 |\n";
        let p = pickles(source);
        assert_eq!(p[0].tags, ["@f", "@x", "@s"]);
        assert_eq!(p[0].rule_name, None);
        assert_eq!(p[1].tags, ["@f", "@x", "@r", "@o", "@e"]);
        assert_eq!(p[1].rule_name.as_deref(), Some("r"));
        assert_eq!(p[1].feature_name, "f");
    }

    #[test]
    fn and_and_but_take_the_kind_before_them() {
        let source = "Feature: f\n  Background:\n    And b0\n    Given b1\n  Scenario: s\n    And s0\n    When s1\n    But s2\n    * s3\n    And s4\n    Then s5\n    And s6\n";
        let p = pickles(source);
        let kinds: Vec<StepKind> = p[0].steps.iter().map(|s| s.kind).collect();
        use StepKind::{Given, Then, Unknown, When};
        assert_eq!(
            kinds,
            [Unknown, Given, Given, When, When, Unknown, Unknown, Then, Then]
        );
        let keywords: Vec<&str> = p[0].steps.iter().map(|s| s.keyword.as_str()).collect();
        assert_eq!(
            keywords,
            ["And", "Given", "And", "When", "But", "*", "And", "Then", "And"]
        );
    }

    #[test]
    fn backgrounds_come_first_feature_then_rule() {
        let source = "Feature: f\n  Background:\n    Given fb\n  Scenario: a\n    Given a\n  Scenario: empty\n  Rule: r\n    Background:\n      Given rb\n    Scenario: b\n      Given b\n  Rule: r2\n    Scenario: c\n      Given c\n";
        let p = pickles(source);
        assert_eq!(texts(&p[0]), ["fb", "a"]);
        assert!(p[0].steps[0].from_background && !p[0].steps[1].from_background);
        // A scenario without steps gets no background either, as officially.
        assert!(p[1].steps.is_empty());
        assert_eq!(texts(&p[2]), ["fb", "rb", "b"]);
        assert_eq!(texts(&p[3]), ["fb", "c"]);
        // Background steps are not substituted.
        let p = pickles("Feature: f\n  Background:\n    Given <a>\n  Scenario Outline: o\n    Given <a>\n  Examples:\n    | a |\n    | 1 |\n");
        assert_eq!(texts(&p[0]), ["<a>", "1"]);
    }

    #[test]
    fn a_step_with_two_arguments_gets_the_first_in_its_pickle() {
        let source = "Feature: f\n  Scenario: s\n    Given t\n      \"\"\"\n      x\n      \"\"\"\n      | a |\n";
        let p = pickles(source);
        assert!(matches!(
            p[0].steps[0].argument,
            Some(StepArgument::DocString(_))
        ));
    }

    #[test]
    fn no_feature_no_pickles() {
        assert!(pickles("# nothing\n").is_empty());
    }
}
