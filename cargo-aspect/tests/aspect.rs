//! cargo-aspect's own specs and aspects, judged by cargo-aspect (dogfood).
//!
//! The specs and aspects live at the repository root (`specs/`, `aspects/`);
//! `[workspace.metadata.aspect]` points this harness at them.

/// The World of cargo-aspect's own specs.
#[derive(Debug, Default)]
struct Dogfood;

aspect::main!(Dogfood);
