//! The per-procedure extension point. Most of an SOP is data in its template;
//! what data cannot say (an archived program run is read-only, outreach waits
//! for consent) is a [`rules::ProcedureRules`] implementation, and
//! [`registry`] is the one place that maps a template to its rules.

pub mod registry;
pub mod rules;
