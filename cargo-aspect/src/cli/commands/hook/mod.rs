//! `cargo aspect hook <event>`: cargo-aspect inside a Claude Code session.
//!
//! Claude Code runs a hook as a command with one JSON object on stdin and
//! reads its answer from the exit code and stdout (the hooks reference):
//! exit 0 with an optional JSON object is an answer, exit 2 is a *blocking*
//! error, any other code a non-blocking one shown to the user. The plugin of
//! `cargo aspect claude` registers three:
//!
//! | file | event | what it answers |
//! |---|---|---|
//! | `pre_tool_use.rs` | `PreToolUse` (`Edit`, `Write`, `MultiEdit`, `NotebookEdit`) | deny an edit of a protected file, with the rule |
//! | `stop.rs` | `Stop` | judge the evidence; block while some fails, at most N times in a row |
//! | `session_start.rs` | `SessionStart` | the specs, the aspects and the last verdicts, as context |
//!
//! `input.rs` reads stdin, `project.rs` finds the workspace from the input's
//! `cwd` by reading manifests (no `cargo metadata`: `PreToolUse` runs on every
//! edit), `command.rs` ties them together.
//!
//! It must never exit 2 on its own error (that would block the edit or the
//! stop for a reason Claude cannot fix): a malformed input, an unknown event or
//! a broken manifest is one `error:` line on stderr and exit 1, which Claude
//! Code shows and goes past.

mod command;
mod input;
mod pre_tool_use;
mod project;
mod session_start;
mod stop;

pub use command::{run, HookArgs};
