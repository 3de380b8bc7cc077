//! The function's parameters do not match the expression's.
use aspect::{given, then, when, DataTable};

struct World;

#[given("I have {int} gold")]
fn have_gold(_world: &mut World, _amount: u64, _extra: u64) {}

#[when(regex = r"^I buy (\d+) gold mines? for (\d+)$")]
fn buy(_world: &mut World, _table: &DataTable) {}

#[then("I have {int} mine(s)")]
fn mines(_world: &mut World) {}

fn main() {}
