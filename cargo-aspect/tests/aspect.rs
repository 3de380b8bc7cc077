//! cargo-aspect's own specs and aspects, judged by cargo-aspect (dogfood).
//!
//! The specs and aspects live at the repository root (`specs/`, `aspects/`);
//! `[workspace.metadata.aspect]` points this harness at them. The step
//! definitions (in [`dogfood`]) drive the real `cargo aspect` binary on fixture
//! workspaces built with the real cargo, under the shared fixture target dir of
//! [`support`].

#[path = "support/agent.rs"]
mod agent;
mod dogfood;
#[path = "support/idle.rs"]
mod idle;
mod support;

#[global_allocator]
static ALLOCATOR: aspect::CountingAllocator = aspect::CountingAllocator::new();

/// `aspect::main!`, except that the bench of `aspects/list-of-10k-pickles-is-fast.md`
/// points the child harness it runs at a generated package.
fn main() -> std::process::ExitCode {
    let root = std::env::var_os(dogfood::list_bench::ROOT_ENV)
        .map_or_else(|| aspect::package_root!(), std::path::PathBuf::from);
    aspect::Harness::new(root).run::<dogfood::Dogfood>()
}
