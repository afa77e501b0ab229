//! Helpers shared by several integration test files.

pub mod coverage;
