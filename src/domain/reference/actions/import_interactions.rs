//! Adding past interactions read from a spreadsheet to a program run, each
//! picking the customer the preview joined it to.

use std::collections::BTreeMap;

use crate::domain::reference::extract::rows_of;
use crate::domain::run::Run;
use crate::domain::value::FieldValue;

use crate::domain::reference::ids::interactions as int;
use crate::domain::reference::interaction_import::InteractionRow;

use super::editor::{CUSTOMER, EditError, Editor, add_record, apply_all};

/// Adds `rows` to the interactions of `run`, all or nothing, and returns the
/// new row ids. A row the run already holds (every imported cell the same,
/// the customer included) is not added again, so importing one file twice
/// never counts a use twice; when every row is there already, that is said
/// and nothing changes. Refused when the run is archived, the step is
/// closed, or a row's customer is no longer a reference of the run.
pub fn import_interactions(
    run: &mut Run,
    editor: &Editor<'_>,
    rows: &[InteractionRow],
) -> Result<Vec<u32>, EditError> {
    apply_all(run, |draft| {
        let mut added = Vec::new();
        for row in rows {
            let values: BTreeMap<String, FieldValue> = row
                .values
                .clone()
                .into_iter()
                .chain([(CUSTOMER.to_owned(), FieldValue::Picks(vec![row.candidate]))])
                .collect();
            if held_already(draft, &values) {
                continue;
            }
            added.push(add_record(draft, editor, (int::STEP, int::LIST), &values)?);
        }
        if added.is_empty() && !rows.is_empty() {
            // A second import of the same file, or a retry: say so.
            return Err(EditError::AlreadyDone(
                "Every interaction of this file is in the run already.".to_owned(),
            ));
        }
        Ok(added)
    })
}

/// Whether an interaction of `run` holds every one of `values`.
fn held_already(run: &Run, values: &BTreeMap<String, FieldValue>) -> bool {
    rows_of(run, int::STEP, int::LIST).iter().any(|existing| {
        values
            .iter()
            .all(|(k, v)| existing.values.get(k) == Some(v))
    })
}
