//! A user's own type named `Step` is a capture like any `FromStr` type, taken
//! by value (bare, by another path, in an `Option`), beside the step view
//! `&aspect::Step` (issue 16: any `Step` used to be taken for the step view).
#![deny(warnings)]

use aspect::given;

mod model {
    /// A recipe step of the user's own domain.
    #[derive(Debug, PartialEq)]
    pub struct Step(pub u32);

    impl std::str::FromStr for Step {
        type Err = std::num::ParseIntError;
        fn from_str(s: &str) -> Result<Self, Self::Err> {
            s.parse().map(Step)
        }
    }
}

use model::Step;

#[derive(Default)]
struct World {
    steps: Vec<Step>,
}

#[given("step {int} is done")]
fn done(world: &mut World, step: Step) {
    world.steps.push(step);
}

#[given(regex = r"^step (\d+) is skipped(?: after (\d+))?$")]
fn skipped(world: &mut World, step: model::Step, after: Option<Step>) {
    world.steps.push(step);
    world.steps.extend(after);
}

#[given("step {int} is read from the step")]
fn read(world: &mut World, step: Step, view: &aspect::Step) {
    assert_eq!(view.captures, [step.0.to_string()]);
    world.steps.push(step);
}

aspect::main!(World);
