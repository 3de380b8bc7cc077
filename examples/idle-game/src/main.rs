//! Plays the idle game for a while: buy the cheapest generator whenever gold allows.

use idle_core::{Game, Generator};

fn main() {
    let seconds: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let mut game = Game::with_gold(50);
    for second in 1..=seconds {
        for generator in Generator::ALL {
            while game.buy(generator).is_ok() {
                println!("{second:>4}s  bought a {}", generator.name());
            }
        }
        game.tick(1);
    }
    println!(
        "after {seconds}s: {} gold, {} gold/s",
        game.gold(),
        game.rate()
    );
}
