//! A `{` with no `}`.
use aspect::given;

struct World;

#[given("I have {int gold")]
fn have_gold(_world: &mut World, _amount: u64) {}

fn main() {}
