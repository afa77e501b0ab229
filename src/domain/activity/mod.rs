//! The activity log: the run's controlled record of who changed what, and when.
//! It owns its hash chain, so the log and its tamper evidence change together.

pub mod chain;
pub mod entry;
pub mod log;
pub mod subject;
