//! `aspect::main!` with every option: an async, fallible constructor, a
//! runtime, a timeout and a concurrency, in any order, trailing comma allowed.
#![forbid(unsafe_code)]
#![deny(warnings)]

struct World;

impl World {
    async fn connect() -> Result<World, std::io::Error> {
        Ok(World)
    }
}

#[aspect::when("I wait")]
async fn wait(_world: &mut World) {}

mod harness {
    use super::World;

    aspect::main!(
        World,
        timeout = std::time::Duration::from_secs(5),
        new = World::connect,
        runtime = aspect::BlockOn,
        concurrency = 8,
    );

    pub(crate) fn entry() -> fn() -> std::process::ExitCode {
        main
    }
}

fn main() {
    let _ = harness::entry();
}
