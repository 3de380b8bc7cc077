//! Stub: `cargo aspect test`, being written.

use super::{CliError, GlobalOpts, Outcome};

/// Arguments of `cargo aspect test`.
#[derive(Debug, clap::Args)]
pub struct TestArgs {
    /// Output format.
    #[arg(long, default_value = "pretty")]
    pub format: String,
}

/// Run `cargo aspect test`.
pub fn run(_global: &GlobalOpts, _args: &TestArgs) -> Result<Outcome, CliError> {
    Err(CliError::new("`test` is not implemented yet"))
}
