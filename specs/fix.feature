Feature: Letting an agent make the evidence hold with cargo aspect fix
  `cargo aspect fix` hands failing evidence to Claude Code (`claude` on PATH),
  then judges the evidence again. The specs and aspects are the truth: an agent
  that edits one (or a file of the `protect` globs) has its change put back,
  and its attempt fails. A change that breaks evidence which held before is no
  fix either. What the agent did stays reviewable with git, so `fix` starts
  only from a clean tree. `[workspace.metadata.aspect.agent]` can name another
  agent and give each call a timeout.

  Here the agent is a script that runs the given shell commands in the
  workspace and answers with Claude Code's JSON result, at $0.01 a call.

  Background:
    Given a copy of the idle game
    And an agent `claude` on PATH that runs:
      """sh
      sed -i 's/world.game.cost(generator) + 1,/world.game.cost(generator),/' examples/idle-game/tests/steps/buying.rs
      """

  Scenario: When all evidence holds, no agent is called
    Given the copy is committed to git
    When I run `cargo aspect fix`
    Then the exit code is 0
    And the output says "fix: all evidence holds; nothing to fix"
    And the agent was called 0 times

  Scenario: The agent's fix is judged again and the evidence holds
    Given the step "the next {} costs {int} gold" adds 1 to every price
    And the copy is committed to git
    When I run `cargo aspect fix`
    Then the exit code is 0
    And the output says "all evidence holds after 1 agent call(s), $0.01 spent"
    And the agent was called 1 time
    And the agent's prompt includes:
      """
      >>  21 |       | gold mine | 0     | 50    |
      """
    And "examples/idle-game/tests/steps/buying.rs" differs from the commit

  Scenario: An agent that edits a spec has its edit put back
    Given the step "the next {} costs {int} gold" adds 1 to every price
    And the copy is committed to git
    And an agent `claude` on PATH that runs:
      """sh
      sed -i 's/| 50    |/| 51    |/' examples/idle-game/specs/buying.feature
      """
    When I run `cargo aspect fix --max-iterations 1`
    Then the exit code is 1
    And the output says "attempt 1: agent edited protected file examples/idle-game/specs/buying.feature"
    And "examples/idle-game/specs/buying.feature" is as committed

  Scenario: Uncommitted changes stop fix before any agent runs
    Given the copy is committed to git
    And the step "the next {} costs {int} gold" adds 1 to every price
    When I run `cargo aspect fix`
    Then the exit code is 2
    And the output says "uncommitted changes"
    And the output says "--allow-dirty"
    And the agent was called 0 times

  Scenario: Files matching a protect glob are put back too
    Given the step "the next {} costs {int} gold" adds 1 to every price
    And the table [package.metadata.aspect] of "examples/idle-game/Cargo.toml" also has:
      """toml
      protect = ["tests/evidence/*.rs"]
      """
    And the copy is committed to git
    And an agent `claude` on PATH that runs:
      """sh
      sed -i 's/world.game.cost(generator) + 1,/world.game.cost(generator),/' examples/idle-game/tests/steps/buying.rs
      echo '// made faster' >> examples/idle-game/tests/evidence/mod.rs
      """
    When I run `cargo aspect fix`
    Then the exit code is 0
    And the output says "attempt 1: agent edited protected file examples/idle-game/tests/evidence/mod.rs (put back)"
    And "examples/idle-game/tests/evidence/mod.rs" is as committed
    And "examples/idle-game/tests/steps/buying.rs" differs from the commit

  Scenario: An agent that runs past its timeout is stopped and its attempt judged
    Given the step "the next {} costs {int} gold" adds 1 to every price
    And the file "Cargo.toml" ends with:
      """toml
      [workspace.metadata.aspect.agent]
      command = "slow-agent"
      timeout = "2s"
      """
    And the copy is committed to git
    And an agent `slow-agent` on PATH that runs:
      """sh
      sleep 600
      """
    When I run `cargo aspect fix --max-iterations 1`
    Then the exit code is 1
    And the output says "fix: `slow-agent` finished in 2s (timeout, 0 turn(s), $0.00)"
    And the output says "evidence still fails (1 attempt(s) per task did not make it hold)"
    And no process of the agent is left running

  Scenario: A fix that breaks evidence which held before does not count
    Given the step "the next {} costs {int} gold" adds 1 to every price
    And the copy is committed to git
    And an agent `claude` on PATH that runs:
      """sh
      sed -i 's/world.game.cost(generator) + 1,/world.game.cost(generator),/' examples/idle-game/tests/steps/buying.rs
      sed -i 's/world.game.tick(seconds);/world.game.tick(seconds * 2);/' examples/idle-game/tests/steps/production.rs
      """
    When I run `cargo aspect fix --max-iterations 1`
    Then the exit code is 1
    And the output says "fix: spec examples/idle-game/specs/buying.feature holds, but the change broke other evidence: spec::production::A mine produces one gold per second (fails)"
    And the output says "holds only with changes that break other evidence (spec::production::A mine produces one gold per second (fails)"
    And the output says "they stay in the working tree for review (`git diff`)"
    And the output says "evidence still fails (1 attempt(s) per task did not make it hold)"
