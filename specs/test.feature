Feature: Judging evidence with cargo aspect test
  `cargo aspect test` builds each package's harness, judges every scenario and
  aspect, and says in its exit code whether the evidence holds (0), fails (1)
  or cannot be judged (2). A failure names the file, line and column it comes
  from, so an editor can jump there. `--tags` judges only the scenarios and
  aspects a tag expression selects; CI reads failures from a JUnit XML file
  (`--junit PATH`) or, on GitHub Actions, from annotations.

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
      | line 4 of "examples/idle-game/specs/buying.feature" becomes "Whenever I buy a mine" | 2    | examples/idle-game/specs/buying.feature:4:5: expected a step (Given, When, Then, And, But or *), found `Whenever I buy a mine`        |
      | the step definitions do not compile                                                 | 2    | could not build the `aspect` test target                                                                                              |
      | line 3 of "examples/idle-game/aspects/buy-is-fast.md" becomes "tagz: [performance]" | 2    | error: examples/idle-game/aspects/buy-is-fast.md:3:1: in the frontmatter: unknown field `tagz`                                        |

  Scenario: Tools read one JSON object per line, the counts last
    Given a copy of the idle game
    And the step "I have {int} gold" asserts the wrong amount
    When I run `cargo aspect test --format json`
    Then the exit code is 1
    And every line of the output is a JSON object with a "type"
    And the first line is the format, version 3
    And the last line is the summary:
      | passed | failed | ignored | not_judged |
      | 7      | 5      | 0       | 1          |
    And the output says "hint: run `cargo aspect fix` to hand the failures to Claude Code"

  Scenario Outline: --tags judges only what its expression selects
    Given a copy of the idle game
    When I run `cargo aspect test --tags '<expression>'`
    Then the exit code is 0
    And the output says "<counts>"
    And the output says "<judged>"
    And the output does not say "<left out>"

    Examples: a feature's tag, an aspect's tag, both left out
      | expression                           | counts                                      | judged                                 | left out                               |
      | @production                          | 3 passed, 0 failed, 0 ignored               | A saved game goes on where it left off | Purchase with sufficient funds         |
      | @performance                         | 1 passed, 0 failed, 0 ignored, 1 not judged | loading-a-save-is-light                | A saved game goes on where it left off |
      | not @production and not @performance | 8 passed, 0 failed, 0 ignored               | Purchase with sufficient funds         | loading-a-save-is-light                |

  Scenario: --junit writes every trial as a JUnit test case, failures and skips counted
    Given a copy of the idle game
    And the step "I have {int} gold" asserts the wrong amount
    When I run `cargo aspect test --junit junit.xml`
    Then the exit code is 1
    And the JUnit report "junit.xml" counts 13 tests, 5 failures and 1 skipped
    And the JUnit report "junit.xml" has these test cases, among them:
      | name                                                         | file                                      | line | outcome | message starts with                                                          |
      | spec::buying::Purchase with sufficient funds                 | examples/idle-game/specs/buying.feature   | 2    | failure | examples/idle-game/specs/buying.feature:5:5: step failed: Then I have 0 gold |
      | spec::buying::Each generator costs 15% more than the last #4 | examples/idle-game/specs/buying.feature   | 27   | passed  |                                                                              |
      | aspect::buy-is-fast                                          | examples/idle-game/aspects/buy-is-fast.md | 4    | skipped | not judged in a debug build                                                  |

  Scenario: On GitHub Actions each failure is also an annotation at its file and line
    Given a copy of the idle game
    And the step "I have {int} gold" asserts the wrong amount
    And the environment variable GITHUB_ACTIONS is "true"
    When I run `cargo aspect test`
    Then the exit code is 1
    And 5 lines of the output start with "::error file="
    And the output says "::error file=examples/idle-game/specs/buying.feature,line=5,col=5,title=spec%3A%3Abuying%3A%3APurchase with sufficient funds::examples/idle-game/specs/buying.feature:5:5: step failed: Then I have 0 gold%0A"
    And the output says "::notice file=examples/idle-game/aspects/buy-is-fast.md,line=4,col=11,title=aspect%3A%3Abuy-is-fast::not judged in a debug build"
