//! Taking an escalation outcome in step 11 ("Escalate to the legal reviewer"…)
//! is recorded in the escalations list, so the branch taken and the record
//! are one: the outcome fills in the record already typed for that person, or
//! adds one, with who it went to, the day and what happened. Whoever takes the
//! outcome then names the reference and the type of problem, which close the
//! record; the step cannot be completed while an escalation lacks them.

use chrono::NaiveDate;

use crate::domain::change::request::RunChange;
use crate::domain::run::Run;
use crate::domain::template::Template;
use crate::domain::value::{FieldValue, Row};

use super::extract::rows_of;
use super::ids::escalations as ids;
use super::model::EscalationTarget;

/// Who the outcome `outcome_id` of step 11 escalates to, as an escalation target.
fn target_of(template: &Template, outcome_id: &str) -> Option<EscalationTarget> {
    let role = template
        .step(ids::STEP)?
        .outcome(outcome_id)?
        .escalate_to
        .as_deref()?;
    EscalationTarget::from_id(role)
}

/// The follow-up changes that record an escalation outcome just taken
/// (`change`) in the escalations list. It fills in a record typed ahead for
/// it: the first naming that person and not yet dated (a dated record is an
/// escalation already made, perhaps about another customer), else the first
/// blank one (naming no person and no customer). Otherwise it adds a record,
/// so it never writes into a record kept for another escalation. Only cells
/// still empty are filled in.
pub fn link_outcome(
    template: &Template,
    run: &Run,
    change: &RunChange,
    today: NaiveDate,
) -> Vec<RunChange> {
    let RunChange::TakeOutcome { step, outcome, .. } = change else {
        return Vec::new();
    };
    let Some(target) = (step == ids::STEP)
        .then(|| target_of(template, outcome))
        .flatten()
    else {
        return Vec::new();
    };
    let Some(taken) = run.step(ids::STEP).and_then(|s| s.outcomes_taken.last()) else {
        return Vec::new();
    };
    let to = FieldValue::Choice(target.id().to_owned());
    let rows = rows_of(run, ids::STEP, ids::LIST);
    let has = |row: &&Row, column: &str| row.values.contains_key(column);
    let linked = rows
        .iter()
        .find(|r| r.values.get(ids::ESCALATED_TO) == Some(&to) && !has(r, ids::DATE))
        .or_else(|| {
            rows.iter().find(|r| {
                [ids::ESCALATED_TO, ids::CUSTOMER, ids::REFERENCE]
                    .iter()
                    .all(|column| !has(r, column))
            })
        });
    let mut changes = Vec::new();
    let row = match linked {
        Some(row) => row.id,
        None => {
            changes.push(RunChange::AddRow {
                step: ids::STEP.to_owned(),
                field: ids::LIST.to_owned(),
            });
            // The id the list gives its next record (ids are never reused).
            rows.iter().map(|r| r.id).max().unwrap_or(0) + 1
        }
    };
    let existing = linked.map(|r| &r.values);
    let cells = [
        (ids::ESCALATED_TO, to),
        (ids::DATE, FieldValue::Date(today)),
        (ids::DETAILS, FieldValue::Text(taken.note.clone())),
    ];
    for (column, value) in cells {
        if existing.is_some_and(|v| v.contains_key(column)) {
            continue;
        }
        changes.push(RunChange::SetRowValue {
            step: ids::STEP.to_owned(),
            field: ids::LIST.to_owned(),
            row,
            column: column.to_owned(),
            value: Some(value),
        });
    }
    changes
}

/// The completion gate of step 11: every escalation record needs what makes
/// it a record (the list itself may stay empty), one message per gap.
pub fn gate(template: &Template, run: &Run) -> Vec<String> {
    let Some(list) = template.step(ids::STEP).and_then(|s| s.field(ids::LIST)) else {
        return Vec::new();
    };
    rows_of(run, ids::STEP, ids::LIST)
        .iter()
        .enumerate()
        .flat_map(|(position, row)| {
            row.missing(list.sub_fields())
                .into_iter()
                .map(move |column| {
                    format!(
                        "Fill in “{}” in {}, record {}",
                        column.label,
                        list.label,
                        position + 1
                    )
                })
        })
        .collect()
}
