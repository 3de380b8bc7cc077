//! The arguments of `cargo aspect probe`: the command's and the specs
//! prober's input, so neither imports the other for it.

use crate::cli::Format;

/// Arguments of `cargo aspect probe`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cargo aspect probe                      aspects and specs\n  cargo aspect probe --aspects-only       only the aspects' plants\n  cargo aspect probe --specs-only --mutate idle-core\n\nExit codes: 0 every piece of evidence can fail, 1 some cannot (or a mutant no scenario catches), 2 cannot probe."
)]
pub struct ProbeArgs {
    /// Output format: `json` prints the probe result as one JSON object.
    #[arg(long, value_enum, default_value_t = Format::Pretty)]
    pub format: Format,
    /// Probe only the aspects.
    #[arg(long, conflicts_with = "specs_only")]
    pub aspects_only: bool,
    /// Probe only the specs (cargo-mutants).
    #[arg(long)]
    pub specs_only: bool,
    /// Only the aspect with this name (repeatable).
    #[arg(long, value_name = "NAME")]
    pub aspect: Vec<String>,
    /// Only the aspects whose tags match, e.g. `not @performance`.
    #[arg(long, value_name = "EXPR")]
    pub tags: Option<String>,
    /// Only the mutants whose names match this regex (cargo-mutants' `--re`), e.g. `Game::tick`.
    #[arg(long, value_name = "REGEX")]
    pub mutants: Option<String>,
    /// Packages whose code cargo-mutants mutates [default: each harness package and the workspace packages it depends on].
    #[arg(long, value_name = "PACKAGE")]
    pub mutate: Vec<String>,
    /// cargo-mutants' timeout for one test run, in seconds [default: cargo-mutants' own].
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<f64>,
}
