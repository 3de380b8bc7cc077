//! A before hook takes the World and `&Scenario`; an after hook also `&Outcome`.
use aspect::{after, before, Outcome, Scenario};

struct World;

#[before]
fn no_parameter() {}

#[before]
fn world_by_value(_world: World, _scenario: &Scenario) {}

#[after]
fn missing_outcome(_world: &mut World, _scenario: &Scenario) {}

#[before]
fn scenario_by_value(_world: &mut World, _scenario: Scenario) {}

#[after]
fn wrong_outcome_type(_world: &mut World, _scenario: &Scenario, _outcome: &String) {}

#[after]
fn returns_a_number(_world: &mut World, _scenario: &Scenario, _outcome: &Outcome) -> u64 {
    0
}

#[before]
unsafe fn is_unsafe(_world: &mut World, _scenario: &Scenario) {}

#[before]
fn is_generic<T>(_world: &mut World, _scenario: &Scenario) {}

fn main() {}
