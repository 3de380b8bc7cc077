//! Every accepted hook form compiles without warnings in a crate that forbids
//! unsafe code, and registers one hook each.
#![forbid(unsafe_code)]
#![deny(warnings, missing_docs)]

use aspect::{after, before, Outcome, Scenario};

struct World;

#[before]
fn plain(_world: &mut World, _scenario: &Scenario) {}

#[before(tags = "@db and not @slow")]
async fn tagged_async(_world: &mut World, scenario: &Scenario) -> Result<(), String> {
    let _ = (&scenario.feature, &scenario.name, &scenario.tags);
    Ok(())
}

#[after]
fn sees(_world: &mut World, _scenario: &Scenario, outcome: &Outcome) {
    let _ = outcome.passed();
}

#[after(tags = "@db")]
async fn after_async(_world: &mut World, _scenario: &Scenario, _outcome: &Outcome) {}

fn main() {
    let names: Vec<&str> = aspect::__private::inventory::iter::<aspect::__private::HookDef>
        .into_iter()
        .map(|d| d.fn_name)
        .collect();
    assert_eq!(names.len(), 4, "{names:?}");
}
