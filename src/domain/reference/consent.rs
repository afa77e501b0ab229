//! Where a reference's consent stands for each use, folded from every consent
//! line and consent-withdrawal escalation recorded about them.
//!
//! People add lines over time (requested, then verified, later withdrawn)
//! rather than editing one, so the state is decided by all lines together, in
//! an order-independent way: the same lines always give the same answer.

use chrono::NaiveDate;

use super::model::{Consent, ConsentStatus, ConsentUse, Escalation, EscalationType};

/// Where consent for one use stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsentState {
    /// Documented consent, not withdrawn since.
    Verified,
    /// Consent was taken back and not given again since.
    Withdrawn,
    /// No verified consent; `last` is the most telling status seen (refused
    /// over requested), `None` when nothing was ever recorded.
    NotVerified {
        /// Refused, requested, or nothing.
        last: Option<ConsentStatus>,
    },
}

/// What is known about one use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct UseRecord {
    /// Latest verified date; `Some(None)` for verified lines without a date.
    verified: Option<Option<NaiveDate>>,
    /// Latest withdrawal; undated withdrawals count as the latest possible.
    withdrawn: Option<NaiveDate>,
    refused: bool,
    requested: bool,
}

/// Consent per use for one reference.
///
/// Rules, in order: a withdrawal wins unless a verified line is dated strictly
/// after it (an undated withdrawal is taken as the newest word, so it always
/// wins); otherwise any verified line verifies the use; otherwise the use is
/// not verified. A consent-withdrawal escalation withdraws every use at its date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsentLedger {
    uses: [UseRecord; 5],
}

fn slot(consent_use: ConsentUse) -> usize {
    match consent_use {
        ConsentUse::Logo => 0,
        ConsentUse::Quotes => 1,
        ConsentUse::Recordings => 2,
        ConsentUse::PublicCaseStudy => 3,
        ConsentUse::SalesCall => 4,
    }
}

impl ConsentLedger {
    /// A ledger with nothing recorded: every use is not verified.
    pub fn new() -> ConsentLedger {
        ConsentLedger::default()
    }

    /// Takes one consent line into account.
    pub fn record(&mut self, consent: &Consent) {
        let entry = &mut self.uses[slot(consent.consent_use)];
        match consent.status {
            ConsentStatus::Verified => {
                entry.verified = Some(entry.verified.flatten().max(consent.date));
            }
            ConsentStatus::Withdrawn => withdraw(entry, consent.date),
            ConsentStatus::Refused => entry.refused = true,
            ConsentStatus::Requested => entry.requested = true,
        }
    }

    /// Takes an escalation into account; only consent withdrawals matter here.
    pub fn record_escalation(&mut self, escalation: &Escalation) {
        if escalation.kind == EscalationType::ConsentWithdrawn {
            for entry in &mut self.uses {
                withdraw(entry, escalation.date);
            }
        }
    }

    /// Where consent for `consent_use` stands.
    pub fn state(&self, consent_use: ConsentUse) -> ConsentState {
        let entry = &self.uses[slot(consent_use)];
        match (entry.withdrawn, entry.verified) {
            (Some(withdrawn), Some(Some(verified))) if verified > withdrawn => {
                ConsentState::Verified
            }
            (Some(_), _) => ConsentState::Withdrawn,
            (None, Some(_)) => ConsentState::Verified,
            (None, None) => ConsentState::NotVerified {
                last: if entry.refused {
                    Some(ConsentStatus::Refused)
                } else if entry.requested {
                    Some(ConsentStatus::Requested)
                } else {
                    None
                },
            },
        }
    }
}

fn withdraw(entry: &mut UseRecord, date: Option<NaiveDate>) {
    let date = date.unwrap_or(NaiveDate::MAX);
    entry.withdrawn = Some(entry.withdrawn.map_or(date, |d| d.max(date)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::reference::model::RecordKey;

    fn day(d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2026, 3, d)
    }

    fn line(status: ConsentStatus, date: Option<NaiveDate>) -> Consent {
        Consent {
            customer: None,
            expires_on: None,
            key: RecordKey {
                run_id: "r".into(),
                row_id: 1,
            },
            reference: "Acme".into(),
            consent_use: ConsentUse::Logo,
            status,
            date,
            evidence: String::new(),
            approvals: String::new(),
            restrictions: String::new(),
        }
    }

    fn fold(lines: &[Consent]) -> ConsentState {
        let mut ledger = ConsentLedger::new();
        lines.iter().for_each(|l| ledger.record(l));
        ledger.state(ConsentUse::Logo)
    }

    #[test]
    fn nothing_recorded_is_not_verified() {
        assert_eq!(fold(&[]), ConsentState::NotVerified { last: None });
        assert_eq!(
            fold(&[line(ConsentStatus::Requested, None)]),
            ConsentState::NotVerified {
                last: Some(ConsentStatus::Requested)
            }
        );
        assert_eq!(
            fold(&[
                line(ConsentStatus::Requested, None),
                line(ConsentStatus::Refused, None)
            ]),
            ConsentState::NotVerified {
                last: Some(ConsentStatus::Refused)
            }
        );
    }

    #[test]
    fn verified_consent_verifies_only_its_use() {
        let mut ledger = ConsentLedger::new();
        ledger.record(&line(ConsentStatus::Verified, day(1)));
        assert_eq!(ledger.state(ConsentUse::Logo), ConsentState::Verified);
        assert_eq!(
            ledger.state(ConsentUse::Quotes),
            ConsentState::NotVerified { last: None }
        );
    }

    // A withdrawal must not be undone by an older or undated verified line,
    // whatever order the lines are in.
    #[test]
    fn withdrawal_wins_unless_verified_again_later() {
        let verified_1 = line(ConsentStatus::Verified, day(1));
        let withdrawn_5 = line(ConsentStatus::Withdrawn, day(5));
        let verified_9 = line(ConsentStatus::Verified, day(9));
        let verified_undated = line(ConsentStatus::Verified, None);
        let withdrawn_undated = line(ConsentStatus::Withdrawn, None);
        assert_eq!(
            fold(&[verified_1.clone(), withdrawn_5.clone()]),
            ConsentState::Withdrawn
        );
        assert_eq!(
            fold(&[withdrawn_5.clone(), verified_1.clone()]),
            ConsentState::Withdrawn
        );
        assert_eq!(
            fold(&[withdrawn_5.clone(), verified_undated]),
            ConsentState::Withdrawn
        );
        assert_eq!(
            fold(&[verified_9.clone(), withdrawn_5.clone()]),
            ConsentState::Verified
        );
        assert_eq!(
            fold(&[verified_9, withdrawn_5, withdrawn_undated]),
            ConsentState::Withdrawn
        );
        assert_eq!(
            fold(&[
                line(ConsentStatus::Withdrawn, day(5)),
                line(ConsentStatus::Verified, day(5))
            ]),
            ConsentState::Withdrawn,
            "same day: the withdrawal wins"
        );
    }

    #[test]
    fn a_consent_withdrawal_escalation_withdraws_every_use() {
        let mut ledger = ConsentLedger::new();
        ledger.record(&line(ConsentStatus::Verified, day(1)));
        ledger.record_escalation(&Escalation {
            customer: None,
            key: RecordKey {
                run_id: "r".into(),
                row_id: 1,
            },
            reference: "Acme".into(),
            kind: EscalationType::ConsentWithdrawn,
            details: String::new(),
            escalated_to: None,
            date: day(2),
            outcome: String::new(),
        });
        for u in ConsentUse::ALL {
            assert_eq!(ledger.state(*u), ConsentState::Withdrawn, "{u}");
        }
    }
}
