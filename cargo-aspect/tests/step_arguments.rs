//! The step arguments cucumber-rs users write, seen from a user's crate:
//! optional doc strings, tables and regex groups. Each registered wrapper is
//! called as the harness calls it, with the captures its own pattern extracts.
//! (The behaviour under `cargo aspect test` is in `specs/step_arguments.feature`.)

use aspect::__private::spec::{PickleStep, StepArgument, StepKind};
use aspect::__private::{Match, Matcher, StepBody, StepContext, StepDef, StepKeyword};
use aspect::{given, step, when, DataTable, DocString, Location};

/// What the steps saw.
#[derive(Debug, Default)]
struct Seen {
    worth: Option<u64>,
    note: Option<String>,
    rows: Option<usize>,
    bought: Vec<(u64, Generator)>,
    mood: Option<Mood>,
    prices: Vec<String>,
    step: Option<aspect::Step>,
}

/// A custom parameter type, named explicitly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, aspect::Parameter)]
#[param(name = "generator", regex = "mines?|farms?")]
enum Generator {
    Mine,
    Farm,
}

impl std::str::FromStr for Generator {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim_end_matches('s') {
            "mine" => Ok(Generator::Mine),
            "farm" => Ok(Generator::Farm),
            other => Err(format!("no generator {other:?}")),
        }
    }
}

/// A custom parameter whose regex has alternatives and groups: one value.
#[derive(Debug, PartialEq, Eq, aspect::Parameter)]
#[param(regex = "(hungry)|(satiated)|'([^']*)'")]
enum Mood {
    Hungry,
    Satiated,
    Other(String),
}

impl std::str::FromStr for Mood {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "hungry" => Mood::Hungry,
            "satiated" => Mood::Satiated,
            other => Mood::Other(other.to_owned()),
        })
    }
}

#[given("I buy {u64} {generator}")]
fn buy(world: &mut Seen, count: u64, generator: Generator) {
    world.bought.push((count, generator));
}

/// Every capture at once.
#[given(regex = r"^the prices are (\d+), (\d+)(?: and (\d+))?$")]
fn prices(world: &mut Seen, prices: &[String]) {
    world.prices = prices.to_vec();
}

#[given("the cat is {mood}")]
fn cat(world: &mut Seen, mood: Mood) {
    world.mood = Some(mood);
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

/// The step itself, between capture parameters.
#[step(regex = r"^I (buy|sell) (\d+) rocks?$")]
fn trade(world: &mut Seen, verb: String, step: &aspect::Step, count: u32) {
    assert_eq!(step.captures, [verb, count.to_string()]);
    world.step = Some(step.clone());
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

/// Find `text`'s definition with the matcher the harness uses and call it.
fn find_and_run(text: &str) -> Result<Seen, String> {
    let matcher = Matcher::for_world(std::any::TypeId::of::<Seen>()).unwrap();
    let Match::Found { def, captures } = matcher.find(StepKind::Given, text) else {
        return Err(format!("{text:?} matches no one definition"));
    };
    let step = PickleStep {
        keyword: "Given".into(),
        kind: StepKind::Given,
        text: text.into(),
        argument: None,
        location: Location { line: 1, column: 1 },
        from_background: false,
    };
    let ctx = StepContext {
        step: &step,
        captures,
    };
    let mut seen = Seen::default();
    match def.func {
        StepBody::Sync(func) => func(&mut seen, &ctx).map_err(|e| e.0)?,
        StepBody::Async(_) => panic!("{text:?} is async"),
    }
    Ok(seen)
}

#[test]
fn custom_and_rust_number_parameters_take_their_types() {
    assert_eq!(<Generator as aspect::Parameter>::NAME, "generator");
    assert_eq!(
        <Mood as aspect::Parameter>::NAME,
        "mood",
        "the type's name, lowercase"
    );
    let seen = find_and_run("I buy 3 mines").unwrap();
    assert_eq!(seen.bought, [(3, Generator::Mine)]);
    let seen = find_and_run("I buy 1 farm").unwrap();
    assert_eq!(seen.bought, [(1, Generator::Farm)]);
    assert!(
        find_and_run("I buy 1 castle").is_err(),
        "not the type's regex"
    );
    let error = find_and_run("I buy -1 mine").unwrap_err();
    assert!(error.contains("cannot parse parameter `count`"), "{error}");
}

#[test]
fn a_parameter_regex_with_groups_gives_one_value() {
    let seen = find_and_run("the cat is hungry").unwrap();
    assert_eq!(seen.mood, Some(Mood::Hungry));
    let seen = find_and_run("the cat is satiated").unwrap();
    assert_eq!(seen.mood, Some(Mood::Satiated));
    let seen = find_and_run("the cat is 'sleepy'").unwrap();
    assert_eq!(seen.mood, Some(Mood::Other("sleepy".into())));
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

#[test]
fn a_string_slice_takes_every_capture() {
    let seen = find_and_run("the prices are 1, 2 and 3").unwrap();
    assert_eq!(seen.prices, ["1", "2", "3"]);
    let seen = find_and_run("the prices are 1, 2").unwrap();
    assert_eq!(
        seen.prices,
        ["1", "2", ""],
        "a group that did not take part is empty"
    );
}

/// The step alone takes every capture.
#[when(regex = r"^I rest (\d+) (hours|days)$")]
fn rest_for(world: &mut Seen, step: &aspect::Step) {
    world.prices = step.captures.clone();
}

#[test]
fn a_step_parameter_alone_leaves_the_captures_to_it() {
    let seen = run("rest_for", "I rest 3 days", None).unwrap();
    assert_eq!(seen.prices, ["3", "days"]);
}

#[test]
fn a_step_parameter_sees_the_step_its_captures_and_its_argument() {
    let table = DataTable {
        rows: vec![vec!["granite".into()]],
        location: Location { line: 2, column: 7 },
    };
    let seen = run(
        "trade",
        "I sell 2 rocks",
        Some(StepArgument::DataTable(table.clone())),
    )
    .unwrap();
    let step = seen.step.unwrap();
    assert_eq!(
        (step.keyword.as_str(), step.text.as_str()),
        ("Given", "I sell 2 rocks")
    );
    assert_eq!(step.captures, ["sell", "2"]);
    assert_eq!((step.table, step.docstring), (Some(table), None));
    assert_eq!(step.location, Location { line: 1, column: 1 });

    let doc = DocString {
        content: "Felix, rescued".into(),
        media_type: Some("markdown".into()),
        location: Location::default(),
    };
    let seen = run("trade", "I buy 1 rock", Some(StepArgument::DocString(doc))).unwrap();
    let step = seen.step.unwrap();
    assert!(step.table.is_none());
    let docstring = step.docstring.unwrap();
    assert!(
        docstring.contains("Felix"),
        "a doc string reads as its text"
    );
    assert_eq!(docstring.media_type.as_deref(), Some("markdown"));
}
