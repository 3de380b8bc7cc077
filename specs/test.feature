Feature: Judging evidence with cargo aspect test
  `cargo aspect test` builds each package's harness, judges every scenario and
  aspect, and says in its exit code whether the evidence holds (0), fails (1)
  or cannot be judged (2). A failure names the file, line and column it comes
  from, so an editor can jump there.

  Scenario Outline: The exit code says whether the evidence holds
    Given a copy of the idle game
    And <change>
    When I run `cargo aspect test`
    Then the exit code is <code>
    And the output says "<output>"

    Examples: holds, fails, cannot be judged
      | change                                                                              | code | output                                                                                                                                |
      | nothing is changed                                                                  | 0    | 12 passed, 0 failed, 0 ignored, 1 not judged                                                                                          |
      | the step "I have {int} gold" asserts the wrong amount                               | 1    | examples/idle-game/specs/buying.feature:5:5: step failed: Then I have 0 gold                                                          |
      | line 4 of "examples/idle-game/specs/buying.feature" becomes "Whenever I buy a mine" | 2    | error: examples/idle-game/specs/buying.feature:4:5: expected a step (Given, When, Then, And, But or *), found `Whenever I buy a mine` |
      | the step definitions do not compile                                                 | 2    | could not build the `aspect` test target                                                                                              |
      | line 3 of "examples/idle-game/aspects/buy-is-fast.md" becomes "tagz: [performance]" | 2    | error: examples/idle-game/aspects/buy-is-fast.md:3:1: in the frontmatter: unknown field `tagz`                                        |

  Scenario: Tools read one JSON object per line, the counts last
    Given a copy of the idle game
    And the step "I have {int} gold" asserts the wrong amount
    When I run `cargo aspect test --format json`
    Then the exit code is 1
    And every line of the output is a JSON object with a "type"
    And the last line is the summary:
      | passed | failed | ignored | not-judged |
      | 7      | 5      | 0       | 1          |
    And the output says "hint: run `cargo aspect fix` to hand the failures to Claude Code"
