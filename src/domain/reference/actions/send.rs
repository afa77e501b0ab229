//! Sending a request to a reference: the request is marked as sent and an
//! interaction awaiting the customer's confirmation is logged, so the
//! reference's history shows the ask before anything is agreed.

use crate::domain::change::RunChange;
use crate::domain::run::Run;
use crate::domain::value::FieldValue;

use crate::domain::reference::ids::{interactions as int, requests as req};
use crate::domain::reference::model::{
    RecordKey, Reference, Request, RequestStatus, ResponseStatus,
};

use super::editor::{EditError, Editor, add_row, apply_all};

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
) -> Result<u32, EditError> {
    if reference.key.run_id != run.id {
        return Err(EditError::WrongRun {
            expected: reference.key.run_id.clone(),
        });
    }
    apply_all(run, |draft| {
        let row = add_row(draft, editor, int::STEP, int::LIST)?;
        let text = |s: &str| (!s.trim().is_empty()).then(|| FieldValue::Text(s.trim().to_owned()));
        let cells = [
            (int::REFERENCE, text(reference.join_name())),
            (
                int::REQUEST_TYPE,
                Some(FieldValue::Choice(request.kind.id().to_owned())),
            ),
            (int::AUDIENCE, text(&request.audience)),
            (int::REQUEST_DATE, Some(FieldValue::Date(editor.today))),
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
            mark(draft, editor, key, reference)?;
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
) -> Result<(), EditError> {
    if request.run_id != run.id {
        return Err(EditError::WrongRun {
            expected: request.run_id.clone(),
        });
    }
    apply_all(run, |draft| mark(draft, editor, request, reference))
}

fn mark(
    run: &mut Run,
    editor: &Editor<'_>,
    request: &RecordKey,
    reference: &Reference,
) -> Result<(), EditError> {
    let cells = [
        (
            req::CHOSEN_REFERENCE,
            FieldValue::Text(reference.display_name()),
        ),
        (
            req::STATUS,
            FieldValue::Choice(RequestStatus::Sent.id().to_owned()),
        ),
    ];
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
