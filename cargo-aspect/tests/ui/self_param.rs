//! Methods cannot be steps.
use aspect::given;

struct World;

impl World {
    #[given("I have {int} gold")]
    fn have_gold(&mut self, _amount: u64) {}
}

fn main() {}
