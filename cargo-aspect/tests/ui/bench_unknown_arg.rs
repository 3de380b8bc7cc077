//! `#[aspect::bench]` takes only `name = "..."`.
use aspect::Bencher;

#[aspect::bench(iterations = 1000)]
fn buy_generator(_b: &mut Bencher) {}

#[aspect::bench("load_world")]
fn load(_b: &mut Bencher) {}

#[aspect::bench(name = "load world")]
fn spaced(_b: &mut Bencher) {}

fn main() {}
