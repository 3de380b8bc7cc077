//! Unit tests of `matcher.rs`, apart so the module reads in one sitting.

use super::*;
use crate::step::{StepContext, StepFailure};
use std::any::Any;

fn noop(_: &mut dyn Any, _: &StepContext<'_>) -> Result<(), StepFailure> {
    Ok(())
}

fn def(
    keyword: StepKeyword,
    pattern: &'static str,
    params: &'static [ParamKind],
    line: u32,
) -> &'static StepDef {
    with_prefix(keyword, pattern, "", params, line)
}

fn with_prefix(
    keyword: StepKeyword,
    pattern: &'static str,
    prefix: &'static str,
    params: &'static [ParamKind],
    line: u32,
) -> &'static StepDef {
    Box::leak(Box::new(StepDef {
        keyword,
        expression: pattern,
        is_regex: true,
        pattern,
        prefix,
        tail: None,
        params,
        custom: &[],
        world: crate::step::type_id_of::<()>,
        world_name: "()",
        func: crate::step::StepBody::Sync(noop),
        fn_name: "f",
        file: "steps.rs",
        line,
        column: 1,
    }))
}

#[test]
fn finds_the_one_match_with_captures() {
    let m = Matcher::new(vec![
        def(
            StepKeyword::Given,
            r"^I have (-?[0-9]+) gold$",
            &[ParamKind::Int],
            1,
        ),
        def(
            StepKeyword::Given,
            r"^I have a (.*)$",
            &[ParamKind::Anonymous],
            2,
        ),
    ])
    .unwrap();
    match m.find(StepKind::Given, "I have 50 gold") {
        Match::Found { def, captures } => {
            assert_eq!(def.line, 1);
            assert_eq!(captures, vec![Some("50".to_owned())]);
        }
        other => panic!("expected a match, got {other:?}"),
    }
}

#[test]
fn keywords_do_not_cross_but_star_matches_any() {
    let m = Matcher::new(vec![def(StepKeyword::When, r"^I buy$", &[], 1)]).unwrap();
    match m.find(StepKind::Given, "I buy") {
        Match::Undefined { other_keywords } => assert_eq!(other_keywords.len(), 1),
        other => panic!("expected undefined, got {other:?}"),
    }
    assert!(matches!(
        m.find(StepKind::Unknown, "I buy"),
        Match::Found { .. }
    ));
}

#[test]
fn a_step_definition_matches_every_keyword() {
    let m = Matcher::new(vec![
        def(StepKeyword::Step, r"^I wait$", &[], 1),
        def(StepKeyword::Then, r"^I rest$", &[], 2),
        def(StepKeyword::Step, r"^I rest$", &[], 3),
    ])
    .unwrap();
    for kind in [
        StepKind::Given,
        StepKind::When,
        StepKind::Then,
        StepKind::Unknown,
    ] {
        match m.find(kind, "I wait") {
            Match::Found { def, .. } => assert_eq!(def.line, 1),
            other => panic!("{kind:?}: expected a match, got {other:?}"),
        }
    }
    assert!(matches!(
        m.find(StepKind::Given, "I rest"),
        Match::Found { def, .. } if def.line == 3
    ));
    assert!(matches!(
        m.find(StepKind::Then, "I rest"),
        Match::Ambiguous(defs) if defs.len() == 2
    ));
}

#[test]
fn a_custom_parameter_is_what_its_regex_matched_whatever_its_groups() {
    static MOOD: [crate::step::CustomParam; 1] = [crate::step::CustomParam {
        name: "mood",
        regex: "(hungry)|(satiated)|'([^']*)'",
    }];
    let base = with_prefix(
        StepKeyword::Given,
        "^I am (.+) for (-?[0-9]+) days$",
        "I am ",
        &[ParamKind::Custom, ParamKind::Int],
        1,
    );
    let def: &'static StepDef = Box::leak(Box::new(StepDef {
        custom: &MOOD,
        tail: Some("^(?:(.+) for (-?[0-9]+) days$)"),
        ..*base
    }));
    let m = Matcher::new(vec![def]).unwrap();
    for (text, mood) in [
        ("I am hungry for 3 days", "hungry"),
        ("I am 'bored' for 3 days", "bored"),
    ] {
        match m.find(StepKind::Given, text) {
            Match::Found { captures, .. } => assert_eq!(
                captures,
                [Some(mood.to_owned()), Some("3".to_owned())],
                "{text}"
            ),
            other => panic!("{text}: expected a match, got {other:?}"),
        }
    }
    assert!(matches!(
        m.find(StepKind::Given, "I am sleepy for 3 days"),
        Match::Undefined { .. }
    ));
}

#[test]
fn two_matches_are_ambiguous() {
    let m = Matcher::new(vec![
        def(
            StepKeyword::Then,
            r"^I have (.*) gold$",
            &[ParamKind::Anonymous],
            2,
        ),
        def(
            StepKeyword::Then,
            r"^I have (\d+) gold$",
            &[ParamKind::Regex],
            1,
        ),
    ])
    .unwrap();
    match m.find(StepKind::Then, "I have 3 gold") {
        Match::Ambiguous(defs) => {
            // Sorted by source location, not by registration order.
            assert_eq!(defs.iter().map(|d| d.line).collect::<Vec<_>>(), [1, 2]);
        }
        other => panic!("expected ambiguous, got {other:?}"),
    }
}

#[test]
fn only_definitions_whose_prefix_the_text_starts_with_are_tried() {
    let m = Matcher::new(vec![
        with_prefix(
            StepKeyword::Given,
            r"^I have ([0-9]+) gold$",
            "I have ",
            &[],
            1,
        ),
        with_prefix(StepKeyword::Given, r"^I buy$", "I buy", &[], 2),
        with_prefix(StepKeyword::Given, r"^Ha$", "H", &[], 3),
        with_prefix(StepKeyword::Given, r"^Ja$", "J", &[], 4),
        // Unanchored: no prefix, so it is tried against every text.
        with_prefix(StepKeyword::Given, r"([0-9]+) gold$", "", &[], 5),
        // A prefix the pattern does not start with (never written by the
        // macros): the index must skip it, which shows it is consulted.
        with_prefix(StepKeyword::Given, r"^I have .*$", "zzz", &[], 6),
    ])
    .unwrap();
    let lines = |text| match m.find(StepKind::Given, text) {
        Match::Found { def, .. } => vec![def.line],
        Match::Ambiguous(defs) => defs.iter().map(|d| d.line).collect(),
        Match::Undefined { .. } => vec![],
    };
    assert_eq!(lines("I have 3 gold"), [1, 5]);
    assert_eq!(lines("I buy"), [2]);
    assert_eq!(lines("Ha"), [3]);
    assert_eq!(lines("Ja"), [4]);
    assert_eq!(lines("you have 3 gold"), [5]);
    assert_eq!(lines("I have no gold"), Vec::<u32>::new());
    assert_eq!(
        lines("I buy more"),
        Vec::<u32>::new(),
        "a literal must be the whole text"
    );
    assert_eq!(lines(""), Vec::<u32>::new());
}

#[test]
fn string_params_lose_their_quotes() {
    assert_eq!(unquote(ParamKind::String, r#""a \"b\" c""#), r#"a "b" c"#);
    assert_eq!(unquote(ParamKind::String, "'it\\'s'"), "it's");
    assert_eq!(unquote(ParamKind::Word, "\"x\""), "\"x\"");
}

#[test]
fn a_bad_pattern_is_an_error_not_a_panic() {
    let err = Matcher::new(vec![def(StepKeyword::Given, "(", &[], 7)]).unwrap_err();
    assert!(err.to_string().contains("steps.rs:7"), "{err}");
}
