Feature: A failure is located the same way whoever runs the harness
  A failure names the file, line and column it comes from, so an editor can
  jump there. The harness prints that location under `cargo test` and
  `cargo nextest run`; `cargo aspect test` prints the same `file:line:col`,
  never a shorter one.

  Scenario: A failing aspect reads file:line:col under cargo test and under cargo aspect test
    Given a copy of the idle game
    And the file "examples/idle-game/core/src/lib.rs" ends with:
      """rust
      /// When the game started (the core may not read the clock).
      pub fn started() -> std::time::Instant {
          std::time::Instant::now()
      }
      """
    And the game's harness is built by `cargo test --no-run`
    When I run the harness with `aspect::core-has-no-external-imports --exact`
    Then the exit code is 1
    And the output says "examples/idle-game/aspects/core-has-no-external-imports.md:4:3: evidence failed"
    When I run `cargo aspect test --aspect core-has-no-external-imports`
    Then the exit code is 1
    And the output says "examples/idle-game/aspects/core-has-no-external-imports.md:4:3: evidence failed"
