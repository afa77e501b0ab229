//! Adding candidates read from a CRM export to a program run.

use crate::domain::change::RunChange;
use crate::domain::run::Run;

use crate::domain::reference::candidate_import::ImportedRow;
use crate::domain::reference::ids::candidates as cand;

use super::editor::{EditError, Editor, add_row, apply_all};

/// Adds `rows` to the candidates list of `run`, all or nothing, and returns the
/// new row ids. Refused when the run is archived or the step is closed.
pub fn add_candidates(
    run: &mut Run,
    editor: &Editor<'_>,
    rows: &[ImportedRow],
) -> Result<Vec<u32>, EditError> {
    apply_all(run, |draft| {
        let mut ids = Vec::with_capacity(rows.len());
        for row in rows {
            let id = add_row(draft, editor, cand::STEP, cand::LIST)?;
            for (column, value) in &row.values {
                editor.apply(
                    draft,
                    RunChange::SetRowValue {
                        step: cand::STEP.to_owned(),
                        field: cand::LIST.to_owned(),
                        row: id,
                        column: column.clone(),
                        value: Some(value.clone()),
                    },
                )?;
            }
            ids.push(id);
        }
        Ok(ids)
    })
}
