//! A parameter type that cannot be parsed with `FromStr`.
use aspect::given;

struct World;

struct Gold(u64);

#[given("I have {int} gold")]
fn have_gold(_world: &mut World, _amount: Gold) {}

fn main() {}
