//! What a change wrote in a run, as [`Run::apply`] reports it: the same
//! analysis its all-or-nothing rollback saves before writing (`snapshot.rs`),
//! so what a save encodes and what a refusal puts back can never disagree.
//! A save of a large run then reads and writes only those spots: typing into
//! one record of a list of 5,000 costs what it costs in a list of ten.
//!
//! [`Run::apply`]: crate::domain::run::Run::apply

/// One place a change can write.
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

/// What may have changed in a run since its last save. The run's own fields
/// (title, roles, dates) are small and always written, so they are no spot.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Touched {
    /// Only the run's own fields and these spots.
    Spots(Vec<Spot>),
    /// Anything: a branch, a change of several steps, or one made outside
    /// [`Run::apply`]'s report (an operation of several changes).
    ///
    /// [`Run::apply`]: crate::domain::run::Run::apply
    #[default]
    Everything,
}

impl Touched {
    /// Nothing yet (a run whose next save writes only its own fields).
    pub fn nothing() -> Touched {
        Touched::Spots(Vec::new())
    }

    /// Whether the run's parts are still those of the last save (no record
    /// added or removed): a save then looks at the touched parts only.
    pub fn keeps_parts(&self) -> bool {
        match self {
            Touched::Everything => false,
            Touched::Spots(spots) => !spots.iter().any(|s| matches!(s, Spot::ListEnd { .. })),
        }
    }

    /// Adds one spot.
    pub fn add_spot(&mut self, spot: Spot) {
        if let Touched::Spots(mine) = self
            && !mine.contains(&spot)
        {
            mine.push(spot);
        }
    }

    /// Adds what another change touched.
    pub fn add(&mut self, other: Touched) {
        match other {
            Touched::Everything => *self = Touched::Everything,
            Touched::Spots(theirs) => theirs.into_iter().for_each(|s| self.add_spot(s)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spots_add_up_once_and_everything_absorbs_them() {
        let mut touched = Touched::nothing();
        assert!(touched == Touched::Spots(Vec::new()) && touched.keeps_parts());
        touched.add_spot(Spot::Step(1));
        touched.add(Touched::Spots(vec![Spot::Step(1), Spot::Step(2)]));
        assert_eq!(touched, Touched::Spots(vec![Spot::Step(1), Spot::Step(2)]));
        touched.add_spot(Spot::ListEnd {
            step: 2,
            field: "people".into(),
        });
        assert!(!touched.keeps_parts());
        touched.add(Touched::Everything);
        touched.add_spot(Spot::Step(3));
        assert_eq!(touched, Touched::Everything);
    }
}
