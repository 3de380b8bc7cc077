//! The idle game's specs and aspects, run as one libtest trial each.

mod evidence;
mod steps;

aspect::main!(steps::IdleWorld);
