//! `cargo aspect fix --dry-run`: judge the evidence, then print the agent's argv
//! and the first prompt of every task, exactly as a real run would send them.
//!
//! It exists so a user can read what would leave the machine before anything
//! does. It must not call the agent, write a journal, or change any file.

use std::io::Write;

use super::agent::Agent;
use super::fixer::context;
use super::journal::RunOptions;
use super::prompt;
use super::protect::Protected;
use super::suite;
use crate::cli::agent_config::AspectTable;
use crate::cli::workspace::Workspace;
use crate::cli::{CliError, GlobalOpts, Outcome};

/// `--dry-run`: judge, then print each task's first prompt and the argv; call nothing.
///
/// `refusal` is why a real run would not start here (uncommitted changes, no
/// git): it is said last, whatever else is printed, so nobody reads a dry run
/// as a promise that the real one will run.
///
/// # Errors
/// When the evidence cannot be judged or the configuration is bad.
pub fn dry_run(
    ws: &Workspace,
    global: &GlobalOpts,
    options: &RunOptions,
    workspace_table: &AspectTable,
    refusal: Option<&str>,
) -> Result<Outcome, CliError> {
    let outcome = prompts(ws, global, options, workspace_table);
    if let Some(refusal) = refusal {
        eprintln!(
            "warning: without --dry-run, `cargo aspect fix` would refuse to start here: {refusal}"
        );
    }
    outcome
}

fn prompts(
    ws: &Workspace,
    global: &GlobalOpts,
    options: &RunOptions,
    workspace_table: &AspectTable,
) -> Result<Outcome, CliError> {
    let judged = suite::judge(
        ws,
        global,
        options.filters.release,
        None,
        &options.filters.libtest_args(),
    );
    if let Some(error) = judged.error {
        return Err(CliError::new(error));
    }
    if judged.holds() {
        println!("fix: all evidence holds; nothing to fix");
        return Ok(Outcome::Holds);
    }
    let protected = Protected::collect(ws, workspace_table, None)?;
    let step_files = suite::step_files(&suite::step_definitions(ws, global).0);
    let agent = Agent {
        command: options.command.clone(),
        program: options.command.clone().into(),
        args: options.args.clone(),
        model: options.model.clone(),
        timeout: None,
        plugin_dir: Some(crate::cli::claude_plugin::default_dir(&ws.target_dir)),
        session: options.session,
    };
    let argv = agent.argv(&options.command, options.max_budget_usd);
    let tasks = suite::tasks(&judged.events, &ws.locations());
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "fix: --dry-run: {} task(s); each attempt would run, in {}, with the prompt on stdin:\n  {}\n",
        tasks.len(),
        ws.root.display(),
        shell_words(&argv)
    );
    if options.session {
        let text =
            super::session::session_prompt(ws, options, &protected, &step_files, &tasks, 1, None);
        let _ = writeln!(
            out,
            "──── prompt for the session (attempt 1/{}) ────\n{text}\n",
            options.max_iterations
        );
        let _ = out.flush();
        return Ok(Outcome::Fails);
    }
    for task in &tasks {
        let ctx = context(ws, options, &protected, &step_files, task, 1);
        let text = prompt::build(task, &ws.root, &ctx, None);
        let _ = writeln!(
            out,
            "──── prompt for {} (attempt 1/{}) ────\n{text}\n",
            task.key, options.max_iterations
        );
    }
    let _ = out.flush();
    Ok(Outcome::Fails)
}

/// An argv as a reader would type it (for display only; nothing runs it).
fn shell_words(argv: &[String]) -> String {
    argv.iter()
        .map(|a| {
            if !a.is_empty()
                && a.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./=,:@".contains(c))
            {
                a.clone()
            } else {
                format!("'{}'", a.replace('\'', r"'\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::super::agent;
    use super::*;

    #[test]
    fn argv_is_shown_quoted_where_needed() {
        let argv: Vec<String> = ["claude", "-p", "--allowedTools", agent::ALLOWED_TOOLS]
            .into_iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(
            shell_words(&argv),
            "claude -p --allowedTools 'Read,Edit,Write,Glob,Grep,Bash(cargo:*)'"
        );
    }
}
