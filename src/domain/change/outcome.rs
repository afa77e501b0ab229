//! Taking a branch or escalation the template names for a step, with its
//! effects on the run's records and, for a branch back, the steps it reopens.

use std::collections::BTreeMap;

use crate::domain::activity::subject::Subject;
use crate::domain::run::{OutcomeTaken, Run, StepStatus};
use crate::domain::template::{Effect, Template};
use crate::domain::value::{FieldValue, Row, holds, value_for};

use super::applied::Applied;
use super::error::ChangeError;
use super::log::ChangeLog;
use super::lookup::{StepAt, column, next_row_id, required_text, rows_mut};
use super::status::set_status;

/// Takes outcome `outcome` of `step` with the person's note on what happened.
pub(super) fn take(
    run: &mut Run,
    template: &Template,
    step: &str,
    outcome: &str,
    note: &str,
    log: &mut ChangeLog,
) -> Result<Applied, ChangeError> {
    let at = StepAt::find(template, step)?;
    let outcome_def = at
        .step
        .outcome(outcome)
        .ok_or_else(|| ChangeError::UnknownItem(outcome.to_owned()))?;
    let note = required_text(note, "a note on what happened")?;
    let note = note.as_str();
    let target = match &outcome_def.go_to {
        Some(id) => Some(StepAt::find(template, id)?),
        None => None,
    };
    run.steps[at.index].outcomes_taken.push(OutcomeTaken {
        outcome_id: outcome.to_owned(),
        at: log.now,
        who: log.who.to_owned(),
        note: note.to_owned(),
    });
    log.add(
        format!("{} · outcome: {}", at.label(), outcome_def.label),
        Subject::None,
        None,
        Some(note.to_owned()),
    );
    if let Some(role) = &outcome_def.escalate_to {
        let name = template.role_name(role);
        let person = run
            .assignments
            .get(role)
            .map(|p| format!(" ({p})"))
            .unwrap_or_default();
        log.add(
            format!("{} · escalated", at.label()),
            Subject::None,
            None,
            Some(format!("Escalated to {name}{person}")),
        );
    }
    for effect in &outcome_def.effects {
        apply_effect(run, template, effect, note, log)?;
    }
    if run.steps[at.index].status == StepStatus::NotStarted {
        set_status(run, at, StepStatus::InProgress, log);
    }
    let Some(target) = target else {
        return Ok(Applied::default());
    };
    // Going back reopens the target and everything after it that was
    // closed, because those steps relied on what is now being redone.
    for i in target.index..template.steps.len() {
        let reopen = i == target.index || run.steps[i].status.is_closed();
        if reopen && run.steps[i].status != StepStatus::InProgress {
            let later = StepAt {
                index: i,
                step: &template.steps[i],
            };
            set_status(run, later, StepStatus::InProgress, log);
        }
    }
    log.add(
        format!("{} · next", at.label()),
        Subject::None,
        None,
        Some(format!("Back to {}", target.label())),
    );
    Ok(Applied::focus(Some(target.step.id.clone())))
}

/// Carries out one effect of an outcome on the run's records, logging each change.
fn apply_effect(
    run: &mut Run,
    template: &Template,
    effect: &Effect,
    note: &str,
    log: &mut ChangeLog,
) -> Result<(), ChangeError> {
    let list_ref = match effect {
        Effect::UpdateRows { list, .. }
        | Effect::ClearColumns { list, .. }
        | Effect::AddRow { list, .. } => list,
    };
    let at = StepAt::find(template, &list_ref.step)?;
    let list = at.list(&list_ref.field)?;
    let where_ = format!("{} · {}", at.label(), list.label);
    match effect {
        Effect::UpdateRows {
            when,
            set_column,
            to,
            note_column,
            ..
        } => {
            let target = column(list, set_column)?;
            let value = value_for(&target.kind, to)
                .ok_or_else(|| ChangeError::WrongValue(target.label.clone()))?;
            let note_def = note_column
                .as_deref()
                .map(|c| column(list, c))
                .transpose()?;
            for (position, record) in rows_mut(run, at.index, list)?.iter_mut().enumerate() {
                if !holds(when, &record.values) {
                    continue;
                }
                let old = record.values.insert(target.id.clone(), value.clone());
                if let Some(note_def) = note_def {
                    record
                        .values
                        .insert(note_def.id.clone(), FieldValue::Text(note.to_owned()));
                }
                log.add(
                    format!("{where_}, record {} · {}", position + 1, target.label),
                    Subject::None,
                    old.map(|v| v.display(target)),
                    Some(value.display(target)),
                );
            }
        }
        Effect::ClearColumns { columns, .. } => {
            let defs = columns
                .iter()
                .map(|c| column(list, c))
                .collect::<Result<Vec<_>, _>>()?;
            let mut cleared = 0;
            for record in rows_mut(run, at.index, list)?.iter_mut() {
                for def in &defs {
                    cleared += usize::from(record.values.remove(&def.id).is_some());
                }
            }
            if cleared > 0 {
                let names: Vec<&str> = defs.iter().map(|d| d.label.as_str()).collect();
                log.add(
                    where_,
                    Subject::None,
                    None,
                    Some(format!("Cleared {} on every record", names.join(", "))),
                );
            }
        }
        Effect::AddRow { note_column, .. } => {
            let note_def = column(list, note_column)?;
            let rows = rows_mut(run, at.index, list)?;
            let mut values = BTreeMap::new();
            values.insert(note_def.id.clone(), FieldValue::Text(note.to_owned()));
            rows.push(Row {
                id: next_row_id(rows),
                values,
            });
            let count = rows.len();
            log.add(
                where_,
                Subject::None,
                None,
                Some(format!("Record {count} added: {note}")),
            );
        }
    }
    Ok(())
}
