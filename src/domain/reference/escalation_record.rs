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
use crate::domain::value::FieldValue;

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
/// (`change`) in the escalations list. The n-th outcome taken for one person
/// goes with the n-th record naming that person; when there is no such
/// record yet, the first record naming nobody is used, or a new one is added.
/// Only cells still empty are filled in.
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
    let Some((taken, earlier)) = run
        .step(ids::STEP)
        .and_then(|s| s.outcomes_taken.split_last())
    else {
        return Vec::new();
    };
    let before = earlier
        .iter()
        .filter(|o| target_of(template, &o.outcome_id) == Some(target))
        .count();
    let to = FieldValue::Choice(target.id().to_owned());
    let rows = rows_of(run, ids::STEP, ids::LIST);
    let for_target: Vec<_> = rows
        .iter()
        .filter(|r| r.values.get(ids::ESCALATED_TO) == Some(&to))
        .collect();
    let linked = for_target.get(before).copied().or_else(|| {
        rows.iter()
            .find(|r| !r.values.contains_key(ids::ESCALATED_TO))
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
