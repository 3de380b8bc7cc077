//! Stub: `cargo aspect list`, being written.

use super::{CliError, GlobalOpts, Outcome};

/// Arguments of `cargo aspect list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Output format.
    #[arg(long, default_value = "pretty")]
    pub format: String,
}

/// Run `cargo aspect list`.
pub fn run(_global: &GlobalOpts, _args: &ListArgs) -> Result<Outcome, CliError> {
    Err(CliError::new("`list` is not implemented yet"))
}
