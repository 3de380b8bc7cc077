Feature: Running each trial under cargo nextest
  `cargo nextest run` builds the `aspect` test target with cargo, asks the
  harness for its tests with `--list --format terse`, then runs each test in a
  process of its own as `<harness> '<name>' --exact`, in the package's
  directory. The harness answers as a libtest harness does, so every scenario
  and aspect is one nextest test, and a failing one says where it failed.

  Scenario: Every scenario and aspect is listed as a test
    Given a copy of the idle game
    And the game's harness is built by `cargo test --no-run`
    When I run the harness with `--list --format terse`
    Then the exit code is 0
    And the output lists 13 tests, one `<name>: test` line each, among them:
      | spec::buying::Purchase with sufficient funds                 |
      | spec::buying::Each generator costs 15% more than the last #4 |
      | aspect::buy-is-fast                                          |

  Scenario: A test's exact name runs that test alone
    Given a copy of the idle game
    And the step "I have {int} gold" asserts the wrong amount
    And the game's harness is built by `cargo test --no-run`
    When I run the harness with `'spec::buying::Purchase with sufficient funds' --exact`
    Then the exit code is 1
    And the output says "running 1 test"
    And the output says "test spec::buying::Purchase with sufficient funds ... FAILED"
    And the output says "examples/idle-game/specs/buying.feature:5:5: step failed: Then I have 0 gold"
    And the output says "0 passed; 1 failed"
