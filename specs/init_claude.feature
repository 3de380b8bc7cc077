Feature: Installing the Claude Code plugin's parts with cargo aspect init --claude
  For interactive Claude Code sessions, `cargo aspect init --claude` installs
  the skill, the evidence-reviewer subagent and the hooks of `cargo aspect
  claude` into the workspace's `.claude/`. The hooks are merged into
  `.claude/settings.json`: every key and hook already there stays, a hook
  whose command is already registered is not added twice, and nothing is
  overwritten. A second run changes nothing. `.claude/` goes in the
  workspace root, where Claude Code is started.

  Background:
    Given a copy of the idle game

  Scenario: A crate without .claude gets the skill, the subagent and the hooks
    When I run `cargo aspect init --manifest-path examples/idle-game/Cargo.toml --claude`
    Then the exit code is 0
    And the output includes:
      """
      created .claude/skills/spec-aspect/SKILL.md
      created .claude/agents/evidence-reviewer.md
      .claude/settings.json: created with the cargo-aspect hooks (PreToolUse, Stop, SessionStart)
      """
    And the crate has these files:
      | file                                  | containing                     |
      | .claude/skills/spec-aspect/SKILL.md   | name: spec-aspect              |
      | .claude/agents/evidence-reviewer.md   | name: evidence-reviewer        |
    And the JSON file ".claude/settings.json" has at "/hooks/PreToolUse":
      """json
      [{"matcher":"Edit|Write|MultiEdit|NotebookEdit","hooks":[{"type":"command","command":"cargo aspect hook PreToolUse","timeout":10}]}]
      """
    And the JSON file ".claude/settings.json" has at "/hooks/Stop":
      """json
      [{"hooks":[{"type":"command","command":"cargo aspect hook Stop","timeout":900}]}]
      """

  Scenario: The user's settings and hooks stay, and a second run changes nothing
    Given the file ".claude/settings.json" contains:
      """json
      {
        "permissions": {"allow": ["Bash(cargo test:*)"], "deny": ["Read(./.env)"]},
        "env": {"RUST_LOG": "debug"},
        "hooks": {
          "PreToolUse": [
            {"matcher": "Bash", "hooks": [{"type": "command", "command": "./scripts/guard.sh", "timeout": 5}]}
          ],
          "Stop": [
            {"hooks": [{"type": "command", "command": "cargo aspect hook Stop", "timeout": 300}]}
          ],
          "PostToolUse": [
            {"matcher": "Edit", "hooks": [{"type": "command", "command": "cargo fmt"}]}
          ]
        },
        "model": "sonnet"
      }
      """
    When I run `cargo aspect init --manifest-path examples/idle-game/Cargo.toml --claude`
    Then the exit code is 0
    And the output says ".claude/settings.json: added the cargo-aspect hooks (PreToolUse, SessionStart)"
    And the keys of the JSON file ".claude/settings.json" are, in order: "permissions, env, hooks, model"
    And the JSON file ".claude/settings.json" has at "/permissions":
      """json
      {"allow": ["Bash(cargo test:*)"], "deny": ["Read(./.env)"]}
      """
    And the JSON file ".claude/settings.json" has at "/env":
      """json
      {"RUST_LOG": "debug"}
      """
    And the JSON file ".claude/settings.json" has at "/model":
      """json
      "sonnet"
      """
    And the JSON file ".claude/settings.json" has at "/hooks/PreToolUse":
      """json
      [
        {"matcher": "Bash", "hooks": [{"type": "command", "command": "./scripts/guard.sh", "timeout": 5}]},
        {"matcher": "Edit|Write|MultiEdit|NotebookEdit", "hooks": [{"type": "command", "command": "cargo aspect hook PreToolUse", "timeout": 10}]}
      ]
      """
    And the JSON file ".claude/settings.json" has at "/hooks/Stop":
      """json
      [{"hooks": [{"type": "command", "command": "cargo aspect hook Stop", "timeout": 300}]}]
      """
    And the JSON file ".claude/settings.json" has at "/hooks/PostToolUse":
      """json
      [{"matcher": "Edit", "hooks": [{"type": "command", "command": "cargo fmt"}]}]
      """
    When I run `cargo aspect init --manifest-path examples/idle-game/Cargo.toml --claude`
    Then the exit code is 0
    And the output says "is already set up for cargo aspect; nothing changed"
    And no file changed

  Scenario: A skill of the user's with the same name is kept, with a warning
    Given the file ".claude/skills/spec-aspect/SKILL.md" contains:
      """
      my own notes
      """
    When I run `cargo aspect init --manifest-path examples/idle-game/Cargo.toml --claude`
    Then the exit code is 0
    And the output says "warning: kept .claude/skills/spec-aspect/SKILL.md: it differs from cargo-aspect's"
    And the file ".claude/skills/spec-aspect/SKILL.md" is unchanged

  Scenario: Settings that are not JSON stop it, at their line and column, untouched
    Given the file ".claude/settings.json" contains:
      """
      {
        "model": "sonnet",
      }
      """
    When I run `cargo aspect init --manifest-path examples/idle-game/Cargo.toml --claude`
    Then the exit code is 2
    And the output says "error: .claude/settings.json:3:1: trailing comma at line 3 column 1"
    And the file ".claude/settings.json" is unchanged
