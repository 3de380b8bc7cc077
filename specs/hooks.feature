Feature: Hooks, and no scenario ever vanishes
  `#[aspect::before]` and `#[aspect::after]` run around each scenario, sync
  or async, optionally only for scenarios whose tags match an expression
  (`#[before(tags = "@db")]`). They see the scenario (feature, name, tags);
  the after hook also sees how it ended, and runs even when a step failed or
  panicked. A hook that fails, a World whose `Drop` panics and a World
  constructor that panics are reported beside the scenario's own steps,
  never instead of them: no scenario ever vanishes from the summary, under
  `cargo test`, `cargo nextest run` or `cargo aspect test`.

  Each scenario starts from a crate made by `cargo new` with this checkout's
  runtime; its harness writes what runs, in order, to stdout.

  Background:
    Given a new library crate made by `cargo new`
    And the file "Cargo.toml" ends with:
      """

      [dev-dependencies]
      aspect = { package = "cargo-aspect", path = "$RUNTIME", default-features = false }

      [[test]]
      name = "aspect"
      harness = false
      """

  Scenario: A World whose Drop panics fails its scenarios, and every one is in the summary
    Given the file "tests/aspect.rs" contains:
      """
      use aspect::given;

      #[derive(Default)]
      struct World;

      impl Drop for World {
          fn drop(&mut self) {
              panic!("the temporary directory is already gone");
          }
      }

      #[given("a world")]
      fn a_world(_world: &mut World) {}

      aspect::main!(World);
      """
    And the file "specs/world.feature" contains:
      """
      Feature: World
        Scenario: First
          Given a world

        Scenario: Second
          Given a world

        Scenario: Third
          Given a world
      """
    When I run `cargo aspect test`
    Then the exit code is 1
    And the output says "the World's Drop panicked at "
    And the output says "tests/aspect.rs:8:9:"
    And the output says "the temporary directory is already gone"
    And the output says "✔ Given a world"
    And the output says "0 passed, 3 failed"
    When I run `cargo test --test aspect` in "."
    Then the exit code is 1
    And the output says "the World's Drop panicked at "
    And the output says "0 passed; 3 failed"
    When I run `cargo nextest run --test aspect --no-fail-fast --color never` in "."
    Then the exit code is 100
    And the output says "the World's Drop panicked at "
    And the output says "3 tests run: 0 passed, 3 failed"

  Scenario: Hooks run around the steps, limited by tags, and the after hook sees how it ended
    Given the file "tests/aspect.rs" contains:
      """
      use aspect::{after, before, given, when, Outcome, Scenario};

      #[derive(Default)]
      struct World;

      #[before]
      fn open(_world: &mut World, scenario: &Scenario) {
          // A line of its own: libtest's `test <name> ...` has no newline.
          println!("\nHOOK before {} / {} {:?}", scenario.feature, scenario.name, scenario.tags);
      }

      #[before(tags = "@db")]
      async fn connect(_world: &mut World, scenario: &Scenario) {
          println!("HOOK async before @db {}", scenario.name);
      }

      #[given("a step")]
      fn a_step(_world: &mut World) {
          println!("HOOK step");
      }

      #[when("a step fails")]
      fn a_step_fails(_world: &mut World) -> Result<(), String> {
          Err("the disk is full".to_owned())
      }

      #[when("a step panics")]
      fn a_step_panics(_world: &mut World) {
          panic!("the index is out of bounds");
      }

      #[after]
      fn close(_world: &mut World, scenario: &Scenario, outcome: &Outcome) {
          match outcome {
              Outcome::Passed => println!("HOOK after {}: passed", scenario.name),
              Outcome::Failed(message) => {
                  println!("HOOK after {}: failed: {}", scenario.name, message.lines().last().unwrap())
              }
              _ => println!("HOOK after {}: other", scenario.name),
          }
      }

      aspect::main!(World);
      """
    And the file "specs/hooks.feature" contains:
      """
      Feature: Hooked
        Scenario: Plain
          Given a step

        @db
        Scenario: With a database
          Given a step

        Scenario: Failing
          When a step fails

        Scenario: Panicking
          When a step panics
      """
    When I run `cargo test --test aspect -- --test-threads 1 --nocapture` in "."
    Then the exit code is 1
    And the output includes:
      """
      HOOK before Hooked / Plain []
      HOOK step
      HOOK after Plain: passed
      """
    And the output includes:
      """
      HOOK before Hooked / With a database ["@db"]
      HOOK async before @db With a database
      HOOK step
      HOOK after With a database: passed
      """
    And the output does not say "HOOK async before @db Plain"
    And the output says "HOOK after Failing: failed: step returned an error: the disk is full"
    And the output says "HOOK after Panicking: failed: the index is out of bounds"
    And the output says "2 passed; 2 failed"

  Scenario: A hook that panics is reported after the scenario's steps, and fails it
    Given the file "tests/aspect.rs" contains:
      """
      use aspect::{after, given, Outcome, Scenario};

      #[derive(Default)]
      struct World;

      #[given("a step")]
      fn a_step(_world: &mut World) {}

      #[after]
      fn close(_world: &mut World, _scenario: &Scenario, _outcome: &Outcome) {
          panic!("the log file is locked");
      }

      aspect::main!(World);
      """
    And the file "specs/hooks.feature" contains:
      """
      Feature: Hooked
        Scenario: First
          Given a step

        Scenario: Second
          Given a step
      """
    When I run `cargo aspect test`
    Then the exit code is 1
    And the output says "/specs/hooks.feature:2:3: the after hook `close` ("
    And the output says "/specs/hooks.feature:5:3: the after hook `close` ("
    And the output says "✘ the after hook `close` ("
    And the output says "/tests/aspect.rs:10) panicked at "
    And the output says "/tests/aspect.rs:11:5:"
    And the output includes:
      """
            ✔ Given a step
      """
    And the output says "the log file is locked"
    And the output says "0 passed, 2 failed"

  Scenario: A malformed tag expression on a hook stops the harness at the hook
    Given the file "tests/aspect.rs" contains:
      """
      use aspect::{before, given, Scenario};

      #[derive(Default)]
      struct World;

      #[given("a step")]
      fn a_step(_world: &mut World) {}

      #[before(tags = "@db and")]
      fn open(_world: &mut World, _scenario: &Scenario) {}

      aspect::main!(World);
      """
    And the file "specs/hooks.feature" contains:
      """
      Feature: Hooked
        Scenario: First
          Given a step
      """
    When I run `cargo test --test aspect` in "."
    Then the exit code is 2
    And the output says "/tests/aspect.rs:10: #[aspect::before(tags = …)] on `open`: tag expression `@db and`: expected a tag"

  Scenario: A before hook that fails skips the steps, the after hooks still run, and the event says why
    Given the file "tests/aspect.rs" contains:
      """
      use aspect::{after, before, given, Outcome, Scenario};

      #[derive(Default)]
      struct World;

      #[before]
      fn open(_world: &mut World, _scenario: &Scenario) -> Result<(), String> {
          Err("no database listens on 127.0.0.1:1".to_owned())
      }

      #[given("a step")]
      fn a_step(_world: &mut World) {
          println!("HOOK step");
      }

      #[after]
      fn close(_world: &mut World, _scenario: &Scenario, outcome: &Outcome) {
          assert!(!outcome.passed(), "the after hook saw a pass");
          println!("HOOK after");
      }

      aspect::main!(World);
      """
    And the file "specs/hooks.feature" contains:
      """
      Feature: Hooked
        Scenario: First
          Given a step
      """
    When I run `cargo test --test aspect -- --nocapture` in "."
    Then the exit code is 1
    And the output says "HOOK after"
    And the output does not say "HOOK step"
    And the output says "- Given a step  (skipped)"
    And the output says "0 passed; 1 failed"
    When I run `cargo aspect test --format json`
    Then the exit code is 1
    And the output says '"status":"failed"'
    And the output says "specs/hooks.feature:2:3: the before hook `open` ("
    And the output says "/tests/aspect.rs:7) returned an error: no database listens on 127.0.0.1:1"
