//! Completion rules: what a step still lacks, how far a run is, and whether it is finished.

use std::fmt;

use super::reference::extract::extract;
use super::reference::model::ReferenceType;
use super::reference::outreach::outreach_allowed;
use super::run::{Run, StepState, StepStatus};
use super::template::{Field, FieldKind, FieldRef, Gate, Step, Template};
use super::value::{FieldValue, Row, holds, is_required};

/// One thing that stops a step from being completed; the UI lists them all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// A check is not ticked.
    Check {
        /// The check's label.
        label: String,
    },
    /// A required field is empty.
    Field {
        /// The field's label.
        label: String,
    },
    /// A rule of the step is not met (e.g. an unsupported claim is unresolved).
    Rule {
        /// What to do about it.
        message: String,
    },
    /// A record of a list lacks a required column.
    RowField {
        /// The list's label.
        list: String,
        /// 1-based position of the record.
        row: usize,
        /// The missing column's label.
        label: String,
    },
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Missing::Check { label } => write!(f, "Tick “{label}”"),
            Missing::Field { label } => write!(f, "Fill in “{label}”"),
            Missing::Rule { message } => f.write_str(message),
            Missing::RowField { list, row, label } => {
                write!(f, "Fill in “{label}” in {list}, record {row}")
            }
        }
    }
}

/// Everything the step at `index` still needs before it can be marked done, in
/// screen order: checks, fields, records, chosen records that no longer qualify,
/// and the step's gates.
pub fn missing_for_completion(template: &Template, run: &Run, index: usize) -> Vec<Missing> {
    let (Some(step), Some(state)) = (template.steps.get(index), run.steps.get(index)) else {
        return Vec::new();
    };
    let mut missing = missing_in_step(step, state);
    for field in &step.fields {
        if let (FieldKind::Pick { .. }, Some(FieldValue::Picks(ids))) =
            (&field.kind, state.values.get(&field.id))
        {
            let eligible: Vec<u32> = pickable(template, run, field)
                .into_iter()
                .map(|(id, _)| id)
                .collect();
            if ids.iter().any(|id| !eligible.contains(id)) {
                missing.push(Missing::Rule {
                    message: format!(
                        "“{}” includes a record that no longer qualifies; choose again",
                        field.label
                    ),
                });
            }
        }
    }
    for gate in &step.gates {
        if let Some(message) = closed_gate(gate, template, run) {
            missing.push(Missing::Rule { message });
        }
    }
    missing
}

/// The records of the source list a pick field may choose from, with their labels.
pub fn pickable<'r>(template: &Template, run: &'r Run, field: &Field) -> Vec<(u32, &'r Row)> {
    let FieldKind::Pick {
        source, only_when, ..
    } = &field.kind
    else {
        return Vec::new();
    };
    let Some(index) = template.step_index(&source.step) else {
        return Vec::new();
    };
    match run
        .steps
        .get(index)
        .and_then(|s| s.values.get(&source.field))
    {
        Some(FieldValue::Rows(rows)) => rows
            .iter()
            .filter(|row| only_when.as_ref().is_none_or(|c| holds(c, &row.values)))
            .map(|row| (row.id, row))
            .collect(),
        _ => Vec::new(),
    }
}

/// How chosen records read: the label column, with the detail column after a dash.
/// Records since removed from the source list are named as such, not dropped silently.
pub fn picked_texts(template: &Template, run: &Run, field: &Field, ids: &[u32]) -> Vec<String> {
    let FieldKind::Pick {
        source,
        label_column,
        detail_column,
        ..
    } = &field.kind
    else {
        return Vec::new();
    };
    let rows = rows_at(template, run, source);
    let columns = template
        .field_at(source)
        .map(Field::sub_fields)
        .unwrap_or_default();
    let cell = |row: &Row, id: &str| {
        let value = row.values.get(id)?;
        let def = columns.iter().find(|c| c.id == id)?;
        Some(value.display(def)).filter(|t| !t.is_empty())
    };
    ids.iter()
        .map(|id| match rows.iter().find(|r| r.id == *id) {
            Some(row) => {
                let label = cell(row, label_column).unwrap_or_else(|| format!("Record {id}"));
                match detail_column.as_deref().and_then(|d| cell(row, d)) {
                    Some(detail) => format!("{label} — {detail}"),
                    None => label,
                }
            }
            None => format!("Record {id} (removed)"),
        })
        .collect()
}

/// The records of a list field anywhere in the run.
pub fn rows_at<'r>(template: &Template, run: &'r Run, at: &FieldRef) -> &'r [Row] {
    let rows = template
        .step_index(&at.step)
        .and_then(|i| run.steps.get(i))
        .and_then(|s| s.values.get(&at.field));
    match rows {
        Some(FieldValue::Rows(rows)) => rows,
        _ => &[],
    }
}

/// The message of a gate that is still closed, or `None` when it is open.
fn closed_gate(gate: &Gate, template: &Template, run: &Run) -> Option<String> {
    match gate {
        Gate::AllRows {
            list,
            condition,
            message,
        } => rows_at(template, run, list)
            .iter()
            .any(|row| !holds(condition, &row.values))
            .then(|| message.clone()),
        Gate::ApprovedCurrentVersion {
            approvers,
            required_column,
            decision_column,
            approved,
            version_column,
            versioned_step,
            message,
        } => {
            let current = template
                .step_index(versioned_step)
                .and_then(|i| run.steps.get(i))
                .map_or(0, |s| s.current_version());
            let required: Vec<&Row> = rows_at(template, run, approvers)
                .iter()
                .filter(|row| {
                    matches!(
                        row.values.get(required_column),
                        Some(FieldValue::Bool(true))
                    )
                })
                .collect();
            let all_approved = current > 0
                && !required.is_empty()
                && required.iter().all(|row| {
                    matches!(row.values.get(decision_column), Some(FieldValue::Choice(c)) if c == approved)
                        && matches!(row.values.get(version_column), Some(FieldValue::Number(n)) if *n == f64::from(current))
                });
            (!all_approved).then(|| message.clone())
        }
        Gate::ConsentBeforeOutreach {
            invitations,
            reference_column,
            types_column,
        } => {
            let rows = rows_at(template, run, invitations);
            if rows.is_empty() {
                return None;
            }
            let directory = extract(std::slice::from_ref(run), template).directory;
            let blocked: Vec<String> = rows
                .iter()
                .filter_map(|row| {
                    let Some(FieldValue::Text(reference)) = row.values.get(reference_column) else {
                        return None;
                    };
                    let offered: Vec<ReferenceType> = match row.values.get(types_column) {
                        Some(FieldValue::Choices(ids)) => ids
                            .iter()
                            .filter_map(|id| ReferenceType::from_id(id))
                            .collect(),
                        _ => Vec::new(),
                    };
                    outreach_allowed(&run.id, reference, &offered, directory.history())
                        .err()
                        .map(|missing| {
                            let why: Vec<String> =
                                missing.iter().map(ToString::to_string).collect();
                            format!("{reference}: {}", why.join("; "))
                        })
                })
                .collect();
            (!blocked.is_empty()).then(|| {
                format!(
                    "Outreach needs verified consent first — {}",
                    blocked.join(" · ")
                )
            })
        }
    }
}

/// What a step's own state lacks: checks, required fields and list records.
fn missing_in_step(step: &Step, state: &StepState) -> Vec<Missing> {
    let mut missing: Vec<Missing> = step
        .checks
        .iter()
        .filter(|c| !state.checks.contains(&c.id))
        .map(|c| Missing::Check {
            label: c.label.clone(),
        })
        .collect();
    for field in step.fields.iter().filter(|f| is_required(f, &state.values)) {
        match state.values.get(&field.id) {
            Some(FieldValue::Rows(rows)) if !rows.is_empty() => {
                for (i, row) in rows.iter().enumerate() {
                    for sub in row.missing(field.sub_fields()) {
                        missing.push(Missing::RowField {
                            list: field.label.clone(),
                            row: i + 1,
                            label: sub.label.clone(),
                        });
                    }
                }
            }
            Some(value) if value.is_filled(field) => {}
            _ => missing.push(Missing::Field {
                label: field.label.clone(),
            }),
        }
    }
    missing
}

/// Steps closed (done or not applicable) out of all steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Closed steps.
    pub closed: usize,
    /// All steps.
    pub total: usize,
}

impl Progress {
    /// Whole percent, for the progress bar.
    pub fn percent(&self) -> u32 {
        if self.total == 0 {
            return 100;
        }
        (self.closed * 100 / self.total) as u32
    }
}

/// How far the run is: done and not-applicable steps both count.
pub fn progress(run: &Run) -> Progress {
    Progress {
        closed: run.steps.iter().filter(|s| s.status.is_closed()).count(),
        total: run.steps.len(),
    }
}

/// Where a run stands as a whole; used for badges and the status filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RunStatus {
    /// No step has begun.
    NotStarted,
    /// Some work done, nothing blocked.
    InProgress,
    /// At least one step is blocked.
    Blocked,
    /// Every step is done or not applicable.
    Complete,
}

impl RunStatus {
    /// All statuses, in filter order.
    pub const ALL: [RunStatus; 4] = [
        RunStatus::NotStarted,
        RunStatus::InProgress,
        RunStatus::Blocked,
        RunStatus::Complete,
    ];

    /// Label for badges and filters.
    pub fn label(self) -> &'static str {
        match self {
            RunStatus::NotStarted => "Not started",
            RunStatus::InProgress => "In progress",
            RunStatus::Blocked => "Blocked",
            RunStatus::Complete => "Complete",
        }
    }

    /// Stable machine name, for CSS classes and filter values.
    pub fn key(self) -> &'static str {
        match self {
            RunStatus::NotStarted => "not-started",
            RunStatus::InProgress => "in-progress",
            RunStatus::Blocked => "blocked",
            RunStatus::Complete => "complete",
        }
    }
}

/// Overall status: complete when every step is closed.
pub fn run_status(run: &Run) -> RunStatus {
    if !run.steps.is_empty() && run.steps.iter().all(|s| s.status.is_closed()) {
        RunStatus::Complete
    } else if run
        .steps
        .iter()
        .any(|s| matches!(s.status, StepStatus::Blocked { .. }))
    {
        RunStatus::Blocked
    } else if run.steps.iter().all(|s| s.status == StepStatus::NotStarted) {
        RunStatus::NotStarted
    } else {
        RunStatus::InProgress
    }
}

/// The step a returning person most likely wants: the first one not closed.
pub fn current_step<'a>(template: &'a Template, run: &Run) -> Option<&'a Step> {
    template
        .steps
        .iter()
        .find(|s| !run.step(&s.id).is_some_and(|st| st.status.is_closed()))
}
