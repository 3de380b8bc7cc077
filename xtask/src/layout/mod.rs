//! `cargo xtask layout`: the two rules about the source tree's shape that a tool
//! can check, checked, so they hold without anyone remembering them.
//!
//! - **Small files** ([`sizes`]): no `.rs` file under `cargo-aspect/src`,
//!   `aspect-macros/src` or `xtask/src` is over 500 lines, except the few
//!   [`sizes::EXEMPT`] names with the reason.
//! - **No module cycles** ([`cycles`]): no module imports a sibling module that
//!   imports it back.
//! - **One module-file convention** ([`files`]): a module with children is
//!   `name/mod.rs`, never `name.rs` next to a `name/` directory.
//!
//! Problems are printed as `file:line: message` and the task exits 1; a file it
//! cannot read or parse is exit 2 (cannot judge). It reads files only: it must
//! not build, run or change anything.

mod check;
mod cycles;
mod files;
mod sizes;

pub use check::run;
