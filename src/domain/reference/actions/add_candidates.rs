//! Adding candidates read from a CRM export to a program run.

use crate::domain::run::Run;

use crate::domain::reference::candidate_import::ImportedRow;
use crate::domain::reference::ids::candidates as cand;

use super::editor::{EditError, Editor, add_record, apply_all};

/// Adds `rows` to the candidates list of `run`, all or nothing, and returns the
/// new row ids. Refused when the run is archived or the step is closed.
pub fn add_candidates(
    run: &mut Run,
    editor: &Editor<'_>,
    rows: &[ImportedRow],
) -> Result<Vec<u32>, EditError> {
    apply_all(run, |draft| {
        rows.iter()
            .map(|row| add_record(draft, editor, (cand::STEP, cand::LIST), &row.values))
            .collect()
    })
}
