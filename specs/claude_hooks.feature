Feature: Claude Code's hooks answered by cargo aspect hook
  The plugin of `cargo aspect claude` registers three hooks, each a call of
  `cargo aspect hook <event>` that reads Claude Code's JSON on stdin and
  answers in its hook protocol: `PreToolUse` denies an edit of a spec, an
  aspect, a script an aspect's evidence runs or a `protect`ed file; `Stop`
  judges the evidence and keeps Claude working while some fails, a bounded
  number of times; `SessionStart` gives Claude the specs and aspects as
  context. An input the hook cannot read is its own error, exit 1, which
  Claude Code shows and goes past: a hook never holds Claude forever.

  Background:
    Given a copy of the idle game

  Scenario: An edit of a spec is denied, with the rule that protects it
    When Claude Code runs `cargo aspect hook PreToolUse` with:
      """json
      {"session_id":"s-spec","transcript_path":"/tmp/t.jsonl","cwd":"$ROOT","permission_mode":"acceptEdits","hook_event_name":"PreToolUse","tool_name":"Edit","tool_input":{"file_path":"$ROOT/examples/idle-game/specs/buying.feature","old_string":"50","new_string":"51","replace_all":false},"tool_use_id":"toolu_01"}
      """
    Then the exit code is 0
    And the answer is the JSON:
      """json
      {"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"cargo-aspect: examples/idle-game/specs/buying.feature is protected (specs glob `examples/idle-game/specs/**/*.feature` in examples/idle-game/Cargo.toml). Specs, aspects and the scripts their evidence runs are the truth the code is reconciled to: change the code, never the evidence. If the spec or aspect itself looks wrong, stop and say so to the human."}}
      """

  Scenario Outline: Aspects, evidence scripts and protect globs are denied to every edit tool
    Given the file "Cargo.toml" ends with:
      """toml

      [workspace.metadata.aspect]
      protect = ["Cargo.lock", "examples/idle-game/tests/evidence/**"]
      """
    When Claude Code runs `cargo aspect hook PreToolUse` with:
      """json
      {"session_id":"s-<tool>","cwd":"$ROOT/examples/idle-game/src","hook_event_name":"PreToolUse","tool_name":"<tool>","tool_input":{"<key>":"$ROOT/<file>"},"tool_use_id":"toolu_02"}
      """
    Then the exit code is 0
    And the answer's /hookSpecificOutput/permissionDecision starts with "deny"
    And the answer's /hookSpecificOutput/permissionDecisionReason says "<file> is protected (<rule>)"

    Examples:
      | tool         | key           | file                                                   | rule                                                                     |
      | Write        | file_path     | examples/idle-game/aspects/buy-is-fast.md              | aspects glob `examples/idle-game/aspects/*.md` in examples/idle-game/Cargo.toml |
      | MultiEdit    | file_path     | examples/idle-game/scripts/every-generator-is-specified.sh | a script the evidence of examples/idle-game/aspects/every-generator-is-specified.md executes |
      | Write        | file_path     | Cargo.lock                                             | protect glob `Cargo.lock` in Cargo.toml                                  |
      | NotebookEdit | notebook_path | examples/idle-game/tests/evidence/new/notes.ipynb      | protect glob `examples/idle-game/tests/evidence/**` in Cargo.toml        |
      | Write        | file_path     | examples/idle-game/specs/new/selling.feature           | specs glob `examples/idle-game/specs/**/*.feature` in examples/idle-game/Cargo.toml |

  Scenario Outline: Code, and tools that name no file, are left to Claude Code's own permissions
    When Claude Code runs `cargo aspect hook PreToolUse` with:
      """json
      {"session_id":"s-code","cwd":"$ROOT","hook_event_name":"PreToolUse","tool_name":"<tool>","tool_input":<input>,"tool_use_id":"toolu_03"}
      """
    Then the exit code is 0
    And there is no answer

    Examples:
      | tool  | input                                                                        |
      | Edit  | {"file_path":"$ROOT/examples/idle-game/src/lib.rs","old_string":"a","new_string":"b"} |
      | Write | {"file_path":"examples/idle-game/tests/steps/new.rs","content":""}         |
      | Bash  | {"command":"sed -i s/50/51/ examples/idle-game/specs/buying.feature"}      |
      | Read  | {"file_path":"$ROOT/examples/idle-game/specs/buying.feature"}              |

  Scenario Outline: An input the hook cannot read is exit 1, which never blocks Claude
    When Claude Code runs `cargo aspect hook <event>` with:
      """json
      <input>
      """
    Then the exit code is 1
    And there is no answer
    And the output says "<error>"

    Examples:
      | event       | input                                                       | error                                                                                  |
      | PreToolUse  | {"hook_event_name":"PreToolUse","tool_name":"Edit"          | error: cargo aspect hook PreToolUse: the hook input on stdin is not the JSON object Claude Code sends: EOF while parsing |
      | PreToolUse  | {"hook_event_name":"PreToolUse","tool_name":"Edit","tool_input":{}} | error: cargo aspect hook PreToolUse: the Edit input has no `file_path` or `notebook_path`: {} |
      | Stop        | {"hook_event_name":"SessionStart","cwd":"/"}                | error: cargo aspect hook Stop: the input is for the event `SessionStart`, but this hook was registered as `Stop` |
      | PostToolUse | {"hook_event_name":"PostToolUse"}                           | error: cargo aspect hook PostToolUse: unknown event `PostToolUse`: the events are PreToolUse, Stop, SessionStart |
      | Stop        | {"cwd":"/"}                                                 | missing field `hook_event_name`                                                        |

  Scenario: A session starts with the specs and aspects as context
    When Claude Code runs `cargo aspect hook SessionStart` with:
      """json
      {"session_id":"s-start","transcript_path":"/tmp/t.jsonl","cwd":"$ROOT","hook_event_name":"SessionStart","source":"startup","model":"claude-sonnet-4-6"}
      """
    Then the exit code is 0
    And the answer's /hookSpecificOutput/hookEventName starts with "SessionStart"
    And the answer's /hookSpecificOutput/additionalContext starts with "This project uses cargo-aspect. Its specs"
    And the answer's /hookSpecificOutput/additionalContext includes:
      """
      Specs (2):
      - examples/idle-game/specs/buying.feature: Buying a generator
      - examples/idle-game/specs/production.feature: Producing gold over time

      Aspects (4):
      - examples/idle-game/aspects/buy-is-fast.md `buy-is-fast`: Buying a generator takes at most 2 µs (median, optimized build).
      """

  Scenario: Claude may stop when all evidence holds
    When Claude Code runs `cargo aspect hook Stop` with:
      """json
      {"session_id":"s-holds","transcript_path":"/tmp/t.jsonl","cwd":"$ROOT","permission_mode":"default","hook_event_name":"Stop","stop_hook_active":false}
      """
    Then the exit code is 0
    And there is no answer

  Scenario: While evidence fails Claude is kept working, at most max-stop-blocks times in a row
    Given the step "I have {int} gold" asserts the wrong amount
    And the file "Cargo.toml" ends with:
      """toml

      [workspace.metadata.aspect.agent]
      max-stop-blocks = 1
      """
    When Claude Code runs `cargo aspect hook Stop` with:
      """json
      {"session_id":"s-fails","transcript_path":"/tmp/t.jsonl","cwd":"$ROOT","permission_mode":"default","hook_event_name":"Stop","stop_hook_active":false}
      """
    Then the exit code is 0
    And the answer's /decision starts with "block"
    And the answer's /reason starts with "cargo-aspect: the evidence does not hold yet (block 1 of at most 1)."
    And the answer's /reason says "- examples/idle-game/specs/buying.feature:5: scenario `Purchase with sufficient funds`: step failed: Then I have 0 gold (more: cargo aspect test --spec buying)"
    When Claude Code runs `cargo aspect hook Stop` with:
      """json
      {"session_id":"s-fails","transcript_path":"/tmp/t.jsonl","cwd":"$ROOT","permission_mode":"default","hook_event_name":"Stop","stop_hook_active":true}
      """
    Then the exit code is 0
    And the answer's /systemMessage starts with "cargo-aspect: the evidence still fails after 1 consecutive blocks, so Claude may stop (the limit is 1: `max-stop-blocks` in [workspace.metadata.aspect.agent], or --max-blocks)."
    When Claude Code runs `cargo aspect hook SessionStart` with:
      """json
      {"session_id":"s-fails","cwd":"$ROOT","hook_event_name":"SessionStart","source":"resume"}
      """
    Then the answer's /hookSpecificOutput/additionalContext says "Last verdicts (when Claude last stopped): "
    And the answer's /hookSpecificOutput/additionalContext says "scenario `Purchase with sufficient funds`"

  Scenario: Evidence that cannot be judged lets Claude stop, saying why
    Given the step definitions do not compile
    When Claude Code runs `cargo aspect hook Stop` with:
      """json
      {"session_id":"s-broken","cwd":"$ROOT","hook_event_name":"Stop","stop_hook_active":false}
      """
    Then the exit code is 0
    And the answer's /systemMessage starts with "cargo-aspect: the evidence cannot be judged, so Claude may stop: error"

  Scenario: cargo aspect claude writes the plugin the hooks belong to
    When I run `cargo aspect claude --out plugin`
    Then the exit code is 0
    And the output says "wrote the Claude Code plugin to plugin"
    And the output says "use it with: claude --plugin-dir plugin"
    And the crate has these files:
      | file                                    | containing                                   |
      | plugin/.claude-plugin/plugin.json       | "name": "cargo-aspect"                       |
      | plugin/.claude-plugin/plugin.json       | "license": "MIT OR Apache-2.0"               |
      | plugin/skills/spec-aspect/SKILL.md      | name: spec-aspect                            |
      | plugin/skills/spec-aspect/SKILL.md      | Never edit a spec, an aspect, or a script    |
      | plugin/agents/evidence-reviewer.md      | You are read-only                            |
      | plugin/hooks/hooks.json                 | "command": "cargo aspect hook PreToolUse"    |
      | plugin/README.md                        | ## When a hook fails or times out            |
      | plugin/LICENSE                          | MIT License                                  |
    And the JSON file "plugin/hooks/hooks.json" has at "/hooks/SessionStart":
      """json
      [{"matcher":"startup|resume|clear|compact","hooks":[{"type":"command","command":"cargo aspect hook SessionStart","timeout":30}]}]
      """
