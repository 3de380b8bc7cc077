//! A bench cannot be a method or generic.
use aspect::Bencher;

struct Shop;

impl Shop {
    #[aspect::bench]
    fn buy(&self, _b: &mut Bencher) {}
}

#[aspect::bench]
fn sort<T: Ord>(_b: &mut Bencher) {}

fn main() {}
