Feature: A scenario tagged @serial runs alone
  A scenario tagged `@serial` (itself, or through its feature or rule) runs
  while no other scenario of the run is in flight, so scenarios that share a
  resource (a file, a port, a database) do not race. That holds under
  `cargo test`, whose threads run a harness's scenarios at once, and under
  `cargo nextest run`, which runs each scenario in a process of its own,
  several at once (from an archive too), and under `cargo aspect test`. The
  other scenarios still run at once with each other.

  The crate below shares a directory between its scenarios: each puts a file
  in it while it is in flight, and the serial one watches for a second that no
  other file is there. Under 4 threads or 4 processes, the serial scenario
  starts among the first four, so without the tag it always meets another.

  Background:
    Given a new library crate made by `cargo new`
    And I have run `cargo aspect init --path $RUNTIME`
    And the file "tests/aspect.rs" contains:
      """
      use std::path::PathBuf;
      use std::time::{Duration, Instant};

      use aspect::{given, then, when};

      /// While it lives, the scenario's file in `in-flight/`.
      #[derive(Debug, Default)]
      struct World {
          marker: Option<PathBuf>,
      }

      impl Drop for World {
          fn drop(&mut self) {
              if let Some(marker) = &self.marker {
                  let _ = std::fs::remove_file(marker);
              }
          }
      }

      fn in_flight() -> PathBuf {
          aspect::package_root!().join("in-flight")
      }

      #[given("I am in flight")]
      fn i_am_in_flight(world: &mut World) {
          std::fs::create_dir_all(in_flight()).unwrap();
          let name = format!("{}-{:?}", std::process::id(), std::thread::current().id());
          let marker = in_flight().join(name);
          std::fs::write(&marker, "").unwrap();
          world.marker = Some(marker);
      }

      #[when("I stay in flight for {int} ms")]
      fn i_stay(_world: &mut World, ms: u64) {
          std::thread::sleep(Duration::from_millis(ms));
      }

      #[then("no other scenario is in flight for {int} ms")]
      fn alone(world: &mut World, ms: u64) -> Result<(), String> {
          let start = Instant::now();
          while start.elapsed() < Duration::from_millis(ms) {
              for entry in std::fs::read_dir(in_flight()).unwrap() {
                  let path = entry.unwrap().path();
                  if Some(&path) != world.marker.as_ref() {
                      return Err(format!("another scenario was in flight: {}", path.display()));
                  }
              }
              std::thread::sleep(Duration::from_millis(10));
          }
          Ok(())
      }

      aspect::main!(World);
      """
    And the file "specs/example.feature" contains:
      """
      Feature: Scenarios sharing a directory
        Scenario: Plain one
          Given I am in flight
          When I stay in flight for 600 ms

        @serial
        Scenario: Alone
          Given I am in flight
          Then no other scenario is in flight for 1000 ms

        Scenario: Plain two
          Given I am in flight
          When I stay in flight for 600 ms

        Scenario: Plain three
          Given I am in flight
          When I stay in flight for 600 ms

        Scenario: Plain four
          Given I am in flight
          When I stay in flight for 600 ms
      """

  Scenario: Under cargo test's threads the serial scenario runs alone
    When I run `cargo test --test aspect -- --test-threads 4` in "."
    Then the exit code is 0
    And the output says "6 passed; 0 failed"

  Scenario: Under nextest's processes the serial scenario runs alone
    When I run `cargo nextest run --test aspect --test-threads 4 --no-fail-fast --color never` in "."
    Then the exit code is 0
    And the output says "PASS"
    And the output says "6 tests run: 6 passed"

  Scenario: Under cargo aspect test the serial scenario runs alone
    When I run `cargo aspect test`
    Then the exit code is 0
    And the output says "6 passed, 0 failed"

  Scenario: From a nextest archive run elsewhere the serial scenario runs alone
    Given I have run `cargo nextest archive --test aspect --archive-file $ROOT/shared.tar.zst` in "."
    And the checkout is moved to another directory
    When I run `cargo nextest run --archive-file $ROOT/shared.tar.zst --workspace-remap $ROOT --test-threads 4 --no-fail-fast --color never` in "."
    Then the exit code is 0
    And the output says "6 tests run: 6 passed"

  Scenario: With async steps, whose scenarios run ahead of their trials, the serial scenario runs alone
    Given the file "tests/aspect.rs" ends with:
      """

      #[given("an async pause")]
      async fn an_async_pause(_world: &mut World) {}
      """
    When I run `cargo test --test aspect -- --test-threads 4` in "."
    Then the exit code is 0
    And the output says "6 passed; 0 failed"

  Scenario: With async steps and without the tag, the scenario meets the others
    Given the file "tests/aspect.rs" ends with:
      """

      #[given("an async pause")]
      async fn an_async_pause(_world: &mut World) {}
      """
    And line 6 of "specs/example.feature" becomes "@shared"
    When I run `cargo test --test aspect -- --test-threads 4` in "."
    Then the exit code is 1
    And the output says "another scenario was in flight"
    And the output says "5 passed; 1 failed"

  Scenario: Without the tag, the scenario meets the others under cargo test
    Given line 6 of "specs/example.feature" becomes "@shared"
    When I run `cargo test --test aspect -- --test-threads 4` in "."
    Then the exit code is 1
    And the output says "another scenario was in flight"
    And the output says "5 passed; 1 failed"

  Scenario: Without the tag, the scenario meets the others under nextest
    Given line 6 of "specs/example.feature" becomes "@shared"
    When I run `cargo nextest run --test aspect --test-threads 4 --no-fail-fast --color never` in "."
    Then the exit code is 100
    And the output says "another scenario was in flight"
    And the output says "6 tests run: 5 passed, 1 failed"
