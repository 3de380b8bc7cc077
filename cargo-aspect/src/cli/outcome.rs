//! How a command ends: the exit codes, named once, the one error type (always
//! exit 2), and the `#[must_use]` verdict every command returns, so a failing
//! run can never quietly exit 0.

/// Exit code: all evidence holds.
pub const EXIT_HOLDS: u8 = 0;
/// Exit code: some evidence fails.
pub const EXIT_FAILS: u8 = 1;
/// Exit code: cannot judge (bad config, unparsable spec or aspect, build failure, missing tool).
pub const EXIT_CANNOT_JUDGE: u8 = 2;

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
