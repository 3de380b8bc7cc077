Feature: Import contracts at module level
  `imports` evidence can check one module of a crate (`module:`), and
  `layers` and `independent` state contracts between modules. Tools built on
  the plain crate-wide check must not take them for it.

  Scenario: An imports aspect on one module is not probed without a patch, since the crate root is outside it
    Given a copy of the idle game
    And the file "examples/idle-game/aspects/core-tests-do-no-io.md" contains:
      """markdown
      ---
      name: core-tests-do-no-io
      evidence: {imports: {crate: idle-core, module: tests, deny: ["std::fs"]}}
      ---
      The core's tests touch no file.
      """
    When I run `cargo aspect probe --aspects-only --aspect core-tests-do-no-io`
    Then the exit code is 0
    And the output says "aspect::core-tests-do-no-io (imports) not probed"
    And the output says "imports evidence on a module (or a layers or independent contract) with no `probe:` patch"
