Feature: Checking specs and steps with cargo aspect check
  `cargo aspect check` matches every step of every spec against the step
  definitions without running any of them. A step no definition matches is an
  error (exit 2) that comes with the function to paste; so is a step that more
  than one definition matches, never settled by order; a definition no spec
  uses is only a warning. So is a step definition that can never fail (a Then
  step with no assertion, no `?`, no `Err` and no call; any step that ignores
  its captures): glue that proves nothing makes every scenario using it pass.

  Scenario: An undefined step is an error with the function to paste
    Given a copy of the idle game
    And the file "examples/idle-game/specs/selling.feature" contains:
      """gherkin
      Feature: Selling
        Scenario: Sell a mine
          Given I have 50 gold
          When I sell 2 gold mines
      """
    When I run `cargo aspect check`
    Then the exit code is 2
    And the output says "error: examples/idle-game/specs/selling.feature:4:5: undefined step: When I sell 2 gold mines"
    And the output includes:
      """
      #[when("I sell {int} gold mines")]
      fn i_sell_gold_mines(world: &mut IdleWorld, int1: i64) {
      """

  Scenario: A step two definitions match is an error that names both
    Given a copy of the idle game
    And the file "examples/idle-game/tests/steps/mines.rs" contains:
      """rust
      use super::IdleWorld;

      #[aspect::when("I buy a gold mine")]
      fn buy_a_mine(_world: &mut IdleWorld) {}
      """
    And the file "examples/idle-game/tests/steps/mod.rs" ends with:
      """rust
      mod mines;
      """
    When I run `cargo aspect check`
    Then the exit code is 2
    And the output says "error: examples/idle-game/specs/buying.feature:4:5: ambiguous step: When I buy a gold mine"
    And the output includes:
      """
      more than one step definition matches this text:
        #[when("I buy a {}")] fn buy at examples/idle-game/tests/steps/buying.rs:9
        #[when("I buy a gold mine")] fn buy_a_mine at examples/idle-game/tests/steps/mines.rs:4
      """
    And the output says "error: 1 undefined or ambiguous step: no scenario that uses it can be judged"
    And the output does not say "is not used by any spec"

  Scenario: A step definition no spec uses is only a warning
    Given a copy of the idle game
    And the file "examples/idle-game/tests/steps/unused.rs" contains:
      """rust
      use super::IdleWorld;

      #[aspect::then("the shop is closed")]
      fn shop_closed(world: &mut IdleWorld) {
          assert_eq!(world.game.gold(), 0, "gold in the till");
      }
      """
    And the file "examples/idle-game/tests/steps/mod.rs" ends with:
      """rust
      mod unused;
      """
    When I run `cargo aspect check`
    Then the exit code is 0
    And the output includes:
      """
      warning: examples/idle-game/tests/steps/unused.rs:4: step definition `#[then("the shop is closed")]` (fn shop_closed) is not used by any spec
      """
    And the output says "0 errors, 1 warning"

  Scenario: A Then step that ignores its capture can never fail: a warning at its line
    Given a copy of the idle game
    And line 25 of "examples/idle-game/tests/steps/mod.rs" becomes "    let _ = (world, gold);"
    When I run `cargo aspect check`
    Then the exit code is 0
    And the output includes:
      """
      warning: examples/idle-game/tests/steps/mod.rs:24: this step can never fail: it proves nothing (fn gold_is: it ignores its capture `gold`)
      """
    And the output says "0 errors, 1 warning"

  Scenario: A Then step with nothing in it that can fail is a warning; the idle game's own steps are not
    Given a copy of the idle game
    And line 30 of "examples/idle-game/tests/steps/mod.rs" becomes "    world.rate_before = rate;"
    When I run `cargo aspect check`
    Then the exit code is 0
    And the output includes:
      """
      warning: examples/idle-game/tests/steps/mod.rs:29: this step can never fail: it proves nothing (fn rate_is: no assertion, no `?`, no `Err`, no call in its body: nothing in it can fail)
      """
    And the output says "0 errors, 1 warning"

  Scenario: Evidence that runs a script that does not exist is an error
    Given a copy of the idle game
    And line 3 of "examples/idle-game/aspects/every-generator-is-specified.md" becomes "evidence: examples/idle-game/scripts/missing.sh"
    When I run `cargo aspect check`
    Then the exit code is 2
    And the output says "error: examples/idle-game/aspects/every-generator-is-specified.md:3:11: `examples/idle-game/scripts/missing.sh` does not exist"
