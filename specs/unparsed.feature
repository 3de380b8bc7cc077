Feature: A feature file that does not parse does not stop the others
  A file that does not parse is one failing trial of its own, named
  `spec::<file>::does not parse`, with the error at its `file:line:col`; every
  other file still runs. The run cannot be judged, so the exit code is 2, under
  `cargo test`, `cargo nextest run` and `cargo aspect test` alike; the last
  hint is to fix the file there, not `cargo aspect fix` (whose agent may not
  edit specs). Scenarios
  and aspects that `--tags` leaves out are counted as filtered out.

  Background:
    Given a copy of the idle game
    And the file "examples/idle-game/specs/selling.feature" contains:
      """gherkin
      Feature: Selling
        Scenario: Sell a mine
          Given I have 50 gold
          Whenever I sell a mine
      """

  Scenario: cargo aspect test reports the file with the others and cannot judge
    When I run `cargo aspect test`
    Then the exit code is 2
    And the output says "spec::selling::does not parse"
    And the output says "examples/idle-game/specs/selling.feature:4:5: expected a step (Given, When, Then, And, But or *), found `Whenever I sell a mine`"
    And the output says "12 passed, 1 failed, 0 ignored, 1 not judged"
    And the output says "error: 1 feature file does not parse; cannot judge"
    And the output says "hint: fix examples/idle-game/specs/selling.feature:4:5, where the feature file does not parse"
    And the output does not say "hint: run `cargo aspect fix`"

  Scenario: Its JSON events say where the file does not parse
    When I run `cargo aspect test --format json`
    Then the exit code is 2
    And every line of the output is a JSON object with a "type"
    And the JSON line of "spec::selling::does not parse" has:
      | status | file                   | line | parse_error.line | parse_error.column | parse_error.message                                                                      |
      | failed | specs/selling.feature  | 4    | 4                | 5                  | expected a step (Given, When, Then, And, But or *), found `Whenever I sell a mine` |
    And the last line is the summary:
      | passed | failed | ignored | not_judged |
      | 12     | 1      | 0       | 1          |

  Scenario: Under cargo test the harness runs the others and exits 2
    Given the game's harness is built by `cargo test --no-run`
    When I run the harness with ``
    Then the exit code is 2
    And the output says "---- spec::selling::does not parse ----"
    And the output says "examples/idle-game/specs/selling.feature:4:5: expected a step"
    And the output says "12 passed; 1 failed"
    And the output says "error: a feature file does not parse (its trial says where); cannot judge"

  Scenario: Under nextest the file is one failing test and the others pass
    When nextest runs the game's harness
    Then the exit code is 100
    And the output says "FAIL"
    And the output says "spec::selling::does not parse"
    And the output says "examples/idle-game/specs/selling.feature:4:5: expected a step"
    And the output says "12 passed, 1 failed"

  Scenario: Its exact name runs it alone, as nextest does
    Given the game's harness is built by `cargo test --no-run`
    When I run the harness with `'spec::selling::does not parse' --exact`
    Then the exit code is 2
    And the output says "running 1 test"
    And the output says "0 passed; 1 failed"

  Scenario: An exact name in another file does not meet the bad file
    Given the game's harness is built by `cargo test --no-run`
    When I run the harness with `'spec::buying::Purchase with sufficient funds' --exact`
    Then the exit code is 0
    And the output says "1 passed; 0 failed"

  Scenario: Scenarios and aspects --tags leaves out are counted as filtered out
    When I run `cargo aspect test --tags @production`
    Then the exit code is 2
    And the output says "3 passed, 1 failed, 0 ignored, 10 filtered out"
    And the output says "aspects: 0 passed, 0 failed, 0 ignored, 4 filtered out"
