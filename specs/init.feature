Feature: Setting up a crate with cargo aspect init
  `cargo aspect init` adds what a crate needs (the metadata table, the
  dev-dependency, the `aspect` test target, a harness, a sample spec and a
  sample aspect) so that `cargo aspect test` passes right away. It never
  overwrites a file, and a second run changes nothing.

  The fixtures depend on the runtime of this checkout: `$RUNTIME` in a command
  stands for its directory.

  Background:
    Given a new library crate made by `cargo new`

  Scenario: A fresh crate is set up and its sample evidence holds
    When I run `cargo aspect init --path $RUNTIME`
    Then the exit code is 0
    And the crate has these files:
      | file                  | containing                                                 |
      | tests/aspect.rs       | aspect::main!                                              |
      | specs/example.feature | Scenario: Adding to a counter                              |
      | aspects/example.md    | name: no-std-net-or-process-imports                        |
      | aspects/example.md    | tokio or reqwest can still open connections or start       |
    When I run `cargo aspect test`
    Then the exit code is 0
    And the output says "2 passed, 0 failed, 0 ignored"

  Scenario: A second init changes nothing
    Given I have run `cargo aspect init --path $RUNTIME`
    When I run `cargo aspect init --path $RUNTIME`
    Then the exit code is 0
    And the output says "is already set up for cargo aspect; nothing changed"
    And no file changed

  Scenario: The manifest keeps its comments and formatting
    Given the file "Cargo.toml" ends with:
      """toml
      # Reviewed by the release team; keep the alignment.
      [features]
      default   = []      # nothing by default
      """
    When I run `cargo aspect init --path $RUNTIME`
    Then the exit code is 0
    And the file "Cargo.toml" still has these lines:
      """toml
      # Reviewed by the release team; keep the alignment.
      [features]
      default   = []      # nothing by default
      """
