//! Spec- and aspect-driven development for Rust.
//!
//! Write behaviour as Gherkin `.feature` files, implement the steps as plain
//! functions, and every scenario runs as its own libtest trial under `cargo test`
//! and `cargo nextest run`.
//!
//! # Set up
//!
//! ```toml
//! # Cargo.toml
//! [dev-dependencies]
//! aspect = { package = "cargo-aspect", version = "0.1", default-features = false, features = ["aspects", "imports"] }
//!
//! [[test]]
//! name = "aspect"
//! harness = false
//! ```
//!
//! ```no_run
//! // tests/aspect.rs
//! use aspect::{given, then, when};
//!
//! #[derive(Default)]
//! struct Shop { gold: u64, mines: u64 }
//!
//! #[given("I have {int} gold")]
//! fn have(shop: &mut Shop, gold: u64) { shop.gold = gold; }
//!
//! #[when("I buy a gold mine")]
//! fn buy(shop: &mut Shop) { shop.gold -= 50; shop.mines += 1; }
//!
//! #[then("I have {int} gold")]
//! fn left(shop: &mut Shop, gold: u64) { assert_eq!(shop.gold, gold); }
//!
//! aspect::main!(Shop);
//! ```
//!
//! Specs are found with the globs `specs = [...]` of `[package.metadata.aspect]`
//! (or `[workspace.metadata.aspect]`), by default `specs/**/*.feature`.
//!
//! # Features
//!
//! - `cli` (default): the `cargo aspect` binary; a dev-dependency turns it off.
//! - `aspects`: aspect files (`aspects/*.md`, YAML frontmatter) and the
//!   `command`, `bench`, `memory` and `tests` evidence. Without it the harness
//!   runs specs only, and stops with exit 2 if aspect files exist.
//! - `imports`: the import-boundary evidence (parses sources with syn); implies `aspects`.
//! - `tokio` (off by default): [`Tokio`], a runtime for async steps with tokio's
//!   time and I/O enabled: `aspect::main!(MyWorld, runtime = tokio)`.
//!
//! # Async steps
//!
//! A step may be an `async fn` with the same parameters as a sync one; sync
//! and async steps mix in one scenario. A scenario with async code is one
//! `block_on` of the harness's [`Runtime`] on its own thread: by default [`BlockOn`], a tiny
//! executor that needs no dependency; with the `tokio` feature, [`Tokio`] (so
//! `tokio::time::sleep` and `tokio::net` work); any other through the trait.
//! A panic in an async step is reported like a sync one; an async step still
//! pending after the timeout (60 s; `timeout = …` in [`main!`], or a
//! scenario's `@timeout(5s)` tag) fails its scenario without hanging the run.
//! The World can be made by an async, fallible constructor
//! (`aspect::main!(MyWorld, new = MyWorld::connect)`): an `Err` fails that
//! scenario, not the run. A World with async steps runs up to 64 scenarios at
//! once (`concurrency = …`; `--test-threads` or `RUST_TEST_THREADS` win).
//!
//! # Hooks
//!
//! [`before`] and [`after`] register functions that run around each scenario
//! of their World, sync or `async`, in the order they are written:
//!
//! ```no_run
//! use aspect::{after, before, Outcome, Scenario};
//!
//! #[derive(Default)]
//! struct Shop { log: Vec<String> }
//!
//! #[before(tags = "@db")]
//! fn connect(shop: &mut Shop, scenario: &Scenario) {
//!     shop.log.push(format!("{}: {}", scenario.feature, scenario.name));
//! }
//!
//! #[after]
//! fn report(shop: &mut Shop, scenario: &Scenario, outcome: &Outcome) {
//!     if !outcome.passed() { eprintln!("{} failed; log: {:?}", scenario.name, shop.log); }
//! }
//! # aspect::main!(Shop);
//! ```
//!
//! A before hook takes the World and the [`Scenario`] (feature, name, tags);
//! an after hook also takes the [`Outcome`] of the steps, and runs even when a
//! step failed or panicked. `tags = "..."` limits a hook to the scenarios whose
//! tags match (the `--tags` language; a malformed expression stops the harness
//! at the hook's `file:line`). A hook that fails (`Err` or a panic), a World
//! whose `Drop` panics and a World constructor that fails are reported beside
//! the scenario's steps and fail it: no scenario is ever missing from a run's
//! results. A failing before hook skips the steps; the after hooks still run.
//!
//! # Running
//!
//! - `cargo test --test aspect` runs every scenario; `cargo test --test aspect -- buying`
//!   filters by name (`spec::<feature file stem>::<scenario name>`).
//! - `cargo test --test aspect -- --tags '@fast and not @slow'`, or `ASPECT_TAGS=...`,
//!   selects by tag; scenarios tagged `@ignore` are ignored trials.
//! - `cargo nextest run` runs each scenario in its own process; with
//!   `cargo nextest archive` and `cargo nextest run --archive-file … --workspace-remap
//!   <checkout> --partition count:K/N` the trials spread over machines.
//!
//! The harness judges the package it runs in, not the one it was compiled in
//! ([`package_root!`]): a moved checkout, worktrees sharing a target dir and a
//! nextest archive each read their own specs and aspects.
//!
//! A step with no matching definition fails its scenario and the failure prints
//! a ready-to-paste function; a step matching two definitions fails and names both.
//! A line Gherkin reads as description text but that looks like a misspelled
//! keyword (`Scenaro: x`, `Givne I have 5 gold`) is a warning on stderr, at its
//! `file:line:col`: the scenario or step it was meant to start does not run.
//!
//! # Known limitations
//!
//! - Steps match by keyword: a `Given` step only matches `#[given]` (and
//!   `#[step]`) definitions (`*` steps match any). `And`/`But` take the keyword
//!   of the step before them.
//! - A sync step has no timeout: only an async step can be given up on while
//!   it is pending.
//! - Steps defined in another crate are linked only if that crate is used by the
//!   harness (`use my_steps as _;` is enough).
//!
//! # Public API
//!
//! Everything a harness author writes against; everything else is private.
//!
//! - [`given`], [`when`], [`then`]: attributes that register a step function
//!   for a Gherkin step text (a cucumber expression, or `regex = "..."`);
//!   [`step`] registers one for any keyword.
//! - [`Parameter`]: a type that is a `{name}` parameter of expressions, with
//!   its own regex (`#[derive(Parameter)] #[param(name = "…", regex = "…")]`).
//! - [`before`], [`after`]: attributes that register a hook run around each
//!   scenario; [`Scenario`] is the scenario it is shown, [`Outcome`] how its
//!   steps ended (after hooks).
//! - [`bench`]: registers a routine that `bench` and `memory` evidence measure.
//! - [`Bencher`]: what a bench function is given, to time its routine.
//! - [`DataTable`], [`DocString`]: a step's argument, taken as the step
//!   function's last parameter; [`Location`]: where one is in its file.
//! - [`Step`]: the step being run (keyword, text, captures, doc string,
//!   table), for a step function that takes `step: &Step`.
//! - [`main!`]: the harness `main` for a World type.
//! - [`Harness`]: that `main` written out, to build the World with a function,
//!   pass arguments, or set the package root.
//! - [`package_root!`]: the package a harness judges, for [`Harness::new`].
//! - [`Runtime`]: what runs async steps, for [`Harness::runtime`]; [`BlockOn`]
//!   is the default one, [`Tokio`] (feature `tokio`) the tokio one.
//! - [`CountingAllocator`]: the global allocator `memory` evidence needs;
//!   `main!` installs it, a harness with its own `main` installs it itself.
//!
//! `cargo-aspect/tests/public_api.rs` checks this list against the crate root.

#[cfg(feature = "aspects")]
mod aspect;
#[cfg(feature = "cli")]
mod cli;
mod config;
mod event;
mod evidence;
mod exit_code;
mod harness;
mod hook;
mod runtime;
mod scenario;
mod spec;
mod step;
mod tags;
mod toml_read;

pub use aspect_macros::bench;
pub use aspect_macros::{after, before};
pub use aspect_macros::{given, step, then, when, Parameter};
pub use evidence::alloc::CountingAllocator;
pub use evidence::bencher::Bencher;
pub use harness::Harness;
pub use hook::{Outcome, Scenario};
#[cfg(feature = "tokio")]
pub use runtime::Tokio;
pub use runtime::{BlockOn, Runtime};
pub use spec::{DataTable, DocString, Location};
pub use step::{Parameter, Step};

/// The harness `main` for a World type.
///
/// `aspect::main!(MyWorld);` runs every spec of the package with a `Default`
/// World; `aspect::main!(MyWorld, MyWorld::new);` builds each scenario's World
/// with the function given.
///
/// Options follow as `key = value`, in any order, each at most once:
///
/// - `new = MyWorld::connect`: an `async fn() -> Result<MyWorld, E>` (`E: Display`)
///   builds each World; an `Err` (or a panic, or the timeout) fails that
///   scenario, not the run.
/// - `runtime = tokio` (the `tokio` feature) or `runtime = <expr>` (any
///   [`Runtime`]): what runs async steps; by default [`BlockOn`].
/// - `timeout = <Duration>`: how long an async step may stay pending (60 s by
///   default; a scenario's `@timeout(5s)` tag overrides it).
/// - `concurrency = <usize>`: scenarios run at once when the World has async
///   steps (64 by default; `--test-threads` overrides it).
///
/// ```ignore
/// aspect::main!(Server, new = Server::start, runtime = tokio, timeout = std::time::Duration::from_secs(5));
/// ```
///
/// It also installs [`CountingAllocator`] as the binary's global allocator, so
/// `memory` evidence can count what a `#[aspect::bench]` routine allocates. A
/// harness that needs its own global allocator cannot use this macro: it calls
/// [`Harness`] from its own `main`, and memory evidence of functions then fails
/// (saying so) instead of being judged:
///
/// ```no_run
/// # #[derive(Default)] struct MyWorld;
/// fn main() -> std::process::ExitCode {
///     aspect::Harness::new(aspect::package_root!()).run::<MyWorld>()
/// }
/// ```
///
/// Either way the harness judges the package it runs in ([`package_root!`]).
#[macro_export]
macro_rules! main {
    // Options, one at a time: the harness built so far, and `new` if given.
    (@options $world:ty, [$harness:expr], [$($new:expr)?], runtime = tokio $(, $($rest:tt)*)?) => {
        $crate::main!(@options $world, [$harness.runtime($crate::__tokio_runtime!())], [$($new)?],
            $($($rest)*)?);
    };
    (@options $world:ty, [$harness:expr], [$($new:expr)?], runtime = $runtime:expr $(, $($rest:tt)*)?) => {
        $crate::main!(@options $world, [$harness.runtime($runtime)], [$($new)?], $($($rest)*)?);
    };
    (@options $world:ty, [$harness:expr], [$($new:expr)?], timeout = $timeout:expr $(, $($rest:tt)*)?) => {
        $crate::main!(@options $world, [$harness.step_timeout($timeout)], [$($new)?], $($($rest)*)?);
    };
    (@options $world:ty, [$harness:expr], [$($new:expr)?], concurrency = $n:expr $(, $($rest:tt)*)?) => {
        $crate::main!(@options $world, [$harness.concurrency($n)], [$($new)?], $($($rest)*)?);
    };
    (@options $world:ty, [$harness:expr], [], new = $new:expr $(, $($rest:tt)*)?) => {
        $crate::main!(@options $world, [$harness], [$new], $($($rest)*)?);
    };
    (@options $world:ty, [$harness:expr], [$old:expr], new = $($rest:tt)*) => {
        ::core::compile_error!("`new` is given twice in `aspect::main!`");
        fn main() {}
    };
    (@options $world:ty, [$harness:expr], [$($new:expr)?], $key:ident = $($rest:tt)*) => {
        ::core::compile_error!(::core::concat!(
            "`aspect::main!` has no option `", ::core::stringify!($key),
            "`; its options are `new`, `runtime`, `timeout` and `concurrency`"
        ));
        fn main() {}
    };
    (@options $world:ty, [$harness:expr], [$($new:expr)?], $($rest:tt)+) => {
        ::core::compile_error!(
            "`aspect::main!` takes the World, then either a function that makes it or options \
             `key = value`, as `aspect::main!(MyWorld, new = MyWorld::connect, runtime = tokio)`"
        );
        fn main() {}
    };
    (@options $world:ty, [$harness:expr], [] $(,)?) => {
        #[global_allocator]
        static __ASPECT_ALLOCATOR: $crate::CountingAllocator = $crate::CountingAllocator::new();

        fn main() -> ::std::process::ExitCode {
            $harness.run::<$world>()
        }
    };
    (@options $world:ty, [$harness:expr], [$new:expr] $(,)?) => {
        #[global_allocator]
        static __ASPECT_ALLOCATOR: $crate::CountingAllocator = $crate::CountingAllocator::new();

        fn main() -> ::std::process::ExitCode {
            $harness.run_with_async::<$world, _, _>($new)
        }
    };
    ($world:ty, $key:ident = $($rest:tt)+) => {
        $crate::main!(@options $world, [$crate::Harness::new($crate::package_root!())], [],
            $key = $($rest)+);
    };
    ($world:ty) => {
        #[global_allocator]
        static __ASPECT_ALLOCATOR: $crate::CountingAllocator = $crate::CountingAllocator::new();

        fn main() -> ::std::process::ExitCode {
            $crate::Harness::new($crate::package_root!()).run::<$world>()
        }
    };
    ($world:ty, $new_world:expr) => {
        #[global_allocator]
        static __ASPECT_ALLOCATOR: $crate::CountingAllocator = $crate::CountingAllocator::new();

        fn main() -> ::std::process::ExitCode {
            $crate::Harness::new($crate::package_root!()).run_with::<$world>($new_world)
        }
    };
}

/// `runtime = tokio` in [`main!`]: the tokio runtime, or an error saying which
/// feature it needs.
#[cfg(feature = "tokio")]
#[doc(hidden)]
#[macro_export]
macro_rules! __tokio_runtime {
    () => {
        $crate::Tokio::new()
    };
}

/// `runtime = tokio` in [`main!`]: the tokio runtime, or an error saying which
/// feature it needs.
#[cfg(not(feature = "tokio"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __tokio_runtime {
    () => {
        ::core::compile_error!(
            "`runtime = tokio` needs the `tokio` feature of cargo-aspect: \
             `aspect = { package = \"cargo-aspect\", features = [\"tokio\"], ... }` in [dev-dependencies]"
        )
    };
}

/// The directory of the package a harness runs in, as a `PathBuf`: the
/// run-time `CARGO_MANIFEST_DIR`, else the one the calling crate was compiled in.
///
/// `cargo test`, `cargo nextest run` and `cargo aspect test` set
/// `CARGO_MANIFEST_DIR` when they start a harness, so a test executable cargo
/// reused after the checkout moved, one built in another worktree sharing the
/// target dir, and one run from a nextest archive (`--workspace-remap`) all read
/// the specs and aspects of the tree they run in. A value inherited from another
/// package's process (its `CARGO_PKG_NAME` differs) is ignored. The compile-time
/// directory is the fallback, for a harness executable started by hand.
///
/// ```no_run
/// # #[derive(Default)] struct MyWorld;
/// fn main() -> std::process::ExitCode {
///     aspect::Harness::new(aspect::package_root!()).run::<MyWorld>()
/// }
/// ```
#[macro_export]
macro_rules! package_root {
    () => {
        $crate::__private::package_root(
            ::core::env!("CARGO_MANIFEST_DIR"),
            ::core::env!("CARGO_PKG_NAME"),
        )
    };
}

/// Not public API: what the macros expand to, and the internals that the
/// `cargo-aspect` binary, the fuzz targets, the parser bench, xtask and the
/// crate's own integration tests reach. Anything here may change in any release.
#[doc(hidden)]
pub mod __private {
    // What `#[given]`/`#[when]`/`#[then]`, `#[bench]` and `package_root!` expand to.
    pub use crate::evidence::bencher::BenchDef;
    pub use crate::harness::package_root;
    pub use crate::hook::{
        HookBody, HookDef, HookKind, IntoHookResult, Outcome as HookOutcome,
        Scenario as HookScenario,
    };
    pub use crate::step::{
        str_eq, type_id_of, CustomParam, IntoStepResult, IsStep, ParamKind, StepBody, StepContext,
        StepDef, StepFailure, StepFuture, StepKeyword,
    };
    pub use inventory;

    // The step matcher, for tests/step_macros.rs.
    pub use crate::step::{Match, Matcher};

    /// `cargo aspect` itself, for `src/main.rs`.
    #[cfg(feature = "cli")]
    pub use crate::cli::main as cli_main;

    /// The Gherkin parser and compiler: fuzz targets, the parse bench and the
    /// conformance tests.
    pub mod spec {
        pub use crate::spec::{ast, compile, parse, Location, PickleStep, StepArgument, StepKind};
    }

    /// The aspect-file loader, for its fuzz target.
    #[cfg(feature = "aspects")]
    pub mod aspect {
        pub use crate::aspect::{parse, Aspect};
    }

    /// Evidence judged in process, for tests/bench_memory.rs,
    /// tests/imports_evidence.rs and xtask's imports timing.
    pub mod evidence {
        pub use crate::evidence::{Context, Evidence, Unit, Verdict};
        /// `bench` evidence.
        pub mod bench {
            pub use crate::evidence::bench::BenchEvidence;
        }
        /// The `#[aspect::bench]` registry.
        pub mod bencher {
            pub use crate::evidence::bencher::registered_benches;
        }
        /// The counting allocator's measurement.
        pub mod alloc {
            pub use crate::evidence::alloc::{is_installed, measure_peak};
        }
        /// `memory` evidence.
        pub mod memory {
            pub use crate::evidence::memory::MemoryEvidence;
        }
        /// `imports` evidence.
        #[cfg(feature = "imports")]
        pub mod imports {
            pub use crate::evidence::imports::{
                check_crate, module_path, scan_crate, scan_module, ImportsEvidence,
            };
        }
    }
}
