Feature: Judging the tree the harness runs in
  Cargo reuses a test executable while the Rust sources it was built from look
  unchanged, and nextest runs archived executables on other machines. The
  harness reads the specs and aspects of the package it runs in (the
  `CARGO_MANIFEST_DIR` that cargo, nextest and `cargo aspect test` set), not
  those of the directory it was compiled in, so a spec added after the build is
  judged wherever the executable runs.

  Scenario: A checkout moved after the build judges the moved tree
    Given a copy of the idle game
    And the game's harness is built by `cargo test --no-run`
    And the copy is moved to another directory
    And the file "examples/idle-game/specs/moved.feature" contains:
      """
      Feature: Moved
        Scenario: Added after the move
          Given I have 10 gold
          Then I have 11 gold
      """
    When I run `cargo test --test aspect -- spec::` in "examples/idle-game"
    Then the exit code is 1
    And the output does not say "Compiling"
    And the output says "examples/idle-game/specs/moved.feature:4:5: step failed: Then I have 11 gold"
    And the output says "9 passed; 1 failed"

  Scenario: Two worktrees sharing one target dir each judge their own specs
    Given a copy of the idle game
    And a second checkout of the copy, sharing its target dir
    And the game's harness is built by `cargo test --no-run`
    And I work in the second checkout
    And the file "examples/idle-game/specs/second.feature" contains:
      """
      Feature: Second
        Scenario: Only in the second checkout
          Given I have 10 gold
          Then I have 11 gold
      """
    When I run `cargo test --test aspect -- spec::` in "examples/idle-game"
    Then the exit code is 1
    And the output does not say "Compiling"
    And the output says "examples/idle-game/specs/second.feature:4:5: step failed: Then I have 11 gold"

  Scenario: A nextest archive runs elsewhere, split across two machines
    Given a copy of the idle game
    And I have run `cargo nextest archive --test aspect --archive-file $ROOT/game.tar.zst` in "examples/idle-game"
    And the copy is moved to another directory
    When I run `cargo nextest run --archive-file $ROOT/game.tar.zst --workspace-remap $ROOT --final-status-level none --color never` in "." as partitions count:1/2 and count:2/2
    Then the exit code is 0
    And no test of the game's harness ran twice, and each of these ran once:
      | spec::buying::Purchase with sufficient funds                 |
      | spec::buying::Purchase with insufficient funds               |
      | spec::buying::Each generator costs 15% more than the last #1 |
      | spec::buying::Each generator costs 15% more than the last #2 |
      | spec::buying::Each generator costs 15% more than the last #3 |
      | spec::buying::Each generator costs 15% more than the last #4 |
      | spec::production::A mine produces one gold per second        |
      | spec::production::Rates add up across generators             |
      | spec::production::A saved game goes on where it left off     |
