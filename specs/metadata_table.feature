Feature: A mistake in [package.metadata.aspect], as the harness reads it
  Under `cargo test` the harness reads `[package.metadata.aspect]` itself (it
  spawns no cargo). A key it does not know or a value of the wrong type, which
  cargo lets through (a line that is not TOML cargo refuses itself), is one
  error naming the manifest, the line and the column, with the line quoted and
  the key or value underlined, and the harness exits 2: it cannot judge with a
  table it cannot read. The keys only `cargo aspect` reads (`harness`,
  `protect`, `[agent]`) pass through.

  Background:
    Given a copy of the idle game

  Scenario: A misspelled key is quoted, underlined and listed against the keys there are
    Given the table [package.metadata.aspect] of "examples/idle-game/Cargo.toml" also has:
      """toml
      specz = ["more-specs/*.feature"]
      """
    When I run `cargo test --test aspect` in "examples/idle-game"
    Then the output says "examples/idle-game/Cargo.toml: TOML parse error at line 19, column 1"
    And the output includes:
      """
      |
      19 | specz = ["more-specs/*.feature"]
      | ^^^^^
      unknown field `specz`, expected one of `specs`, `aspects`, `harnesses`, `harness`, `protect`, `agent`
      """
    And the output says "(exit status: 2)"

  Scenario Outline: A wrong key or value is an error at its line and column
    Given the table [package.metadata.aspect] of "examples/idle-game/Cargo.toml" also has:
      """toml
      <line>
      """
    When I run `cargo test --test aspect` in "examples/idle-game"
    Then the output says "examples/idle-game/Cargo.toml: TOML parse error at line 19, column <column>"
    And the output says '<message>'
    And the output says "(exit status: 2)"

    Examples:
      | line                                          | column | message                                                    |
      | harnesses.till = { spec = [] }                | 20     | unknown field `spec`, expected `specs` or `aspects`        |
      | harnesses = ["till"]                          | 13     | invalid type: sequence, expected a map                     |
      | harnesses.till = { specs = "till/*.feature" } | 28     | invalid type: string "till/*.feature", expected a sequence |
      | harnesses.till = { aspects = [1] }            | 31     | invalid type: integer `1`, expected a string               |
      | harnesses.till = 7                            | 18     | invalid type: integer `7`, expected struct HarnessTable    |

  Scenario: The keys only cargo aspect reads pass through the harness
    Given the table [package.metadata.aspect] of "examples/idle-game/Cargo.toml" also has:
      """toml
      harness = "aspect"
      protect = ["Cargo.lock"]
      agent = { model = "sonnet" }
      """
    When I run `cargo test --test aspect` in "examples/idle-game"
    Then the exit code is 0
