//! Stub: `workspace`, being written.
