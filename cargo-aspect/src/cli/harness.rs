//! Stub: `harness`, being written.
