//! `cargo aspect claude`'s arguments and flow.

use std::path::PathBuf;

use crate::cli::claude_plugin;
use crate::cli::workspace::Workspace;
use crate::cli::{CliError, GlobalOpts, Outcome};

/// Arguments of `cargo aspect claude`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cargo aspect claude                      write target/aspect/claude-plugin\n  claude --plugin-dir target/aspect/claude-plugin\n  cargo aspect claude --out ~/plugins/cargo-aspect\n\nThe hooks call `cargo aspect hook <event>`: cargo-aspect must be on PATH."
)]
pub struct ClaudeArgs {
    /// The plugin directory [default: <target>/aspect/claude-plugin].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Run `cargo aspect claude`.
///
/// # Errors
/// When the workspace cannot be read (without `--out`) or a file cannot be written.
pub fn run(global: &GlobalOpts, args: &ClaudeArgs) -> Result<Outcome, CliError> {
    let dir = match &args.out {
        Some(dir) => dir.clone(),
        None => claude_plugin::default_dir(&Workspace::load(global)?.target_dir),
    };
    claude_plugin::write(&dir)?;
    if !global.quiet {
        println!("wrote the Claude Code plugin to {}", dir.display());
        println!("use it with: claude --plugin-dir {}", dir.display());
    }
    Ok(Outcome::Holds)
}
