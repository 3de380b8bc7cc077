//! The key-value server's pure half: the line protocol ([`protocol`]) and the
//! store with its snapshot file ([`store`]).
//!
//! It exists so that everything the server decides can be read and tested
//! without a socket. It must not network or depend on an async runtime
//! (`aspects/store-has-no-networking.md` checks it): sockets belong to the
//! `kv-server` crate alone.

pub mod protocol;
pub mod store;

pub use protocol::{Reply, Request};
pub use store::Store;
