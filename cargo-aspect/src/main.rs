//! `cargo aspect`: stub.
fn main() {}
