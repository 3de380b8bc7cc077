//! A return type that is neither `()` nor `IntoStepResult`.
use aspect::given;

struct World;

#[given("I have {int} gold")]
fn have_gold(_world: &mut World, amount: u64) -> u64 {
    amount
}

fn main() {}
