//! The coding agent: Claude Code in print mode, or another command configured
//! in `[workspace.metadata.aspect.agent]`.
//!
//! This module builds the argv (never a shell line: the prompt goes on stdin),
//! finds the program, runs it in its own process group with a timeout, and
//! reads Claude Code's JSON result (`is_error`, `result`, `total_cost_usd`,
//! `session_id`, `num_turns`). The agent's own verdict is `is_error`, not the
//! exit status: Claude Code can report an API error with exit 0.
//!
//! It must never add `--dangerously-skip-permissions` (a user who wants it puts
//! it in `args`), and must not judge evidence or touch files.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::agent_process;
use crate::cli::CliError;

/// The program run when the configuration names none.
pub const DEFAULT_COMMAND: &str = "claude";

/// The tools the agent may use: read and edit files, and run cargo.
pub const ALLOWED_TOOLS: &str = "Read,Edit,Write,Glob,Grep,Bash(cargo:*)";

/// With `--session`, also start subagents (`Agent`, Claude Code's tool for
/// them, formerly `Task`) and load the plugin's skill (`Skill`): what the
/// method needs to orchestrate, nothing broader.
pub const SESSION_TOOLS: &str = "Read,Edit,Write,Glob,Grep,Bash(cargo:*),Agent,Skill";

/// How long one agent call may take when the configuration does not say.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30 * 60);

/// How to install Claude Code.
pub const INSTALL_HINT: &str = "install Claude Code with `npm install -g @anthropic-ai/claude-code` (then log in with `claude`), or name another agent with `command` in [workspace.metadata.aspect.agent]";

/// How to run the agent.
#[derive(Clone, Debug, PartialEq)]
pub struct Agent {
    /// The program as configured (`claude`, or a path).
    pub command: String,
    /// The program found on PATH (or the path given).
    pub program: PathBuf,
    /// Extra arguments, after the ones built here.
    pub args: Vec<String>,
    /// `--model`.
    pub model: Option<String>,
    /// How long one call may take.
    pub timeout: Option<Duration>,
    /// The Claude Code plugin of `cargo aspect claude`, passed with `--plugin-dir`.
    pub plugin_dir: Option<PathBuf>,
    /// `fix --session`: one call for every task, subagents allowed.
    pub session: bool,
}

/// What a call produced.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AgentResult {
    /// The agent's own verdict on its run.
    pub is_error: bool,
    /// `success`, `error_max_turns`, `error_max_budget_usd`, `error_during_execution`.
    pub subtype: String,
    /// Its last message (or its error).
    pub result: String,
    /// What the call cost.
    pub cost_usd: f64,
    /// The session id.
    pub session_id: String,
    /// Turns taken.
    pub num_turns: u64,
    /// Wall time.
    pub duration: Duration,
}

impl AgentResult {
    /// Whether the agent stopped at a limit (turns, budget) rather than failing:
    /// its edits are judged like any other attempt's.
    pub fn hit_a_limit(&self) -> bool {
        self.subtype.starts_with("error_max_turns") || self.subtype.starts_with("error_max_budget")
    }
}

/// Why a call gave no usable result: the loop cannot go on (exit 2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentFailure {
    /// One line: `Claude Code failed: Not logged in · Please run /login`.
    pub message: String,
}

impl Agent {
    /// Find `command` (on PATH unless it has a `/`, then relative to `cwd`).
    ///
    /// # Errors
    /// When it cannot be found, with how to install Claude Code.
    pub fn locate(command: &str, cwd: &Path) -> Result<PathBuf, CliError> {
        let found = if command.contains('/') {
            let path = cwd.join(command);
            path.is_file().then_some(path)
        } else {
            which::which(command).ok()
        };
        found.ok_or_else(|| {
            let what = if command == DEFAULT_COMMAND {
                "Claude Code (`claude`)".to_owned()
            } else {
                format!("the agent `{command}`")
            };
            CliError::new(format!("{what} is not on PATH: {INSTALL_HINT}"))
        })
    }

    /// The agent's name in messages.
    pub fn label(&self) -> String {
        let name = Path::new(&self.command)
            .file_name()
            .map_or(self.command.clone(), |n| n.to_string_lossy().into_owned());
        if name == DEFAULT_COMMAND {
            "Claude Code".to_owned()
        } else {
            format!("`{name}`")
        }
    }

    /// The argv of one call; the prompt goes on stdin. `budget_usd` is what the
    /// call may spend (`--max-budget-usd`), when the run has a budget.
    pub fn argv(&self, program: &str, budget_usd: Option<f64>) -> Vec<String> {
        let mut argv: Vec<String> = [
            program,
            "-p",
            "--output-format",
            "json",
            "--permission-mode",
            "acceptEdits",
            "--allowedTools",
            if self.session {
                SESSION_TOOLS
            } else {
                ALLOWED_TOOLS
            },
        ]
        .into_iter()
        .map(str::to_owned)
        .collect();
        if let Some(dir) = &self.plugin_dir {
            argv.push("--plugin-dir".into());
            argv.push(dir.to_string_lossy().into_owned());
        }
        if let Some(model) = &self.model {
            argv.push("--model".into());
            argv.push(model.clone());
        }
        if let Some(budget) = budget_usd {
            argv.push("--max-budget-usd".into());
            argv.push(format_usd(budget));
        }
        argv.extend(self.args.iter().cloned());
        argv
    }

    /// Run one call in `cwd` with `prompt` on stdin; `on_spawn` gets the agent's pid.
    ///
    /// # Errors
    /// An [`AgentFailure`] when the agent cannot start, reports an error, or
    /// gives no JSON result; a timeout is not one (the attempt is judged).
    pub fn call(
        &self,
        cwd: &Path,
        prompt: &str,
        budget_usd: Option<f64>,
        on_spawn: &mut dyn FnMut(u32),
    ) -> Result<AgentResult, AgentFailure> {
        let argv = self.argv(&self.program.to_string_lossy(), budget_usd);
        let label = self.label();
        let fail = |message: String| AgentFailure {
            message: format!("{label} failed: {message}"),
        };
        let done =
            agent_process::run_captured(&argv, cwd, &[], prompt.as_bytes(), self.timeout, on_spawn)
                .map_err(|e| fail(e.to_string()))?;
        let stdout = String::from_utf8_lossy(&done.stdout);
        let stderr = String::from_utf8_lossy(&done.stderr);
        if done.timed_out {
            return Ok(AgentResult {
                is_error: false,
                subtype: "timeout".into(),
                result: format!(
                    "stopped after {}s (the agent's timeout)",
                    done.elapsed.as_secs()
                ),
                duration: done.elapsed,
                ..AgentResult::default()
            });
        }
        let Some(mut result) = parse_result(&stdout) else {
            let status = match done.status.code() {
                Some(code) => format!("exit status {code}"),
                None => "killed by a signal".to_owned(),
            };
            return Err(fail(format!(
                "no JSON result ({status}){}",
                tail(&format!("{stdout}{stderr}"))
            )));
        };
        result.duration = done.elapsed;
        if result.is_error && !result.hit_a_limit() {
            let message = if result.result.trim().is_empty() {
                format!("{} (no message){}", result.subtype, tail(&stderr))
            } else {
                result.result.trim().to_owned()
            };
            return Err(fail(message));
        }
        if !done.status.success() && !result.hit_a_limit() {
            return Err(fail(format!(
                "exit status {}{}",
                done.status.code().unwrap_or(-1),
                tail(&stderr)
            )));
        }
        Ok(result)
    }
}

/// `0.5` → `0.50`: what `--max-budget-usd` gets.
pub fn format_usd(amount: f64) -> String {
    format!("{:.2}", amount.max(0.0))
}

/// The result object of `claude -p --output-format json`: the whole stdout,
/// or else its last line that is a JSON object with a `type` of `result`.
pub fn parse_result(stdout: &str) -> Option<AgentResult> {
    let object: serde_json::Value = serde_json::from_str(stdout.trim())
        .ok()
        .filter(serde_json::Value::is_object)
        .or_else(|| {
            stdout.lines().rev().find_map(|line| {
                serde_json::from_str::<serde_json::Value>(line.trim())
                    .ok()
                    .filter(|v| v.get("type").and_then(|t| t.as_str()) == Some("result"))
            })
        })?;
    let is_error = object.get("is_error")?.as_bool()?;
    let text = |key: &str| {
        object
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    Some(AgentResult {
        is_error,
        subtype: text("subtype"),
        result: text("result"),
        cost_usd: object
            .get("total_cost_usd")
            .and_then(serde_json::Value::as_f64)
            .unwrap_or(0.0),
        session_id: text("session_id"),
        num_turns: object
            .get("num_turns")
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0),
        duration: Duration::ZERO,
    })
}

/// The last lines of an agent's output, indented under the error.
fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.trim_end().lines().collect();
    let start = lines.len().saturating_sub(15);
    lines[start..].iter().map(|l| format!("\n  {l}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agent(model: Option<&str>, args: &[&str]) -> Agent {
        Agent {
            command: "claude".into(),
            program: "claude".into(),
            args: args.iter().map(|s| (*s).to_owned()).collect(),
            model: model.map(str::to_owned),
            timeout: None,
            plugin_dir: None,
            session: false,
        }
    }

    #[test]
    fn the_argv_passes_no_prompt_and_never_skips_permissions() {
        assert_eq!(
            agent(None, &[]).argv("claude", None),
            [
                "claude",
                "-p",
                "--output-format",
                "json",
                "--permission-mode",
                "acceptEdits",
                "--allowedTools",
                "Read,Edit,Write,Glob,Grep,Bash(cargo:*)"
            ]
        );
        let argv = agent(Some("sonnet"), &["--verbose"]).argv("/bin/claude", Some(0.5));
        assert_eq!(
            argv[8..],
            ["--model", "sonnet", "--max-budget-usd", "0.50", "--verbose"]
        );
        assert!(!argv.iter().any(|a| a.contains("dangerously")));
        let mut session = agent(None, &[]);
        session.session = true;
        session.plugin_dir = Some("/t/aspect/claude-plugin".into());
        assert_eq!(
            session.argv("claude", None)[7..],
            [
                "Read,Edit,Write,Glob,Grep,Bash(cargo:*),Agent,Skill",
                "--plugin-dir",
                "/t/aspect/claude-plugin"
            ]
        );
    }

    #[test]
    fn claude_results_parse_and_is_error_decides() {
        let not_logged_in = r#"{"type":"result","subtype":"success","is_error":true,"result":"Not logged in · Please run /login","total_cost_usd":0,"session_id":"d3","num_turns":1}"#;
        let result = parse_result(not_logged_in).unwrap();
        assert!(result.is_error && !result.hit_a_limit());
        assert_eq!(result.result, "Not logged in · Please run /login");
        let ok = format!(
            "warming up\n{}\n",
            r#"{"type":"result","subtype":"success","is_error":false,"result":"Fixed.","total_cost_usd":0.0123,"session_id":"s1","num_turns":7}"#
        );
        let result = parse_result(&ok).unwrap();
        assert_eq!(
            (
                result.cost_usd,
                result.num_turns,
                result.session_id.as_str()
            ),
            (0.0123, 7, "s1")
        );
        assert!(parse_result("error: unknown option '--bogus'").is_none());
        let limit =
            r#"{"type":"result","subtype":"error_max_turns","is_error":true,"total_cost_usd":1}"#;
        assert!(parse_result(limit).unwrap().hit_a_limit());
    }

    #[test]
    fn a_call_reports_the_agents_own_message() {
        let dir = std::env::temp_dir();
        let mut sh = agent(None, &[]);
        sh.program = "sh".into();
        sh.command = "sh".into();
        // `sh -p --output-format ...` fails: sh has no such options.
        let err = sh.call(&dir, "", None, &mut |_| {}).unwrap_err();
        assert!(
            err.message.starts_with("`sh` failed: no JSON result"),
            "{err:?}"
        );
        assert_eq!(agent(None, &[]).label(), "Claude Code");
    }
}
