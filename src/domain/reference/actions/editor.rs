//! Who is changing program runs on a person's behalf (adding imported
//! candidates, recording a sent request or an approval), and the helpers those
//! actions share. Every change goes through `Run::apply`, so the program's
//! rules and the activity log still hold, and a multi-change action is all or
//! nothing: a failure part-way leaves the run exactly as it was.

use std::fmt;

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::domain::change::{ChangeError, RunChange};
use crate::domain::run::Run;
use crate::domain::template::Template;
use crate::domain::value::FieldValue;

use crate::domain::reference::archive::{ArchivedRun, is_archived};
use crate::domain::reference::customer_id::CustomerId;
use crate::domain::reference::extract::rows_of;
use crate::domain::reference::ids;
use crate::domain::reference::model::Reference;

/// Who is changing runs, when, and under which template.
#[derive(Debug, Clone, Copy)]
pub struct Editor<'a> {
    /// The template the runs follow.
    pub template: &'a Template,
    /// The person, as in the activity log.
    pub who: &'a str,
    /// The moment, with the person's UTC offset: stored in UTC in the
    /// activity log; its date is the day recorded in rows.
    pub now: DateTime<FixedOffset>,
}

/// Why a change made on a person's behalf was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum EditError {
    /// The run is archived.
    Archived,
    /// The reducer refused a change (closed step, unknown field…).
    Change(ChangeError),
    /// The reference lives in another run than the one given.
    WrongRun {
        /// The run holding the reference.
        expected: String,
    },
    /// The run picks customers, and this reference's profile picks none of
    /// its candidates.
    NoCustomer,
    /// What was asked is recorded already (a second click, a double submit,
    /// a retry): nothing was changed. Says what is on record.
    AlreadyDone(String),
}

impl From<ChangeError> for EditError {
    fn from(e: ChangeError) -> Self {
        EditError::Change(e)
    }
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::Archived => write!(f, "{ArchivedRun}"),
            EditError::Change(e) => write!(f, "{e}"),
            EditError::WrongRun { .. } => {
                write!(f, "This reference is recorded in another program run.")
            }
            EditError::AlreadyDone(what) => write!(f, "{what} Nothing was changed."),
            EditError::NoCustomer => write!(
                f,
                "This reference's profile picks no customer of step 2; choose its customer in the profile first."
            ),
        }
    }
}

impl std::error::Error for EditError {}

impl Editor<'_> {
    /// The person's calendar day at `now`, for dates recorded in rows: the same
    /// day the program's rules judge the change on.
    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// Applies one change through `Run::apply`; an archived run's refusal is
    /// told apart, so the page can say why nothing happened.
    pub(super) fn apply(&self, run: &mut Run, change: RunChange) -> Result<(), EditError> {
        match run.apply(self.template, change, self.who, self.now) {
            Ok(_) => Ok(()),
            Err(ChangeError::ReadOnly(_)) if is_archived(run) => Err(EditError::Archived),
            Err(e) => Err(EditError::Change(e)),
        }
    }
}

/// Runs `work` on a copy of `run` and keeps the copy only if it succeeds.
pub(super) fn apply_all<T>(
    run: &mut Run,
    work: impl FnOnce(&mut Run) -> Result<T, EditError>,
) -> Result<T, EditError> {
    let mut draft = run.clone();
    let result = work(&mut draft)?;
    *run = draft;
    Ok(result)
}

/// Appends an empty record to a list field and returns its id (the reducer
/// appends, so the new record is the last one).
pub(super) fn add_row(
    run: &mut Run,
    editor: &Editor<'_>,
    step: &str,
    list: &str,
) -> Result<u32, EditError> {
    editor.apply(
        run,
        RunChange::AddRow {
            step: step.to_owned(),
            field: list.to_owned(),
        },
    )?;
    match run.step(step).and_then(|s| s.values.get(list)) {
        Some(FieldValue::Rows(rows)) => rows.last().map(|r| r.id),
        _ => None,
    }
    .ok_or_else(|| EditError::Change(ChangeError::UnknownItem(list.to_owned())))
}

/// Adds a record to list `list` of step `step` with `values`; its row id.
pub(super) fn add_record(
    run: &mut Run,
    editor: &Editor<'_>,
    (step, list): (&str, &str),
    values: &BTreeMap<String, FieldValue>,
) -> Result<u32, EditError> {
    let id = add_row(run, editor, step, list)?;
    set_values(run, editor, (step, list, id), values)?;
    Ok(id)
}

/// Sets `values` in record `row` of list `list` of step `step`.
pub(super) fn set_values(
    run: &mut Run,
    editor: &Editor<'_>,
    (step, list, row): (&str, &str, u32),
    values: &BTreeMap<String, FieldValue>,
) -> Result<(), EditError> {
    for (column, value) in values {
        editor.apply(
            run,
            RunChange::SetRowValue {
                step: step.to_owned(),
                field: list.to_owned(),
                row,
                column: column.clone(),
                value: Some(value.clone()),
            },
        )?;
    }
    Ok(())
}

/// The cell naming `reference`'s customer in list `list` of step `step`:
/// where the template picks customers (version 2 on), the pick of its step 2
/// candidate, found by customer id; in an older run, its name typed in column
/// `typed`.
pub(super) fn customer_cell(
    editor: &Editor<'_>,
    run: &Run,
    (step, list, typed): (&str, &str, &'static str),
    name: String,
    reference: &Reference,
) -> Result<(&'static str, FieldValue), EditError> {
    if !ids::has_column(editor.template, step, list, CUSTOMER) {
        return Ok((typed, FieldValue::Text(name)));
    }
    let customer = reference.customer.as_ref().ok_or(EditError::NoCustomer)?;
    let row = candidate_row(run, customer).ok_or(EditError::NoCustomer)?;
    Ok((CUSTOMER, FieldValue::Picks(vec![row])))
}

/// The row id of the step 2 candidate that is `customer` in `run`: what a
/// record picks to name it.
pub(super) fn candidate_row(run: &Run, customer: &CustomerId) -> Option<u32> {
    rows_of(run, ids::candidates::STEP, ids::candidates::LIST)
        .iter()
        .find(|row| {
            CustomerId::from_value(row.values.get(ids::candidates::CUSTOMER_ID))
                .unwrap_or_else(|| CustomerId::first_entered(&run.id, row.id))
                == *customer
        })
        .map(|row| row.id)
}

pub(super) use crate::domain::reference::ids::CUSTOMER_PICK as CUSTOMER;

/// The rows of list `list` (step `step`) of `run` that pick request row
/// `request` in column `column`.
pub(super) fn rows_for_request<'r>(
    run: &'r Run,
    (step, list, column): (&str, &str, &'r str),
    request: u32,
) -> impl Iterator<Item = &'r crate::domain::value::Row> + use<'r> {
    let wanted = FieldValue::Picks(vec![request]);
    rows_of(run, step, list)
        .iter()
        .filter(move |row| row.values.get(column) == Some(&wanted))
}

/// The choice stored in column `column` of row `row`, if any.
pub(super) fn choice_in<'r>(row: &'r crate::domain::value::Row, column: &str) -> Option<&'r str> {
    match row.values.get(column) {
        Some(FieldValue::Choice(id)) => Some(id.as_str()),
        _ => None,
    }
}
