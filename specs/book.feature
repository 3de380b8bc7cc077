Feature: cucumber-rs's book, ported
  The "Capturing and variation" chapter of cucumber-rs's book, its features
  as written and its step definitions as its users write them (`cucumber::`
  becomes `aspect::`, `expr =` stays), in a harness of its own beside the idle
  game's: regexes with `FromStr` arguments, cucumber expressions, and a custom
  parameter whose regex has several groups.

  Scenario: The capturing chapter runs as written
    Given a copy of the idle game
    And the table [package.metadata.aspect] of "examples/idle-game/Cargo.toml" also has:
      """toml
      harnesses.aspect = {}
      harnesses.book = { specs = ["book/*.feature"], aspects = [] }
      """
    And the file "examples/idle-game/Cargo.toml" ends with:
      """toml
      [[test]]
      name = "book"
      harness = false
      """
    And the file "examples/idle-game/tests/book.rs" contains:
      """rust
      //! cucumber-rs's book, "Capturing and variation", with its own World.

      use std::str::FromStr;

      use aspect::{given, then, when, Parameter};

      #[derive(Debug, Default, Eq, Parameter, PartialEq)]
      #[param(regex = "(hungry)|(satiated)|'([^']*)'")]
      // We want to capture without quotes  ^^^^^^^
      enum Hungriness {
          Hungry,
          #[default]
          Satiated,
          Other(String),
      }

      // NOTE: `Parameter` requires `FromStr` being implemented.
      impl FromStr for Hungriness {
          type Err = String;

          fn from_str(s: &str) -> Result<Self, Self::Err> {
              Ok(match s {
                  "hungry" => Self::Hungry,
                  "satiated" => Self::Satiated,
                  other => Self::Other(other.to_owned()),
              })
          }
      }

      #[derive(Debug, Default)]
      struct Cat {
          pub hungry: Hungriness,
      }

      impl Cat {
          fn feed(&mut self) {
              self.hungry = Hungriness::Satiated;
          }
      }

      #[derive(Debug, Default)]
      pub struct AnimalWorld {
          cat: Cat,
      }

      #[given(expr = "a {hungriness} cat")]
      fn hungry_cat(world: &mut AnimalWorld, hungry: Hungriness) {
          world.cat.hungry = hungry;
      }

      #[when(regex = r"^I feed the cat (\d+) times?$")]
      fn feed_cat(world: &mut AnimalWorld, times: u8) {
          for _ in 0..times {
              world.cat.feed();
          }
      }

      #[then("the cat is not hungry")]
      fn cat_is_fed(world: &mut AnimalWorld) {
          assert_eq!(world.cat.hungry, Hungriness::Satiated);
      }

      #[then(expr = "the cat is {string}")]
      fn cat_is(world: &mut AnimalWorld, other: String) {
          assert_eq!(world.cat.hungry, Hungriness::Other(other));
      }

      aspect::main!(AnimalWorld);
      """
    And the file "examples/idle-game/book/capturing.feature" contains:
      """gherkin
      Feature: Animal feature

        Scenario: If we feed a hungry cat it will no longer be hungry
          Given a hungry cat
          When I feed the cat 1 time
          Then the cat is not hungry

        Scenario: If we feed a satiated cat it will not become hungry
          Given a satiated cat
          When I feed the cat 2 times
          Then the cat is not hungry
      """
    And the file "examples/idle-game/book/capturing_multiple_groups.feature" contains:
      """gherkin
      Feature: Animal feature

        Scenario: If we feed a hungry cat it will no longer be hungry
          Given a hungry cat
          When I feed the cat 1 time
          Then the cat is not hungry

        Scenario: If we feed a satiated cat it will not become hungry
          Given a 'tiny tiny' cat
          Then the cat is "tiny tiny"
      """
    When I run `cargo test --test book` in "examples/idle-game"
    Then the exit code is 0
    And the output says "4 passed; 0 failed"
