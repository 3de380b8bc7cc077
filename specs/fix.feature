Feature: Letting an agent make the evidence hold with cargo aspect fix
  `cargo aspect fix` hands failing evidence to Claude Code (`claude` on PATH),
  then judges the evidence again. The specs and aspects are the truth: an agent
  that edits one (or a file of the `protect` globs) has its change put back,
  and its attempt fails. A change that breaks evidence which held before is no
  fix either. What the agent did stays reviewable with git, so `fix` starts
  only from a clean tree. `[workspace.metadata.aspect.agent]` can name another
  agent and give each call a timeout.

  Here the agent is a script that runs the given shell commands in the
  workspace (`$n` is the number of the call) and answers with Claude Code's
  JSON result, at $0.01 a call, saying "scripted attempt <n>". The
  bug it repairs is in a step definition, the glue between a spec and the
  code, which `fix` protects too: the runs that let it repair the step say
  `--allow-step-edits`.

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
    When I run `cargo aspect fix --allow-step-edits`
    Then the exit code is 0
    And the output says "fix: spec examples/idle-game/specs/buying.feature · attempt 1/3 · 4 failing trial(s) left · $0.00 spent so far"
    And the output says "all evidence holds after 1 agent call(s), $0.01 spent"
    And the agent was called 1 time
    And the agent was called with these arguments:
      | -p                                      |
      | --output-format                         |
      | json                                    |
      | --permission-mode                       |
      | acceptEdits                             |
      | --allowedTools                          |
      | Read,Edit,Write,Glob,Grep,Bash(cargo:*) |
      | --plugin-dir                            |
      | $TARGET/aspect/claude-plugin            |
    And the agent's prompt includes:
      """
      >>  21 |       | gold mine | 0     | 50    |
      """
    And the agent's prompt on call 1 includes these lines:
      """
      Do not edit protected files
      examples/idle-game/tests/steps
      """
    And "examples/idle-game/tests/steps/buying.rs" differs from the commit
    And the journal's records are of these types, in order:
      | start    |
      | evidence |
      | baseline |
      | attempt  |
      | agent    |
      | reviewed |
      | evidence |
      | evidence |
      | task-end |
      | finished |
    And the journal's start record's protected includes "examples/idle-game/specs/buying.feature"
    And the journal's start record's protected includes "examples/idle-game/aspects/every-generator-is-specified.md"
    And the journal's start record's protected includes "examples/idle-game/scripts/every-generator-is-specified.sh"
    And the journal's agent record has session_id "scripted-1"
    And the journal's reviewed record's diff includes "-        world.game.cost(generator) + 1,"
    And the journal's reviewed record's diff includes "+        world.game.cost(generator),"
    And the journal's finished record has outcome "holds"

  Scenario: An agent that changes nothing is called until --max-iterations
    Given the step "the next {} costs {int} gold" adds 1 to every price
    And the copy is committed to git
    And an agent `claude` on PATH that runs:
      """sh
      true
      """
    When I run `cargo aspect fix --max-iterations 2`
    Then the exit code is 1
    And the agent was called 2 times
    And the output says "evidence still fails (2 attempt(s) per task did not make it hold)"
    And the agent's prompt on call 2 includes these lines:
      """
      It changed no file.
      """

  Scenario: The next attempt's prompt has the last attempt's diff and what the agent said
    Given the step "the next {} costs {int} gold" adds 1 to every price
    And the copy is committed to git
    And an agent `claude` on PATH that runs:
      """sh
      if [ "$n" = 1 ]; then
        echo '// attempt one was here' >> examples/idle-game/tests/steps/buying.rs
      else
        sed -i 's/world.game.cost(generator) + 1,/world.game.cost(generator),/' examples/idle-game/tests/steps/buying.rs
      fi
      """
    When I run `cargo aspect fix --allow-step-edits`
    Then the exit code is 0
    And the agent was called 2 times
    And the agent's prompt on call 2 includes these lines:
      """
      ## The previous attempt (1 of 3) was not enough
      +// attempt one was here
      The agent said: scripted attempt 1
      """

  Scenario: An agent that edits a spec has its edit put back
    Given the step "the next {} costs {int} gold" adds 1 to every price
    And the copy is committed to git
    And an agent `claude` on PATH that runs:
      """sh
      sed -i 's/| 50    |/| 51    |/' examples/idle-game/specs/buying.feature
      """
    When I run `cargo aspect fix --max-iterations 2`
    Then the exit code is 1
    And the output says "attempt 1: agent edited protected file examples/idle-game/specs/buying.feature"
    And "examples/idle-game/specs/buying.feature" is as committed
    And the agent was called 2 times
    And the agent's prompt on call 2 includes these lines:
      """
      agent edited protected file examples/idle-game/specs/buying.feature
      """

  Scenario: Uncommitted changes stop fix before any agent runs
    Given the copy is committed to git
    And the step "the next {} costs {int} gold" adds 1 to every price
    When I run `cargo aspect fix`
    Then the exit code is 2
    And the output says "uncommitted changes"
    And the output says "examples/idle-game/tests/steps/buying.rs"
    And the output says "--allow-dirty"
    And the agent was called 0 times

  Scenario: Without Claude Code on PATH, fix says how to install it
    Given the copy is committed to git
    And Claude Code is not on PATH
    When I run `cargo aspect fix`
    Then the exit code is 2
    And the output says "error: Claude Code (`claude`) is not on PATH"
    And the output says "npm install -g @anthropic-ai/claude-code"

  Scenario: Uncommitted changes are checked first, and --allow-dirty goes past them
    Given the copy is committed to git
    And the step "the next {} costs {int} gold" adds 1 to every price
    And Claude Code is not on PATH
    When I run `cargo aspect fix`
    Then the exit code is 2
    And the output says "uncommitted changes"
    And the output does not say "npm install"
    When I run `cargo aspect fix --allow-dirty`
    Then the exit code is 2
    And the output does not say "uncommitted changes"
    And the output says "npm install -g @anthropic-ai/claude-code"

  Scenario: A workspace outside git stops fix, unless --allow-no-vcs
    Given the copy is in no git repository
    When I run `cargo aspect fix`
    Then the exit code is 2
    And the output says "is not in a git repository"
    And the output says "--allow-no-vcs"
    And the agent was called 0 times
    Given Claude Code is not on PATH
    When I run `cargo aspect fix --allow-no-vcs`
    Then the exit code is 2
    And the output does not say "is not in a git repository"
    And the output says "npm install -g @anthropic-ai/claude-code"

  Scenario: A package's own agent table counts when the workspace has none
    Given the step "the next {} costs {int} gold" adds 1 to every price
    And the file "examples/idle-game/Cargo.toml" ends with:
      """toml
      [package.metadata.aspect.agent]
      command = "my-agent"
      """
    And the copy is committed to git
    When I run `cargo aspect fix --dry-run`
    Then the exit code is 1
    And the output says "my-agent -p --output-format json"

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
    When I run `cargo aspect fix --allow-step-edits`
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
    When I run `cargo aspect fix --max-iterations 1 --allow-step-edits`
    Then the exit code is 1
    And the output says "fix: spec examples/idle-game/specs/buying.feature holds, but the change broke other evidence: spec::production::A mine produces one gold per second (fails)"
    And the output says "holds only with changes that break other evidence (spec::production::A mine produces one gold per second (fails)"
    And the output says "they stay in the working tree for review (`git diff`)"
    And the output says "evidence still fails (1 attempt(s) per task did not make it hold)"

  Scenario: On a crate fresh from cargo new, the agent may change a file an aspect's command reads
    A command's program or script is protected, not the files it reads: here
    `src/lib.rs` is the code the agent must change. The crate's `.gitignore`
    has cargo new's `/target`, and the attempt's diff is still taken.
    Given a crate made by `cargo new` in a git repository and target directory of its own
    And I have run `cargo aspect init --path $RUNTIME`
    And the file "aspects/calculator.md" contains:
      """markdown
      ---
      name: there-is-a-calculator
      evidence: {command: [grep, -q, Calc, src/lib.rs]}
      ---
      The crate has a `Calc`.
      """
    And the crate is committed to git
    And an agent `claude` on PATH that runs:
      """sh
      echo 'pub struct Calc;' >> src/lib.rs
      """
    When I run `cargo aspect fix`
    Then the exit code is 0
    And the output says "all evidence holds after 1 agent call(s)"
    And the output says "fix: attempt 1 changed:"
    And the output says "src/lib.rs | 1 +"
    And the output does not say "protected file"
    And the output does not say "cannot snapshot"
    And the journal's start record's protected includes "aspects/calculator.md"
    And the journal's start record's protected does not include "src/lib.rs"
    And the journal's reviewed record's diff includes "+pub struct Calc;"

  Scenario: Counts and the final list come from the latest judging
    The first attempt mends the price of gold mines only; the second does
    nothing. What is left is the smelter's price, and only that is listed.
    Given the step "the next {} costs {int} gold" adds 1 to every price
    And the copy is committed to git
    And an agent `claude` on PATH that runs:
      """sh
      if [ "$n" = 1 ]; then
        sed -i 's/world.game.cost(generator) + 1,/world.game.cost(generator) + u64::from(generator == Generator::Smelter),/' examples/idle-game/tests/steps/buying.rs
      fi
      """
    When I run `cargo aspect fix --max-iterations 2 --allow-step-edits`
    Then the exit code is 1
    And the output says "attempt 1/2 · 4 failing trial(s) left"
    And the output says "after attempt 1, spec examples/idle-game/specs/buying.feature still fails (1 trial(s))"
    And the output says "attempt 2/2 · 1 failing trial(s) left"
    And the output says "evidence still fails (2 attempt(s) per task did not make it hold): spec::buying::Each generator costs 15% more than the last"
    And the output does not say "gold mine"
    And the agent's prompt on call 2 includes these lines:
      """
      +        world.game.cost(generator) + u64::from(generator == Generator::Smelter),
      """
    And the agent's prompt on call 2 does not include "It changed no file."

  Scenario: A dry run on a dirty tree says the real run would refuse it
    Given the step "the next {} costs {int} gold" adds 1 to every price
    And the copy is committed to git
    And the file "notes.txt" contains:
      """
      scratch
      """
    When I run `cargo aspect fix --dry-run`
    Then the exit code is 1
    And the output says "──── prompt for spec examples/idle-game/specs/buying.feature (attempt 1/3)"
    And the output says "claude -p --output-format json --permission-mode acceptEdits --allowedTools 'Read,Edit,Write,Glob,Grep,Bash(cargo:*)'"
    And the output says ">>  17 |     Then the next <generator> costs <price> gold"
    And the output says "without --dry-run, `cargo aspect fix` would refuse to start here: the working tree has uncommitted changes"
    And the output says "notes.txt"
    And the agent was called 0 times
    And "examples/idle-game/tests/steps/buying.rs" is as committed

  Scenario: An agent that hollows an existing step has it put back
    Step definitions are evidence too: turning an `assert_eq!` into
    `let _ = ...` would make every scenario using the step pass. The change
    is put back, reported with the function and where it is, and the
    scenario still fails.
    Given the file "examples/idle-game/specs/seven.feature" contains:
      """gherkin
      Feature: Seven
        Scenario: A mine bought with 50 gold leaves 7
          Given I have 50 gold
          When I buy a gold mine
          Then I have 7 gold
      """
    And the copy is committed to git
    And an agent `claude` on PATH that runs:
      """sh
      sed -i 's/assert_eq!(world.game.gold(), gold, "gold in hand");/let _ = (world, gold);/' examples/idle-game/tests/steps/mod.rs
      """
    When I run `cargo aspect fix --max-iterations 2`
    Then the exit code is 1
    And the output says "attempt 1: agent changed step definition `gold_is` (Then I have {int} gold) at examples/idle-game/tests/steps/mod.rs:24 (put back)"
    And the output says "evidence still fails (2 attempt(s) per task did not make it hold): spec::seven::A mine bought with 50 gold leaves 7"
    And "examples/idle-game/tests/steps/mod.rs" is as committed
    And the agent's prompt on call 1 includes these lines:
      """
      Existing step definitions and bench functions are evidence too
      """
    And the agent's prompt on call 2 includes these lines:
      """
      agent changed step definition `gold_is` (Then I have {int} gold) at examples/idle-game/tests/steps/mod.rs:24 (put back): that change was reverted.
      """
    And the journal's reviewed record's violations includes "gold_is"

  Scenario: An agent may add the step definition a spec is missing
    Given the file "examples/idle-game/specs/nothing-left.feature" contains:
      """gherkin
      Feature: Nothing left
        Scenario: A mine bought with 50 gold leaves nothing
          Given I have 50 gold
          When I buy a gold mine
          Then I have no gold left
      """
    And the copy is committed to git
    And an agent `claude` on PATH that runs:
      """sh
      cat >> examples/idle-game/tests/steps/mod.rs <<'RUST'

      #[aspect::then("I have no gold left")]
      fn no_gold_left(world: &mut IdleWorld) {
          assert_eq!(world.game.gold(), 0, "gold in hand");
      }
      RUST
      """
    When I run `cargo aspect fix`
    Then the exit code is 0
    And the output says "all evidence holds after 1 agent call(s)"
    And the output does not say "step definition `"
    And "examples/idle-game/tests/steps/mod.rs" differs from the commit

  Scenario: With allow-step-edits the agent may change a step, and the summary lists it
    Given the file "examples/idle-game/specs/seven.feature" contains:
      """gherkin
      Feature: Seven
        Scenario: A mine bought with 50 gold leaves 7
          Given I have 50 gold
          When I buy a gold mine
          Then I have 7 gold
      """
    And the file "Cargo.toml" ends with:
      """toml
      [workspace.metadata.aspect.agent]
      allow-step-edits = true
      """
    And the copy is committed to git
    And an agent `claude` on PATH that runs:
      """sh
      sed -i 's/assert_eq!(world.game.gold(), gold, "gold in hand");/let _ = (world, gold);/' examples/idle-game/tests/steps/mod.rs
      """
    When I run `cargo aspect fix`
    Then the exit code is 0
    And the output includes:
      """
      fix: the agent changed existing step definitions (--allow-step-edits); review them:
        * changed step definition `gold_is` (Then I have {int} gold) at examples/idle-game/tests/steps/mod.rs:24
      """
    And "examples/idle-game/tests/steps/mod.rs" differs from the commit
    And the journal's reviewed record has step_edits '["agent changed step definition `gold_is` (Then I have {int} gold) at examples/idle-game/tests/steps/mod.rs:24"]'
    And the journal's reviewed record has violations "[]"
