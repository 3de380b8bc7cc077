//! An unknown parameter type in a cucumber expression.
use aspect::given;

struct World;

#[given("I have {colour} gold")]
fn have_gold(_world: &mut World, _colour: String) {}

fn main() {}
