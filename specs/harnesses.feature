Feature: Several harnesses in one package, each with its own World
  A package may have more than one harness test target, each with its own
  World and its own spec globs: `[package.metadata.aspect.harnesses.<target>]`
  gives a target's `specs` and `aspects` (a key it leaves out is the
  package's). `cargo aspect` runs every target named there; each harness
  knows which one it is from its executable, under `cargo test` too.

  Background:
    Given a copy of the idle game
    And the table [package.metadata.aspect] of "examples/idle-game/Cargo.toml" also has:
      """toml
      harnesses.aspect = {}
      harnesses.till = { specs = ["till-specs/*.feature"], aspects = [] }
      """
    And the file "examples/idle-game/Cargo.toml" ends with:
      """toml
      [[test]]
      name = "till"
      harness = false
      """
    And the file "examples/idle-game/tests/till.rs" contains:
      """rust
      //! A second harness with a World of its own.

      #[derive(Default)]
      struct Till {
          coins: u64,
      }

      #[aspect::given("the till holds {u64} coins")]
      fn holds(till: &mut Till, coins: u64) {
          till.coins = coins;
      }

      #[aspect::when("I add {u64} coins")]
      fn add(till: &mut Till, coins: u64) {
          till.coins += coins;
      }

      #[aspect::then("the till has {u64} coins")]
      fn has(till: &mut Till, coins: u64) {
          assert_eq!(till.coins, coins, "coins in the till");
      }

      aspect::main!(Till);
      """
    And the file "examples/idle-game/till-specs/till.feature" contains:
      """gherkin
      Feature: The till
        Scenario: Coins add up
          Given the till holds 2 coins
          When I add 3 coins
          Then the till has 5 coins
      """

  Scenario: cargo aspect test runs every harness of the package with its own specs
    When I run `cargo aspect test`
    Then the exit code is 0
    And the output says "13 passed, 0 failed, 0 ignored, 1 not judged"
    And the output says "Coins add up"

  Scenario: Under cargo test each harness reads its own globs
    When I run `cargo test --test till` in "examples/idle-game"
    Then the exit code is 0
    And the output says "1 passed; 0 failed"
