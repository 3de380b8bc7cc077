//! Probing aspects: for each aspect, a plant in the scratch copy that its
//! evidence must catch.
//!
//! | kind | plant |
//! | --- | --- |
//! | imports | `use <first denied path>;` in the crate's root (or, for `external` alone, a dependency in its manifest and a use of it there) |
//! | bench | the measured closure spins for twice the budget |
//! | memory (of a bench) | the measured closure allocates twice the budget |
//! | tests | every `#[test]` function of the workspace panics first: the named tests must exist and run |
//! | command | the aspect's `probe:` patch (`git apply`); without one, the command runs in an empty workspace: passing there, it cannot fail; failing there, it is "not probed" |
//! | memory (of a command) | the `probe:` patch, or "not probed" |
//!
//! Evidence that still holds with its plant in "cannot fail". Every aspect is
//! judged first with no plant: one that fails already "fails already" (the
//! probe cannot tell anything from it). Commands, imports and tests are judged
//! in this process with the runtime's own evidence code against the copy;
//! benches and memory need the routine compiled in, so the copy's harness is
//! built (release, in the probe's own target directory) and run with `--exact`.
//!
//! It must not write outside the scratch copy, and must put every plant back
//! (a sync) before the next.
//!
//! | file | part |
//! |---|---|
//! | `prober.rs` | the aspect as listed, the shared context, the result record |
//! | `plan.rs` | the plant for each evidence kind, decided before anything runs |
//! | `run.rs` | the probe: judge with no plant, plant, judge again (here or in the copy's harness) |

mod plan;
mod prober;
mod run;

pub(crate) use prober::{Listed, Prober};
