Feature: Setting up a crate with cargo aspect init
  `cargo aspect init` adds what a crate needs (the metadata table, the
  dev-dependency, the `aspect` test target, a harness, a sample spec and a
  sample aspect) so that `cargo aspect test` passes right away. It never
  overwrites a file, and a second run changes nothing.

  The fixtures depend on the runtime of this checkout: `$RUNTIME` in a command
  or a file stands for its directory.

  Background:
    Given a new library crate made by `cargo new`

  Scenario: A fresh crate is set up and its sample evidence holds
    When I run `cargo aspect init --path $RUNTIME`
    Then the exit code is 0
    And the output includes:
      """
      added [package.metadata.aspect] to Cargo.toml
      """
    And the output says 'added dev-dependency aspect = { package = "cargo-aspect", path = "'
    And the output says ', default-features = false, features = ["aspects", "imports"] } to Cargo.toml'
    And the output says 'added [[test]] name = "aspect", harness = false to Cargo.toml'
    And the output includes:
      """
      created tests/aspect.rs
      created specs/example.feature
      created aspects/example.md

      next: cargo aspect test   (or: cargo test --test aspect)
      """
    And the output says 'added [profile.dev.package.cargo-aspect] debug = "line-tables-only", incremental = false to '
    And the output does not say "warning"
    And the dev-dependency `aspect` in "Cargo.toml" is this checkout's runtime, by path
    And the crate has these files:
      | file                  | containing                                                          |
      | Cargo.toml            | default-features = false, features = ["aspects", "imports"]         |
      | tests/aspect.rs       | aspect::main!                                                       |
      | specs/example.feature | Scenario: Adding to a counter                                       |
      | aspects/example.md    | name: no-std-net-or-process-imports                                 |
      | aspects/example.md    | tokio or reqwest can still open connections or start                |
      | aspects/example.md    | crate: "fresh-dogfood-                                              |
      | aspects/example.md    | targets: [lib, bins]                                                |
    When I run `cargo test --test aspect` in "."
    Then the exit code is 0
    And the output says "2 passed; 0 failed"
    When I run `cargo aspect test`
    Then the exit code is 0
    And the output says "2 passed, 0 failed, 0 ignored"

  Scenario: Without --path the crate depends on the checkout cargo-aspect was built from
    The runtime is not published yet: a version requirement would not
    resolve, the checkout does.
    When I run `cargo aspect init`
    Then the exit code is 0
    And the dev-dependency `aspect` in "Cargo.toml" is this checkout's runtime, by path

  Scenario: A second init changes nothing
    Given I have run `cargo aspect init --path $RUNTIME`
    When I run `cargo aspect init --path $RUNTIME`
    Then the exit code is 0
    And the output says "is already set up for cargo aspect; nothing changed"
    And no file changed

  Scenario: The manifest keeps its comments and formatting
    Given the file "Cargo.toml" ends with:
      """toml
      # Reviewed by the release team; keep the alignment.
      [features]
      default   = []      # nothing by default


      [dev-dependencies]   # for tests
      """
    When I run `cargo aspect init --path $RUNTIME`
    Then the exit code is 0
    And the file "Cargo.toml" still has these lines:
      """toml
      # Reviewed by the release team; keep the alignment.
      [features]
      default   = []      # nothing by default


      [dev-dependencies]   # for tests
      """
    And the output says "added dev-dependency aspect"
    And the file "Cargo.toml" still has these lines:
      """toml
      [package.metadata.aspect]
      specs = ["specs/**/*.feature"]
      aspects = ["aspects/*.md"]
      """
    And the file "Cargo.toml" still has these lines:
      """toml
      [[test]]
      name = "aspect"
      harness = false
      """
    And the line after "[dev-dependencies]   # for tests" in "Cargo.toml" starts with 'aspect = { package = "cargo-aspect", path = "'
    When I run `cargo aspect init --path $RUNTIME`
    Then the output says "nothing changed"
    And no file changed

  Scenario: A test file of the user's called aspect.rs is kept, and stays a libtest test
    Given the file "tests/aspect.rs" contains:
      """rust
      #[test]
      fn mine() {}
      """
    When I run `cargo aspect init --path $RUNTIME`
    Then the exit code is 0
    And the output says "warning: tests/aspect.rs exists and is not an aspect harness"
    And the file "tests/aspect.rs" is unchanged
    And the file "Cargo.toml" does not contain "[[test]]"
    And there is no file "specs/example.feature"
    And the crate has these files:
      | file               | containing                          |
      | aspects/example.md | name: no-std-net-or-process-imports |
    When I run `cargo aspect init --path $RUNTIME`
    Then the exit code is 0
    And the output says "nothing changed"
    And no file changed

  Scenario: A harness of the user's is kept and given its target, with no sample spec
    The sample spec's steps are in the sample harness, not in the user's.
    Given the file "tests/aspect.rs" contains:
      """rust
      #[derive(Default)]
      struct Mine;
      aspect::main!(Mine);
      """
    When I run `cargo aspect init --path $RUNTIME`
    Then the exit code is 0
    And the file "tests/aspect.rs" is unchanged
    And the output says 'added [[test]] name = "aspect"'
    And the output says "note: no sample spec"
    And there is no file "specs/example.feature"

  Scenario: In a virtual workspace init needs -p, and sets up only that package
    Given I work in the root of the workspace
    And the file "Cargo.toml" contains:
      """toml
      [workspace]
      resolver = "2"
      members = ["a", "b"]
      """
    And the file "a/Cargo.toml" contains:
      """toml
      [package]
      name = "a"
      version = "0.1.0"
      edition = "2021"
      """
    And the file "a/src/lib.rs" contains:
      """
      """
    And the file "b/Cargo.toml" contains:
      """toml
      [package]
      name = "b"
      version = "0.1.0"
      edition = "2021"
      """
    And the file "b/src/lib.rs" contains:
      """
      """
    When I run `cargo aspect init --path $RUNTIME`
    Then the exit code is 2
    And the output says "error: Cargo.toml is a virtual workspace manifest (no [package]): pass `-p NAME` to choose the package to set up; its members: a, b"
    And no file changed
    When I run `cargo aspect init --path $RUNTIME -p c`
    Then the exit code is 2
    And the output says "no package `c`"
    And no file changed
    When I run `cargo aspect init --path $RUNTIME -p b`
    Then the exit code is 0
    And the output says "created b/tests/aspect.rs"
    And the output says "next: cargo aspect test -p b   (or: cargo test -p b --test aspect)"
    And the crate has these files:
      | file                    | containing                    |
      | b/specs/example.feature | Scenario: Adding to a counter |
    And there is no file "a/tests"

  Scenario: The runtime builds without incremental state and with line tables only
    The runtime is built once and not stepped through; its compile ends a clean
    build of the harness alone, and a path dependency is incremental by default.
    Init writes the override into the workspace root's manifest, the only one
    cargo reads profiles from, and cargo follows it.
    Given I work in the root of the workspace
    And the file "Cargo.toml" contains:
      """toml
      [workspace]
      resolver = "2"
      members = ["member"]

      [profile.dev]
      opt-level = 0
      """
    And the file "member/Cargo.toml" contains:
      """toml
      [package]
      name = "member"
      version = "0.1.0"
      edition = "2021"
      """
    And the file "member/src/lib.rs" contains:
      """
      """
    When I run `cargo aspect init --path $RUNTIME -p member`
    Then the exit code is 0
    And the output says 'added [profile.dev.package.cargo-aspect] debug = "line-tables-only", incremental = false to Cargo.toml (a faster clean build)'
    And the file "Cargo.toml" still has these lines:
      """toml
      [profile.dev]
      opt-level = 0
      """
    And the file "Cargo.toml" still has these lines:
      """toml
      [profile.dev.package.cargo-aspect]
      debug = "line-tables-only"
      incremental = false
      """
    And the file "member/Cargo.toml" does not contain "[profile"
    When I run `cargo test --no-run -v --target-dir own-target` in "."
    Then the exit code is 0
    And the output's line with "cargo-aspect/src/lib.rs " says "-C debuginfo=line-tables-only"
    And the output's line with "cargo-aspect/src/lib.rs " does not say "-C incremental"
    When I run `cargo aspect init --path $RUNTIME -p member`
    Then the output says "nothing changed"

  Scenario: An unparsable manifest is an error at its line and column
    Given the file "Cargo.toml" contains:
      """toml
      [package]
      name = "x"
      version = = "0.1.0"
      """
    When I run `cargo aspect init --path $RUNTIME`
    Then the exit code is 2
    And 1 line of the output starts with "error: Cargo.toml:3:11: "
    And the output says '    3 | version = = "0.1.0"'

  Scenario: A manifest that is not there is an error
    When I run `cargo aspect init --manifest-path missing/Cargo.toml`
    Then the exit code is 2
    And the output says "no such file"

  Scenario: A dependency on the runtime inherited from the workspace is recognized
    Given I work in the root of the workspace
    And the file "Cargo.toml" contains:
      """toml
      [workspace]
      resolver = "2"
      members = ["member"]

      [workspace.dependencies]
      aspect = { package = "cargo-aspect", path = "$RUNTIME", default-features = false }
      """
    And the file "member/Cargo.toml" contains:
      """toml
      [package]
      name = "member"
      version = "0.1.0"
      edition = "2021"

      [dev-dependencies]
      aspect.workspace = true
      """
    And the file "member/src/lib.rs" contains:
      """
      """
    When I run `cargo aspect init --path $RUNTIME -p member`
    Then the exit code is 0
    And the output does not say "dev-dependency"
    And the file "member/Cargo.toml" still has these lines:
      """toml
      [dev-dependencies]
      aspect.workspace = true
      """
    And the file "member/Cargo.toml" does not contain "cargo-aspect"

  Scenario: The key `aspect` taken by another package is left alone, with a warning
    Given the file "Cargo.toml" ends with:
      """toml
      [dev-dependencies]
      aspect = "1"
      """
    When I run `cargo aspect init --path $RUNTIME`
    Then the exit code is 0
    And the output says "warning: `aspect` in Cargo.toml is package `aspect`"
    And the file "Cargo.toml" still has these lines:
      """toml
      [dev-dependencies]
      aspect = "1"
      """
