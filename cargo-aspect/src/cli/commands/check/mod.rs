//! `cargo aspect check`.

mod command;
mod hollow_step;

pub use command::{run, CheckArgs};
