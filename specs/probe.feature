Feature: Finding evidence that cannot fail with cargo aspect probe
  Evidence that holds proves something only if it could have failed.
  `cargo aspect probe` breaks the code on purpose in a scratch copy of the
  workspace and reports what did not notice. Each aspect gets a plant of its
  kind (a denied `use` for imports, a routine past its budget for bench and
  memory, panicking tests for tests, the aspect's own `probe:` patch for a
  command); an aspect whose evidence still holds "cannot fail". The specs get
  cargo-mutants: a mutant of the code under test that no scenario catches is
  behaviour no spec pins down. Exit 0 when everything can fail, 1 when
  something cannot, 2 when it cannot probe. The workspace itself is never
  changed.

  Scenario: A command that always passes cannot fail
    Given a copy of the idle game
    And the file "examples/idle-game/aspects/always-true.md" contains:
      """markdown
      ---
      name: always-true
      evidence: {command: ["true"]}
      ---
      The game is fun.
      """
    When I run `cargo aspect probe --aspects-only --aspect always-true`
    Then the exit code is 1
    And the output says "aspect::always-true (command) cannot fail  examples/idle-game/aspects/always-true.md:3"
    And the output says "it holds even with every file of the workspace removed"
    And the output says "probed 1 aspect: 0 can fail, 1 cannot fail, 0 not probed"

  Scenario: The idle game's imports and command aspects can fail, and the workspace is not changed
    Given a copy of the idle game
    And I have run `cargo aspect check`
    When I run `cargo aspect probe --aspects-only --aspect core-has-no-external-imports --aspect every-generator-is-specified`
    Then the exit code is 0
    And the output includes:
      """
      aspect::core-has-no-external-imports (imports) can fail  examples/idle-game/aspects/core-has-no-external-imports.md:4
          planted: `use std::fs;` in examples/idle-game/core/src/lib.rs
      aspect::every-generator-is-specified (command) can fail  examples/idle-game/aspects/every-generator-is-specified.md:3
          planted: the `probe:` patch examples/idle-game/aspects/probes/unspecified-generator.patch
      """
    And no file changed

  Scenario: A command aspect with no probe patch is not probed, in the JSON form too
    Given a copy of the idle game
    And line 6 of "examples/idle-game/aspects/every-generator-is-specified.md" becomes "# no probe patch"
    When I run `cargo aspect probe --aspects-only --aspect every-generator-is-specified --format json`
    Then the exit code is 0
    And the JSON probe result has the aspect "every-generator-is-specified" as "not-probed"

  Scenario: A command that reads the workspace is not probed without a patch, though the copy lives inside another workspace
    Given a copy of the idle game
    And the file "examples/idle-game/aspects/core-is-a-package.md" contains:
      """markdown
      ---
      name: core-is-a-package
      evidence: {command: ["cargo", "tree", "-p", "idle-core", "--offline"]}
      ---
      The game's logic is a package of its own.
      """
    When I run `cargo aspect probe --aspects-only --aspect core-is-a-package`
    Then the exit code is 0
    And the output says "aspect::core-is-a-package (command) not probed"

  Scenario: Without cargo-mutants the specs cannot be probed, and the error says how to install it
    Given a copy of the idle game
    And the environment variable PATH is "/nonexistent"
    When I run `cargo aspect probe --specs-only`
    Then the exit code is 2
    And the output says "cargo install cargo-mutants --locked --version 27.1.0"

  Scenario: A mutation of idle-core that no scenario catches is listed, one they catch is not, and the report shows it
    Given a copy of the idle game
    When I run `cargo aspect probe --specs-only --mutate idle-core --mutants 'Game::set_gold|Game::to_save -> String'`
    Then the exit code is 1
    And the output says "behaviour no spec pins down:"
    And the output includes:
      """
      Game::to_save (examples/idle-game/core/src/lib.rs:171)
        examples/idle-game/core/src/lib.rs:173:9: replace Game::to_save -> String with String::new()
      """
    And the output says "1 caught"
    And the output does not say "Game::set_gold ("
    When I run `cargo aspect report -o report.html`
    Then the page "report.html" shows "Behaviour no spec pins down"
    And the page "report.html" shows "replace Game::to_save -> String with String::new()"
