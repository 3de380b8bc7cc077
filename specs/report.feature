Feature: Living documentation with cargo aspect report
  `cargo aspect report` judges the evidence as `cargo aspect test` does and
  writes the specs, the aspects and their verdicts as one HTML page that needs
  nothing else: no server, no network.

  Scenario: A run with a failure becomes one self-contained page
    Given a copy of the idle game
    And the step "I have {int} gold" asserts the wrong amount
    When I run `cargo aspect report -o report.html`
    Then the exit code is 1
    And the page "report.html" loads nothing from elsewhere
    And the page "report.html" shows "Purchase with sufficient funds"
    And the page "report.html" shows "core-has-no-external-imports"

  Scenario: The summary counts every verdict of the run
    Given a copy of the idle game
    And the step "I have {int} gold" asserts the wrong amount
    When I run `cargo aspect report -o report.html`
    Then the exit code is 1
    And the banner of the page "report.html" says "5 failed"
    And the summary of the page "report.html" reads:
      | Specs   | 4 passed | 5 failed | 0 ignored | 0 not judged |
      | Aspects | 3 passed | 0 failed | 0 ignored | 1 not judged |
      | Total   | 7 passed | 5 failed | 0 ignored | 1 not judged |

  Scenario: A failing scenario shows the step that failed and why
    Given a copy of the idle game
    And the step "I have {int} gold" asserts the wrong amount
    When I run `cargo aspect report -o report.html`
    Then the exit code is 1
    And the page "report.html" shows the scenario "Purchase with sufficient funds" as failed, its steps marked:
      | passed  | Given I have 50 gold                       |
      | passed  | When I buy a gold mine                     |
      | failed  | Then I have 0 gold                         |
      | skipped | And my gold-per-second rate increases by 1 |
    And the page "report.html" says under the scenario "Purchase with sufficient funds":
      """
      step failed examples/idle-game/specs/buying.feature:5:5
      assertion `left == right` failed: gold in hand
      """

  Scenario: Traceability names each trial's evidence; the gaps name what was not judged or not used
    Given a copy of the idle game
    And the file "examples/idle-game/tests/steps/unused.rs" contains:
      """rust
      use super::IdleWorld;

      #[aspect::then("the shop is closed")]
      fn shop_closed(_world: &mut IdleWorld) {}
      """
    And the file "examples/idle-game/tests/steps/mod.rs" ends with:
      """rust
      mod unused;
      """
    When I run `cargo aspect report -o report.html`
    Then the exit code is 0
    And the traceability table of the page "report.html" has 13 rows, among them:
      | kind   | spec or aspect                 | source                                                       | evidence                                                            | verdict |
      | spec   | Purchase with sufficient funds | examples/idle-game/specs/buying.feature:2                    | 4 steps                                                             | passed  |
      | aspect | every-generator-is-specified   | examples/idle-game/aspects/every-generator-is-specified.md:3 | command: examples/idle-game/scripts/every-generator-is-specified.sh | passed  |
    And the gaps of the page "report.html" under "Aspects with no runnable evidence in this run" are:
      | buy-is-fast | not judged in a debug build |
    And the gaps of the page "report.html" under "Step definitions no spec uses" are:
      | #[then("the shop is closed")] | fn shop_closed | examples/idle-game/tests/steps/unused.rs:4 |

  Scenario: An undefined step is marked undefined, with the step definition to add, and is a gap
    Given a copy of the idle game
    And the step "I have {int} gold" asserts the wrong amount
    And line 6 of "examples/idle-game/specs/buying.feature" becomes "And I own 3 unicorns"
    When I run `cargo aspect report -o report.html`
    Then the exit code is 1
    And the page "report.html" shows the scenario "Purchase with sufficient funds" as failed, its steps marked:
      | passed    | Given I have 50 gold   |
      | passed    | When I buy a gold mine |
      | failed    | Then I have 0 gold     |
      | undefined | And I own 3 unicorns   |
    And the page "report.html" shows under the step "And I own 3 unicorns" of the scenario "Purchase with sufficient funds" the step definition to add:
      """rust
      #[then("I own {int} unicorns")]
      fn i_own_unicorns(world: &mut IdleWorld, int1: i64) {
          todo!("I own 3 unicorns")
      }
      """
    And the gaps of the page "report.html" under "Undefined steps" are:
      | examples/idle-game/specs/buying.feature:6:5 | And I own 3 unicorns | #[then("I own {int} unicorns")] |
