//! Adding past interactions read from a spreadsheet to a program run, each
//! picking the customer the preview joined it to.

use crate::domain::run::Run;
use crate::domain::value::FieldValue;

use crate::domain::reference::ids::interactions as int;
use crate::domain::reference::interaction_import::InteractionRow;

use super::editor::{CUSTOMER, EditError, Editor, add_record, apply_all};

/// Adds `rows` to the interactions of `run`, all or nothing, and returns the
/// new row ids. Refused when the run is archived, the step is closed, or a
/// row's customer is no longer a reference of the run.
pub fn import_interactions(
    run: &mut Run,
    editor: &Editor<'_>,
    rows: &[InteractionRow],
) -> Result<Vec<u32>, EditError> {
    apply_all(run, |draft| {
        rows.iter()
            .map(|row| {
                let mut values = row.values.clone();
                values.insert(CUSTOMER.to_owned(), FieldValue::Picks(vec![row.candidate]));
                add_record(draft, editor, (int::STEP, int::LIST), &values)
            })
            .collect()
    })
}
