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
