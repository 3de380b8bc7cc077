//! Functions the aspects measure: `buy-is-fast` and `loading-a-save-is-light`.

use aspect::Bencher;
use idle_core::{Game, Generator};

/// One purchase from a game with plenty of gold (the game is set up untimed).
#[aspect::bench]
fn buy_generator(b: &mut Bencher) {
    b.iter_batched(
        || {
            let mut game = Game::with_gold(1_000_000);
            game.grant(Generator::GoldMine, 40);
            game
        },
        |mut game| game.buy(Generator::GoldMine),
    );
}

/// Loading a save with a few generators.
#[aspect::bench]
fn load_save(b: &mut Bencher) {
    const SAVE: &str = "gold = 1200\ngold mine = 40\nsmelter = 3\n";
    b.iter(|| Game::from_save(SAVE));
}
