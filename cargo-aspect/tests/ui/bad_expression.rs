//! A `{name}` that is not built in, taken by a type that is not a `Parameter`.
use aspect::given;

struct World;

#[given("I have {colour} gold")]
fn have_gold(_world: &mut World, _colour: String) {}

fn main() {}
