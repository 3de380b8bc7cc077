//! xtask stub.
fn main() {}
