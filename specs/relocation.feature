Feature: Judging the tree the harness runs in
  Cargo reuses a test executable while the Rust sources it was built from look
  unchanged, and nextest runs archived executables on other machines. The
  harness reads the specs and aspects of the package it runs in (the
  `CARGO_MANIFEST_DIR` that cargo, nextest and `cargo aspect test` set), not
  those of the directory it was compiled in, so a spec added after the build is
  judged wherever the executable runs.

  A crate made by `cargo new` and set up by `cargo aspect init` has a harness
  whose steps add to a counter. `$RUNTIME` in a command stands for this
  checkout's runtime crate, `$ROOT` for the fixture's root where it is now.

  Scenario: A checkout moved after the build judges the moved tree
    Given a new library crate made by `cargo new`
    And I have run `cargo aspect init --path $RUNTIME`
    And I have run `cargo test --test aspect` in "."
    And the checkout is moved to another directory
    And the file "specs/added.feature" contains:
      """
      Feature: Added
        Scenario: Added after the move
          Given a counter at 1
          When I add 1
          Then the counter is 3
      """
    When I run `cargo test --test aspect` in "."
    Then the exit code is 1
    And the output does not say "Compiling"
    And the output says "specs/added.feature:5:5: step failed: Then the counter is 3"
    And the output says "2 passed; 1 failed"

  Scenario: Two worktrees sharing one target dir each judge their own specs
    Given a new library crate made by `cargo new`
    And I have run `cargo aspect init --path $RUNTIME`
    And a second checkout of it, sharing its target dir
    And I have run `cargo test --test aspect` in "."
    And I work in the second checkout
    And the file "specs/second.feature" contains:
      """
      Feature: Second
        Scenario: Only in the second checkout
          Given a counter at 1
          When I add 1
          Then the counter is 3
      """
    When I run `cargo test --test aspect` in "."
    Then the exit code is 1
    And the output does not say "Compiling"
    And the output says "specs/second.feature:5:5: step failed: Then the counter is 3"

  Scenario: A nextest archive runs elsewhere, split across two machines
    Given a copy of the idle game
    And I have run `cargo nextest archive --test aspect --archive-file $ROOT/game.tar.zst` in "examples/idle-game"
    And the checkout is moved to another directory
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
