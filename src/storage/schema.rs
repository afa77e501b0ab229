//! The version of the run's JSON model that this build writes.

/// Schema version written by this build: the run's JSON model, which
/// migrations move forward. How a record is laid out in storage is its
/// encoding (`pack::ENCODING`), a separate number.
pub const SCHEMA_VERSION: u32 = 1;
