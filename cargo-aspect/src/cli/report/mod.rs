//! Stub: reporters, being written.
