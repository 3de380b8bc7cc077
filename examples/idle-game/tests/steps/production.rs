//! Steps of `production.feature`.

use aspect::{given, when, DataTable, DocString};
use idle_core::{Game, Generator};

use super::IdleWorld;

#[given("I own:")]
fn own_table(world: &mut IdleWorld, table: &DataTable) -> Result<(), String> {
    for row in table.rows.iter().skip(1) {
        let [generator, count] = row.as_slice() else {
            return Err(format!(
                "expected `| generator | count |` rows, found {row:?}"
            ));
        };
        let generator: Generator = generator.parse().map_err(|e| format!("{e}"))?;
        let count: u64 = count.parse().map_err(|e| format!("count {count:?}: {e}"))?;
        world.game.grant(generator, count);
    }
    Ok(())
}

#[given("a save file:")]
fn save_file(world: &mut IdleWorld, save: &DocString) -> Result<(), String> {
    world.game = Game::from_save(&save.content).map_err(|e| e.to_string())?;
    Ok(())
}

#[when("{int} second(s) pass")]
fn seconds_pass(world: &mut IdleWorld, seconds: u64) {
    world.game.tick(seconds);
}
