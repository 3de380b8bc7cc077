//! Other malformed cucumber expressions, and a regex written as an expression.
use aspect::{given, then, when};

struct World;

#[when("I buy a mine/")]
fn buy(_world: &mut World) {}

#[then("I have ({int}) mines")]
fn mines(_world: &mut World, _count: u64) {}

#[then("I see ()")]
fn see(_world: &mut World) {}

#[given("^I have (\\d+) gold$")]
fn looks_like_regex(_world: &mut World, _amount: u64) {}

fn main() {}
