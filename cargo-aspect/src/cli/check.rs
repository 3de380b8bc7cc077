//! Stub: `cargo aspect check`, being written.

use super::{CliError, GlobalOpts, Outcome};

/// Arguments of `cargo aspect check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Output format.
    #[arg(long, default_value = "pretty")]
    pub format: String,
}

/// Run `cargo aspect check`.
pub fn run(_global: &GlobalOpts, _args: &CheckArgs) -> Result<Outcome, CliError> {
    Err(CliError::new("`check` is not implemented yet"))
}
