//! A bench function takes exactly one `&mut aspect::Bencher` and returns nothing.
use aspect::Bencher;

#[aspect::bench]
fn no_parameter() {}

#[aspect::bench]
fn extra_parameters(_b: &mut Bencher, _level: u32, _gold: u64) {}

#[aspect::bench]
fn by_value(_b: Bencher) {}

#[aspect::bench]
fn returns(_b: &mut Bencher) -> u64 {
    0
}

fn main() {}
