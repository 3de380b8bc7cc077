//! How a command ends: the exit codes of [`crate::exit_code`], the one error type (always
//! exit 2), and the `#[must_use]` verdict every command returns, so a failing
//! run can never quietly exit 0.

use crate::exit_code::{EXIT_CANNOT_JUDGE, EXIT_FAILS, EXIT_HOLDS};

/// Why a command could not judge: printed as `error: {message}`, exit code 2.
#[derive(Debug)]
pub struct CliError {
    /// One clear message; may span lines (a located error quotes its line).
    pub message: String,
}

impl CliError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
        }
    }

    /// The exit code for this error: always [`EXIT_CANNOT_JUDGE`].
    pub fn exit_code(&self) -> u8 {
        EXIT_CANNOT_JUDGE
    }
}

impl<E: std::fmt::Display> From<E> for CliError {
    fn from(e: E) -> Self {
        CliError::new(e.to_string())
    }
}

/// What a command concluded: every command returns one; `main` turns it into the exit code.
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Everything holds (or the command had nothing to judge and succeeded).
    Holds,
    /// Some evidence fails.
    Fails,
}

impl Outcome {
    /// The process exit code.
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Holds => EXIT_HOLDS,
            Outcome::Fails => EXIT_FAILS,
        }
    }
}
