//! A step function whose first parameter is not `&mut World`.
use aspect::{given, then};

struct World;

#[given("nothing happens")]
fn no_parameters() {}

#[then("I have {int} gold")]
fn no_world(_amount: u64) {}

#[then("the world is shared")]
fn shared_world(_world: &World) {}

fn main() {}
