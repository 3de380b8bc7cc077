//! The scripted stand-in for Claude Code: an executable (`claude`, or the name
//! a spec configures) first on PATH that saves the prompt it reads on stdin and
//! its process id, runs the spec's shell commands in the workspace, and answers
//! with Claude Code's JSON result (`is_error` false, $0.01, a session id).

use std::os::unix::fs::PermissionsExt;

use aspect::{given, then, DocString};

use super::{read, write, Dogfood};

/// The script around the spec's commands; `{log}` is where prompts go, and
/// the pid of each call (its process group: `fix` starts it in its own).
const SCRIPT: &str = r#"#!/bin/sh
# The scripted agent of cargo-aspect's dogfood specs.
log='{log}'
n=$(($(ls "$log" | grep -c '^prompt-') + 1))
echo $$ > "$log/pid-$n"
cat > "$log/prompt-$n.txt"
{commands}
printf '{"type":"result","subtype":"success","is_error":false,"result":"scripted attempt %s","total_cost_usd":0.01,"session_id":"scripted-%s","num_turns":1}\n' "$n" "$n"
"#;

#[given("an agent `{word}` on PATH that runs:")]
fn agent(world: &mut Dogfood, name: String, commands: &DocString) -> Result<(), String> {
    let root = world.fixture()?.root.clone();
    let side = root.with_file_name(format!(
        "{}-agent",
        root.file_name().unwrap_or_default().to_string_lossy()
    ));
    let _ = std::fs::remove_dir_all(&side);
    let (bin, log) = (side.join("bin"), side.join("log"));
    std::fs::create_dir_all(&log).map_err(|e| format!("{}: {e}", log.display()))?;
    let log_text = log.display().to_string();
    if log_text.contains('\'') {
        return Err(format!("cannot quote {log_text} for sh"));
    }
    let script = SCRIPT
        .replace("{log}", &log_text)
        .replace("{commands}", &commands.content);
    let program = bin.join(&name);
    write(&program, &script)?;
    std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| format!("{}: {e}", program.display()))?;
    world.put_on_path(bin);
    world.agent_log = Some(log);
    Ok(())
}

/// The prompts the agent was given, in order.
fn prompts(world: &Dogfood) -> Result<Vec<String>, String> {
    let log = world
        .agent_log
        .as_ref()
        .ok_or("no agent: a Given step puts one on PATH")?;
    let mut out = Vec::new();
    for n in 1.. {
        let path = log.join(format!("prompt-{n}.txt"));
        if !path.is_file() {
            break;
        }
        out.push(read(&path)?);
    }
    Ok(out)
}

#[then("the agent was called {int} time(s)")]
fn called(world: &mut Dogfood, times: usize) -> Result<(), String> {
    let n = prompts(world)?.len();
    if n == times {
        Ok(())
    } else {
        Err(format!(
            "the agent was called {n} times:\n{}",
            world.last()?.all()
        ))
    }
}

#[then("the agent's prompt includes:")]
fn prompt_includes(world: &mut Dogfood, text: &DocString) -> Result<(), String> {
    let prompts = prompts(world)?;
    let first = prompts.first().ok_or("the agent was never called")?;
    if first.contains(&text.content) {
        Ok(())
    } else {
        Err(format!(
            "the prompt does not include {:?}:\n{first}",
            text.content
        ))
    }
}

/// The processes of process group `group` that are still running (zombies
/// aside: they have ended, and only wait for their parent).
fn running_in_group(group: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| std::fs::read_to_string(entry.path().join("stat")).ok())
        .filter(|stat| {
            // `pid (comm) state ppid pgrp ...`; comm may hold spaces and parens.
            let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
            let fields: Vec<&str> = after.split_whitespace().collect();
            fields.first() != Some(&"Z") && fields.get(2) == Some(&group)
        })
        .collect()
}

#[then("no process of the agent is left running")]
fn none_left(world: &mut Dogfood) -> Result<(), String> {
    let log = world
        .agent_log
        .as_ref()
        .ok_or("no agent: a Given step puts one on PATH")?;
    let groups: Vec<String> = (1..)
        .map_while(|n| std::fs::read_to_string(log.join(format!("pid-{n}"))).ok())
        .map(|pid| pid.trim().to_owned())
        .collect();
    if groups.is_empty() {
        return Err("the agent was never called".to_owned());
    }
    // A killed process takes a moment to go.
    for _ in 0..40 {
        let left: Vec<String> = groups.iter().flat_map(|g| running_in_group(g)).collect();
        if left.is_empty() {
            return Ok(());
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let left: Vec<String> = groups.iter().flat_map(|g| running_in_group(g)).collect();
    Err(format!(
        "the agent's processes still run:\n{}",
        left.join("")
    ))
}
