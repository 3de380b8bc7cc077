//! The scripted stand-in for Claude Code, shared by the dogfood specs and the
//! Rust tests of `cargo aspect fix`: an executable (`claude`, or another name)
//! that logs each call, runs the shell commands it was made with in the
//! directory `fix` starts it in, and answers with Claude Code's JSON result.
//!
//! It must not read or need anything but its own log directory: no
//! credentials, no network. Declared with `#[path]` next to `mod support;` by
//! the tests that use it.
#![allow(dead_code)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// The script around the commands; `{log}` is its log directory. Call `n`
/// (1, 2, ...) saves its process id (the id of its process group: `fix`
/// starts it in its own) as `pid-<n>`, written whole (a reader never sees it
/// half-written), its arguments one per line as `argv-<n>.txt` and the prompt
/// it reads on stdin as `prompt-<n>.txt`. The commands may read `$n`.
const SCRIPT: &str = r#"#!/bin/sh
# The scripted agent of cargo-aspect's tests.
log='{log}'
n=$(($(ls "$log" | grep -c '^prompt-') + 1))
echo $$ > "$log/pid-$n.tmp"
mv "$log/pid-$n.tmp" "$log/pid-$n"
printf '%s\n' "$@" > "$log/argv-$n.txt"
cat > "$log/prompt-$n.txt"
{commands}
printf '{"type":"result","subtype":"success","is_error":false,"result":"scripted attempt %s","total_cost_usd":0.01,"session_id":"scripted-%s","num_turns":1}\n' "$n" "$n"
"#;

/// An agent written to disk: put [`ScriptedAgent::bin`] first on PATH.
pub struct ScriptedAgent {
    /// The directory holding the executable.
    pub bin: PathBuf,
    /// Where each call leaves its prompt, arguments and process id.
    pub log: PathBuf,
}

impl ScriptedAgent {
    /// The agent `name` in `<dir>/bin`, logging to `<dir>/log`, running
    /// `commands` (shell) on each call. `dir` is emptied first.
    pub fn install(dir: &Path, name: &str, commands: &str) -> Result<ScriptedAgent, String> {
        let _ = std::fs::remove_dir_all(dir);
        let agent = ScriptedAgent {
            bin: dir.join("bin"),
            log: dir.join("log"),
        };
        for made in [&agent.bin, &agent.log] {
            std::fs::create_dir_all(made).map_err(|e| format!("{}: {e}", made.display()))?;
        }
        let log = agent.log.display().to_string();
        if log.contains('\'') {
            return Err(format!("cannot quote {log} for sh"));
        }
        let script = SCRIPT
            .replace("{log}", &log)
            .replace("{commands}", commands);
        let program = agent.bin.join(name);
        std::fs::write(&program, script).map_err(|e| format!("{}: {e}", program.display()))?;
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| format!("{}: {e}", program.display()))?;
        Ok(agent)
    }

    /// One file per call, in call order, until the first call without it.
    fn per_call(&self, name: impl Fn(usize) -> String) -> Vec<String> {
        (1..)
            .map_while(|n| std::fs::read_to_string(self.log.join(name(n))).ok())
            .collect()
    }

    /// The prompts the agent was given, in order.
    pub fn prompts(&self) -> Vec<String> {
        self.per_call(|n| format!("prompt-{n}.txt"))
    }

    /// The arguments of each call, in order.
    pub fn argvs(&self) -> Vec<Vec<String>> {
        self.per_call(|n| format!("argv-{n}.txt"))
            .iter()
            .map(|text| text.lines().map(str::to_owned).collect())
            .collect()
    }

    /// The process id of call `n` (1-based), once it has started.
    pub fn pid(&self, n: usize) -> Option<String> {
        let pid = std::fs::read_to_string(self.log.join(format!("pid-{n}"))).ok()?;
        Some(pid.trim().to_owned())
    }

    /// The process ids of every call that started, in order.
    pub fn pids(&self) -> Vec<String> {
        (1..).map_while(|n| self.pid(n)).collect()
    }
}
