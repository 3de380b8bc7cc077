//! Which package a harness judges: the one it runs in, not the one it was
//! compiled in.
//!
//! Cargo reuses a test executable by mtime, so one built in a checkout that has
//! since moved, or in another worktree sharing the target dir, or on the machine
//! that made a nextest archive, runs elsewhere. `cargo test`, `cargo nextest run`
//! (remapped for archives) and `cargo aspect test` set `CARGO_MANIFEST_DIR` for
//! the process, so that run-time value wins; the path baked in at compile time is
//! only the fallback for a harness started by hand.
//!
//! A process started by another package's test inherits that package's
//! variables, which say nothing about this one: the run-time directory counts
//! only when the run-time `CARGO_PKG_NAME` (set next to it) is this package's or
//! is absent. This module must not read the manifest: [`crate::config`] does.

use std::ffi::OsString;
use std::path::PathBuf;

/// The package root from the run-time environment, else `compiled_dir`.
///
/// `compiled_dir` and `compiled_name` are the harness crate's own
/// `env!("CARGO_MANIFEST_DIR")` and `env!("CARGO_PKG_NAME")`, which is why
/// [`crate::package_root!`] calls this and not the user.
#[doc(hidden)]
pub fn package_root(compiled_dir: &str, compiled_name: &str) -> PathBuf {
    choose(
        std::env::var_os("CARGO_MANIFEST_DIR"),
        std::env::var_os("CARGO_PKG_NAME"),
        compiled_dir,
        compiled_name,
    )
}

fn choose(
    run_dir: Option<OsString>,
    run_name: Option<OsString>,
    compiled_dir: &str,
    compiled_name: &str,
) -> PathBuf {
    let this_package = run_name.is_none_or(|name| name == compiled_name);
    match run_dir {
        Some(dir) if !dir.is_empty() && this_package => dir.into(),
        _ => compiled_dir.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(dir: Option<&str>, name: Option<&str>) -> String {
        choose(
            dir.map(Into::into),
            name.map(Into::into),
            "/built/game",
            "game",
        )
        .display()
        .to_string()
    }

    #[test]
    fn the_run_time_directory_wins() {
        assert_eq!(root(Some("/moved/game"), Some("game")), "/moved/game");
        // `CARGO_MANIFEST_DIR` set alone (by a script) is still taken.
        assert_eq!(root(Some("/moved/game"), None), "/moved/game");
    }

    #[test]
    fn the_compiled_directory_is_the_fallback() {
        assert_eq!(root(None, None), "/built/game");
        assert_eq!(root(Some(""), Some("game")), "/built/game");
        // Inherited from another package's test process: not ours.
        assert_eq!(root(Some("/work/runner"), Some("runner")), "/built/game");
    }
}
