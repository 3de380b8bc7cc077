//! An async step's return type must be what a sync step may return.
use aspect::given;

struct World;

#[given("I have {int} gold")]
async fn have_gold(_world: &mut World, amount: u64) -> u64 {
    amount
}

fn main() {}
