//! Generates the benchmark fixture: a standalone package whose `aspect` test
//! harness runs 10,000 scenarios.
//!
//! The numbers `cargo xtask bench` prints are only comparable from one run to
//! the next if the suite is the same, so generation is deterministic (a seeded
//! PRNG per feature file, no clock, no hash-map order) and the expected values
//! are computed with the very game the fixture's steps use (`fixture/shop.rs`),
//! so every scenario passes by construction. Files are only rewritten when their
//! contents change, so a second bench does not rebuild the fixture.

mod feature;
mod fixture;
#[cfg(test)]
mod tests;

pub use fixture::{
    write_fixture, write_if_changed, write_specs, Specs, FEATURES, SHOP_RS, STEPS_RS,
};
