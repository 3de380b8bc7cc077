//! `Stop`: judge the evidence before Claude ends its turn.
//!
//! It runs `cargo aspect test --format json` (this binary, in the project) and
//! answers: nothing when all evidence holds; `decision: "block"` with a
//! compact summary of what fails (`file:line`, the message's first line, the
//! command that shows more) while some fails; and, so that Claude is never
//! held forever, a `systemMessage` letting it stop after `max_blocks`
//! consecutive blocks or when the evidence cannot be judged (a build error,
//! a bad spec), saying why. Blocks are consecutive while Claude Code reports
//! `stop_hook_active` (it is continuing because of a Stop hook); a stop
//! without it starts the count again. The count lives in
//! `<target>/aspect/hook/<root hash>/stop-<session>.json`, the last verdicts in
//! `last-verdicts.jsonl` for `SessionStart`.
//!
//! It must not judge anything itself: the verdicts are the harnesses' events.

use std::path::Path;
use std::process::Command;

use serde_json::json;

use super::input::HookInput;
use super::project::Project;
use crate::event::{Event, Status};
use crate::exit_code::{EXIT_FAILS, EXIT_HOLDS};

/// How many times in a row Claude is kept working when nothing says otherwise.
const DEFAULT_MAX_BLOCKS: u32 = 3;

/// How many failures the summary lists before `and N more`.
const SHOWN: usize = 12;

/// The answer to one `Stop` input: `None` lets Claude stop silently.
///
/// # Errors
/// A workspace whose configuration cannot be read, or a state file that
/// cannot be written.
pub(super) fn answer(
    input: &HookInput,
    cwd: &Path,
    max_blocks: Option<u32>,
) -> Result<Option<serde_json::Value>, String> {
    let Some(project) = Project::find(cwd)? else {
        return Ok(None);
    };
    if project.harnesses.is_empty() {
        return Ok(None);
    }
    let max_blocks = max_blocks
        .or_else(|| project.table.agent.as_ref().and_then(|a| a.max_stop_blocks))
        .unwrap_or(DEFAULT_MAX_BLOCKS);
    let state_dir = project.state_dir();
    std::fs::create_dir_all(&state_dir)
        .map_err(|e| format!("cannot create {}: {e}", state_dir.display()))?;
    let session: String = input
        .session_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let count_file = state_dir.join(format!("stop-{session}.json"));
    let blocks = if input.stop_hook_active {
        std::fs::read_to_string(&count_file)
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .and_then(|v| v.get("blocks").and_then(serde_json::Value::as_u64))
            .unwrap_or(0)
    } else {
        0
    };
    let judged = judge(&project.root)?;
    let _ = std::fs::write(state_dir.join("last-verdicts.jsonl"), &judged.stdout);
    let answer = match judged.code.and_then(|c| u8::try_from(c).ok()) {
        Some(EXIT_HOLDS) => {
            let _ = std::fs::remove_file(&count_file);
            return Ok(None);
        }
        Some(EXIT_FAILS) => {
            let summary = summary(&judged.events, &project);
            if blocks >= u64::from(max_blocks) {
                let _ = std::fs::remove_file(&count_file);
                json!({
                    "systemMessage": format!(
                        "cargo-aspect: the evidence still fails after {blocks} consecutive blocks, so Claude may stop (the limit is {max_blocks}: `max-stop-blocks` in [workspace.metadata.aspect.agent], or --max-blocks).\n{summary}"
                    )
                })
            } else {
                std::fs::write(&count_file, json!({ "blocks": blocks + 1 }).to_string())
                    .map_err(|e| format!("cannot write {}: {e}", count_file.display()))?;
                json!({
                    "decision": "block",
                    "reason": format!(
                        "cargo-aspect: the evidence does not hold yet (block {} of at most {max_blocks}). Reconcile the code with the specs and aspects; do not edit them.\n{summary}",
                        blocks + 1
                    ),
                })
            }
        }
        _ => {
            let _ = std::fs::remove_file(&count_file);
            json!({
                "systemMessage": format!(
                    "cargo-aspect: the evidence cannot be judged, so Claude may stop: {}",
                    judged.error_line()
                )
            })
        }
    };
    Ok(Some(answer))
}

/// What `cargo aspect test --format json` said.
struct Judged {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    events: Vec<Event>,
}

impl Judged {
    /// Why it could not judge: its `error:` lines, else the end of stderr.
    fn error_line(&self) -> String {
        let errors: Vec<&str> = self
            .stderr
            .lines()
            .filter(|l| l.starts_with("error"))
            .take(5)
            .collect();
        if errors.is_empty() {
            let tail: Vec<&str> = self.stderr.trim_end().lines().rev().take(5).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            format!(
                "`cargo aspect test` exited with {:?}: {}",
                self.code,
                tail.join("\n")
            )
        } else {
            errors.join("\n")
        }
    }
}

/// Run `cargo aspect test --format json` in `root` with this very binary.
fn judge(root: &Path) -> Result<Judged, String> {
    let exe = std::env::current_exe()
        .map_err(|e| format!("cannot find the cargo-aspect executable: {e}"))?;
    let output = Command::new(exe)
        .args([
            "aspect",
            "test",
            "--format",
            "json",
            "--color",
            "never",
            "--workspace",
        ])
        .current_dir(root)
        .env("CARGO_TERM_COLOR", "never")
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| format!("cannot run `cargo aspect test`: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let events = stdout
        .lines()
        .filter_map(|l| Event::from_line(l).ok())
        .collect();
    Ok(Judged {
        code: output.status.code(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        stdout,
        events,
    })
}

/// One line per failing trial, workspace-relative: `file:line: name: message`
/// and the command that shows it in full.
pub(super) fn summary(events: &[Event], project: &Project) -> String {
    let package_dir = |package: &str| -> String {
        let dir = project
            .harnesses
            .iter()
            .find(|h| h.name == package)
            .map(|h| crate::cli::files::relative(&project.root, &h.root))
            .unwrap_or_default();
        if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        }
    };
    // The message's first line without the `file:line:col: ` the summary already shows.
    let first_line = |message: &Option<String>, shown: &str| {
        let line = message
            .as_deref()
            .and_then(|m| m.lines().next())
            .unwrap_or("failed");
        match line
            .strip_prefix(shown)
            .and_then(|rest| rest.split_once(": "))
        {
            Some((_, after)) => after.to_owned(),
            None => line.to_owned(),
        }
    };
    let mut lines = Vec::new();
    for event in events {
        match event {
            Event::Scenario(s) if s.status == Some(Status::Failed) => {
                let stem = Path::new(&s.file)
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let line = s.failed_step.as_ref().map_or(s.line, |f| f.line);
                let shown = format!("{}{}", package_dir(&s.package), s.file);
                lines.push(format!(
                    "- {shown}:{line}: scenario `{}`: {} (more: cargo aspect test --spec {stem})",
                    s.name.rsplit("::").next().unwrap_or(&s.name),
                    first_line(&s.message, &shown),
                ));
            }
            Event::Aspect(a) if a.status == Some(Status::Failed) => {
                let name = a.name.strip_prefix("aspect::").unwrap_or(&a.name);
                let shown = format!("{}{}", package_dir(&a.package), a.file);
                lines.push(format!(
                    "- {shown}:{}: aspect `{name}`: {} (more: cargo aspect test --aspect {name})",
                    a.line,
                    first_line(&a.message, &shown),
                ));
            }
            _ => {}
        }
    }
    let total = lines.len();
    lines.truncate(SHOWN);
    if total > SHOWN {
        lines.push(format!("- and {} more: cargo aspect test", total - SHOWN));
    }
    if lines.is_empty() {
        lines.push("- (no failing trial reported: run cargo aspect test -v)".to_owned());
    }
    format!("{total} failing:\n{}", lines.join("\n"))
}
