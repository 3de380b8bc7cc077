//! `async fn` steps take the same parameters as sync ones, return the same
//! types, and mix with sync steps for one World.
#![forbid(unsafe_code)]
#![deny(warnings, missing_docs)]

use aspect::{given, then, when, DataTable, DocString};

struct World {
    gold: u64,
}

#[given("I have {int} gold")]
async fn have_gold(world: &mut World, amount: u64) {
    world.gold = amount;
}

#[when(regex = r"^I spend (\d+) gold$")]
async fn spend(world: &mut World, amount: u64) -> Result<(), String> {
    world.gold = world.gold.checked_sub(amount).ok_or("not enough gold")?;
    Ok(())
}

#[then("the ledger reads:")]
async fn ledger(_world: &mut World, table: &DataTable, doc: &DocString) {
    let _ = (table.rows.len(), doc.content.len());
}

#[then("I have {int} gold left")]
fn left(world: &mut World, amount: u64) {
    assert_eq!(world.gold, amount);
}

fn main() {
    let kinds: Vec<(&str, bool)> = aspect::__private::StepDef::all()
        .map(|d| {
            let is_async = matches!(d.func, aspect::__private::StepBody::Async(_));
            (d.fn_name, is_async)
        })
        .collect();
    for expected in [("have_gold", true), ("spend", true), ("ledger", true), ("left", false)] {
        assert!(kinds.contains(&expected), "{expected:?} missing from {kinds:?}");
    }
}
