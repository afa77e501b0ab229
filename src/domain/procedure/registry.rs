//! The SOPs that ship with Runsheet and the rules each adds to its template.
//! This is the only place that names a particular SOP: adding a plain third
//! SOP means adding its template file under `src/templates/` and one line here.

use crate::domain::reference::program_rules::ReferenceProgram;

use super::rules::{ProcedureRules, TemplateOnly};

/// The template id of the Customer Reference Program, whose runs together make
/// up the reference directory.
pub const REFERENCE_PROGRAM: &str = "customer-reference-program";

/// One embedded template file and the rules of its procedure.
pub struct BuiltIn {
    /// The template id the file declares (checked when the catalogue loads).
    pub id: &'static str,
    /// The file under `src/templates/`, for error messages.
    pub file: &'static str,
    /// The file's text.
    pub json: &'static str,
    /// What the procedure adds to its template.
    pub rules: &'static dyn ProcedureRules,
}

/// Every published template version, in catalogue order (first appearance of
/// an id decides its place). To publish a new version, add its file here and
/// keep the older files, so runs pinned to them still find their template.
pub const BUILT_IN: &[BuiltIn] = &[
    BuiltIn {
        id: "customer-story-production",
        file: "customer-story-production.json",
        json: include_str!("../../templates/customer-story-production.json"),
        rules: &TemplateOnly,
    },
    BuiltIn {
        id: REFERENCE_PROGRAM,
        file: "customer-reference-program.json",
        json: include_str!("../../templates/customer-reference-program.json"),
        rules: &ReferenceProgram,
    },
];

/// The rules of the procedure a template belongs to; a template that ships
/// with no rules of its own (or a test fixture) gets none beyond its data.
pub fn rules_for(template_id: &str) -> &'static dyn ProcedureRules {
    BUILT_IN
        .iter()
        .find(|b| b.id == template_id)
        .map_or(&TemplateOnly, |b| b.rules)
}

/// Whether runs of this template belong to the reference program.
pub fn is_reference_program(template_id: &str) -> bool {
    template_id == REFERENCE_PROGRAM
}
