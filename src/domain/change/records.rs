//! Changes to the records of a list field: adding, editing and removing them,
//! and stamping the columns the app fills itself.

use crate::domain::activity::subject::Subject;
use crate::domain::picks::{choosable, value_text};
use crate::domain::run::Run;
use crate::domain::stamps::{earlier_decision, named_person};
use crate::domain::template::{Field, Template};
use crate::domain::value::{FieldValue, Row};

use super::applied::Applied;
use super::error::ChangeError;
use super::log::ChangeLog;
use super::lookup::{StepAt, column, next_row_id, position_of, rows_mut};

/// Adds an empty record at the end of a list.
pub(super) fn add_row(
    run: &mut Run,
    template: &Template,
    step: &str,
    field: &str,
    log: &mut ChangeLog,
) -> Result<Applied, ChangeError> {
    let at = StepAt::find(template, step)?;
    let list = at.list(field)?;
    at.begin_edit(run, log)?;
    let rows = rows_mut(run, at.index, list)?;
    rows.push(Row {
        id: next_row_id(rows),
        values: Default::default(),
    });
    let count = rows.len();
    log.add(
        format!("{} · {}", at.label(), list.label),
        Subject::None,
        None,
        Some(format!("Record {count} added")),
    );
    Ok(Applied::default())
}

/// Sets or clears one column of one record.
#[allow(clippy::too_many_arguments)]
pub(super) fn set_row_value(
    run: &mut Run,
    template: &Template,
    step: &str,
    field: &str,
    row: u32,
    column_id: String,
    value: Option<FieldValue>,
    log: &mut ChangeLog,
) -> Result<Applied, ChangeError> {
    let at = StepAt::find(template, step)?;
    let list = at.list(field)?;
    let column_def = column(list, &column_id)?;
    let wrong_kind = value.as_ref().is_some_and(|v| !v.fits(&column_def.kind));
    // Stamped columns are the app's to fill, never the person's.
    // A pick names a record of its source list that may be chosen now.
    let unknown_record = value
        .as_ref()
        .is_some_and(|v| !choosable(template, run, column_def, v));
    if wrong_kind || unknown_record || column_def.is_stamped() {
        return Err(ChangeError::WrongValue(column_def.label.clone()));
    }
    at.ensure_open(run)?;
    let position = position_of(run, at.index, list, row)?;
    let current = rows_mut(run, at.index, list)?[position]
        .values
        .get(&column_id)
        .cloned();
    if current == value {
        // Giving again, on a newer version, the decision given on an earlier
        // one is a new decision: only its stamps change.
        let earlier = run
            .row(at.index, field, row)
            .and_then(|record| earlier_decision(run, list, record, &column_id));
        if value.is_some() && earlier.is_some() {
            stamp(run, template, at, list, position, &column_id, log)?;
        }
        return Ok(Applied::default());
    }
    // How the cell reads in the log: chosen records by their labels.
    let old_text = current
        .as_ref()
        .map(|v| value_text(template, run, column_def, v));
    let new_text = value
        .as_ref()
        .map(|v| value_text(template, run, column_def, v));
    at.begin_edit(run, log)?;
    let record = &mut rows_mut(run, at.index, list)?[position];
    match value.clone() {
        Some(v) => record.values.insert(column_id.clone(), v),
        None => record.values.remove(&column_id),
    };
    log.add(
        cell_label(at, list, position, column_def),
        Subject::RowColumn {
            step: &at.step.id,
            field,
            row,
            column: &column_id,
        },
        old_text,
        new_text,
    );
    stamp(run, template, at, list, position, &column_id, log)?;
    Ok(Applied::default())
}

/// Removes a record; the log keeps what it held.
pub(super) fn remove_row(
    run: &mut Run,
    template: &Template,
    step: &str,
    field: &str,
    row: u32,
    log: &mut ChangeLog,
) -> Result<Applied, ChangeError> {
    let at = StepAt::find(template, step)?;
    let list = at.list(field)?;
    at.ensure_open(run)?;
    let position = position_of(run, at.index, list, row)?;
    let removed = rows_mut(run, at.index, list)?.remove(position);
    let summary = list
        .sub_fields()
        .iter()
        .filter_map(|f| {
            removed
                .values
                .get(&f.id)
                .map(|v| value_text(template, run, f, v))
        })
        .collect::<Vec<_>>()
        .join(" · ");
    log.add(
        format!("{} · {}", at.label(), list.label),
        Subject::None,
        Some(format!("Record {}: {summary}", position + 1)),
        Some("Removed".into()),
    );
    Ok(Applied::default())
}

/// After `changed` changes in a record, fills its stamped columns: the
/// current version of the step they follow, so an approval always says which
/// draft it approved, and the name of the person the record names, so it
/// keeps who decided when the Roles form changes later. A column stamped on
/// one column (the decision) moves only when that column changes, and is
/// cleared with it: editing the date of an earlier decision never makes it a
/// decision on the current version, nor someone else's.
#[allow(clippy::too_many_arguments)]
fn stamp(
    run: &mut Run,
    template: &Template,
    at: StepAt,
    list: &Field,
    position: usize,
    changed: &str,
    log: &mut ChangeLog,
) -> Result<(), ChangeError> {
    for column in list.sub_fields() {
        if !column.is_stamped() || column.stamp_on.as_deref().is_some_and(|on| on != changed) {
            continue;
        }
        let Some(record) = run.rows(at.index, &list.id).get(position) else {
            return Err(ChangeError::UnknownItem(format!("record {}", position + 1)));
        };
        let decided = column
            .stamp_on
            .as_deref()
            .is_none_or(|on| record.values.contains_key(on));
        let value = match &column.stamp_version_of {
            Some(versioned) => {
                let version = template
                    .step_index(versioned)
                    .and_then(|i| run.steps.get(i))
                    .map_or(0, |s| s.current_version());
                (version > 0).then(|| FieldValue::Number(f64::from(version)))
            }
            None => named_person(
                template,
                run,
                record,
                column.stamp_name_from.iter().map(String::as_str),
            )
            .map(FieldValue::Text),
        };
        let value = value.filter(|_| decided);
        let record = &mut rows_mut(run, at.index, list)?[position];
        if record.values.get(&column.id) != value.as_ref() {
            let old = record.values.get(&column.id).map(|v| v.display(column));
            match &value {
                Some(v) => record.values.insert(column.id.clone(), v.clone()),
                None => record.values.remove(&column.id),
            };
            log.add(
                cell_label(at, list, position, column),
                Subject::None,
                old,
                value.map(|v| v.display(column)),
            );
        }
    }
    Ok(())
}

/// "Step 2 · Candidates, record 1 · Status": how the log names one cell.
fn cell_label(at: StepAt, list: &Field, position: usize, column: &Field) -> String {
    format!(
        "{} · {}, record {} · {}",
        at.label(),
        list.label,
        position + 1,
        column.label
    )
}
