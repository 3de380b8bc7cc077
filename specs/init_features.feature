Feature: cargo aspect init picks the runtime's features from the crate's aspects
  A harness compiles only what its aspects use: `aspects` (aspect files and
  their YAML) when the crate has aspects, `imports` (a Rust parser) only when an
  aspect has imports evidence. The sample aspect init writes has imports
  evidence, so a fresh crate gets both (see init.feature). A feature left out
  is never a silent skip: the harness stops at the aspect that needs it and
  names the fix.

  The fixtures depend on the runtime of this checkout: `$RUNTIME` in a command
  or a file stands for its directory.

  Background:
    Given a new library crate made by `cargo new`

  Scenario: Aspects without imports evidence get `aspects` only, and an imports aspect added later names the fix
    Given the file "aspects/true.md" contains:
      """
      ---
      name: true-holds
      evidence: {command: ["true"]}
      ---
      `true` exits 0.
      """
    When I run `cargo aspect init --path $RUNTIME`
    Then the exit code is 0
    And the output says ', default-features = false, features = ["aspects"] } to Cargo.toml'
    And there is no file "aspects/example.md"
    When I run `cargo test --test aspect` in "."
    Then the exit code is 0
    And the output says "2 passed; 0 failed"
    Given the file "aspects/layers.md" contains:
      """
      ---
      name: no-process
      evidence:
        imports: {crate: "fresh", deny: ["std::process"]}
      ---
      The crate starts no processes itself.
      """
    When I run `cargo test --test aspect` in "."
    Then the exit code is 2
    And the output says "aspects/layers.md:4:12: `imports` evidence needs cargo-aspect's `imports` feature"
    And the output says 'add `features = ["aspects", "imports"]` to the cargo-aspect dev-dependency'
    And the output does not say "test result: ok"

  Scenario: A crate init writes no aspect for gets no features, and an aspect added later names the fix
    The crate already imports what the sample aspect would deny, so init
    writes no sample aspect, and the harness needs neither YAML nor syn.
    Given the file "src/lib.rs" contains:
      """rust
      pub use std::net::TcpStream;
      pub use std::process::Command;
      """
    When I run `cargo aspect init --path $RUNTIME`
    Then the exit code is 0
    And the output says "no sample aspect"
    And the output says ', default-features = false, features = [] } to Cargo.toml'
    When I run `cargo test --test aspect` in "."
    Then the exit code is 0
    And the output says "1 passed; 0 failed"
    Given the file "aspects/true.md" contains:
      """
      ---
      name: true-holds
      evidence: {command: ["true"]}
      ---
      `true` exits 0.
      """
    When I run `cargo test --test aspect` in "."
    Then the exit code is 2
    And the output says "aspects/true.md: aspects need cargo-aspect's `aspects` feature"
    And the output says 'add `features = ["aspects", "imports"]` to the cargo-aspect dev-dependency'
