//! Which parts of a run a change can have touched, so that a save of a large
//! run reads and writes only those: typing into one record of a list of 5,000
//! costs what it costs in a list of ten.
//!
//! What each kind of change may touch is a property of the domain's change
//! functions (`domain/change/`): a change to a step's fields, checks, notes,
//! due date or status stays within that step (its status may move to "in
//! progress"); a change to one record of a list stays within that record (and
//! its stamped columns); run-level changes touch no step. A branch or
//! escalation can reset records and steps anywhere, and a change made through
//! several steps (`AppState::apply_with`) can do anything, so those mark the
//! whole run, as does every change this module does not know. In debug builds
//! each save checks that nothing outside what it was told changed, and the
//! storage tests replay whole SOPs under that check.

use super::body::{PartId, bucket_of, is_long};
use crate::domain::change::RunChange;
use crate::domain::run::Run;
use crate::domain::template::{FieldKind, Template};
use crate::domain::value::FieldValue;

/// One place a change can touch.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Spot {
    /// A step's own fields, checks, notes, status and versions.
    Step(usize),
    /// One record of a list (which may be gone afterwards).
    Row {
        /// Step index.
        step: usize,
        /// List field id.
        field: String,
        /// Record id.
        row: u32,
    },
    /// The end of a list, where a record was added (or any list whose
    /// records came or went: its parts may be others now).
    ListEnd {
        /// Step index.
        step: usize,
        /// List field id.
        field: String,
    },
}

/// What may have changed in a run since its last save.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Touched {
    /// Only the run's own fields (always written) and these spots.
    Spots(Vec<Spot>),
    /// Anything.
    #[default]
    Everything,
}

impl Touched {
    /// Nothing yet (a run whose next save writes only its own fields).
    pub fn nothing() -> Touched {
        Touched::Spots(Vec::new())
    }

    /// What `change` can touch in a run of `template`.
    pub fn by(change: &RunChange, template: &Template) -> Touched {
        let step = |id: &str| template.step_index(id);
        let spots = match change {
            RunChange::Rename(_) | RunChange::Assign { .. } | RunChange::SetTargetDate(_) => {
                Some(vec![])
            }
            // A whole list set at once can move every one of its records.
            RunChange::SetValue { step: s, field, .. } => {
                let list = template
                    .step(s)
                    .and_then(|st| st.field(field))
                    .is_none_or(|f| matches!(f.kind, FieldKind::List { .. }));
                if list {
                    None
                } else {
                    step(s).map(|i| vec![Spot::Step(i)])
                }
            }
            RunChange::SetCheck { step: s, .. }
            | RunChange::SetNotes { step: s, .. }
            | RunChange::SetDue { step: s, .. }
            | RunChange::Complete { step: s }
            | RunChange::Block { step: s, .. }
            | RunChange::MarkNotApplicable { step: s, .. }
            | RunChange::Reopen { step: s } => step(s).map(|i| vec![Spot::Step(i)]),
            RunChange::AddRow { step: s, field } => step(s).map(|i| {
                vec![
                    Spot::Step(i),
                    Spot::ListEnd {
                        step: i,
                        field: field.clone(),
                    },
                ]
            }),
            RunChange::SetRowValue {
                step: s,
                field,
                row,
                ..
            } => step(s).map(|i| {
                vec![
                    Spot::Step(i),
                    Spot::Row {
                        step: i,
                        field: field.clone(),
                        row: *row,
                    },
                ]
            }),
            RunChange::RemoveRow {
                step: s,
                field,
                row,
                ..
            } => step(s).map(|i| {
                vec![
                    Spot::Step(i),
                    Spot::Row {
                        step: i,
                        field: field.clone(),
                        row: *row,
                    },
                    Spot::ListEnd {
                        step: i,
                        field: field.clone(),
                    },
                ]
            }),
            RunChange::TakeOutcome { .. } => None,
        };
        match spots {
            Some(spots) => Touched::Spots(spots),
            None => Touched::Everything,
        }
    }

    /// Whether the run's parts are still those of the last save (no record
    /// added or removed): a save then looks at the touched parts only.
    pub fn keeps_parts(&self) -> bool {
        match self {
            Touched::Everything => false,
            Touched::Spots(spots) => !spots.iter().any(|s| matches!(s, Spot::ListEnd { .. })),
        }
    }

    /// Adds what another change touched.
    pub fn add(&mut self, other: Touched) {
        match (&mut *self, other) {
            (Touched::Everything, _) => {}
            (_, Touched::Everything) => *self = Touched::Everything,
            (Touched::Spots(mine), Touched::Spots(theirs)) => {
                for spot in theirs {
                    if !mine.contains(&spot) {
                        mine.push(spot);
                    }
                }
            }
        }
    }

    /// The body parts of `run` (as it is now) these spots fall in; `None`
    /// for every part.
    pub fn parts(&self, run: &Run) -> Option<Vec<PartId>> {
        let Touched::Spots(spots) = self else {
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
}
