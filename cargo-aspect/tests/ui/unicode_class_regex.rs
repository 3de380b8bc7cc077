//! A valid regex that regex-lite, the run-time engine, does not support.
use aspect::given;

struct World;

#[given(regex = r"^the hero is called (\p{L}+)$")]
fn hero(_world: &mut World, _name: String) {}

fn main() {}
