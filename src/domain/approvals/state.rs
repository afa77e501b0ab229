//! Where the approval of a versioned step (the story draft) stands: who must
//! approve, who decided what on which version, and what is still missing.

use crate::domain::picks::rows_at;
use crate::domain::run::Run;
use crate::domain::stamps::{kept_name, named_now, named_person};
use crate::domain::template::Template;
use crate::domain::value::{FieldValue, Row};

use super::spec::ApprovalSpec;

/// One approver as the record reads.
#[derive(Debug, Clone, PartialEq)]
pub struct Approver {
    /// The record's id in the approvers list.
    pub row: u32,
    /// Who the record asks now: the name as typed, or the person the Roles
    /// form names for the record's role today.
    pub name: Option<String>,
    /// Whether `name` is read from the Roles form (nothing typed in the record).
    pub name_from_roles: bool,
    /// The name kept with the decision when it was given: who decided, even
    /// when the Roles form names someone else since. `None` without a
    /// decision, or for one given before Runsheet kept names.
    pub decided_by: Option<String>,
    /// The role's id, when the record names one of the template's roles.
    pub role_id: Option<String>,
    /// The role's name, when the record names one.
    pub role: Option<String>,
    /// Whether the approval is required (by the procedure or marked so).
    pub required: bool,
    /// The decision's id, when one was given.
    pub decision: Option<String>,
    /// The decision as the person reads it ("Approved").
    pub decision_label: Option<String>,
    /// The date recorded with the decision, as written.
    pub date: Option<String>,
    /// The version the decision was given on.
    pub version: Option<u32>,
}

impl Approver {
    /// Who gave the decision on record: the name kept with it, or, for a
    /// decision given before Runsheet kept names, the name the record holds
    /// (as shown before), marked when it is today's name on the Roles form.
    /// `None` without a decision (or nobody named at all).
    pub fn decider(&self) -> Option<String> {
        self.decision.as_ref()?;
        self.decided_by.clone().or_else(|| {
            let name = self.name.as_deref()?;
            Some(if self.name_from_roles {
                named_now(name)
            } else {
                name.to_owned()
            })
        })
    }

    /// The name the record shows: who decided, once there is a decision;
    /// until then who is asked.
    pub fn shown_name(&self) -> Option<String> {
        match &self.decision {
            Some(_) => self.decider(),
            None => self.name.clone(),
        }
    }

    /// How the approver asked now is named in messages: "Legal reviewer (Lee)".
    pub fn label(&self) -> String {
        self.label_with(self.name.as_deref())
    }

    /// How the approver who gave the decision on record is named in messages:
    /// by the name kept with it, else as the record reads now.
    pub fn decider_label(&self) -> String {
        self.label_with(self.decided_by.as_deref().or(self.name.as_deref()))
    }

    fn label_with(&self, name: Option<&str>) -> String {
        match (&self.role, name) {
            (Some(role), Some(name)) => format!("{role} ({name})"),
            (Some(role), None) => role.clone(),
            (None, Some(name)) => name.to_owned(),
            (None, None) => format!("Approver {}", self.row),
        }
    }

    /// Whether the decision on record was given by someone other than the
    /// person the record asks now (the Roles form changed since).
    fn decided_by_someone_else(&self) -> bool {
        self.decided_by.is_some() && self.decided_by != self.name
    }
}

/// Where the approval stands.
#[derive(Debug, Clone, PartialEq)]
pub struct ApprovalState {
    /// The versioned step's latest version (0 before the first).
    pub current_version: u32,
    /// Every approver record, in list order.
    pub approvers: Vec<Approver>,
    /// Required roles that have no approver record at all (their names).
    pub missing_roles: Vec<String>,
    approved: String,
}

impl ApprovalState {
    /// Reads the approvers of `run` under `spec`.
    pub fn read(spec: &ApprovalSpec, template: &Template, run: &Run) -> Self {
        let current_version = template
            .step_index(spec.versioned_step)
            .and_then(|i| run.steps.get(i))
            .map_or(0, |s| s.current_version());
        let text = |row: &Row, column: Option<&str>| match column.and_then(|c| row.values.get(c)) {
            Some(FieldValue::Text(t)) if !t.trim().is_empty() => Some(t.trim().to_owned()),
            Some(FieldValue::Choice(c)) => Some(c.clone()),
            _ => None,
        };
        let list = template.field_at(spec.approvers);
        let columns = list.map(|f| f.sub_fields()).unwrap_or_default();
        let shown = |row: &Row, column: Option<&str>| {
            let id = column?;
            let def = columns.iter().find(|c| c.id == id)?;
            Some(row.values.get(id)?.display(def)).filter(|t| !t.is_empty())
        };
        let approvers: Vec<Approver> = rows_at(template, run, spec.approvers)
            .iter()
            .map(|row| {
                let role_id = text(row, spec.role_column);
                let is_role = |id: &String| template.role(id).is_some();
                let typed = named_person(template, run, row, spec.name_column);
                let name_from_roles = typed.is_none();
                let name = typed.or_else(|| named_person(template, run, row, spec.role_column));
                let required_role = role_id
                    .as_ref()
                    .is_some_and(|r| spec.required_roles.contains(r));
                let role_id = role_id.filter(is_role);
                Approver {
                    row: row.id,
                    name_from_roles: name_from_roles && name.is_some(),
                    name,
                    decided_by: list.and_then(|list| kept_name(list, row, spec.decision_column)),
                    role: role_id.as_ref().map(|r| template.role_name(r).to_owned()),
                    role_id,
                    required: required_role
                        || matches!(
                            row.values.get(spec.required_column),
                            Some(FieldValue::Bool(true))
                        ),
                    decision: text(row, Some(spec.decision_column)),
                    decision_label: shown(row, Some(spec.decision_column)),
                    date: shown(row, spec.date_column),
                    version: match row.values.get(spec.version_column) {
                        Some(FieldValue::Number(n)) if *n >= 1.0 => Some(*n as u32),
                        _ => None,
                    },
                }
            })
            .collect();
        let missing_roles = spec
            .required_roles
            .iter()
            .filter(|role| !approvers.iter().any(|a| a.role_id.as_ref() == Some(*role)))
            .map(|role| template.role_name(role).to_owned())
            .collect();
        ApprovalState {
            current_version,
            approvers,
            missing_roles,
            approved: spec.approved.to_owned(),
        }
    }

    /// Whether `approver` approved the current version.
    pub fn approved_current(&self, approver: &Approver) -> bool {
        self.current_version > 0
            && approver.decision.as_deref() == Some(self.approved.as_str())
            && approver.version == Some(self.current_version)
    }

    /// Every required approver approved the current version.
    pub fn complete(&self) -> bool {
        self.gaps().is_empty()
    }

    /// What still stands between the current version and its approval, one
    /// sentence per approver, for the person to act on.
    pub fn gaps(&self) -> Vec<String> {
        if self.current_version == 0 {
            return vec!["there is no completed draft version to approve yet".to_owned()];
        }
        let mut gaps: Vec<String> = self
            .missing_roles
            .iter()
            .map(|role| format!("add the {role} as an approver"))
            .collect();
        let required: Vec<&Approver> = self.approvers.iter().filter(|a| a.required).collect();
        if required.is_empty() && gaps.is_empty() {
            gaps.push("name at least one required approver".to_owned());
        }
        for approver in required {
            if self.approved_current(approver) {
                continue;
            }
            let current = self.current_version;
            let someone_else = approver.decided_by_someone_else();
            gaps.push(match (approver.decision.is_some(), approver.version) {
                (true, Some(v)) if v != current && someone_else => format!(
                    "{} decided on version {v}; version {current} needs a decision from {}",
                    approver.decider_label(),
                    approver.label()
                ),
                (true, Some(v)) if v != current => format!(
                    "{} decided on version {v}; version {current} needs their decision",
                    approver.label()
                ),
                (true, _) => format!(
                    "{} has not approved version {current}",
                    approver.decider_label()
                ),
                (false, _) => format!("{} has not decided on version {current}", approver.label()),
            });
        }
        gaps
    }
}
