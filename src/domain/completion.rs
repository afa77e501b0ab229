//! Completion rules: what a step still lacks before it can be marked done.
//! The template's own requirements are checked here; a procedure's extra gates
//! come from its rules (see `procedure`), so this file knows no particular SOP.

use std::fmt;

use super::approvals::spec::ApprovalSpec;
use super::approvals::state::ApprovalState;
use super::picks::{pickable, rows_at};
use super::procedure::registry::rules_for;
use super::run::{Run, StepState};
use super::template::{FieldKind, Gate, Step, Template};
use super::value::{FieldValue, holds, is_required};

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
    /// A step this one depends on is not closed yet.
    Dependency {
        /// 1-based position of that step.
        number: usize,
        /// Its title.
        title: String,
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
            Missing::Dependency { number, title } => {
                write!(f, "Complete step {number} · {title} first")
            }
            Missing::RowField { list, row, label } => {
                write!(f, "Fill in “{label}” in {list}, record {row}")
            }
        }
    }
}

/// Everything the step at `index` still needs before it can be marked done, in
/// screen order: the steps it waits for, checks, fields, records, chosen
/// records that no longer qualify, and the step's gates.
pub fn missing_for_completion(template: &Template, run: &Run, index: usize) -> Vec<Missing> {
    let (Some(step), Some(state)) = (template.steps.get(index), run.steps.get(index)) else {
        return Vec::new();
    };
    let mut missing = waiting_for(template, run, index);
    if let Some(reviewed) = &step.reviews
        && reviewed_version(template, run, reviewed) == 0
    {
        let title = template
            .step(reviewed)
            .map_or(reviewed.as_str(), |s| &s.title);
        missing.push(Missing::Rule {
            message: format!("“{title}” has no completed version to review yet"),
        });
    }
    missing.extend(missing_in_step(step, state));
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
    for message in rules_for(&template.id).completion_gates(template, run, index) {
        missing.push(Missing::Rule { message });
    }
    missing
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
        Gate::ApprovedCurrentVersion { message, .. } => {
            let spec = ApprovalSpec::of(gate)?;
            let gaps = ApprovalState::read(&spec, template, run).gaps();
            (!gaps.is_empty()).then(|| format!("{message}: {}", gaps.join("; ")))
        }
    }
}

/// The steps the step at `index` depends on that are not closed yet.
pub fn waiting_for(template: &Template, run: &Run, index: usize) -> Vec<Missing> {
    dependencies(template, index)
        .filter(|&i| !run.steps.get(i).is_some_and(|s| s.status.is_closed()))
        .map(|i| Missing::Dependency {
            number: i + 1,
            title: template.steps[i].title.clone(),
        })
        .collect()
}

/// Positions of the steps the step at `index` depends on: as declared, or
/// the previous step.
fn dependencies(template: &Template, index: usize) -> impl Iterator<Item = usize> + '_ {
    let declared = template
        .steps
        .get(index)
        .and_then(|s| s.depends_on.as_ref());
    let ids: Vec<usize> = match declared {
        Some(ids) => ids
            .iter()
            .filter_map(|id| template.step_index(id))
            .collect(),
        None => index.checked_sub(1).into_iter().collect(),
    };
    ids.into_iter()
}

/// The latest version of the versioned step `id` (0 before the first).
pub fn reviewed_version(template: &Template, run: &Run, id: &str) -> u32 {
    template
        .step_index(id)
        .and_then(|i| run.steps.get(i))
        .map_or(0, |s| s.current_version())
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
