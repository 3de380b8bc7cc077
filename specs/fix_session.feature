Feature: One Claude Code session for every failing task with cargo aspect fix --session
  `cargo aspect fix` passes the plugin of `cargo aspect claude` to every
  agent call (`--plugin-dir`), so protected files are refused at edit time
  too. With `--session` each attempt is one call for every failing task:
  Claude Code orchestrates, and may start subagents (the `Agent` tool) and
  load the plugin's skill (`Skill`). What it did is then handled as any
  attempt: protected files put back, the whole selection judged again,
  regressions named, everything journaled.

  Here the agent is a script that runs the given shell commands in the
  workspace and answers with Claude Code's JSON result, at $0.01 a call.

  Background:
    Given a copy of the idle game

  Scenario: Every failing feature goes to one session, and the evidence holds
    Given the step "I have {int} gold" asserts the wrong amount
    And the copy is committed to git
    And an agent `claude` on PATH that runs:
      """sh
      sed -i 's/gold + 1, "gold in hand"/gold, "gold in hand"/' examples/idle-game/tests/steps/mod.rs
      """
    When I run `cargo aspect fix --session --allow-step-edits`
    Then the exit code is 0
    And the output says "fix: session · attempt 1/3 · 2 task(s)"
    And the output says "all evidence holds after 1 agent call(s), $0.01 spent"
    And the agent was called 1 time
    And the agent was called with these arguments:
      | -p                                                  |
      | --output-format                                     |
      | json                                                |
      | --permission-mode                                   |
      | acceptEdits                                         |
      | --allowedTools                                      |
      | Read,Edit,Write,Glob,Grep,Bash(cargo:*),Agent,Skill |
      | --plugin-dir                                        |
      | $TARGET/aspect/claude-plugin                        |
    And the agent's prompt on call 1 includes these lines:
      """
      2 tasks of this Rust workspace fail (session attempt 1 of 3). You orchestrate the work: follow the `spec-aspect` skill of the cargo-aspect plugin.
      # Task 1 of 2: spec examples/idle-game/specs/buying.feature
      # Task 2 of 2: spec examples/idle-game/specs/production.feature
      """
    And the journal's records are of these types, in order:
      | start    |
      | evidence |
      | baseline |
      | attempt  |
      | agent    |
      | reviewed |
      | evidence |
      | task-end |
      | finished |
    And the journal's attempt record has task "session"
    And the journal's finished record has outcome "holds"

  Scenario: A session that edits a spec instead of the code is refused
    Given the step "the next {} costs {int} gold" adds 1 to every price
    And the copy is committed to git
    And an agent `claude` on PATH that runs:
      """sh
      sed -i '/costs <price> gold/d' examples/idle-game/specs/buying.feature
      """
    When I run `cargo aspect fix --session --max-iterations 2`
    Then the exit code is 1
    And the agent was called 2 times
    And the output says "attempt 1: agent edited protected file examples/idle-game/specs/buying.feature (put back)"
    And the output says "evidence still fails (2 attempt(s) per task did not make it hold)"
    And "examples/idle-game/specs/buying.feature" is as committed
    And the agent's prompt on call 2 includes these lines:
      """
      # The previous session (attempt 1) was not enough
      - agent edited protected file examples/idle-game/specs/buying.feature (put back): the change was refused.
      """
    And the journal's finished record has outcome "fails"

  Scenario: A dry run with --session prints the one prompt a session gets
    Given the step "I have {int} gold" asserts the wrong amount
    When I run `cargo aspect fix --session --dry-run`
    Then the exit code is 1
    And the output says "--allowedTools 'Read,Edit,Write,Glob,Grep,Bash(cargo:*),Agent,Skill' --plugin-dir "
    And the output says "──── prompt for the session (attempt 1/3) ────"
    And the output says "# Task 1 of 2: spec examples/idle-game/specs/buying.feature"
    And the output says "# Task 2 of 2: spec examples/idle-game/specs/production.feature"
    And the output does not say "──── prompt for spec"
