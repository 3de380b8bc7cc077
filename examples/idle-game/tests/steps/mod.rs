//! Step definitions for the idle game's specs, one module per feature.

mod buying;
mod production;

use idle_core::{BuyError, Game};

/// What one scenario plays with.
#[derive(Debug, Default)]
pub struct IdleWorld {
    pub game: Game,
    /// The rate before the last purchase, to judge "increases by".
    pub rate_before: u64,
    /// The outcome of the last purchase attempt.
    pub last_purchase: Option<Result<(), BuyError>>,
}

#[aspect::given("I have {int} gold")]
fn have_gold(world: &mut IdleWorld, gold: u64) {
    world.game.set_gold(gold);
}

#[aspect::then("I have {int} gold")]
fn gold_is(world: &mut IdleWorld, gold: u64) {
    assert_eq!(world.game.gold(), gold, "gold in hand");
}

#[aspect::then("my gold-per-second rate is {int}")]
fn rate_is(world: &mut IdleWorld, rate: u64) {
    assert_eq!(world.game.rate(), rate, "gold per second");
}
