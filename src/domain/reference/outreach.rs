//! Whether a customer may be invited yet: outreach waits until the consent for
//! every reference type offered is verified, so nobody is asked to do what
//! legal has not cleared.

use std::fmt;

use super::consent::{ConsentLedger, ConsentState};
use super::join::normalize;
use super::model::{ConsentUse, History, ReferenceType};

/// A use whose consent is not verified, and the offered types that need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingConsent {
    /// The use.
    pub consent_use: ConsentUse,
    /// Offered types that need it.
    pub for_types: Vec<ReferenceType>,
    /// Where its consent stands.
    pub state: ConsentState,
}

impl fmt::Display for MissingConsent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let types: Vec<&str> = self.for_types.iter().map(|t| t.label()).collect();
        let state = match self.state {
            ConsentState::Withdrawn => "withdrawn",
            _ => "not verified",
        };
        write!(
            f,
            "Consent for {} is {state} (needed for {})",
            self.consent_use.label().to_lowercase(),
            types.join(", ")
        )
    }
}

/// Whether `reference` (a name as typed in run `run_id`) may be invited for
/// the `offered` types; otherwise each use still lacking verified consent.
pub fn outreach_allowed(
    run_id: &str,
    reference: &str,
    offered: &[ReferenceType],
    history: History<'_>,
) -> Result<(), Vec<MissingConsent>> {
    let key = normalize(reference);
    let names_it =
        |run: &str, text: &str| !key.is_empty() && run == run_id && normalize(text) == key;
    let mut ledger = ConsentLedger::new();
    history
        .consents
        .iter()
        .filter(|c| names_it(&c.key.run_id, &c.reference))
        .for_each(|c| ledger.record(c));
    history
        .escalations
        .iter()
        .filter(|e| names_it(&e.key.run_id, &e.reference))
        .for_each(|e| ledger.record_escalation(e));
    let mut missing: Vec<MissingConsent> = Vec::new();
    for kind in offered {
        let consent_use = kind.consent_use();
        let state = ledger.state(consent_use);
        if state == ConsentState::Verified {
            continue;
        }
        match missing.iter_mut().find(|m| m.consent_use == consent_use) {
            Some(m) if !m.for_types.contains(kind) => m.for_types.push(*kind),
            Some(_) => {}
            None => missing.push(MissingConsent {
                consent_use,
                for_types: vec![*kind],
                state,
            }),
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(missing)
    }
}
