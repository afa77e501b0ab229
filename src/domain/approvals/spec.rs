//! What a template's approval gate reads: the approvers list and its columns,
//! and the roles the procedure requires.

use crate::domain::template::{FieldRef, Gate, Template};
use crate::domain::value::{FieldValue, Row};

/// The columns an approval gate reads, borrowed from the template.
#[derive(Debug, Clone, Copy)]
pub struct ApprovalSpec<'t> {
    pub(super) approvers: &'t FieldRef,
    pub(super) required_column: &'t str,
    pub(super) decision_column: &'t str,
    pub(super) approved: &'t str,
    pub(super) version_column: &'t str,
    pub(super) versioned_step: &'t str,
    pub(super) role_column: Option<&'t str>,
    pub(super) required_roles: &'t [String],
    pub(super) name_column: Option<&'t str>,
    pub(super) date_column: Option<&'t str>,
}

impl<'t> ApprovalSpec<'t> {
    /// The spec of an approval gate; `None` for other gates.
    pub fn of(gate: &'t Gate) -> Option<Self> {
        match gate {
            Gate::ApprovedCurrentVersion {
                approvers,
                required_column,
                decision_column,
                approved,
                version_column,
                versioned_step,
                role_column,
                required_roles,
                name_column,
                date_column,
                ..
            } => Some(ApprovalSpec {
                approvers,
                required_column,
                decision_column,
                approved,
                version_column,
                versioned_step,
                role_column: role_column.as_deref(),
                required_roles,
                name_column: name_column.as_deref(),
                date_column: date_column.as_deref(),
            }),
            _ => None,
        }
    }

    /// The first approval gate of the template (the one step that collects
    /// approvals); later gates of the same kind check the same records.
    pub fn in_template(template: &'t Template) -> Option<Self> {
        template
            .steps
            .iter()
            .flat_map(|s| &s.gates)
            .find_map(ApprovalSpec::of)
    }

    /// The list of approvers.
    pub fn approvers(&self) -> &'t FieldRef {
        self.approvers
    }

    /// The roles the procedure requires an approval from.
    pub fn required_roles(&self) -> &'t [String] {
        self.required_roles
    }

    /// The approver records a new run starts with: one per required role,
    /// marked required, so nobody has to remember whom the SOP names.
    pub fn seed_rows(&self) -> Vec<Row> {
        let Some(role_column) = self.role_column else {
            return Vec::new();
        };
        self.required_roles
            .iter()
            .zip(1..)
            .map(|(role, id)| Row {
                id,
                values: [
                    (role_column.to_owned(), FieldValue::Choice(role.clone())),
                    (self.required_column.to_owned(), FieldValue::Bool(true)),
                ]
                .into(),
            })
            .collect()
    }
}
