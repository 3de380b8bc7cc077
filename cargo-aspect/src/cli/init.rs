//! Stub: `cargo aspect init`, being written.

use super::{CliError, GlobalOpts, Outcome};

/// Arguments of `cargo aspect init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Output format.
    #[arg(long, default_value = "pretty")]
    pub format: String,
}

/// Run `cargo aspect init`.
pub fn run(_global: &GlobalOpts, _args: &InitArgs) -> Result<Outcome, CliError> {
    Err(CliError::new("`init` is not implemented yet"))
}
