//! Changes to what a step records: its checks, fields, notes and due date.

use chrono::NaiveDate;

use crate::domain::activity::subject::Subject;
use crate::domain::picks::picked_texts;
use crate::domain::run::Run;
use crate::domain::template::{Field, FieldKind, Template};
use crate::domain::value::FieldValue;

use super::applied::Applied;
use super::error::ChangeError;
use super::log::ChangeLog;
use super::lookup::StepAt;

/// Ticks or unticks a check.
pub(super) fn set_check(
    run: &mut Run,
    template: &Template,
    step: &str,
    check: String,
    ticked: bool,
    log: &mut ChangeLog,
) -> Result<Applied, ChangeError> {
    let at = StepAt::find(template, step)?;
    let check_def = at
        .step
        .check(&check)
        .ok_or_else(|| ChangeError::UnknownItem(check.clone()))?;
    if run.steps[at.index].checks.contains(&check) == ticked {
        return Ok(Applied::default());
    }
    at.begin_edit(run, log)?;
    let checks = &mut run.steps[at.index].checks;
    if ticked {
        checks.insert(check.clone());
    } else {
        checks.remove(&check);
    }
    let yes_no = |b: bool| if b { "Ticked" } else { "Not ticked" }.to_owned();
    log.add(
        format!("{} · {}", at.label(), check_def.label),
        Subject::Check {
            step: &at.step.id,
            check: &check,
        },
        Some(yes_no(!ticked)),
        Some(yes_no(ticked)),
    );
    Ok(Applied::default())
}

/// Sets or clears a field's value; the log shows values as the person reads them.
pub(super) fn set_value(
    run: &mut Run,
    template: &Template,
    step: &str,
    field: String,
    value: Option<FieldValue>,
    log: &mut ChangeLog,
) -> Result<Applied, ChangeError> {
    let at = StepAt::find(template, step)?;
    let field_def = at.field(&field)?;
    if let Some(v) = &value
        && !v.fits(&field_def.kind)
    {
        return Err(ChangeError::WrongValue(field_def.label.clone()));
    }
    let current = run.steps[at.index].values.get(&field);
    if current == value.as_ref() {
        return Ok(Applied::default());
    }
    at.begin_edit(run, log)?;
    let old = shown(
        template,
        run,
        field_def,
        run.steps[at.index].values.get(&field),
    );
    let new = shown(template, run, field_def, value.as_ref());
    match value {
        Some(v) => run.steps[at.index].values.insert(field.clone(), v),
        None => run.steps[at.index].values.remove(&field),
    };
    log.add(
        format!("{} · {}", at.label(), field_def.label),
        Subject::Field {
            step: &at.step.id,
            field: &field,
        },
        old,
        new,
    );
    Ok(Applied::default())
}

/// A value as the log shows it: chosen records by their labels, not their ids.
fn shown(
    template: &Template,
    run: &Run,
    field: &Field,
    value: Option<&FieldValue>,
) -> Option<String> {
    match (&field.kind, value) {
        (FieldKind::Pick { .. }, Some(FieldValue::Picks(ids))) => {
            Some(picked_texts(template, run, field, ids).join("; "))
        }
        (FieldKind::Pick { .. }, _) => None,
        (_, value) => value.map(|v| v.display(field)),
    }
}

/// Replaces a step's notes. Notes stay editable on closed steps: they explain,
/// they do not change the record.
pub(super) fn set_notes(
    run: &mut Run,
    template: &Template,
    step: &str,
    notes: String,
    log: &mut ChangeLog,
) -> Result<Applied, ChangeError> {
    let at = StepAt::find(template, step)?;
    if run.steps[at.index].notes == notes {
        return Ok(Applied::default());
    }
    let old = std::mem::replace(&mut run.steps[at.index].notes, notes.clone());
    log.add(
        format!("{} · notes", at.label()),
        Subject::Notes { step: &at.step.id },
        Some(old),
        Some(notes),
    );
    Ok(Applied::default())
}

/// Sets a due date by hand, or returns the step to its derived date.
pub(super) fn set_due(
    run: &mut Run,
    template: &Template,
    step: &str,
    due: Option<NaiveDate>,
    log: &mut ChangeLog,
) -> Result<Applied, ChangeError> {
    let at = StepAt::find(template, step)?;
    let state = &mut run.steps[at.index];
    if state.due_override != due {
        let old = state.due_override.map(|d| d.to_string());
        state.due_override = due;
        log.add(
            format!("{} · due date", at.label()),
            Subject::Due { step: &at.step.id },
            old,
            Some(due.map_or("Default".to_owned(), |d| d.to_string())),
        );
    }
    Ok(Applied::default())
}
