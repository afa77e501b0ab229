//! A program that runs for years is a chain of periods, each a program run
//! started from the archived run of the one before. A customer has one
//! current state across them: the directory, matching, the overview and the
//! CSV read each customer from the newest period that holds it; the earlier
//! periods are history, read in their own runs, never a second live row.
//!
//! A period's successor has an id worked out from the period's own id
//! ([`successor_id`]), so a period has at most one successor however often
//! "Start the next period" is pressed, in however many tabs, and an archived
//! run finds its successor without a link written into the archived record.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};

use super::customer::CustomerBook;
use super::customer_id::CustomerId;
use super::model::{Candidate, Program, Reference};
use crate::domain::ids::run_id_from;
use crate::domain::integrity::sha256_hex;

/// The id of the period started from the program run `run_id`: the same for
/// every attempt, so a second start finds the first instead of adding a twin.
pub fn successor_id(run_id: &str) -> String {
    let digest = sha256_hex(format!("runsheet next period of {run_id}").as_bytes());
    // 16 hex digits are 64 bits: as random as the ids the app makes itself.
    let bits = digest
        .get(..16)
        .and_then(|hex| u64::from_str_radix(hex, 16).ok())
        .unwrap_or_default();
    run_id_from(bits)
}

/// The program runs of a directory, for ordering its periods.
#[derive(Debug, Clone, Copy)]
pub struct Periods<'d> {
    /// Every program run.
    pub programs: &'d [Program],
    /// When each was started, by run id.
    pub started: &'d BTreeMap<String, DateTime<Utc>>,
}

impl Periods<'_> {
    /// Which program runs have their successor among `programs`, by run id.
    pub fn successors(&self) -> BTreeMap<String, String> {
        let ids: Vec<&str> = self.programs.iter().map(|p| p.run_id.as_str()).collect();
        self.programs
            .iter()
            .filter_map(|p| {
                let next = successor_id(&p.run_id);
                ids.contains(&next.as_str())
                    .then(|| (p.run_id.clone(), next))
            })
            .collect()
    }
}

/// How many earlier periods of its chain precede each program run.
fn depths(programs: &[Program], successors: &BTreeMap<String, String>) -> HashMap<String, usize> {
    let previous: HashMap<&str, &str> = successors
        .iter()
        .map(|(from, to)| (to.as_str(), from.as_str()))
        .collect();
    programs
        .iter()
        .map(|p| {
            let mut depth = 0;
            let mut at = p.run_id.as_str();
            // Bounded: a chain cannot be longer than the runs there are.
            while let Some(before) = previous.get(at) {
                depth += 1;
                at = before;
                if depth > programs.len() {
                    break;
                }
            }
            (p.run_id.clone(), depth)
        })
        .collect()
}

/// The profiles of a directory split by period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settled {
    /// Each customer's profiles from the newest period that holds it.
    pub current: Vec<Reference>,
    /// The others: history, never listed or matched again.
    pub earlier: Vec<Reference>,
    /// The next period of each program run that has one, by run id.
    pub successors: BTreeMap<String, String>,
}

/// Keeps each customer's profiles from the newest period that holds it (a
/// period not archived first, then the latest of its chain, then the latest
/// started) and sets the others apart. Records follow their customer by
/// identity, so a profile of an older run that typed its names is set apart
/// too once its customer was carried. A profile whose customer no later
/// period holds stays current, archived or not.
pub fn settle(
    periods: Periods<'_>,
    candidates: &[Candidate],
    references: Vec<Reference>,
) -> Settled {
    let successors = periods.successors();
    let depths = depths(periods.programs, &successors);
    let rank = |run_id: &str| {
        let archived = periods
            .programs
            .iter()
            .find(|p| p.run_id == run_id)
            .is_some_and(|p| p.closure.archived);
        (
            !archived,
            depths.get(run_id).copied().unwrap_or_default(),
            periods.started.get(run_id).copied(),
        )
    };
    let book = CustomerBook::new(candidates, &references);
    let mut newest: HashMap<&CustomerId, &str> = HashMap::new();
    for reference in &references {
        let Some(id) = book.reference_id(reference) else {
            continue;
        };
        let run = reference.key.run_id.as_str();
        if newest.get(id).is_none_or(|best| rank(run) > rank(best)) {
            newest.insert(id, run);
        }
    }
    let current: Vec<bool> = references
        .iter()
        .map(|r| {
            book.reference_id(r)
                .and_then(|id| newest.get(id))
                .is_none_or(|run| *run == r.key.run_id)
        })
        .collect();
    drop(newest);
    let mut settled = Settled {
        successors,
        ..Settled::default()
    };
    for (reference, current) in references.into_iter().zip(current) {
        if current {
            settled.current.push(reference);
        } else {
            settled.earlier.push(reference);
        }
    }
    settled
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::is_valid_run_id;

    #[test]
    fn a_period_has_one_successor_id_a_valid_one_and_its_own() {
        let a = successor_id("k3v9q0x2m1ab");
        assert_eq!(a, successor_id("k3v9q0x2m1ab"));
        assert!(is_valid_run_id(&a), "{a}");
        assert_ne!(a, successor_id("k3v9q0x2m1ac"));
        assert_ne!(successor_id(&a), a);
    }
}
