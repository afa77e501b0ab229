//! Usage counted by customer id across program runs.
//!
//! A customer carried into a new program run keeps its [`CustomerId`], so its
//! interactions and approvals in the previous run and in the current one are
//! the same customer's: the tolerance counts them together. A row of an older
//! run, with a typed name only, counts for the customer its name names
//! unambiguously in that run ([`CustomerBook::resolve`]); a name that names
//! none is returned apart, so a typo is shown instead of escaping the count.

use std::collections::HashMap;

use super::customer::{CustomerBook, Resolved};
use super::customer_id::CustomerId;
use super::model::{Approval, Interaction, RecordKey};
use super::tolerance::{Use, UseKind};

/// Every use of each customer, from every run given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UsageLedger {
    uses: HashMap<CustomerId, Vec<Use>>,
    /// Interactions and approvals whose customer could not be told: picked
    /// one removed from the run, or a typed name naming none or several.
    pub unlinked: Vec<RecordKey>,
}

impl UsageLedger {
    /// Joins `interactions` and `approvals` (of any runs) to their customers.
    pub fn new(
        book: &CustomerBook,
        interactions: &[Interaction],
        approvals: &[Approval],
    ) -> UsageLedger {
        let mut ledger = UsageLedger::default();
        let mut add = |key: &RecordKey, id: Option<&CustomerId>, typed: &str, used: Use| {
            match (id, book.resolve(&key.run_id, id, typed)) {
                // A picked id counts for that customer even when its candidate
                // row has since been removed: the activity still happened.
                (Some(id), _) => ledger.uses.entry(id.clone()).or_default().push(used),
                (None, Resolved::Customer(c)) => {
                    ledger.uses.entry(c.id.clone()).or_default().push(used)
                }
                (None, _) => ledger.unlinked.push(key.clone()),
            }
        };
        for interaction in interactions {
            if let Some(used) = Use::of_interaction(interaction) {
                add(
                    &interaction.key,
                    interaction.customer.as_ref(),
                    &interaction.reference,
                    used,
                );
            }
        }
        for approval in approvals.iter().filter(|a| a.is_approved()) {
            let used = Use {
                kind: approval.kind,
                what: UseKind::Approved,
                on: approval.decided_on,
            };
            add(
                &approval.key,
                approval.customer.as_ref(),
                &approval.reference,
                used,
            );
        }
        ledger
    }

    /// Every use of `customer`, in every run given.
    pub fn uses(&self, customer: &CustomerId) -> &[Use] {
        self.uses.get(customer).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::reference::directory_fixture;
    use crate::domain::reference::model::{Candidate, ReferenceType, ResponseStatus};
    use crate::domain::reference::tolerance::{Load, Window};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn candidate(run: &str, row: u32, customer: &CustomerId, company: &str) -> Candidate {
        Candidate {
            customer: customer.clone(),
            ..directory_fixture::candidate(run, row, company, "")
        }
    }

    fn done(run: &str, row: u32, customer: Option<&CustomerId>, typed: &str) -> Interaction {
        Interaction {
            key: RecordKey {
                run_id: run.into(),
                row_id: row,
            },
            reference: typed.into(),
            customer: customer.cloned(),
            request: None,
            kind: ReferenceType::Logo,
            audience: String::new(),
            requested_on: Some(day(1)),
            response: ResponseStatus::Completed,
            completed_on: Some(day(2)),
            activity: String::new(),
            feedback: String::new(),
            issues: String::new(),
        }
    }

    // The issue: usage in another program run was not counted, and a typo in
    // a typed name let a reference escape the limit.
    #[test]
    fn a_carried_customer_is_counted_across_both_runs_and_typos_are_shown() {
        let acme = CustomerId::first_entered("old", 1);
        let candidates = [
            candidate("old", 1, &acme, "Acme"),
            candidate("new", 1, &acme, "Acme Industries"),
        ];
        let book = CustomerBook::new(&candidates, &[]);
        let interactions = [
            done("old", 1, None, "acme"),
            done("old", 2, None, "Acmee"),
            done("new", 1, Some(&acme), ""),
            done("new", 2, Some(&acme), ""),
        ];
        let ledger = UsageLedger::new(&book, &interactions, &[]);
        let window = Window::ending(day(31), 90);
        let load = Load::of(ledger.uses(&acme), Some(ReferenceType::Logo), window);
        assert_eq!(load.counted(false), 3);
        assert_eq!(
            ledger.unlinked,
            [RecordKey {
                run_id: "old".into(),
                row_id: 2
            }]
        );
    }
}
