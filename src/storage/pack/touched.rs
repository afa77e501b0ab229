//! Which body parts of a stored run a change touched, so that a save of a
//! large run reads and writes only those. What a change touched is the
//! domain's answer ([`Touched`], reported by `Run::apply` from the analysis
//! its rollback uses); this module only maps its spots onto the parts the
//! record is cut into. In debug builds (and the e2e build) each save checks
//! that nothing outside what it was told changed.

use super::body::{PartId, bucket_of, is_long};
use crate::domain::change::touched::{Spot, Touched};
use crate::domain::run::Run;
use crate::domain::value::FieldValue;

/// The body parts of `run` (as it is now) that what a change `touched`
/// falls in; `None` for every part.
pub fn parts(touched: &Touched, run: &Run) -> Option<Vec<PartId>> {
    let Touched::Spots(spots) = touched else {
        return None;
    };
    let long = |step: usize, field: &str| match run.steps.get(step)?.values.get(field) {
        Some(FieldValue::Rows(rows)) if is_long(rows) => Some(rows.last().map(|r| r.id)),
        _ => None,
    };
    // The run's other fields (roles…) are small: always compared.
    let mut parts = vec![PartId::Fields];
    let add = |parts: &mut Vec<PartId>, part: PartId| {
        if !parts.contains(&part) {
            parts.push(part);
        }
    };
    for spot in spots {
        match spot {
            Spot::Step(step) => {
                add(&mut parts, PartId::Step(*step));
            }
            Spot::Row { step, field, row } => {
                add(&mut parts, PartId::Step(*step));
                if long(*step, field).is_some() {
                    add(
                        &mut parts,
                        PartId::Rows {
                            step: *step,
                            bucket: bucket_of(*row),
                            field: field.clone(),
                        },
                    );
                }
            }
            Spot::ListEnd { step, field } => {
                add(&mut parts, PartId::Step(*step));
                if let Some(Some(last)) = long(*step, field) {
                    add(
                        &mut parts,
                        PartId::Rows {
                            step: *step,
                            bucket: bucket_of(last),
                            field: field.clone(),
                        },
                    );
                }
            }
        }
    }
    Some(parts)
}
