//! `async fn` benches are not supported.
#[aspect::bench]
async fn buy_generator(_b: &mut aspect::Bencher) {}

fn main() {}
