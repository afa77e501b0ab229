//! Every change a person can make to a run goes through [`Run::apply`]
//! (`apply.rs`): it asks the run's procedure whether the change is permitted,
//! carries it out with one small function per kind of change, and writes the
//! activity log, all or nothing. No caller can reach a run's record another way.
//!
//! [`Run::apply`]: crate::domain::run::Run::apply

pub mod applied;
pub mod apply;
pub mod error;
mod log;
mod lookup;
mod outcome;
mod records;
pub mod request;
mod run_fields;
mod snapshot;
mod status;
mod step_fields;
pub mod touched;

pub use applied::Applied;
pub use error::ChangeError;
pub use request::RunChange;
pub use touched::{Spot, Touched};
