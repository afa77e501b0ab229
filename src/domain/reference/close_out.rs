//! The keep-until date of close-out (step 12) follows the retention policy:
//! when the close-out date or the retention period of step 1 changes, the
//! program's rules write the date they give ([`super::retention::retain_until`])
//! into "Keep until". A different date may be kept, but only with the reason
//! for it; without one, close-out cannot be completed. While a reason is on
//! record, the date is left as the person set it.
//!
//! Close-out also checks what would be lost ([`still_open`]): an escalation
//! without an outcome, a request still open, a consent about to expire are
//! listed until the person says whether they are carried into the next
//! period or closed here with a reason the record keeps.

use chrono::NaiveDate;

use crate::domain::change::request::RunChange;
use crate::domain::run::Run;
use crate::domain::template::Template;
use crate::domain::value::FieldValue;

use super::consent::expiring_within;
use super::customer::CustomerBook;
use super::customer_id::CustomerId;
use super::extract::extract;
use super::ids::{closure, criteria};
use super::overview::EXPIRY_HORIZON_DAYS;
use super::requests::request_rows;
use super::retention::retain_until;

fn value<'r>(run: &'r Run, step: &str, field: &str) -> Option<&'r FieldValue> {
    run.step(step)?.values.get(field)
}

fn date(run: &Run, field: &str) -> Option<NaiveDate> {
    match value(run, closure::STEP, field)? {
        FieldValue::Date(d) => Some(*d),
        _ => None,
    }
}

/// The retention period of step 1, in whole months.
fn months(run: &Run) -> Option<u32> {
    match value(run, criteria::STEP, criteria::RETENTION_PERIOD)? {
        FieldValue::Number(n) if n.is_finite() && *n >= 0.0 && n.fract() == 0.0 => {
            u32::try_from(*n as u64).ok()
        }
        _ => None,
    }
}

/// Whether a reason for a different keep-until date is recorded.
fn has_reason(run: &Run) -> bool {
    matches!(
        value(run, closure::STEP, closure::RETAIN_UNTIL_REASON),
        Some(FieldValue::Text(t)) if !t.trim().is_empty()
    )
}

/// The keep-until date the retention policy gives `run`: its close-out date
/// plus the retention period of step 1; `None` until both are recorded.
pub fn policy_date(run: &Run) -> Option<NaiveDate> {
    retain_until(date(run, closure::CLOSED_ON)?, months(run)?)
}

/// The follow-up that writes the policy's date into "Keep until" after a
/// change of the close-out date or of the retention period, while close-out
/// is open and no reason for a different date is recorded.
pub fn keep_until(run: &Run, change: &RunChange) -> Vec<RunChange> {
    let relevant = matches!(change, RunChange::SetValue { step, field, .. }
        if (step == closure::STEP && field == closure::CLOSED_ON)
            || (step == criteria::STEP && field == criteria::RETENTION_PERIOD));
    let open = run
        .step(closure::STEP)
        .is_some_and(|s| !s.status.is_closed());
    if !relevant || !open || has_reason(run) {
        return Vec::new();
    }
    match policy_date(run) {
        Some(policy) if date(run, closure::RETAIN_UNTIL) != Some(policy) => {
            vec![RunChange::SetValue {
                step: closure::STEP.to_owned(),
                field: closure::RETAIN_UNTIL.to_owned(),
                value: Some(FieldValue::Date(policy)),
            }]
        }
        _ => Vec::new(),
    }
}

/// The completion gate of close-out: a keep-until date other than the
/// policy's needs its reason.
pub fn gate(run: &Run) -> Option<String> {
    let policy = policy_date(run)?;
    let recorded = date(run, closure::RETAIN_UNTIL)?;
    (recorded != policy && !has_reason(run)).then(|| {
        format!(
            "“Keep until” is {recorded}, but the retention period of step 1 gives {policy}: give the reason for the different date, or set it back to {policy}"
        )
    })
}

/// What close-out would leave behind unsettled: an escalation without an
/// outcome, a request still open, a verified consent running out within
/// [`EXPIRY_HORIZON_DAYS`] of the close-out day. Each in words, with where it
/// is recorded.
pub fn still_open(template: &Template, run: &Run) -> Vec<String> {
    let directory = extract(std::slice::from_ref(run), template).directory;
    let book = CustomerBook::new(&directory.candidates, &directory.references);
    let name =
        |customer: Option<&CustomerId>, typed: &str| book.resolve(&run.id, customer, typed).label();
    let mut items = Vec::new();
    for e in directory
        .escalations
        .iter()
        .filter(|e| e.outcome.trim().is_empty())
    {
        items.push(format!(
            "Escalation without an outcome (step 11): {}, {}",
            name(e.customer.as_ref(), &e.reference),
            e.kind.label()
        ));
    }
    let closed_on = date(run, closure::CLOSED_ON);
    let today = closed_on.unwrap_or(NaiveDate::MIN);
    for row in request_rows(&directory.requests, &directory.interactions, today) {
        if row.state.is_open() {
            let r = row.request;
            items.push(format!(
                "Request still open (step 7): {} — {} for {}, {}",
                r.requester,
                r.kind.label(),
                r.audience,
                row.state.label()
            ));
        }
    }
    if let Some(closed_on) = closed_on {
        for e in expiring_within(
            &directory.consents,
            &directory.escalations,
            closed_on,
            EXPIRY_HORIZON_DAYS,
        ) {
            items.push(format!(
                "Consent about to expire (step 3): {}, {} on {}",
                name(e.consent.customer.as_ref(), &e.consent.reference),
                e.consent.consent_use.label(),
                e.on
            ));
        }
    }
    items
}

/// The completion gate of close-out for what is still open: each item is
/// listed until the person says what becomes of them — carried into the next
/// period, or closed here with a reason the record keeps (the template
/// requires the reason). A version without the choice has no such gate.
pub fn still_open_gate(template: &Template, run: &Run) -> Vec<String> {
    let offers = template
        .step(closure::STEP)
        .is_some_and(|s| s.field(closure::STILL_OPEN).is_some());
    if !offers || value(run, closure::STEP, closure::STILL_OPEN).is_some() {
        return Vec::new();
    }
    still_open(template, run)
        .into_iter()
        .map(|item| {
            format!(
                "{item} — settle it, or choose in “What is still open” to carry it into the next period or close it here with a reason"
            )
        })
        .collect()
}
