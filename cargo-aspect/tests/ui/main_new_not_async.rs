//! `new =` takes an async constructor returning `Result`; a plain one goes
//! without the key (`aspect::main!(World, World::new)`).
struct World;

impl World {
    fn new() -> World {
        World
    }
}

aspect::main!(World, new = World::new);
