//! `cargo aspect fix`'s arguments and its flow up to the loop: preflight (git,
//! agent, config), dry run, resume, then the [`Fixer`].

use std::time::Duration;

use super::agent::{Agent, DEFAULT_COMMAND, DEFAULT_TIMEOUT};
use super::fixer::Fixer;
use super::git::Git;
use super::journal::{Journal, Record, Replay, RunOptions};
use super::protect::{self, Protected};
use super::suite::Filters;

use crate::cli::agent_config::AgentTable;
use crate::cli::workspace::Workspace;
use crate::cli::{CliError, GlobalOpts, Outcome};
use crate::evidence::units::parse_duration;

/// Arguments of `cargo aspect fix`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cargo aspect fix\n  cargo aspect fix --spec buying --max-iterations 5\n  cargo aspect fix --max-budget-usd 2 --model sonnet\n  cargo aspect fix --session         one Claude Code session for every failing task\n  cargo aspect fix --dry-run         print the prompts, call nothing\n  cargo aspect fix --resume          continue a run that was interrupted\n\nExit codes: 0 all evidence holds, 1 some still fails, 2 the loop could not run."
)]
pub struct FixArgs {
    /// Which evidence, as `cargo aspect test` selects it.
    #[command(flatten)]
    pub filters: Filters,
    /// Attempts per failing feature file or aspect [default: 3].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub max_iterations: Option<u32>,
    /// The most the whole run may spend, in US dollars; each call gets what is left
    /// as Claude Code's `--max-budget-usd`.
    #[arg(long, value_name = "USD", value_parser = parse_budget)]
    pub max_budget_usd: Option<f64>,
    /// The model (Claude Code's `--model`).
    #[arg(long, value_name = "MODEL")]
    pub model: Option<String>,
    /// The agent program [default: claude].
    #[arg(long = "agent", value_name = "PROGRAM")]
    pub command: Option<String>,
    /// An extra argument for the agent (repeat for more).
    #[arg(long = "agent-arg", value_name = "ARG", allow_hyphen_values = true)]
    pub agent_args: Vec<String>,
    /// How long one agent call may take, e.g. `20m` [default: 30m].
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub timeout: Option<Duration>,
    /// Print the prompts that would be sent and the agent's argv; call nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Continue the last unfinished run of this workspace (after a crash, `kill -9` or Ctrl-C).
    #[arg(long, conflicts_with_all = ["filter", "spec", "aspect", "tags", "release", "dry_run"])]
    pub resume: bool,
    /// Run even though the git working tree has uncommitted changes.
    #[arg(long)]
    pub allow_dirty: bool,
    /// Run even though the workspace is not in a git repository (no diffs then).
    #[arg(long)]
    pub allow_no_vcs: bool,
    /// Let the agent change existing step definitions (otherwise put back);
    /// every change is listed in the summary and the journal for review.
    #[arg(long)]
    pub allow_step_edits: bool,
    /// One agent call per attempt for every failing task at once, with the
    /// plugin: Claude Code orchestrates (subagents allowed); then re-judged as usual.
    #[arg(long)]
    pub session: bool,
}

fn parse_budget(text: &str) -> Result<f64, String> {
    match text.trim().trim_start_matches('$').parse::<f64>() {
        Ok(usd) if usd.is_finite() && usd > 0.0 => Ok(usd),
        _ => Err(format!(
            "`{text}` is not an amount of US dollars above 0 (e.g. `2` or `0.50`)"
        )),
    }
}

/// The `[package.metadata.aspect.agent]` table of the packages being fixed (and
/// of the root package), when there is no workspace one. One run has one agent,
/// so packages that name different agents are an error rather than a guess.
fn package_agent(ws: &Workspace) -> Result<AgentTable, CliError> {
    let mut manifests: Vec<&std::path::Path> = ws
        .harnesses
        .iter()
        .map(|h| h.manifest_path.as_path())
        .collect();
    if !manifests.contains(&ws.manifest_path.as_path()) {
        manifests.push(&ws.manifest_path);
    }
    let mut found: Option<(&std::path::Path, AgentTable)> = None;
    for manifest in manifests {
        let Some(table) = protect::read_table(manifest, "package")?.agent else {
            continue;
        };
        match &found {
            Some((first, chosen)) if *chosen != table => {
                return Err(CliError::new(format!(
                    "{} and {} name different agents in [package.metadata.aspect.agent]; \
                     one run has one agent: put it in [workspace.metadata.aspect.agent] \
                     or fix one package with -p",
                    first.display(),
                    manifest.display()
                )))
            }
            Some(_) => {}
            None => found = Some((manifest, table)),
        }
    }
    Ok(found.map(|(_, table)| table).unwrap_or_default())
}

/// Run `cargo aspect fix`.
///
/// # Errors
/// When the loop cannot run: no harness, bad configuration, uncommitted
/// changes or no git (unless allowed), no agent, an agent error, or evidence
/// that cannot be judged before the agent was called.
pub fn run(global: &GlobalOpts, args: &FixArgs) -> Result<Outcome, CliError> {
    let ws = Workspace::load(global)?;
    if ws.harnesses.is_empty() {
        return Err(ws.no_harness());
    }
    let workspace_table = protect::read_table(&ws.manifest_path, "workspace")?;
    let agent_table = match &workspace_table.agent {
        Some(table) => table.clone(),
        None => package_agent(&ws)?,
    };
    if args.filters.names_one() {
        // A misspelled --spec or --aspect ends here, before any journal or agent.
        let mut quiet = global.clone();
        quiet.quiet = !global.verbose;
        let release = args.filters.release;
        let built = crate::cli::runner::build_all(
            &ws,
            &quiet,
            crate::cli::runner::BuildOptions { release },
        )?;
        args.filters.check_name(&ws, &built, global.verbose)?;
    }
    if args.dry_run {
        let options = options(args, &agent_table, None, false)?;
        let refusal = preflight(&ws, args).err().map(|e| e.message);
        return super::dry_run::dry_run(
            &ws,
            global,
            &options,
            &workspace_table,
            refusal.as_deref(),
        );
    }
    if args.resume {
        return resume(&ws, global, args, &agent_table);
    }
    let git = preflight(&ws, args)?;
    let options = options(args, &agent_table, None, git.is_some())?;
    let agent = agent(&options, &ws)?;

    let (mut journal, run_id) = Journal::create(&ws.target_dir)?;
    let protected = Protected::collect(&ws, &workspace_table, Some(journal.dir()))?;
    journal.write(&Record::Start {
        run_id,
        workspace_root: ws.root.clone(),
        git_head: git.as_ref().and_then(Git::head),
        options: Box::new(options.clone()),
        argv: agent.argv(&options.command, options.max_budget_usd),
        protected: protected.paths(),
    })?;
    interrupts();
    let mut fixer = Fixer::new(&ws, global, options, agent, git, journal, protected);
    fixer.run()
}

/// The repository of the workspace, or why a run must not start there: no
/// git (unless `--allow-no-vcs`), or uncommitted changes (unless `--allow-dirty`).
fn preflight(ws: &Workspace, args: &FixArgs) -> Result<Option<Git>, CliError> {
    let git = Git::discover(&ws.root, &ws.target_dir);
    match &git {
        None if !args.allow_no_vcs => {
            return Err(CliError::new(format!(
                "{} is not in a git repository; `cargo aspect fix` lets an agent edit files and \
                 needs git to show and undo what it did. Run `git init` and commit, or pass \
                 --allow-no-vcs",
                ws.root.display()
            )))
        }
        Some(git) if !args.allow_dirty => {
            let dirty = git.uncommitted().map_err(CliError::new)?;
            if !dirty.is_empty() {
                let shown: Vec<String> =
                    dirty.iter().take(10).map(|f| format!("  * {f}")).collect();
                let more = dirty.len().saturating_sub(10);
                return Err(CliError::new(format!(
                    "the working tree has uncommitted changes, which the agent's edits would mix with:\n{}{}\n\
                     commit or stash them first, or pass --allow-dirty",
                    shown.join("\n"),
                    if more > 0 { format!("\n  and {more} more") } else { String::new() }
                )));
            }
        }
        _ => {}
    }
    Ok(git)
}

/// `--resume`: the last unfinished run, its options (flags given now win), its state.
fn resume(
    ws: &Workspace,
    global: &GlobalOpts,
    args: &FixArgs,
    agent_table: &AgentTable,
) -> Result<Outcome, CliError> {
    let (mut journal, records) = Journal::last_unfinished(&ws.target_dir, &ws.root)?;
    let replay = Replay::of(&records);
    let options = options(args, agent_table, Some(&replay.options), replay.options.vcs)?;
    let agent = agent(&options, ws)?;
    let git = if options.vcs {
        Some(Git::discover(&ws.root, &ws.target_dir).ok_or_else(|| {
            CliError::new(format!(
                "the run in {} used git, but {} is no longer in a git repository",
                journal.dir().display(),
                ws.root.display()
            ))
        })?)
    } else {
        None
    };
    let protected = Protected::load(journal.dir())?;
    journal.write(&Record::Resumed {
        pid: std::process::id(),
    })?;
    eprintln!("fix: resuming the run in {}", journal.dir().display());
    interrupts();
    let mut fixer = Fixer::new(ws, global, options, agent, git, journal, protected);
    fixer.resume(&replay)?;
    fixer.run()
}

/// The run's options: flags, then (on resume) the recorded run, then the config table.
fn options(
    args: &FixArgs,
    table: &AgentTable,
    recorded: Option<&RunOptions>,
    vcs: bool,
) -> Result<RunOptions, CliError> {
    let timeout = match (args.timeout, recorded.and_then(|r| r.timeout_secs)) {
        (Some(t), _) => Some(t),
        (None, Some(secs)) => Some(Duration::from_secs(secs)),
        (None, None) => match &table.timeout {
            Some(text) => Some(parse_duration(text).map_err(|e| {
                CliError::new(format!("[workspace.metadata.aspect.agent] timeout: {e}"))
            })?),
            None => Some(DEFAULT_TIMEOUT),
        },
    };
    if let Some(budget) = table.max_budget_usd {
        if !(budget.is_finite() && budget > 0.0) {
            return Err(CliError::new(format!(
                "[workspace.metadata.aspect.agent] max-budget-usd = {budget}: give an amount above 0"
            )));
        }
    }
    let recorded = recorded.cloned();
    let base = recorded.clone().unwrap_or_else(|| RunOptions {
        filters: args.filters.clone(),
        max_iterations: 3,
        max_budget_usd: table.max_budget_usd,
        command: table
            .command
            .clone()
            .unwrap_or_else(|| DEFAULT_COMMAND.to_owned()),
        model: table.model.clone(),
        args: table.args.clone().unwrap_or_default(),
        timeout_secs: None,
        vcs,
        allow_step_edits: table.allow_step_edits.unwrap_or(false),
        session: false,
    });
    Ok(RunOptions {
        max_iterations: args.max_iterations.unwrap_or(base.max_iterations),
        max_budget_usd: args.max_budget_usd.or(base.max_budget_usd),
        command: args.command.clone().unwrap_or(base.command),
        model: args.model.clone().or(base.model),
        args: if args.agent_args.is_empty() {
            base.args
        } else {
            args.agent_args.clone()
        },
        timeout_secs: timeout.map(|t| t.as_secs().max(1)),
        allow_step_edits: args.allow_step_edits || base.allow_step_edits,
        session: args.session || base.session,
        ..base
    })
}

/// The agent the options name, found on PATH, with the plugin written for it.
fn agent(options: &RunOptions, ws: &Workspace) -> Result<Agent, CliError> {
    let program = Agent::locate(&options.command, &ws.root)?;
    let plugin_dir = crate::cli::claude_plugin::default_dir(&ws.target_dir);
    crate::cli::claude_plugin::write(&plugin_dir)?;
    Ok(Agent {
        program,
        command: options.command.clone(),
        args: options.args.clone(),
        model: options.model.clone(),
        timeout: options.timeout_secs.map(Duration::from_secs),
        plugin_dir: Some(plugin_dir),
        session: options.session,
    })
}

/// Ctrl-C (and SIGTERM, SIGHUP) end the agent's process group too; the journal
/// is already on disk, so the run can be resumed.
fn interrupts() {
    if let Err(e) = super::agent_process::kill_running_group_on_interrupt() {
        eprintln!("warning: cannot handle Ctrl-C ({e}); an interrupted agent may keep running");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        fix: FixArgs,
    }

    fn parse(args: &[&str]) -> Result<FixArgs, clap::Error> {
        Cli::try_parse_from(std::iter::once("fix").chain(args.iter().copied())).map(|c| c.fix)
    }

    #[test]
    fn flags_win_over_the_config_and_defaults_fill_in() {
        let table = AgentTable {
            command: Some("my-agent".into()),
            model: Some("opus".into()),
            max_budget_usd: Some(5.0),
            timeout: Some("10m".into()),
            args: Some(vec!["--verbose".into()]),
            allow_step_edits: None,
            max_stop_blocks: None,
        };
        let args = parse(&["--model", "sonnet", "--max-budget-usd", "$1.5"]).unwrap();
        let options = options(&args, &table, None, true).unwrap();
        assert_eq!(options.command, "my-agent");
        assert_eq!(options.model.as_deref(), Some("sonnet"));
        assert_eq!(options.max_budget_usd, Some(1.5));
        assert_eq!(options.timeout_secs, Some(600));
        assert_eq!(options.args, ["--verbose"]);
        assert_eq!(options.max_iterations, 3);
        let defaults = options_default();
        assert_eq!(defaults.command, "claude");
        assert_eq!(defaults.timeout_secs, Some(1800));
        assert!(parse(&["--max-budget-usd", "0"]).is_err());
        assert!(parse(&["--max-iterations", "0"]).is_err());
        assert!(parse(&["--resume", "--spec", "x"]).is_err());
        assert!(parse(&["--agent-arg", "--dangerously-skip-permissions"]).is_ok());
    }

    fn options_default() -> RunOptions {
        options(&parse(&[]).unwrap(), &AgentTable::default(), None, false).unwrap()
    }
}
