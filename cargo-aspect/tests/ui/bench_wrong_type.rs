//! The parameter must be `&mut aspect::Bencher`; another type fails on that type.
#[aspect::bench]
fn buy_generator(_b: &mut u32) {}

fn main() {}
