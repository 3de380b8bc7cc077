//! A `regex = "..."` the regex parser rejects.
use aspect::when;

struct World;

#[when(regex = r"^I buy (\d+ gold mines?$")]
fn buy(_world: &mut World, _count: u32) {}

fn main() {}
