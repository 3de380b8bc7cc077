Feature: tests evidence builds in the target dir of the run around it
  `{tests: [...]}` evidence runs `cargo test --workspace` with those filters
  from inside a harness that `cargo test` or `cargo nextest run` started. The
  nested cargo builds in the same target dir, so it reuses what is built and
  leaves no second target dir (`target/aspect/tests`) behind, and it does not
  wait on the run around it, which holds no build lock while tests run.

  Scenario: Under cargo test and under nextest, tests evidence holds and builds nothing apart
    Given a crate made by `cargo new` in a git repository and target directory of its own
    And the file "src/lib.rs" contains:
      """rust
      pub fn add(a: u64, b: u64) -> u64 {
          a + b
      }

      #[cfg(test)]
      mod tests {
          #[test]
          fn adds() {
              assert_eq!(super::add(2, 3), 5);
          }
      }
      """
    And the file "aspects/tested.md" contains:
      """
      ---
      name: unit-tests-pass
      timeout: 10m
      evidence: {tests: ["tests::adds"]}
      ---
      The crate's unit tests pass.
      """
    When I run `cargo aspect init --path $RUNTIME`
    Then the exit code is 0
    When I run `cargo test --test aspect` in "."
    Then the exit code is 0
    And the output says "test aspect::unit-tests-pass"
    And the output says "2 passed; 0 failed"
    And there is no file "target/aspect"
    When I run `cargo nextest run --test aspect --no-fail-fast --color never` in "."
    Then the exit code is 0
    And the output says "PASS"
    And the output says "aspect::unit-tests-pass"
    And the output says "2 tests run: 2 passed"
    And there is no file "target/aspect"
