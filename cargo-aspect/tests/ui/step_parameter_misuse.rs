//! `&Step` (the step being run) taken the wrong way: `aspect::Step` by value,
//! mutably, in an `Option` (every step has one), or twice. (A bare `Step` by
//! value is a capture of the user's own type: `pass/own_step_type.rs`.)
use aspect::{given, Step};

struct World;

#[given("a step by value")]
fn by_value(_world: &mut World, _step: aspect::Step) {}

#[given("a step mutably")]
fn mutably(_world: &mut World, _step: &mut Step) {}

#[given("a step maybe")]
fn optional(_world: &mut World, _step: Option<&Step>) {}

#[given("two steps")]
fn twice(_world: &mut World, _a: &Step, _b: &aspect::Step) {}

fn main() {}
