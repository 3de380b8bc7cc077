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
