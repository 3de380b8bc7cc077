//! `cargo aspect init`: set up an existing crate for specs and aspects.
//!
//! It exists so that a crate goes from `cargo new` to a passing `cargo aspect
//! test` in one command. In the package found from `--manifest-path` or the
//! current directory (`-p NAME` in a workspace) it adds, each only when absent:
//! `[package.metadata.aspect]` (unless `[workspace.metadata.aspect]` configures
//! the package), the `[[test]] harness = false` target, the `aspect`
//! dev-dependency, the harness `tests/aspect.rs`, a sample spec its steps match
//! and a sample aspect, and to the workspace root's manifest a
//! `[profile.dev.package.cargo-aspect]` override (line tables only, no
//! incremental state: a faster clean build of the harness); it prints one line
//! per change and what to run next.
//!
//! It must never lose or change user work: it only adds; a file is created only
//! where none exists (`create_new`), a manifest item that is there in any form is
//! left as it is, and manifests are edited with `toml_edit` so everything else
//! stays byte for byte. Running it twice changes nothing. With `--claude` it
//! also installs the Claude Code skill, subagent and hooks into `.claude/`
//! (`claude.rs`).
//!
//! Exit codes: 0 when it finished, even if it left something alone: what it did
//! not do (a `tests/aspect.rs` of the user's that is not a harness, a dependency
//! key `aspect` taken by another package, ...) is a `warning:` that says why and
//! what to do. 2 when it could do nothing: no manifest, a manifest that does not
//! parse (`file:line:col`), a virtual workspace without `-p`, a bad
//! `metadata.aspect` table, a bad `--path`, or an I/O error.

mod changes;
mod claude;
mod command;
mod edits;
mod locate;
mod manifest;
mod templates;

pub use command::{run, InitArgs};
