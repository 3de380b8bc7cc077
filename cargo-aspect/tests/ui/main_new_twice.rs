//! `new` given twice.
struct World;

impl World {
    async fn connect() -> Result<World, String> {
        Ok(World)
    }
}

aspect::main!(World, new = World::connect, new = World::connect);
