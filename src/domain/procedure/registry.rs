//! The SOPs that ship with Runsheet and the rules each adds to its template.
//! This is the only place that names a particular SOP: adding a plain third
//! SOP means adding its template file under `src/templates/` and one line in
//! [`BUILT_IN`]; an SOP with rules of its own also gets an arm in [`rules_for`].
//!
//! The files and the rules are kept apart on purpose: the catalogue (the first
//! page) needs only the files, and a table holding the rules as trait objects
//! would pull every procedure's rules into the first download.

use crate::domain::reference::program_rules::ReferenceProgram;

use super::rules::{ProcedureRules, TemplateOnly};

/// The template id of the Customer Reference Program, whose runs together make
/// up the reference directory.
pub const REFERENCE_PROGRAM: &str = "customer-reference-program";

/// One embedded template file.
pub struct BuiltIn {
    /// The template id the file declares (checked when the catalogue loads).
    pub id: &'static str,
    /// The file under `src/templates/`, for error messages.
    pub file: &'static str,
    /// The file's text.
    pub json: &'static str,
}

/// Every published template version, in catalogue order (first appearance of
/// an id decides its place). To publish a new version, add its file here and
/// keep the older files, so runs pinned to them still find their template.
pub const BUILT_IN: &[BuiltIn] = &[
    BuiltIn {
        id: "customer-story-production",
        file: "customer-story-production.json",
        json: include_str!("../../templates/customer-story-production.json"),
    },
    BuiltIn {
        id: REFERENCE_PROGRAM,
        file: "customer-reference-program.json",
        json: include_str!("../../templates/customer-reference-program.json"),
    },
    // Version 2: a consent's expiry, and a request's day received and match score.
    BuiltIn {
        id: REFERENCE_PROGRAM,
        file: "customer-reference-program-v2.json",
        json: include_str!("../../templates/customer-reference-program-v2.json"),
    },
];

/// The rules of the procedure a template belongs to; a template that ships
/// with no rules of its own (or a test fixture) gets none beyond its data.
pub fn rules_for(template_id: &str) -> &'static dyn ProcedureRules {
    match template_id {
        REFERENCE_PROGRAM => &ReferenceProgram,
        _ => &TemplateOnly,
    }
}

/// Whether runs of this template belong to the reference program.
pub fn is_reference_program(template_id: &str) -> bool {
    template_id == REFERENCE_PROGRAM
}
