//! Where a reference's consent stands for each use, folded from every consent
//! line and consent-withdrawal escalation recorded about them.
//!
//! People add lines over time (requested, then verified, later withdrawn)
//! rather than editing one, so the state is decided by all lines together, in
//! an order-independent way: the same lines always give the same answer.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};

use super::join::normalize;
use super::model::{Consent, ConsentStatus, ConsentUse, Escalation, EscalationType};

/// Where consent for one use stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsentState {
    /// Documented consent, not withdrawn since.
    Verified,
    /// Consent was taken back and not given again since.
    Withdrawn,
    /// Verified, but only through `on`, a day before the one asked about
    /// (see [`ConsentLedger::state_on`]).
    Expired {
        /// The last day the consent held.
        on: NaiveDate,
    },
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
    /// Last day the latest verified line holds ([`NaiveDate::MAX`] when it
    /// does not expire); among lines of the same date, the longest.
    expires: Option<NaiveDate>,
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
                let expires = consent.expires_on.unwrap_or(NaiveDate::MAX);
                // `None < Some(_)`, so an undated line ranks below any dated one.
                let newer = entry.verified.is_none_or(|best| consent.date > best);
                let same = entry.verified == Some(consent.date);
                if newer {
                    entry.expires = Some(expires);
                } else if same {
                    entry.expires = Some(entry.expires.map_or(expires, |e| e.max(expires)));
                }
                entry.verified = Some(match entry.verified {
                    Some(best) => best.max(consent.date),
                    None => consent.date,
                });
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

impl ConsentLedger {
    /// Where consent for `consent_use` stands on `today`: as
    /// [`ConsentLedger::state`] says, except that verified consent whose latest
    /// verified line expired before `today` is [`ConsentState::Expired`], which
    /// excludes like missing consent. A consent holds through its expiry day.
    pub fn state_on(&self, consent_use: ConsentUse, today: NaiveDate) -> ConsentState {
        let state = self.state(consent_use);
        match (state, self.uses[slot(consent_use)].expires) {
            (ConsentState::Verified, Some(on)) if on < today => ConsentState::Expired { on },
            _ => state,
        }
    }

    /// The last day verified consent for `consent_use` holds; `None` when it
    /// is not verified or does not expire.
    pub fn expires_on(&self, consent_use: ConsentUse) -> Option<NaiveDate> {
        match self.state(consent_use) {
            ConsentState::Verified => self.uses[slot(consent_use)]
                .expires
                .filter(|d| *d != NaiveDate::MAX),
            _ => None,
        }
    }
}

/// Verified consent that runs out soon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expiring<'c> {
    /// The verified line that sets the expiry (the newest for its use).
    pub consent: &'c Consent,
    /// The last day it holds.
    pub on: NaiveDate,
    /// Days from today to that day; 0 when it is today.
    pub days_left: u32,
}

/// Who a consent line or escalation is about, within its run: the customer
/// picked, or for an older row the name typed.
fn subject<'a>(
    run_id: &'a str,
    customer: Option<&'a super::customer_id::CustomerId>,
    typed: &str,
) -> (&'a str, String) {
    match customer {
        Some(id) => (run_id, format!("id:{id}")),
        None => (run_id, format!("name:{}", normalize(typed))),
    }
}

/// Verified consents, not withdrawn, whose last day falls within `days` days
/// of `today` (today to `today + days`, both included), soonest first: what
/// the overview lists so consent can be renewed before matching loses the
/// reference. Lines join their customer by id, or an older line by its typed
/// name within its run; a consent-withdrawal escalation about the same
/// customer withdraws it.
pub fn expiring_within<'c>(
    consents: &'c [Consent],
    escalations: &[Escalation],
    today: NaiveDate,
    days: u32,
) -> Vec<Expiring<'c>> {
    let last_day = today
        .checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX);
    let mut ledgers: BTreeMap<(&str, String), (ConsentLedger, Vec<&'c Consent>)> = BTreeMap::new();
    for consent in consents {
        let key = subject(
            &consent.key.run_id,
            consent.customer.as_ref(),
            &consent.reference,
        );
        let (ledger, lines) = ledgers.entry(key).or_default();
        ledger.record(consent);
        lines.push(consent);
    }
    for escalation in escalations {
        let key = subject(
            &escalation.key.run_id,
            escalation.customer.as_ref(),
            &escalation.reference,
        );
        if let Some((ledger, _)) = ledgers.get_mut(&key) {
            ledger.record_escalation(escalation);
        }
    }
    let mut found: Vec<Expiring<'c>> = Vec::new();
    for (ledger, lines) in ledgers.values() {
        for consent_use in ConsentUse::ALL {
            let Some(on) = ledger.expires_on(*consent_use) else {
                continue;
            };
            if on < today || on > last_day {
                continue;
            }
            let setting = lines
                .iter()
                .filter(|c| c.consent_use == *consent_use && c.status == ConsentStatus::Verified)
                .filter(|c| c.expires_on == Some(on))
                .max_by_key(|c| (c.date, c.key.row_id));
            if let Some(consent) = setting {
                found.push(Expiring {
                    consent,
                    on,
                    days_left: u32::try_from((on - today).num_days()).unwrap_or(u32::MAX),
                });
            }
        }
    }
    found.sort_by(|a, b| {
        a.on.cmp(&b.on)
            .then_with(|| a.consent.key.cmp(&b.consent.key))
    });
    found
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

    fn expiring(date: Option<NaiveDate>, expires_on: Option<NaiveDate>) -> Consent {
        Consent {
            expires_on,
            ..line(ConsentStatus::Verified, date)
        }
    }

    #[test]
    fn verified_consent_holds_through_its_expiry_day_and_then_expires() {
        let mut ledger = ConsentLedger::new();
        ledger.record(&expiring(day(1), day(10)));
        let logo = ConsentUse::Logo;
        assert_eq!(
            ledger.state_on(logo, day(10).unwrap()),
            ConsentState::Verified
        );
        assert_eq!(
            ledger.state_on(logo, day(11).unwrap()),
            ConsentState::Expired {
                on: day(10).unwrap()
            }
        );
        assert_eq!(
            ledger.state(logo),
            ConsentState::Verified,
            "state ignores the date"
        );
        assert_eq!(ledger.expires_on(logo), day(10));
    }

    // Renewed consent: the newest verified line decides the expiry, whatever
    // order the lines are in; one without an expiry never expires.
    #[test]
    fn the_newest_verified_line_decides_the_expiry() {
        for lines in [
            [expiring(day(1), day(10)), expiring(day(9), day(20))],
            [expiring(day(9), day(20)), expiring(day(1), day(10))],
        ] {
            let mut ledger = ConsentLedger::new();
            lines.iter().for_each(|l| ledger.record(l));
            assert_eq!(ledger.expires_on(ConsentUse::Logo), day(20));
        }
        let mut ledger = ConsentLedger::new();
        ledger.record(&expiring(day(9), None));
        ledger.record(&expiring(day(1), day(2)));
        assert_eq!(ledger.expires_on(ConsentUse::Logo), None);
        assert_eq!(
            ledger.state_on(ConsentUse::Logo, day(30).unwrap()),
            ConsentState::Verified
        );
        let mut same_day = ConsentLedger::new();
        same_day.record(&expiring(day(3), day(5)));
        same_day.record(&expiring(day(3), day(8)));
        assert_eq!(
            same_day.expires_on(ConsentUse::Logo),
            day(8),
            "same day: the longest"
        );
    }

    #[test]
    fn a_withdrawn_consent_stays_withdrawn_not_expired() {
        let mut ledger = ConsentLedger::new();
        ledger.record(&expiring(day(1), day(2)));
        ledger.record(&line(ConsentStatus::Withdrawn, day(5)));
        assert_eq!(
            ledger.state_on(ConsentUse::Logo, day(9).unwrap()),
            ConsentState::Withdrawn
        );
        assert_eq!(ledger.expires_on(ConsentUse::Logo), None);
    }

    #[test]
    fn consents_expiring_within_30_days_are_listed_soonest_first() {
        let today = day(1).unwrap();
        let in_days = |n| today.checked_add_days(Days::new(n));
        let mut lines = vec![
            Consent {
                reference: "Initech".into(),
                ..expiring(day(1), in_days(30))
            },
            Consent {
                reference: "Acme".into(),
                ..expiring(day(1), in_days(3))
            },
            Consent {
                reference: "Globex".into(),
                ..expiring(day(1), in_days(31))
            },
            Consent {
                reference: "Hooli".into(),
                ..expiring(day(1), NaiveDate::from_ymd_opt(2026, 2, 28))
            },
            Consent {
                reference: "Umbrella".into(),
                ..expiring(day(1), in_days(5))
            },
        ];
        lines.push(Consent {
            reference: "umbrella".into(),
            ..line(ConsentStatus::Withdrawn, day(1))
        });
        let found = expiring_within(&lines, &[], today, 30);
        let names: Vec<(&str, u32)> = found
            .iter()
            .map(|e| (e.consent.reference.as_str(), e.days_left))
            .collect();
        assert_eq!(names, [("Acme", 3), ("Initech", 30)]);
        let mut renewed = lines.clone();
        renewed.push(Consent {
            reference: "Acme".into(),
            ..expiring(day(2), None)
        });
        let names: Vec<&str> = expiring_within(&renewed, &[], today, 30)
            .iter()
            .map(|e| e.consent.reference.as_str())
            .collect();
        assert_eq!(
            names,
            ["Initech"],
            "renewed without expiry: no longer expiring"
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
