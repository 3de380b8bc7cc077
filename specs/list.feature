Feature: Listing specs and aspects with cargo aspect list
  `cargo aspect list` names every scenario and aspect the harnesses would run,
  with the file and line it comes from, without judging anything. With
  `--format json` it prints one JSON object per line: the objects of
  `cargo aspect test --format json`, without a `status`.

  Scenario: The JSON listing names every scenario and aspect with its file and line
    Given a copy of the idle game
    When I run `cargo aspect list --format json`
    Then the exit code is 0
    And every line of the output is a JSON object without a "status"
    And the first line is the format, version 3
    And it lists 9 scenarios and 4 aspects, among them:
      | type     | name                                                         | file                                    | line | evidence |
      | scenario | spec::buying::Purchase with sufficient funds                 | specs/buying.feature                    | 2    |          |
      | scenario | spec::buying::Each generator costs 15% more than the last #4 | specs/buying.feature                    | 27   |          |
      | scenario | spec::production::A saved game goes on where it left off     | specs/production.feature                | 22   |          |
      | aspect   | aspect::core-has-no-external-imports                         | aspects/core-has-no-external-imports.md | 4    | imports  |
      | aspect   | aspect::buy-is-fast                                          | aspects/buy-is-fast.md                  | 4    | bench    |
