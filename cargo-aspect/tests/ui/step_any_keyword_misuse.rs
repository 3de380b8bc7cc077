//! `#[step]` misused: no expression, not on a function, no World.
use aspect::step;

struct World;

#[step]
fn missing(_world: &mut World) {}

#[step("x")]
struct NotAFunction;

#[step("I rest")]
fn no_world() {}

#[step(regex = r"^I wait (\d+) seconds?$")]
fn too_few(_world: &mut World) {}

fn main() {}
