//! `runtime = tokio` without cargo-aspect's `tokio` feature.
#[derive(Default)]
struct World;

aspect::main!(World, runtime = tokio);
