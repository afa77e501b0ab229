//! One file per route.

pub mod catalogue;
pub mod not_found;
pub mod run;
pub mod runs;
pub mod summary;
