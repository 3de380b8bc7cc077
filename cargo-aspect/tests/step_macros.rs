//! The step macros seen from a user's crate: every form registers a `StepDef` with
//! the right metadata, its pattern matches the intended step texts, and calling the
//! registered wrapper runs the user's function with parsed parameters.
//!
//! This is a separate crate that uses only `aspect`, as a user's test crate would.

use std::any::TypeId;

use aspect::__private::spec::{PickleStep, StepArgument, StepKind};
use aspect::__private::{
    Match, Matcher, ParamKind, StepBody, StepContext, StepDef, StepFailure, StepKeyword,
};
use aspect::{given, then, when, BlockOn, DataTable, DocString, Location, Runtime};

/// The World of these tests: records what the steps saw.
#[derive(Debug, Default)]
struct Shop {
    gold: i64,
    price: f64,
    name: String,
    title: String,
    rest: String,
    mines: u32,
    rows: Vec<Vec<String>>,
    save: String,
    nested: bool,
}

/// Another World, to check `world_name` and `world` tell them apart.
#[derive(Debug, Default)]
struct OtherWorld;

const HAVE_GOLD_LINE: u32 = line!() + 2;
#[given("I have {int} gold")]
fn have_gold(world: &mut Shop, amount: i64) {
    world.gold = amount;
}

#[given("a mine costs {float} gold")]
fn mine_costs(world: &mut Shop, price: f64) {
    world.price = price;
}

#[given(expr = "the shop is called {word} with title {string}")]
fn shop_named(world: &mut Shop, name: String, title: String) {
    world.name = name;
    world.title = title;
}

#[when("I shout {}")]
fn shout(world: &mut Shop, rest: String) {
    world.rest = rest;
}

#[when(regex = r"^I buy (\d+) gold mines?$")]
fn buy(world: &mut Shop, count: u32) -> Result<(), String> {
    if count > 10 {
        return Err(format!("cannot buy {count} mines"));
    }
    world.mines += count;
    Ok(())
}

#[then("the shop lists {int} item(s):")]
fn lists(world: &mut Shop, table: &DataTable, count: usize) -> Result<(), String> {
    if table.rows.len() != count {
        return Err(format!("{} rows", table.rows.len()));
    }
    world.rows.clone_from(&table.rows);
    Ok(())
}

#[given("a save file:")]
fn save(world: &mut Shop, doc: &aspect::DocString) {
    world.save.clone_from(&doc.content);
}

#[then("nothing happens")]
fn nothing(_world: &mut OtherWorld) {}

#[given("the doors open")]
#[then("the doors are open")]
fn stacked(_world: &mut Shop) {}

mod deep {
    pub(crate) mod deeper {
        use aspect::then;

        /// A step in a nested module, private to it, with an alternation and `-> ()`.
        #[allow(clippy::unused_unit, deprecated)]
        #[then("it is nested/buried")]
        fn nested(world: &mut crate::Shop) -> () {
            world.nested = true;
        }
    }
}

/// Call a registered wrapper as the harness would: an async one on [`BlockOn`].
fn call(
    def: &StepDef,
    world: &mut dyn std::any::Any,
    ctx: &StepContext<'_>,
) -> Result<(), StepFailure> {
    match def.func {
        StepBody::Sync(func) => func(world, ctx),
        StepBody::Async(func) => {
            let mut result = None;
            {
                let mut future = std::pin::pin!(async { result = Some(func(world, ctx).await) });
                BlockOn.block_on(future.as_mut());
            }
            result.expect("BlockOn returned before the step completed")
        }
    }
}

/// Async steps take the same parameters as sync ones, table included.
#[given("an async shop with {int} gold and a price of {float}")]
async fn async_shop(world: &mut Shop, gold: i64, price: f64) {
    std::future::ready(()).await;
    world.gold = gold;
    world.price = price;
}

#[when("the async shop reads the table:")]
async fn async_table(world: &mut Shop, table: &DataTable) -> Result<(), String> {
    std::future::ready(()).await;
    world.rows = table.rows.clone();
    if world.rows.is_empty() {
        return Err("no rows".into());
    }
    Ok(())
}

fn def(fn_name: &str) -> &'static StepDef {
    let mut found = StepDef::all().filter(|d| d.fn_name == fn_name);
    let def = found
        .next()
        .unwrap_or_else(|| panic!("`{fn_name}` is not registered"));
    assert!(found.next().is_none(), "`{fn_name}` is registered twice");
    def
}

fn step(text: &str, argument: Option<StepArgument>) -> PickleStep {
    PickleStep {
        keyword: "Given".into(),
        kind: StepKind::Given,
        text: text.into(),
        argument,
        location: Location { line: 1, column: 1 },
        from_background: false,
    }
}

/// Run `def` on `world` for `text`, with the captures its own pattern extracts.
fn run(
    def: &StepDef,
    world: &mut Shop,
    text: &str,
    argument: Option<StepArgument>,
) -> Result<(), String> {
    let step = step(text, argument);
    let regex = regex_lite::Regex::new(def.pattern).unwrap();
    let captures = regex
        .captures(text)
        .unwrap_or_else(|| panic!("{} does not match {text:?}", def.pattern));
    let captures = captures
        .iter()
        .skip(1)
        .map(|c| c.map(|c| c.as_str().to_owned()))
        .collect();
    let ctx = StepContext {
        step: &step,
        captures,
    };
    call(def, world, &ctx).map_err(|e| e.0)
}

#[test]
fn metadata_is_registered() {
    let d = def("have_gold");
    assert_eq!(d.keyword, StepKeyword::Given);
    assert_eq!(d.expression, "I have {int} gold");
    assert!(!d.is_regex);
    assert_eq!(d.pattern, r"^I have (-?[0-9]+) gold$");
    assert_eq!(d.prefix, "I have ");
    assert_eq!(d.params, [ParamKind::Int]);
    assert_eq!((d.world)(), TypeId::of::<Shop>());
    assert_eq!(d.world_name, "Shop");
    assert_eq!(d.file, file!());
    assert_eq!(d.line, HAVE_GOLD_LINE);
    assert_eq!(d.column, 4, "the column of the function's name");

    let d = def("buy");
    assert_eq!(d.keyword, StepKeyword::When);
    assert!(d.is_regex);
    assert_eq!(d.expression, r"^I buy (\d+) gold mines?$");
    assert_eq!(d.pattern, d.expression, "a regex is kept as written");
    assert_eq!(d.prefix, "I buy ");
    assert_eq!(d.params, [ParamKind::Regex]);

    assert_eq!(
        def("shop_named").params,
        [ParamKind::Word, ParamKind::String]
    );
    assert_eq!(def("mine_costs").params, [ParamKind::Float]);
    assert_eq!(def("shout").params, [ParamKind::Anonymous]);
    assert_eq!(def("lists").keyword, StepKeyword::Then);
    assert_eq!(
        def("lists").params,
        [ParamKind::Int],
        "the table is not a parameter"
    );
    assert_eq!(def("save").params, []);

    let other = def("nothing");
    assert_eq!(other.world_name, "OtherWorld");
    assert_eq!((other.world)(), TypeId::of::<OtherWorld>());

    let nested = def("nested");
    assert_eq!(nested.world_name, "crate::Shop");
    assert_eq!((nested.world)(), TypeId::of::<Shop>());
    assert_eq!(nested.pattern, "^it is (?:nested|buried)$");
}

#[test]
fn patterns_match_the_intended_texts() {
    // The matcher cuts each pattern's literal prefix off and matches the tail
    // (or compares strings); it must agree with the whole pattern every time.
    let matches = |name: &str, text: &str| {
        let d = def(name);
        let whole = regex_lite::Regex::new(d.pattern).unwrap().is_match(text);
        let matcher = Matcher::new(vec![d]).unwrap();
        let found = matches!(matcher.find(StepKind::Unknown, text), Match::Found { .. });
        assert_eq!(found, whole, "{} on {text:?}", d.pattern);
        whole
    };
    assert!(matches("have_gold", "I have 5 gold"));
    assert!(matches("have_gold", "I have -5 gold"));
    assert!(!matches("have_gold", "I have five gold"));
    // ASCII digits only, as in Cucumber: `٣` (Arabic-Indic three) would not parse as i64.
    assert!(!matches("have_gold", "I have \u{663} gold"));
    assert!(!matches("mine_costs", "a mine costs \u{663}.5 gold"));
    assert!(!matches("have_gold", "so I have 5 gold"), "anchored");
    for price in ["1", "1.5", "-.5", "1e3", "+2.5E-3"] {
        assert!(
            matches("mine_costs", &format!("a mine costs {price} gold")),
            "{price}"
        );
    }
    assert!(!matches("mine_costs", "a mine costs x gold"));
    assert!(matches(
        "shop_named",
        r#"the shop is called Ore with title "Gold \"and\" more""#
    ));
    assert!(matches(
        "shop_named",
        "the shop is called Ore with title 'single'"
    ));
    assert!(!matches(
        "shop_named",
        "the shop is called two words with title 'x'"
    ));
    assert!(matches("buy", "I buy 1 gold mine"));
    assert!(matches("buy", "I buy 2 gold mines"));
    assert!(matches("lists", "the shop lists 1 item:"));
    assert!(matches("lists", "the shop lists 2 items:"));
    assert!(matches("nested", "it is nested"));
    assert!(matches("nested", "it is buried"));
    assert!(matches("nothing", "nothing happens"));
    assert!(!matches("nothing", "nothing happens here"));
    assert!(!matches("nothing", "nothing happen"));
    assert!(!matches("nested", "it is nested/buried"));
}

#[test]
fn calling_a_definition_runs_the_user_function() {
    let mut world = Shop::default();
    run(def("have_gold"), &mut world, "I have -7 gold", None).unwrap();
    assert_eq!(world.gold, -7);
    run(def("mine_costs"), &mut world, "a mine costs 2.5 gold", None).unwrap();
    assert!((world.price - 2.5).abs() < f64::EPSILON);
    run(def("shout"), &mut world, "I shout hello there", None).unwrap();
    assert_eq!(world.rest, "hello there");
    run(def("buy"), &mut world, "I buy 3 gold mines", None).unwrap();
    assert_eq!(world.mines, 3);
    run(def("nested"), &mut world, "it is buried", None).unwrap();
    assert!(world.nested);

    let table = DataTable {
        rows: vec![vec!["item".into()], vec!["mine".into()]],
        location: Location::default(),
    };
    run(
        def("lists"),
        &mut world,
        "the shop lists 2 items:",
        Some(StepArgument::DataTable(table)),
    )
    .unwrap();
    assert_eq!(world.rows, [["item"], ["mine"]]);

    let doc = DocString {
        content: "{\"gold\": 1}".into(),
        media_type: Some("json".into()),
        location: Location::default(),
    };
    run(
        def("save"),
        &mut world,
        "a save file:",
        Some(StepArgument::DocString(doc)),
    )
    .unwrap();
    assert_eq!(world.save, "{\"gold\": 1}");
}

#[test]
fn failures_become_step_failures() {
    let mut world = Shop::default();
    let error = run(def("buy"), &mut world, "I buy 11 gold mines", None).unwrap_err();
    assert!(error.contains("cannot buy 11 mines"), "{error}");
    let error = run(def("buy"), &mut world, "I buy 99999999999 gold mines", None).unwrap_err();
    assert!(error.contains("cannot parse parameter `count`"), "{error}");
    let error = run(def("lists"), &mut world, "the shop lists 1 item:", None).unwrap_err();
    assert!(error.contains("takes a data table"), "{error}");
    let error = run(def("save"), &mut world, "a save file:", None).unwrap_err();
    assert!(error.contains("takes a doc string"), "{error}");
}

#[test]
fn async_steps_register_and_run_with_the_same_parameters() {
    assert!(matches!(def("async_shop").func, StepBody::Async(_)));
    assert!(matches!(def("have_gold").func, StepBody::Sync(_)));
    let mut world = Shop::default();
    let text = "an async shop with -3 gold and a price of 1.5";
    run(def("async_shop"), &mut world, text, None).unwrap();
    assert_eq!((world.gold, world.price), (-3, 1.5));
    let error = run(
        def("async_shop"),
        &mut world,
        "an async shop with 99999999999999999999 gold and a price of 1",
        None,
    )
    .unwrap_err();
    assert!(error.contains("cannot parse parameter `gold`"), "{error}");

    let table = DataTable {
        rows: vec![vec!["item".into()]],
        location: Location::default(),
    };
    let text = "the async shop reads the table:";
    run(
        def("async_table"),
        &mut world,
        text,
        Some(StepArgument::DataTable(table)),
    )
    .unwrap();
    assert_eq!(world.rows, [["item"]]);
    let empty = DataTable {
        rows: Vec::new(),
        location: Location::default(),
    };
    let error = run(
        def("async_table"),
        &mut world,
        text,
        Some(StepArgument::DataTable(empty)),
    )
    .unwrap_err();
    assert!(error.contains("step returned an error: no rows"), "{error}");
}

#[test]
fn the_matcher_finds_the_definitions_and_strips_string_quotes() {
    let matcher = Matcher::for_world(TypeId::of::<Shop>()).unwrap();
    assert!(matcher.definitions().iter().all(|d| d.fn_name != "nothing"));
    let text = r#"the shop is called Ore with title "Gold \"and\" more""#;
    let Match::Found { def, captures } = matcher.find(StepKind::Given, text) else {
        panic!("no single match for {text:?}");
    };
    assert_eq!(def.fn_name, "shop_named");
    let mut world = Shop::default();
    let step = step(text, None);
    call(
        def,
        &mut world,
        &StepContext {
            step: &step,
            captures,
        },
    )
    .unwrap();
    assert_eq!(
        (world.name.as_str(), world.title.as_str()),
        ("Ore", r#"Gold "and" more"#)
    );
}

#[test]
fn stacked_attributes_register_one_definition_each() {
    let mut stacked: Vec<_> = StepDef::all()
        .filter(|d| d.fn_name == "stacked")
        .map(|d| (d.keyword, d.expression))
        .collect();
    stacked.sort_by_key(|(_, expression)| *expression);
    assert_eq!(
        stacked,
        [
            (StepKeyword::Then, "the doors are open"),
            (StepKeyword::Given, "the doors open")
        ]
    );
}

#[test]
fn the_functions_stay_callable_as_written() {
    let mut world = Shop::default();
    have_gold(&mut world, 3);
    assert_eq!(world.gold, 3);
    assert_eq!(buy(&mut world, 20), Err("cannot buy 20 mines".into()));
}
