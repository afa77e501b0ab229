//! Bringing references read from a spreadsheet into a program run: each row's
//! customer, its profile and its consent per use.
//!
//! A reference the run has already (same company and contact, as
//! [`import_targets`] decides) is updated, never entered twice: its candidate
//! is reused, its profile's differing values are set, and a consent line is
//! added only where the file says something the latest line for that use does
//! not. So importing the same file twice changes nothing the second time.

use std::collections::{BTreeMap, HashMap};

use crate::domain::run::Run;
use crate::domain::value::FieldValue;

use crate::domain::reference::customer::{CustomerBook, ImportTarget, import_targets};
use crate::domain::reference::extract::{extract, rows_of};
use crate::domain::reference::ids::{candidates as cand, consents as cons, references as refs};
use crate::domain::reference::reference_import::{ConsentCell, ReferenceRow};

use super::editor::{
    CUSTOMER, EditError, Editor, add_record, apply_all, candidate_row, set_values,
};

/// What an import did, for the page to say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReferencesImported {
    /// Customers entered as new candidates.
    pub customers_added: usize,
    /// Profiles added.
    pub profiles_added: usize,
    /// Existing profiles with at least one value changed.
    pub profiles_updated: usize,
    /// Consent lines added.
    pub consent_lines_added: usize,
}

/// Imports `rows` into `run`, all or nothing: a new customer is added as a
/// candidate with its profile; an existing one (same company and contact) has
/// its profile updated; each use's consent is added as a line, dated today,
/// when its status or expiry differs from the latest line for that use.
/// Refused when the run is archived, a step is closed, or the run's template
/// does not pick customers (version 1).
pub fn import_references(
    run: &mut Run,
    editor: &Editor<'_>,
    rows: &[ReferenceRow],
) -> Result<ReferencesImported, EditError> {
    apply_all(run, |draft| {
        let directory = extract(std::slice::from_ref(draft), editor.template).directory;
        let book = CustomerBook::new(&directory.candidates, &directory.references);
        let customers: Vec<_> = rows.iter().map(|r| r.customer.clone()).collect();
        let targets = import_targets(&book, &draft.id, &customers);
        let mut done = ReferencesImported::default();
        let mut row_of_line: HashMap<usize, u32> = HashMap::new();
        for (row, target) in rows.iter().zip(targets) {
            let candidate = match target {
                ImportTarget::Update(id) => candidate_row(draft, &id),
                ImportTarget::SameAsLine(line) => row_of_line.get(&line).copied(),
                ImportTarget::New => None,
            };
            let candidate = match candidate {
                Some(id) => id,
                None => {
                    done.customers_added += 1;
                    add_record(
                        draft,
                        editor,
                        (cand::STEP, cand::LIST),
                        &row.customer.values,
                    )?
                }
            };
            row_of_line.insert(row.line(), candidate);
            match profile_of(draft, candidate) {
                Some(profile) => {
                    if set_changed(draft, editor, profile, &row.profile)? {
                        done.profiles_updated += 1;
                    }
                }
                None => {
                    let mut values = row.profile.clone();
                    values.insert(CUSTOMER.to_owned(), FieldValue::Picks(vec![candidate]));
                    add_record(draft, editor, (refs::STEP, refs::LIST), &values)?;
                    done.profiles_added += 1;
                }
            }
            for consent in &row.consents {
                if !latest_consent_says(draft, candidate, consent) {
                    add_record(
                        draft,
                        editor,
                        (cons::STEP, cons::LIST),
                        &consent_line(candidate, consent, editor),
                    )?;
                    done.consent_lines_added += 1;
                }
            }
        }
        Ok(done)
    })
}

/// The profile row picking candidate `candidate`, if it has one.
fn profile_of(run: &Run, candidate: u32) -> Option<u32> {
    let picked = FieldValue::Picks(vec![candidate]);
    rows_of(run, refs::STEP, refs::LIST)
        .iter()
        .find(|r| r.values.get(CUSTOMER) == Some(&picked))
        .map(|r| r.id)
}

/// Sets the values of `profile` that differ from `values`; whether any did.
/// A column the file leaves empty keeps what the profile has.
fn set_changed(
    run: &mut Run,
    editor: &Editor<'_>,
    profile: u32,
    values: &BTreeMap<String, FieldValue>,
) -> Result<bool, EditError> {
    let current = rows_of(run, refs::STEP, refs::LIST)
        .iter()
        .find(|r| r.id == profile)
        .map(|r| &r.values);
    let changed: BTreeMap<String, FieldValue> = values
        .iter()
        .filter(|(column, value)| current.and_then(|c| c.get(*column)) != Some(*value))
        .map(|(c, v)| (c.clone(), v.clone()))
        .collect();
    set_values(run, editor, (refs::STEP, refs::LIST, profile), &changed)?;
    Ok(!changed.is_empty())
}

/// Whether the latest consent line for this customer and use (by date, then
/// by when it was entered, as the consent ledger orders them) has the same
/// status, and the same expiry when the file gives one.
fn latest_consent_says(run: &Run, candidate: u32, consent: &ConsentCell) -> bool {
    let picked = FieldValue::Picks(vec![candidate]);
    let use_id = FieldValue::Choice(consent.consent_use.id().to_owned());
    let latest = rows_of(run, cons::STEP, cons::LIST)
        .iter()
        .filter(|r| r.values.get(CUSTOMER) == Some(&picked))
        .filter(|r| r.values.get(cons::USE) == Some(&use_id))
        .max_by_key(|r| {
            let date = match r.values.get(cons::DATE) {
                Some(FieldValue::Date(d)) => Some(*d),
                _ => None,
            };
            (date, r.id)
        });
    latest.is_some_and(|line| {
        let status = FieldValue::Choice(consent.status.id().to_owned());
        line.values.get(cons::STATUS) == Some(&status)
            && consent
                .expires_on
                .is_none_or(|day| line.values.get(cons::EXPIRES_ON) == Some(&FieldValue::Date(day)))
    })
}

fn consent_line(
    candidate: u32,
    consent: &ConsentCell,
    editor: &Editor<'_>,
) -> BTreeMap<String, FieldValue> {
    let mut values = BTreeMap::from([
        (CUSTOMER.to_owned(), FieldValue::Picks(vec![candidate])),
        (
            cons::USE.to_owned(),
            FieldValue::Choice(consent.consent_use.id().to_owned()),
        ),
        (
            cons::STATUS.to_owned(),
            FieldValue::Choice(consent.status.id().to_owned()),
        ),
        (cons::DATE.to_owned(), FieldValue::Date(editor.today())),
    ]);
    if let Some(day) = consent.expires_on {
        values.insert(cons::EXPIRES_ON.to_owned(), FieldValue::Date(day));
    }
    values
}
