//! `cargo aspect fix`: hand failing evidence to a coding agent (Claude Code by
//! default) and reconcile until it holds.
//!
//! The loop is thin on purpose: judge the evidence as `cargo aspect test`
//! does, group what fails into tasks (one per feature file, one per aspect),
//! and for each task ask the agent, put back any protected file or existing
//! step definition it changed, re-judge the task and then the whole selection,
//! and try again with the previous diff in the prompt, up to
//! `--max-iterations` times.
//!
//! | file | why it exists |
//! |---|---|
//! | `command.rs` | arguments, preflight (git, agent, config), dry run, resume setup |
//! | `fixer.rs` | the run: tasks in turn, the budget, the final verdict |
//! | `attempt.rs` | one task, attempt by attempt: agent, review, re-judging |
//! | `session.rs` | `--session`: one call per attempt for every task, Claude Code orchestrating |
//! | `dry_run.rs` | `--dry-run`: the argv and prompts, nothing called |
//! | `suite.rs` | judging through [`crate::cli::runner`], grouping failures into tasks |
//! | `prompt.rs` | the prompt of one attempt |
//! | `agent.rs` | the agent's argv, running it, reading its JSON result |
//! | `agent_process.rs` | the agent's process group: run it captured, end it on Ctrl-C |
//! | `protect.rs` | protected files: copies, comparison, putting back |
//! | `steps.rs` | existing step and bench functions: recorded before, put back after each attempt |
//! | `splice.rs` | a Rust file's functions as text: tokens, line ranges, putting old ones back |
//! | `journal.rs` | `target/aspect/fix/<run-id>/journal.jsonl`, replay for `--resume` |
//! | `git.rs` | clean-tree check and exact per-attempt diffs |
//!
//! It must not build the agent a shell line, add permissions the user did not
//! configure, commit, or run when the tree has uncommitted changes (unless told).

mod agent;
mod agent_process;
mod attempt;
mod command;
mod dry_run;
mod fixer;
mod git;
mod journal;
mod prompt;
mod protect;
mod session;
mod splice;
mod steps;
mod suite;

pub use command::{run, FixArgs};
