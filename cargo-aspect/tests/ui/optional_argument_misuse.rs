//! Optional step arguments taken the wrong way: by value, mutably, twice, or
//! an optional capture whose type is not `FromStr`.
use aspect::{given, DataTable, DocString};

struct World;

#[given("a note:")]
fn note_by_value(_world: &mut World, _note: Option<DocString>) {}

#[given("a table:")]
fn table_mutably(_world: &mut World, _table: Option<&mut DataTable>) {}

#[given("two tables:")]
fn two_tables(_world: &mut World, _a: &DataTable, _b: Option<&DataTable>) {}

struct NotParsed;

#[given(regex = r"^a thing( named \w+)?$")]
fn not_from_str(_world: &mut World, _name: Option<NotParsed>) {}

fn main() {}
