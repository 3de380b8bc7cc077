//! The key-value server's specs and aspects, run as one libtest trial each:
//! async steps on tokio, each scenario with a server of its own on a free
//! loopback port (`KvWorld::start`).

mod steps;

aspect::main!(steps::KvWorld, new = steps::KvWorld::start, runtime = tokio);
