//! The customer reference program as a standing program: a directory of
//! references recorded in runs of the reference template, matching requests to
//! them, usage limits, approval, retention and CSV exchange.
//!
//! Runs store loose field values; [`extract`] turns them into typed records
//! once, and every rule here works on those records, so the rules are plain
//! functions tested natively and the pages only display their results.

pub mod actions;
pub mod approval_rule;
pub mod archive;
pub mod candidate_import;
pub mod close_out;
pub mod consent;
pub mod csv_import;
pub mod customer;
pub mod customer_id;
pub mod decisions;
pub mod directory;
pub mod directory_columns;
#[cfg(test)]
mod directory_fixture;
pub mod escalation_record;
pub mod export;
pub mod extract;
pub mod ids;
mod index;
pub mod interaction_import;
pub mod join;
pub mod matching;
pub mod model;
pub mod next_period;
pub mod outreach;
pub mod overview;
pub mod periods;
pub mod profile_defaults;
pub mod program_rules;
pub mod reference_import;
pub mod requests;
pub mod retention;
pub mod tolerance;
pub mod usage;
pub mod usage_review;
