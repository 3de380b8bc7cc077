Feature: Mistakes in specs and aspects are never silent
  A typo must not make evidence vanish or pass. Gherkin reads a line it cannot
  place as description text, so a misspelled keyword hides a scenario or a
  step: the parse stays as Gherkin says, but `check` and `test` warn at the
  line. An evidence string is split on whitespace and run without a shell, so
  shell syntax in it is an error. A mistake in an aspect's frontmatter is
  reported at the value that is wrong.

  Scenario: A misspelled Scenario keyword is a warning of check
    Given a copy of the idle game
    And the file "examples/idle-game/specs/selling.feature" contains:
      """gherkin
      Feature: Selling
        Scenaro: Sell a mine
          Given I have 50 gold
      """
    When I run `cargo aspect check`
    Then the exit code is 0
    And the output says "warning: examples/idle-game/specs/selling.feature:2:3: `Scenaro:` is not a keyword, so this line is description text and what follows is not a new block: did you mean `Scenario:`?"
    And the output says "0 errors, 1 warning"

  Scenario: A misspelled step keyword is a warning of cargo aspect test
    Given a copy of the idle game
    And the file "examples/idle-game/specs/selling.feature" contains:
      """gherkin
      Feature: Selling
        Scenario: Keep my gold
          Givne I have 50 gold
          Then I have 0 gold
      """
    When I run `cargo aspect test --spec selling`
    Then the exit code is 0
    And the output says "warning: examples/idle-game/specs/selling.feature:3:5: `Givne` is not a step keyword, so this line is description text, not a step: did you mean `Given`?"

  Scenario: The harness warns on stderr under cargo test too
    Given a copy of the idle game
    And the file "examples/idle-game/specs/selling.feature" contains:
      """gherkin
      # language: fr
      Fonctionnalité: Vendre
        Scénari: Vendre une mine
          Soit un joueur
      """
    And the game's harness is built by `cargo test --no-run`
    When I run the harness with `spec::selling`
    Then the exit code is 0
    And the output says "warning: examples/idle-game/specs/selling.feature:3:3: `Scénari:` is not a keyword, so this line is description text and what follows is not a new block: did you mean `Scénario:`?"
    And the output says "0 passed; 0 failed"

  Scenario: An evidence string with shell syntax is an error at its value
    Given a copy of the idle game
    And line 3 of "examples/idle-game/aspects/every-generator-is-specified.md" becomes "evidence: grep -q Mine Cargo.toml | false"
    When I run `cargo aspect check`
    Then the exit code is 2
    And the output says "error: examples/idle-game/aspects/every-generator-is-specified.md:3:11: `grep -q Mine Cargo.toml | false` has shell syntax (`|`), but a command string is only split on whitespace and runs without a shell"
    And the output says "write the arguments as a list (`command: [prog, arg, ...]`) or put the shell code in a script"

  Scenario: A frontmatter error points at the value, not at the start of its map
    Given a copy of the idle game
    And the file "examples/idle-game/aspects/every-generator-is-specified.md" contains:
      """markdown
      ---
      name: every-generator-is-specified
      evidence:
        command: [examples/idle-game/scripts/every-generator-is-specified.sh]
        timeout: 5 minutes
      ---
      Every generator the shop sells appears in the specs.
      """
    When I run `cargo aspect check`
    Then the exit code is 2
    And the output says "error: examples/idle-game/aspects/every-generator-is-specified.md:5:12: timeout `5 minutes`: unknown duration unit `minutes`"
