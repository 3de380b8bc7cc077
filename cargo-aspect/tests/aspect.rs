//! cargo-aspect's own specs and aspects, judged by cargo-aspect (dogfood).
//!
//! The specs and aspects live at the repository root (`specs/`, `aspects/`);
//! `[workspace.metadata.aspect]` points this harness at them. The step
//! definitions (in [`dogfood`]) drive the real `cargo aspect` binary on fixture
//! workspaces built with the real cargo, under the shared fixture target dir of
//! [`support`].

mod dogfood;
#[path = "support/idle.rs"]
mod idle;
mod support;

aspect::main!(dogfood::Dogfood);
