//! The step arguments cucumber-rs users write, seen from a user's crate:
//! optional doc strings, tables and regex groups. Each registered wrapper is
//! called as the harness calls it, with the captures its own pattern extracts.
//! (The behaviour under `cargo aspect test` is in `specs/step_arguments.feature`.)

use aspect::__private::spec::{PickleStep, StepArgument, StepKind};
use aspect::__private::{Match, Matcher, StepBody, StepContext, StepDef, StepKeyword};
use aspect::{given, step, DataTable, DocString, Location};

/// What the steps saw.
#[derive(Debug, Default)]
struct Seen {
    worth: Option<u64>,
    note: Option<String>,
    rows: Option<usize>,
}

#[given(regex = r"^I find gold(?: worth (\d+))?$")]
fn find_gold(
    world: &mut Seen,
    worth: Option<u64>,
    note: Option<&DocString>,
    table: Option<&DataTable>,
) {
    world.worth = worth;
    world.note = note.map(|n| n.content.clone());
    world.rows = table.map(|t| t.rows.len());
}

/// Any keyword.
#[step("I rest")]
fn rest(_world: &mut Seen) {}

fn def(fn_name: &str) -> &'static StepDef {
    StepDef::all()
        .find(|d| d.fn_name == fn_name)
        .unwrap_or_else(|| panic!("`{fn_name}` is not registered"))
}

/// Run `fn_name` for `text`, with the captures its own pattern extracts.
fn run(fn_name: &str, text: &str, argument: Option<StepArgument>) -> Result<Seen, String> {
    let def = def(fn_name);
    let step = PickleStep {
        keyword: "Given".into(),
        kind: StepKind::Given,
        text: text.into(),
        argument,
        location: Location { line: 1, column: 1 },
        from_background: false,
    };
    let regex = regex_lite::Regex::new(def.pattern).unwrap();
    let captures = regex
        .captures(text)
        .unwrap_or_else(|| panic!("{} does not match {text:?}", def.pattern))
        .iter()
        .skip(1)
        .map(|c| c.map(|c| c.as_str().to_owned()))
        .collect();
    let ctx = StepContext {
        step: &step,
        captures,
    };
    let mut seen = Seen::default();
    match def.func {
        StepBody::Sync(func) => func(&mut seen, &ctx).map_err(|e| e.0)?,
        StepBody::Async(_) => panic!("`{fn_name}` is async"),
    }
    Ok(seen)
}

#[test]
fn optional_arguments_are_none_when_the_step_has_none() {
    let seen = run("find_gold", "I find gold", None).unwrap();
    assert_eq!((seen.worth, seen.note, seen.rows), (None, None, None));

    let seen = run("find_gold", "I find gold worth 5", None).unwrap();
    assert_eq!(seen.worth, Some(5));

    let doc = DocString {
        content: "under a rock".into(),
        media_type: None,
        location: Location::default(),
    };
    let seen = run(
        "find_gold",
        "I find gold",
        Some(StepArgument::DocString(doc)),
    )
    .unwrap();
    assert_eq!(
        (seen.note.as_deref(), seen.rows),
        (Some("under a rock"), None)
    );

    let table = DataTable {
        rows: vec![vec!["a".into()], vec!["b".into()]],
        location: Location::default(),
    };
    let seen = run(
        "find_gold",
        "I find gold",
        Some(StepArgument::DataTable(table)),
    )
    .unwrap();
    assert_eq!((seen.note, seen.rows), (None, Some(2)));
}

#[test]
fn an_optional_capture_that_does_not_parse_still_fails() {
    let error = run("find_gold", "I find gold worth 99999999999999999999", None).unwrap_err();
    assert!(error.contains("cannot parse parameter `worth`"), "{error}");
}

#[test]
fn a_step_definition_answers_every_keyword() {
    let def = def("rest");
    assert_eq!(def.keyword, StepKeyword::Step);
    assert_eq!(def.keyword.attribute(), "step");
    let matcher = Matcher::for_world(std::any::TypeId::of::<Seen>()).unwrap();
    for kind in [
        StepKind::Given,
        StepKind::When,
        StepKind::Then,
        StepKind::Unknown,
    ] {
        assert!(
            matches!(matcher.find(kind, "I rest"), Match::Found { def, .. } if def.fn_name == "rest"),
            "{kind:?}"
        );
    }
}
