//! A hook's only option is `tags = "..."`, a non-empty expression.
use aspect::{after, before, Outcome, Scenario};

struct World;

#[before(tag = "@db")]
fn misspelled(_world: &mut World, _scenario: &Scenario) {}

#[before(tags = "")]
fn empty(_world: &mut World, _scenario: &Scenario) {}

#[after(tags = "@db", "@slow")]
fn two(_world: &mut World, _scenario: &Scenario, _outcome: &Outcome) {}

#[before]
struct NotAFunction;

impl World {
    #[before]
    fn method(&mut self, _scenario: &Scenario) {}
}

fn main() {}
