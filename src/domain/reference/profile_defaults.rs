//! What step 2 knows is not asked again: a reference profile of step 5 that
//! picks its customer starts from what the customer's candidate record holds
//! (industry, product). Only empty cells are filled, and they stay editable,
//! so a profile that says more than the candidate keeps what it says.

use crate::domain::change::request::RunChange;
use crate::domain::run::Run;
use crate::domain::value::FieldValue;

use super::extract::rows_of;
use super::ids::{candidates as cand, references as refs};

/// The follow-ups that copy the picked candidate's industry and product into
/// the profile `change` just pointed at a customer, where the profile has none.
pub fn from_candidate(run: &Run, change: &RunChange) -> Vec<RunChange> {
    let RunChange::SetRowValue {
        step,
        field,
        row,
        column,
        value: Some(FieldValue::Picks(picked)),
    } = change
    else {
        return Vec::new();
    };
    if step != refs::STEP || field != refs::LIST || column != refs::CUSTOMER {
        return Vec::new();
    }
    let (Some(profile), Some(candidate)) = (
        rows_of(run, refs::STEP, refs::LIST)
            .iter()
            .find(|r| r.id == *row),
        picked.first().and_then(|id| {
            rows_of(run, cand::STEP, cand::LIST)
                .iter()
                .find(|r| r.id == *id)
        }),
    ) else {
        return Vec::new();
    };
    let filled =
        |v: Option<&FieldValue>| matches!(v, Some(FieldValue::Text(t)) if !t.trim().is_empty());
    [
        (cand::INDUSTRY, refs::INDUSTRY),
        (cand::PRODUCT, refs::PRODUCT),
    ]
    .into_iter()
    .filter(|(from, to)| filled(candidate.values.get(*from)) && !filled(profile.values.get(*to)))
    .map(|(from, to)| RunChange::SetRowValue {
        step: refs::STEP.to_owned(),
        field: refs::LIST.to_owned(),
        row: *row,
        column: to.to_owned(),
        value: candidate.values.get(from).cloned(),
    })
    .collect()
}
