//! One file per route.

pub mod catalogue;
pub mod directory;
pub mod lazy;
pub mod matching;
pub mod not_found;
pub mod overview;
pub mod recovery;
pub mod run;
pub mod runs;
pub mod start;
pub mod story;
pub mod summary;
