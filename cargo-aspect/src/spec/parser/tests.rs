//! Unit tests of the parser: the tricky corners of the grammar and the errors.

use super::*;
use crate::spec::ast::KeywordType;
use crate::spec::Location;

fn ok(source: &str) -> Feature {
    match parse(source, Path::new("t.feature")) {
        Ok(file) => file.feature.expect("a feature"),
        Err(e) => panic!("unexpected error:\n{e}"),
    }
}

fn err(source: &str) -> ParseError {
    match parse(source, Path::new("t.feature")) {
        Ok(file) => panic!("parsed: {:?}", file.feature),
        Err(e) => e,
    }
}

fn scenario(feature: &Feature, n: usize) -> &Scenario {
    let scenarios: Vec<&Scenario> = feature
        .children
        .iter()
        .filter_map(|c| match c {
            FeatureChild::Scenario(s) => Some(s),
            _ => None,
        })
        .collect();
    scenarios[n]
}

#[test]
fn empty_and_comment_only_files_have_no_feature() {
    for source in ["", "\n\n", "# just a comment\n", "# language: fr\n# hi"] {
        if source.contains("language") {
            // A language header must be followed by a feature.
            assert_eq!(err(source).line, 3);
        } else {
            let file = parse(source, Path::new("t.feature")).expect("parses");
            assert!(file.feature.is_none());
        }
    }
}

#[test]
fn table_cells_are_unescaped() {
    let f = ok("Feature: f\n  Scenario: s\n    Given t\n      | a\\|b | c\\\\ | d\\ne | \\x |\n");
    let step = &scenario(&f, 0).steps[0];
    let table = step.data_table().expect("table");
    let values: Vec<&str> = table.rows[0]
        .cells
        .iter()
        .map(|c| c.value.as_str())
        .collect();
    assert_eq!(values, ["a|b", "c\\", "d\ne", "\\x"]);
    assert_eq!(table.location, Location { line: 4, column: 7 });
}

#[test]
fn doc_strings_lose_their_indentation() {
    let source = "Feature: f\n  Scenario: s\n    Given t\n      ```json\n        {\n      x\n    under\n\n      \\`\\`\\`\n      ```\n    And u\n      \"\"\"\n      \\\"\\\"\\\" and ```\n      \"\"\"\n";
    let f = ok(source);
    let steps = &scenario(&f, 0).steps;
    let doc = steps[0].doc_string().expect("doc string");
    assert_eq!(doc.content, "  {\nx\nunder\n\n```");
    assert_eq!(doc.media_type.as_deref(), Some("json"));
    assert_eq!(doc.delimiter, "```");
    assert_eq!(doc.location, Location { line: 4, column: 7 });
    let doc = steps[1].doc_string().expect("doc string");
    assert_eq!(doc.content, "\"\"\" and ```");
    assert_eq!(doc.media_type, None);
}

#[test]
fn a_step_keeps_a_table_and_a_doc_string() {
    let f = ok("Feature: f\n  Scenario: s\n    Given t\n      | a |\n      \"\"\"\n      x\n      \"\"\"\n");
    let step = &scenario(&f, 0).steps[0];
    assert_eq!(step.arguments.len(), 2);
    assert!(matches!(step.arguments[0], Argument::DataTable(_)));
    assert_eq!(step.doc_string().map(|d| d.content.as_str()), Some("x"));
}

#[test]
fn keywords_descriptions_and_comments_are_kept() {
    let source = "@t1\nFeature: Shop \n  Some text\n\n  # a comment\n  more text\n\n  Background:\n    Given a\n\n  Scenario Outline: buy <n>\n    When I buy <n>\n    Then ok\n\n  @ex\n  Examples: first\n    | n |\n    | 1 |\n\n  Rule: R\n    Rule text\n    Background:\n      * rb\n    Example: e\n      But x\n";
    let f = ok(source);
    assert_eq!((f.keyword.as_str(), f.name.as_str()), ("Feature", "Shop"));
    assert_eq!(f.description, "  Some text\n\n  more text");
    assert_eq!(f.tags[0].name, "@t1");
    assert_eq!(f.comments[0].text, "  # a comment");
    assert_eq!(f.comments[0].location, Location { line: 5, column: 1 });
    let outline = scenario(&f, 0);
    assert_eq!(outline.keyword, "Scenario Outline");
    assert_eq!(outline.steps[1].keyword, "Then ");
    assert_eq!(outline.examples[0].tags[0].name, "@ex");
    assert_eq!(outline.examples[0].name, "first");
    assert_eq!(outline.examples[0].table_body.len(), 1);
    let FeatureChild::Rule(rule) = &f.children[2] else {
        panic!("a rule")
    };
    assert_eq!(rule.description, "    Rule text");
    assert!(matches!(rule.children[0], RuleChild::Background(_)));
    let RuleChild::Scenario(example) = &rule.children[1] else {
        panic!("a scenario")
    };
    assert_eq!(example.steps[0].keyword_type, KeywordType::Conjunction);
    assert_eq!(
        example.location,
        Location {
            line: 24,
            column: 5
        }
    );
}

#[test]
fn tags_after_steps_go_to_what_follows() {
    let source = "Feature: f\n  Scenario: a\n    Given x\n  @e1\n  # c\n  @e2\n  Examples:\n    | h |\n  @s\n  Scenario: b\n    Given y\n  @r\n  Rule: r\n";
    let f = ok(source);
    let names =
        |tags: &[crate::spec::ast::Tag]| tags.iter().map(|t| t.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&scenario(&f, 0).examples[0].tags), ["@e1", "@e2"]);
    assert_eq!(names(&scenario(&f, 1).tags), ["@s"]);
    let FeatureChild::Rule(rule) = &f.children[2] else {
        panic!("a rule")
    };
    assert_eq!(names(&rule.tags), ["@r"]);
}

#[test]
fn crlf_and_padding_are_ignored() {
    let f = ok("\u{feff}Feature: f \r\n\t Scenario:\t s \t\r\n\t\t Given  x  \r\n");
    let s = scenario(&f, 0);
    assert_eq!(s.name, "s");
    assert_eq!(s.steps[0].text, "x");
    assert_eq!(s.steps[0].location, Location { line: 3, column: 4 });
}

#[test]
fn other_languages() {
    let f = ok("# language: fr\nFonctionnalité: f\n  Scénario: s\n    Soit a\n    Et qu'il b\n    Lorsqu'il c\n");
    assert_eq!(f.language, "fr");
    let steps = &scenario(&f, 0).steps;
    assert_eq!(steps[1].keyword, "Et qu'");
    assert_eq!(steps[1].text, "il b");
    assert_eq!(steps[2].keyword_type, KeywordType::Action);
    // A language header later in the file is a comment.
    let f = ok("Feature: f\n# language: fr\n");
    assert_eq!(f.language, "en");
    assert_eq!(f.comments.len(), 1);
}

#[test]
fn inconsistent_cells_are_located() {
    let e =
        err("Feature: f\n  Scenario: s\n    Given t\n      | a | b |\n\n      # c\n      | c |\n");
    assert_eq!((e.line, e.column), (7, 7));
    assert!(e
        .message
        .starts_with("inconsistent cell count within the table"));
    let e = err(
        "Feature: f\n  Scenario Outline: s\n    Given <a>\n  Examples:\n  | a |\n  | 1 | 2 |\n",
    );
    assert_eq!((e.line, e.column), (6, 3));
}

#[test]
fn tag_with_whitespace_is_located() {
    let e = err("Feature: f\n  @ok @not ok\n  Scenario: s\n");
    assert_eq!((e.line, e.column), (2, 7));
    assert_eq!(e.message, "A tag may not contain whitespace: `@not ok`");
}

#[test]
fn unknown_language() {
    let e = err("\n  # language: xx-yy\nFeature: f\n");
    assert_eq!((e.line, e.column), (2, 3));
    assert_eq!(e.message, "Language not supported: xx-yy");
}

#[test]
fn unexpected_end_of_file() {
    let e = err("Feature: f\n  Scenario: s\n    Given t\n      \"\"\"\n      text\n");
    assert_eq!((e.line, e.column), (6, 1));
    assert!(e
        .message
        .contains("the doc string opened on line 4 is never closed"));
    let e = err("@tag\n");
    assert_eq!(e.line, 2);
    assert!(e
        .message
        .contains("expected a `Feature:` line after the tags"));
}

#[test]
fn lines_out_of_place() {
    let e = err("Given a step\nFeature: f\n");
    assert_eq!((e.line, e.column), (1, 1));
    assert_eq!(
        e.message,
        "expected a `Feature:` line, a tag line or a comment, found `Given a step`"
    );
    let e = err("Feature: f\n  Scenario: s\n    Given a\n    Gven b\n");
    assert_eq!((e.line, e.column), (4, 5));
    assert_eq!(
        e.message,
        "expected a step (Given, When, Then, And, But or *), found `Gven b`"
    );
    let e =
        err("Feature: f\n  Scenario Outline: s\n    Given a\n  Examples:\n    | a |\n    Then b\n");
    assert_eq!(e.line, 6);
    assert!(e
        .message
        .starts_with("a step cannot follow the `Examples:`"));
    let e = err("Feature: f\n  Scenario: s\n    Given a\n  Background:\n");
    assert_eq!(e.line, 4);
    assert!(e.message.starts_with("a `Background:` must come before"));
    let e = err("Feature: f\n  Scenario: s\n    Given a\n      | a |\n      \"\"\"\n      \"\"\"\n      | b |\n");
    assert_eq!(e.message, "a step can have only one data table");
    let e = err("Feature: f\n  Scenario: s\n    Given a\n  @t\n    Given b\n");
    assert_eq!(e.line, 5);
    assert!(e
        .message
        .starts_with("the tags on line 4 must be followed by"));
}

#[test]
fn display_quotes_the_line() {
    let e = err("Feature: x\n\n  Scenario: s\n    Given t\n      | a |\n    | a | b |\n");
    assert_eq!(
        e.to_string(),
        "t.feature:6:5: inconsistent cell count within the table: this row has 2 cells, the first row has 1 cell\n  |\n6 |     | a | b |\n  |"
    );
    let io = ParseError::io(
        Path::new("x.feature"),
        &std::io::Error::new(std::io::ErrorKind::NotFound, "gone"),
    );
    assert_eq!(io.to_string(), "x.feature: cannot read the file: gone");
}
