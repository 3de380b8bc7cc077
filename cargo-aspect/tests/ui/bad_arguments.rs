//! Misspelt attribute arguments.
use aspect::{given, then, when, DataTable};

struct World;

#[given]
fn missing(_world: &mut World) {}

#[when(pattern = "I buy a mine")]
fn unknown_key(_world: &mut World) {}

#[then("a", "b")]
fn two_expressions(_world: &mut World) {}

#[then(42)]
fn not_a_string(_world: &mut World) {}

#[given("a table:")]
fn table_by_value(_world: &mut World, _table: DataTable) {}

#[given("x")]
struct NotAFunction;

fn main() {}
