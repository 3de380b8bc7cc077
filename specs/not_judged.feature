Feature: Evidence a debug build cannot judge is never a pass
  A benchmark's figure means nothing in a debug build, so bench evidence is
  judged only in an optimized one. In a debug build its trial is listed as
  ignored, and every runner says so in its own words: `ignored` (with the
  reason on stderr) under `cargo test`, skipped under `cargo nextest run`,
  `not judged` under `cargo aspect test`. nextest reads only the listing and
  the exit code, so a trial it runs and that exits 0 is a PASS there: a
  bench run under nextest on purpose (`--run-ignored`) fails and says why.

  Scenario: The harness lists the benchmark among the ignored tests, as nextest asks
    Given a copy of the idle game
    And the game's harness is built by `cargo test --no-run`
    When I run the harness with `--list --format terse --ignored`
    Then the exit code is 0
    And the output lists 1 tests, one `<name>: test` line each, among them:
      | aspect::buy-is-fast |

  Scenario: cargo test reports the benchmark as ignored and says why
    Given a copy of the idle game
    And the game's harness is built by `cargo test --no-run`
    When I run the harness with `--color never`
    Then the exit code is 0
    And the output says "test aspect::buy-is-fast"
    And the output says "note: aspect::buy-is-fast is ignored: not judged in a debug build: run `cargo test --release`"
    And the output says "12 passed; 0 failed; 1 ignored"

  Scenario: nextest skips the benchmark instead of passing it
    Given a copy of the idle game
    When nextest runs the game's harness
    Then the exit code is 0
    And the output says "12 tests run: 12 passed, 1 skipped"
    And the output does not say "aspect::buy-is-fast"

  Scenario: A benchmark nextest is told to run anyway fails, saying it was not judged
    Given a copy of the idle game
    When nextest runs the game's harness with `--run-ignored only`
    Then the exit code is 100
    And the output says "FAIL"
    And the output says "not judged in a debug build: ran once as a smoke test"
    And the output says "nextest can only pass or fail a test it runs, and this one was not judged"

  Scenario: cargo aspect test counts the benchmark as not judged, with the reason
    Given a copy of the idle game
    When I run `cargo aspect test --aspect buy-is-fast`
    Then the exit code is 0
    And the output says "not judged  buy-is-fast"
    And the output says "0 passed, 0 failed, 0 ignored, 1 not judged"
