//! Adding candidates read from a CRM export to a program run. A candidate the
//! run has already (same company and contact) is not added again, so
//! importing a file twice, or retrying after a failed save, adds nothing.

use crate::domain::run::Run;
use crate::domain::value::FieldValue;

use crate::domain::reference::candidate_import::ImportedRow;
use crate::domain::reference::ids::candidates as cand;
use crate::domain::reference::join::normalize;

use super::editor::{EditError, Editor, add_record, apply_all};
use crate::domain::reference::extract::rows_of;

/// Company and contact of a candidate, as compared for "the same customer".
fn identity(values: &std::collections::BTreeMap<String, FieldValue>) -> (String, String) {
    let text = |c: &str| match values.get(c) {
        Some(FieldValue::Text(t)) => normalize(t),
        _ => String::new(),
    };
    (text(cand::COMPANY), text(cand::CONTACT))
}

/// Adds to the candidates list of `run` the `rows` it does not hold yet, all
/// or nothing, and returns the new row ids. Refused when the run is archived
/// or the step is closed, and, saying so, when every row is there already.
pub fn add_candidates(
    run: &mut Run,
    editor: &Editor<'_>,
    rows: &[ImportedRow],
) -> Result<Vec<u32>, EditError> {
    let mut known: Vec<(String, String)> = rows_of(run, cand::STEP, cand::LIST)
        .iter()
        .map(|r| identity(&r.values))
        .collect();
    let new: Vec<&ImportedRow> = rows
        .iter()
        .filter(|row| {
            let id = identity(&row.values);
            let fresh = !known.contains(&id);
            if fresh {
                known.push(id);
            }
            fresh
        })
        .collect();
    if new.is_empty() && !rows.is_empty() {
        return Err(EditError::AlreadyDone(
            "Every candidate of this file is in the run already.".to_owned(),
        ));
    }
    apply_all(run, |draft| {
        new.iter()
            .map(|row| add_record(draft, editor, (cand::STEP, cand::LIST), &row.values))
            .collect()
    })
}
