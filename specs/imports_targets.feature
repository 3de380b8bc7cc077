Feature: Which targets an imports aspect checks
  `imports` evidence checks a crate's lib by default (its binaries when it has
  no lib), for path denies and `external` alike; `targets: [lib, bins, tests,
  benches, examples, build]` names others. A value that names no kind of
  target, or only targets the crate does not have, is an error at it: an
  aspect that checks nothing would pass silently.

  Scenario: The lib is checked by default, and the binaries when targets names them
    Given a copy of the idle game
    And the file "examples/idle-game/core/src/main.rs" contains:
      """rust
      fn main() {
          let _ = std::fs::read("save.json");
      }
      """
    And the file "examples/idle-game/aspects/core-binary-does-no-io.md" contains:
      """markdown
      ---
      name: core-binary-does-no-io
      evidence: {imports: {crate: idle-core, targets: [lib, bins], deny: ["std::fs"]}}
      ---
      Neither the core nor its binary reads a file.
      """
    When I run `cargo aspect test aspect::core-`
    Then the exit code is 1
    And the output says "examples/idle-game/core/src/main.rs:2:13: uses std::fs::read (denied by core-binary-does-no-io)"
    And the output says "1 passed, 1 failed"

  Scenario: A target that is none is an error at it
    Given a copy of the idle game
    And the file "examples/idle-game/aspects/core-binary-does-no-io.md" contains:
      """markdown
      ---
      name: core-binary-does-no-io
      evidence: {imports: {crate: idle-core, targets: [lib, bin], deny: ["std::fs"]}}
      ---
      Neither the core nor its binary reads a file.
      """
    When I run `cargo aspect check`
    Then the exit code is 2
    And the output says "examples/idle-game/aspects/core-binary-does-no-io.md:3:55: unknown target `bin`: `targets` lists some of lib, bins, tests, benches, examples, build"

  Scenario: Targets the crate does not have are an error at them
    Given a copy of the idle game
    And the file "examples/idle-game/aspects/core-tests-do-no-io.md" contains:
      """markdown
      ---
      name: core-tests-do-no-io
      evidence: {imports: {crate: idle-core, targets: [tests], deny: ["std::fs"]}}
      ---
      The core's tests read no file.
      """
    When I run `cargo aspect check`
    Then the exit code is 2
    And the output says "examples/idle-game/aspects/core-tests-do-no-io.md:3:49: crate `idle-core` has no tests target in"

  Scenario: Probing `external` alone plants a dependency and a use of it
    A dependency only declared is no violation, so the probe's plant uses it.
    Given a copy of the idle game
    And the file "examples/idle-game/aspects/core-uses-no-dependency.md" contains:
      """markdown
      ---
      name: core-uses-no-dependency
      evidence: {imports: {crate: idle-core, deny: [external]}}
      ---
      The core uses no dependency.
      """
    And I have run `cargo aspect check`
    When I run `cargo aspect probe --aspects-only --aspect core-uses-no-dependency`
    Then the exit code is 0
    And the output includes:
      """
      aspect::core-uses-no-dependency (imports) can fail  examples/idle-game/aspects/core-uses-no-dependency.md:3
          planted: a dependency `aspect-probe-planted` in examples/idle-game/core/Cargo.toml, used in examples/idle-game/core/src/lib.rs
      """
    And no file changed
