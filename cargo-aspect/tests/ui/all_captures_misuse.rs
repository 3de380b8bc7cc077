//! `&[String]` (every capture) misused: twice, or beside a capture parameter
//! that leaves the count wrong.
use aspect::given;

struct World;

#[given(regex = r"^(\d+) and (\d+)$")]
fn twice(_world: &mut World, _a: &[String], _b: &[String]) {}

#[given(regex = r"^(\d+) and (\d+)$")]
fn beside_one(_world: &mut World, _all: &[String], _first: u32) {}

fn main() {}
