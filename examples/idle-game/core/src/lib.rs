//! Pure game logic of the idle game: gold, generators, buying, time passing.
//!
//! No dependencies and no I/O (no filesystem, network or clock): the game only
//! changes when it is told to, which is what makes it easy to specify. The
//! `core-has-no-external-imports` aspect holds it to that.

use std::collections::BTreeMap;
use std::fmt;

/// Something that produces gold every second.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Generator {
    /// Cheap, slow: 50 gold, 1 gold per second.
    GoldMine,
    /// Dearer, faster: 500 gold, 10 gold per second.
    Smelter,
}

impl Generator {
    /// Every generator the shop sells.
    pub const ALL: [Generator; 2] = [Generator::GoldMine, Generator::Smelter];

    /// The price of the first one.
    pub fn base_cost(self) -> u64 {
        match self {
            Generator::GoldMine => 50,
            Generator::Smelter => 500,
        }
    }

    /// Gold per second that one of them produces.
    pub fn rate(self) -> u64 {
        match self {
            Generator::GoldMine => 1,
            Generator::Smelter => 10,
        }
    }

    /// Its name as players write it (`gold mine`, `smelter`).
    pub fn name(self) -> &'static str {
        match self {
            Generator::GoldMine => "gold mine",
            Generator::Smelter => "smelter",
        }
    }
}

impl std::str::FromStr for Generator {
    type Err = UnknownGenerator;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let name = s.trim().trim_end_matches('s');
        Generator::ALL
            .into_iter()
            .find(|g| g.name() == name)
            .ok_or_else(|| UnknownGenerator(s.to_owned()))
    }
}

/// A name that is no generator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownGenerator(pub String);

impl fmt::Display for UnknownGenerator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no generator is called `{}`", self.0)
    }
}

/// Why a purchase was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BuyError {
    /// The player has less gold than the price.
    InsufficientFunds {
        /// The price.
        cost: u64,
        /// The gold the player has.
        gold: u64,
    },
}

impl BuyError {
    /// How much more gold the purchase needs.
    pub fn shortfall(&self) -> u64 {
        match self {
            BuyError::InsufficientFunds { cost, gold } => cost - gold,
        }
    }
}

impl fmt::Display for BuyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuyError::InsufficientFunds { cost, gold } => {
                write!(f, "costs {cost} gold but only {gold} gold is available")
            }
        }
    }
}

/// One player's game.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Game {
    gold: u64,
    owned: BTreeMap<Generator, u64>,
}

impl Game {
    /// A game with `gold` and no generators.
    pub fn with_gold(gold: u64) -> Self {
        Game {
            gold,
            ..Game::default()
        }
    }

    /// Gold in hand.
    pub fn gold(&self) -> u64 {
        self.gold
    }

    /// Set the gold in hand.
    pub fn set_gold(&mut self, gold: u64) {
        self.gold = gold;
    }

    /// How many of `generator` the player owns.
    pub fn owned(&self, generator: Generator) -> u64 {
        self.owned.get(&generator).copied().unwrap_or(0)
    }

    /// Give the player `count` more of `generator` for free (for set-ups and saves).
    pub fn grant(&mut self, generator: Generator, count: u64) {
        *self.owned.entry(generator).or_default() += count;
    }

    /// Gold produced per second by everything owned.
    pub fn rate(&self) -> u64 {
        self.owned.iter().map(|(g, n)| g.rate() * n).sum()
    }

    /// The price of the next `generator`: 15% more than the last, rounded down.
    pub fn cost(&self, generator: Generator) -> u64 {
        let exponent = i32::try_from(self.owned(generator)).unwrap_or(i32::MAX);
        (generator.base_cost() as f64 * 1.15f64.powi(exponent)).floor() as u64
    }

    /// Buy one `generator` if the gold suffices.
    ///
    /// # Errors
    /// [`BuyError::InsufficientFunds`] when it costs more than the gold in hand;
    /// the game is unchanged.
    pub fn buy(&mut self, generator: Generator) -> Result<(), BuyError> {
        let cost = self.cost(generator);
        if cost > self.gold {
            return Err(BuyError::InsufficientFunds {
                cost,
                gold: self.gold,
            });
        }
        self.gold -= cost;
        self.grant(generator, 1);
        Ok(())
    }

    /// Let `seconds` pass: every generator produces.
    pub fn tick(&mut self, seconds: u64) {
        self.gold += self.rate() * seconds;
    }

    /// The game as a save file: `key = value` lines.
    pub fn to_save(&self) -> String {
        let mut out = format!("gold = {}\n", self.gold);
        for (generator, count) in &self.owned {
            out.push_str(&format!("{} = {count}\n", generator.name()));
        }
        out
    }

    /// Load a save written by [`Game::to_save`].
    ///
    /// # Errors
    /// A [`SaveError`] naming the 1-based line that is not `key = number`.
    pub fn from_save(text: &str) -> Result<Game, SaveError> {
        let mut game = Game::default();
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = || SaveError {
                line: index + 1,
                text: line.to_owned(),
            };
            let (key, value) = line.split_once('=').ok_or_else(bad)?;
            let value: u64 = value.trim().parse().map_err(|_| bad())?;
            match key.trim() {
                "gold" => game.gold = value,
                name => game.grant(name.parse().map_err(|_| bad())?, value),
            }
        }
        Ok(game)
    }
}

/// A save file line that does not read as `key = number`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaveError {
    /// 1-based line number.
    pub line: usize,
    /// The line.
    pub text: String,
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "save line {}: expected `key = number`, found `{}`",
            self.line, self.text
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_round_trips() {
        let mut game = Game::with_gold(7);
        game.grant(Generator::Smelter, 2);
        assert_eq!(Game::from_save(&game.to_save()), Ok(game));
    }

    #[test]
    fn a_bad_save_line_is_named() {
        let err = Game::from_save("gold = 1\nsilver = 2\n").unwrap_err();
        assert_eq!(err.line, 2);
    }
}
