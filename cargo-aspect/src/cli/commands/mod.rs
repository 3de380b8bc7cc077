//! One module per subcommand of `cargo aspect`.

pub(super) mod check;
pub(super) mod fix;
pub(super) mod init;
pub(super) mod list;
pub(super) mod probe;
pub(super) mod report;
pub(super) mod test;
