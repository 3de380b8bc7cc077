//! Every accepted form compiles without warnings in a crate that forbids unsafe
//! code, and registers one definition each.
#![forbid(unsafe_code)]
#![deny(warnings, missing_docs)]

use aspect::{given, then, when, DataTable, DocString};

struct World {
    gold: i64,
}

#[given("I have {int} gold")]
fn have_gold(world: &mut World, amount: i64) {
    world.gold = amount;
}

#[given(expr = "a {word} called {string} costs {float} or {}")]
fn named(_world: &mut World, _kind: String, _name: String, _price: f64, _rest: String) {}

#[when(regex = r"^I buy (\d+) gold mines?$")]
fn buy(world: &mut World, count: i64) -> Result<(), String> {
    world.gold -= count;
    Ok(())
}

#[then("the shop lists:")]
fn lists(_world: &mut World, table: &DataTable) -> Result<(), std::fmt::Error> {
    let _ = table.rows.len();
    Ok(())
}

#[given("a save file with {int} slot(s):")]
fn save(_world: &mut World, doc: &DocString, _slots: u8) {
    let _ = doc.content.len();
}

#[cfg(any())]
#[given("this step is compiled out")]
fn compiled_out(_world: &mut World) {}

mod nested {
    // An alternation in a bare string warns (it may be meant as text); this one is meant.
    #[allow(deprecated)]
    #[aspect::then("it is nested/buried")]
    fn nested(_world: &mut crate::World) -> () {}
}

fn main() {
    let mut world = World { gold: 0 };
    have_gold(&mut world, 5);
    assert_eq!(world.gold, 5);
    let names: Vec<&str> = aspect::__private::StepDef::all().map(|d| d.fn_name).collect();
    assert_eq!(names.len(), 6, "{names:?}");
    for name in ["have_gold", "named", "buy", "lists", "save", "nested"] {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }
}
