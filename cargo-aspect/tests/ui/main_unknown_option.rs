//! An option `aspect::main!` does not have.
#[derive(Default)]
struct World;

aspect::main!(World, threads = 4);
