//! A `&Step` parameter is the step being run, whatever `Step` the module
//! imports: the macro cannot see imports, so when `Step` is the user's own
//! type the error says that `&Step` means `aspect::Step`, at the type.
use aspect::given;

struct World;

#[derive(Debug)]
struct Step(String);

impl std::str::FromStr for Step {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Step(s.to_owned()))
    }
}

#[given("the step {word}")]
fn by_reference(_world: &mut World, _step: &Step) {}

fn main() {}
