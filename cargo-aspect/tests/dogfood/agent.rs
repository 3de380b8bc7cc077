//! The scripted stand-in for Claude Code (`crate::agent`) in the specs: an
//! executable (`claude`, or the name a spec configures) first on PATH that
//! saves the prompt it reads on stdin, its arguments and its process id, runs
//! the spec's shell commands in the workspace (`$n` is the call's number), and
//! answers with Claude Code's JSON result (`is_error` false, $0.01, session
//! `scripted-<n>`, result `scripted attempt <n>`); and what it was given.

use aspect::{given, then, DataTable, DocString};

use super::Dogfood;
use crate::agent::ScriptedAgent;

#[given("an agent `{word}` on PATH that runs:")]
fn agent(world: &mut Dogfood, name: String, commands: &DocString) -> Result<(), String> {
    let root = world.fixture()?.root.clone();
    let side = root.with_file_name(format!(
        "{}-agent",
        root.file_name().unwrap_or_default().to_string_lossy()
    ));
    let agent = ScriptedAgent::install(&side, &name, &commands.content)?;
    world.put_on_path(agent.bin.clone());
    world.agent = Some(agent);
    Ok(())
}

/// The agent a Given step put on PATH.
fn the_agent(world: &Dogfood) -> Result<&ScriptedAgent, String> {
    world
        .agent
        .as_ref()
        .ok_or_else(|| "no agent: a Given step puts one on PATH".to_owned())
}

/// The prompts the agent was given, in order, once a command has run.
fn prompts(world: &Dogfood) -> Result<Vec<String>, String> {
    world.last()?;
    Ok(the_agent(world)?.prompts())
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

/// The prompt of call `call` (1-based).
fn prompt_of_call(world: &Dogfood, call: usize) -> Result<String, String> {
    let mut prompts = prompts(world)?;
    let count = prompts.len();
    if call == 0 || call > count {
        return Err(format!("the agent was called {count} times, not {call}"));
    }
    Ok(prompts.swap_remove(call - 1))
}

/// Whether the prompt of call `call` includes `text`.
fn prompt_of_call_includes(world: &Dogfood, call: usize, text: &str) -> Result<(), String> {
    let prompt = prompt_of_call(world, call)?;
    if prompt.contains(text) {
        Ok(())
    } else {
        Err(format!(
            "prompt {call} does not include {text:?}:\n{prompt}"
        ))
    }
}

#[then("the agent's prompt includes:")]
fn prompt_includes(world: &mut Dogfood, text: &DocString) -> Result<(), String> {
    prompt_of_call_includes(world, 1, &text.content)
}

/// Each line of the doc string, in the prompt of that call.
#[then("the agent's prompt on call {int} includes these lines:")]
fn prompt_of_call_has_lines(
    world: &mut Dogfood,
    call: usize,
    lines: &DocString,
) -> Result<(), String> {
    lines
        .content
        .lines()
        .try_for_each(|line| prompt_of_call_includes(world, call, line))
}

#[then("the agent's prompt on call {int} does not include {string}")]
fn prompt_of_call_lacks(world: &mut Dogfood, call: usize, text: String) -> Result<(), String> {
    if prompt_of_call(world, call)?.contains(&text) {
        Err(format!("prompt {call} includes {text:?}"))
    } else {
        Ok(())
    }
}

/// One row per argument, in order.
#[then("the agent was called with these arguments:")]
fn called_with(world: &mut Dogfood, table: &DataTable) -> Result<(), String> {
    world.last()?;
    let argvs = the_agent(world)?.argvs();
    let first = argvs.first().ok_or("the agent was never called")?;
    // `$TARGET` stands for the fixture target dir (where `fix` writes its plugin).
    let target = crate::support::Fixture::target_dir().display().to_string();
    let wanted: Vec<String> = table
        .rows
        .iter()
        .filter_map(|row| row.first().map(|arg| arg.replace("$TARGET", &target)))
        .collect();
    if *first == wanted {
        Ok(())
    } else {
        Err(format!("the agent was called with {first:?}"))
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
    world.last()?;
    let groups = the_agent(world)?.pids();
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
