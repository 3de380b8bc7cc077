//! A bare string with `(`, `)` or `/` and no `{…}` reads as literal text but
//! is a cucumber expression: a warning at the literal says how to write either.
//! `expr = "…"` and `#[allow(deprecated)]` keep the expression without it.
#![deny(deprecated)]
use aspect::given;

struct World;

#[given("the file a/b exists (really)")]
fn looks_literal(_world: &mut World) {}

#[given(expr = "the file a/b exists (really)")]
fn the_expression_is_meant(_world: &mut World) {}

#[allow(deprecated)]
#[given("a mine/farm is open")]
fn allowed(_world: &mut World) {}

#[given("I have {int} gold (in hand)")]
fn has_a_parameter(_world: &mut World, _gold: u32) {}

fn main() {}
