//! Sending a request to a reference: the request is marked as sent and an
//! interaction awaiting the customer's confirmation is logged, so the
//! reference's history shows the ask before anything is agreed. Sending is
//! once per request and reference: while the ask is open (awaiting or
//! confirmed), a second click changes nothing and says so.

use crate::domain::change::RunChange;
use crate::domain::run::Run;
use crate::domain::value::FieldValue;

use crate::domain::reference::ids::{has_column, interactions as int, requests as req};
use crate::domain::reference::model::{
    RecordKey, Reference, Request, RequestStatus, ResponseStatus,
};

use super::editor::{
    EditError, Editor, add_row, apply_all, choice_in, customer_cell, rows_for_request,
};

/// The score and reasons a reference was ranked with when the request was
/// sent to it, kept on the request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MatchedWith {
    /// Its score.
    pub score: i32,
    /// The reasons of that score, in words.
    pub reasons: Vec<String>,
}

/// Logs in `run` an interaction awaiting confirmation for `reference` and, when
/// the request is recorded in the same run, marks it as sent to that reference.
/// `run` must be the run holding the reference, because interactions count
/// toward the tolerance of profiles in their own run. Returns the new
/// interaction's row id. All or nothing.
///
/// A request recorded in another run is left alone; mark it there with
/// [`mark_request_sent`].
pub fn send_request(
    run: &mut Run,
    editor: &Editor<'_>,
    request: &Request,
    reference: &Reference,
    matched: &MatchedWith,
) -> Result<u32, EditError> {
    if reference.key.run_id != run.id {
        return Err(EditError::WrongRun {
            expected: reference.key.run_id.clone(),
        });
    }
    if let Some(key) = request.key.as_ref().filter(|k| k.run_id == run.id)
        && has_column(editor.template, int::STEP, int::LIST, int::REQUEST)
    {
        let (column, customer) = customer_cell(
            editor,
            run,
            (int::STEP, int::LIST, int::REFERENCE),
            reference.join_name().trim().to_owned(),
            reference,
        )?;
        let open = [
            ResponseStatus::AwaitingConfirmation.id(),
            ResponseStatus::Confirmed.id(),
        ];
        let asked =
            rows_for_request(run, (int::STEP, int::LIST, int::REQUEST), key.row_id).any(|row| {
                row.values.get(column) == Some(&customer)
                    && choice_in(row, int::RESPONSE_STATUS).is_none_or(|s| open.contains(&s))
            });
        if asked {
            return Err(EditError::AlreadyDone(format!(
                "This request is sent to {} already and awaits its answer.",
                reference.display_name()
            )));
        }
    }
    apply_all(run, |draft| {
        let (column, customer) = customer_cell(
            editor,
            draft,
            (int::STEP, int::LIST, int::REFERENCE),
            reference.join_name().trim().to_owned(),
            reference,
        )?;
        let row = add_row(draft, editor, int::STEP, int::LIST)?;
        let text = |s: &str| (!s.trim().is_empty()).then(|| FieldValue::Text(s.trim().to_owned()));
        // In a run that ties interactions to their request, this one answers it.
        let request_row = request
            .key
            .as_ref()
            .filter(|k| {
                k.run_id == draft.id
                    && has_column(editor.template, int::STEP, int::LIST, int::REQUEST)
            })
            .map(|k| FieldValue::Picks(vec![k.row_id]));
        let cells = [
            (
                column,
                Some(customer).filter(|c| !matches!(c, FieldValue::Text(t) if t.is_empty())),
            ),
            (int::REQUEST, request_row),
            (
                int::REQUEST_TYPE,
                Some(FieldValue::Choice(request.kind.id().to_owned())),
            ),
            (int::AUDIENCE, text(&request.audience)),
            (int::REQUEST_DATE, Some(FieldValue::Date(editor.today()))),
            (
                int::RESPONSE_STATUS,
                Some(FieldValue::Choice(
                    ResponseStatus::AwaitingConfirmation.id().to_owned(),
                )),
            ),
        ];
        for (column, value) in cells {
            if value.is_some() {
                editor.apply(
                    draft,
                    RunChange::SetRowValue {
                        step: int::STEP.to_owned(),
                        field: int::LIST.to_owned(),
                        row,
                        column: column.to_owned(),
                        value,
                    },
                )?;
            }
        }
        if let Some(key) = &request.key
            && key.run_id == draft.id
        {
            mark(draft, editor, key, reference, matched)?;
        }
        Ok(row)
    })
}

/// Records on the request row `request` (in `run`) that it was sent to
/// `reference`. All or nothing.
pub fn mark_request_sent(
    run: &mut Run,
    editor: &Editor<'_>,
    request: &RecordKey,
    reference: &Reference,
    matched: &MatchedWith,
) -> Result<(), EditError> {
    if request.run_id != run.id {
        return Err(EditError::WrongRun {
            expected: request.run_id.clone(),
        });
    }
    apply_all(run, |draft| {
        mark(draft, editor, request, reference, matched)
    })
}

fn mark(
    run: &mut Run,
    editor: &Editor<'_>,
    request: &RecordKey,
    reference: &Reference,
    matched: &MatchedWith,
) -> Result<(), EditError> {
    let mut cells = vec![
        customer_cell(
            editor,
            run,
            (req::STEP, req::LIST, req::CHOSEN_REFERENCE),
            reference.display_name(),
            reference,
        )?,
        (
            req::STATUS,
            FieldValue::Choice(RequestStatus::Sent.id().to_owned()),
        ),
    ];
    // What it was matched with is kept, so the choice can be explained later.
    if !matched.reasons.is_empty() {
        cells.push((
            req::MATCH_REASON,
            FieldValue::Text(matched.reasons.join("\n")),
        ));
    }
    if has_column(editor.template, req::STEP, req::LIST, req::MATCH_SCORE) {
        cells.push((
            req::MATCH_SCORE,
            FieldValue::Number(f64::from(matched.score)),
        ));
    }
    for (column, value) in cells {
        editor.apply(
            run,
            RunChange::SetRowValue {
                step: req::STEP.to_owned(),
                field: req::LIST.to_owned(),
                row: request.row_id,
                column: column.to_owned(),
                value: Some(value),
            },
        )?;
    }
    Ok(())
}
