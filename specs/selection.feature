Feature: Selecting one spec or one aspect by name
  `--spec NAME` judges the scenarios of one feature file, named by its stem
  (`specs/buying.feature` is `buying`); `--aspect NAME` judges one aspect.
  `cargo aspect test`, `report` and `fix` take both. A name that selects
  nothing is a typo: the command stops with exit code 2 and offers the closest
  names, rather than judging nothing and exiting 0.

  Scenario Outline: A name no harness has is an error that offers the closest names
    Given a copy of the idle game
    When I run `cargo aspect <command>`
    Then the exit code is 2
    And the output says '<error>'

    Examples: test, report and fix
      | command                             | error                                                                              |
      | test --spec buyng                   | error: no spec named "buyng"; did you mean "buying"?                               |
      | test --aspect buy-is-fats           | error: no aspect named "buy-is-fats"; did you mean "buy-is-fast"?                  |
      | test --spec nope                    | error: no spec named "nope"; the specs are "buying", "production"                  |
      | report --spec nope -o report.html   | error: no spec named "nope"; the specs are "buying", "production"                  |
      | fix --aspect core-imports --dry-run | error: no aspect named "core-imports"; did you mean "core-has-no-external-imports"? |

  Scenario: A name that exists, with everything in it left out by the tags, is not an error
    Given a copy of the idle game
    When I run `cargo aspect test --spec buying --tags @production`
    Then the exit code is 0
    And the output says "note: no scenario or aspect matches"
