//! The idle game's specs, run as one libtest trial per scenario.

mod steps;

aspect::main!(steps::IdleWorld);
