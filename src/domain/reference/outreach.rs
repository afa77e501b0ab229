//! Whether a customer may be invited yet: outreach waits until the consent for
//! every reference type offered is verified and still holds on the day of
//! contact, so nobody is asked to do what legal has not cleared (or no longer
//! clears).

use std::fmt;

use chrono::NaiveDate;

use crate::domain::picks::rows_at;
use crate::domain::run::Run;
use crate::domain::template::{FieldRef, Template};
use crate::domain::value::FieldValue;

use super::consent::{ConsentLedger, ConsentState};
use super::extract::{extract, named_in_row};
use super::ids::outreach as ids;
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
            ConsentState::Withdrawn => "withdrawn".to_owned(),
            ConsentState::Expired { on } => format!("expired on {on}"),
            _ => "not verified".to_owned(),
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
/// the `offered` types on `contacted_on` (when known: a consent that expired
/// before that day no longer clears it); otherwise each use still lacking
/// verified consent.
pub fn outreach_allowed(
    run_id: &str,
    reference: &str,
    offered: &[ReferenceType],
    contacted_on: Option<NaiveDate>,
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
        let state = match contacted_on {
            Some(day) => ledger.state_on(consent_use, day),
            None => ledger.state(consent_use),
        };
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

/// The outreach step's gate: every invited customer whose consent for an offered
/// type is not verified, as one message, or `None` when outreach may go ahead.
pub fn consent_gate(template: &Template, run: &Run) -> Option<String> {
    let rows = rows_at(
        template,
        run,
        &FieldRef {
            step: ids::STEP.to_owned(),
            field: ids::LIST.to_owned(),
        },
    );
    if rows.is_empty() {
        return None;
    }
    let directory = extract(std::slice::from_ref(run), template).directory;
    let blocked: Vec<String> = rows
        .iter()
        .filter_map(|row| {
            let reference = named_in_row(run, row, ids::REFERENCE);
            if reference.is_empty() {
                return None;
            }
            let reference = reference.as_str();
            let offered: Vec<ReferenceType> = match row.values.get(ids::REFERENCE_TYPES) {
                Some(FieldValue::Choices(ids)) => ids
                    .iter()
                    .filter_map(|id| ReferenceType::from_id(id))
                    .collect(),
                _ => Vec::new(),
            };
            let contacted_on = match row.values.get(ids::CONTACTED_ON) {
                Some(FieldValue::Date(day)) => Some(*day),
                _ => None,
            };
            outreach_allowed(
                &run.id,
                reference,
                &offered,
                contacted_on,
                directory.history(),
            )
            .err()
            .map(|missing| {
                let why: Vec<String> = missing.iter().map(ToString::to_string).collect();
                format!("{reference}: {}", why.join("; "))
            })
        })
        .collect();
    (!blocked.is_empty()).then(|| {
        format!(
            "Outreach needs verified consent first — {}",
            blocked.join(" · ")
        )
    })
}
