Feature: Running as a cargo subcommand
  cargo runs `cargo aspect ...` by finding an executable `cargo-aspect` on
  PATH and calling it with the subcommand's name first: `cargo-aspect aspect
  ...`. The binary also runs by itself, without that first argument. Either
  way its exit code is the verdict.

  Scenario Outline: The binary runs as cargo calls it and by itself
    Given a copy of the idle game
    When I run `<command line>`
    Then the exit code is 0
    And the output says "12 passed, 0 failed, 0 ignored, 1 not judged"

    Examples:
      | command line             |
      | cargo-aspect aspect test |
      | cargo-aspect test        |

  Scenario: cargo finds cargo-aspect on PATH and passes its exit code on
    Given a copy of the idle game
    And the step "I have {int} gold" asserts the wrong amount
    And the directory of the built `cargo-aspect` is first on PATH
    When I run `cargo aspect test` through cargo
    Then the exit code is 1
    And the output says "examples/idle-game/specs/buying.feature:5:5: step failed: Then I have 0 gold"
