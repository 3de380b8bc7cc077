//! `async fn` steps are not supported.
use aspect::given;

struct World;

#[given("I have {int} gold")]
async fn have_gold(_world: &mut World, _amount: u64) {}

fn main() {}
