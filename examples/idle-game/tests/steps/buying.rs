//! Steps of `buying.feature`.

use aspect::{given, then, when};
use idle_core::Generator;

use super::IdleWorld;

#[when("I buy a {}")]
fn buy(world: &mut IdleWorld, generator: Generator) -> Result<(), String> {
    world.rate_before = world.game.rate();
    world
        .game
        .buy(generator)
        .map_err(|e| format!("buying a {}: {e}", generator.name()))
}

#[when("I try to buy a {}")]
fn try_buy(world: &mut IdleWorld, generator: Generator) {
    world.rate_before = world.game.rate();
    world.last_purchase = Some(world.game.buy(generator));
}

#[then("my gold-per-second rate increases by {int}")]
fn rate_increases(world: &mut IdleWorld, delta: u64) {
    assert_eq!(
        world.game.rate() - world.rate_before,
        delta,
        "rate increase"
    );
}

#[then("the purchase is refused: {int} more gold is needed")]
fn refused(world: &mut IdleWorld, shortfall: u64) -> Result<(), String> {
    match &world.last_purchase {
        Some(Err(e)) if e.shortfall() == shortfall => Ok(()),
        Some(Err(e)) => Err(format!(
            "refused, but {} more gold is needed",
            e.shortfall()
        )),
        Some(Ok(())) => Err("the purchase went through".to_owned()),
        None => Err("no purchase was attempted".to_owned()),
    }
}

#[given(regex = r"^I own (\d+) (gold mine|smelter)s?$")]
fn own(world: &mut IdleWorld, count: u64, generator: Generator) {
    world.game.grant(generator, count);
}

#[then("the next {} costs {int} gold")]
fn next_costs(world: &mut IdleWorld, generator: Generator, price: u64) {
    assert_eq!(
        world.game.cost(generator),
        price,
        "price of the next {}",
        generator.name()
    );
}
