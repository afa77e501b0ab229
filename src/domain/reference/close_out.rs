//! The keep-until date of close-out (step 12) follows the retention policy:
//! when the close-out date or the retention period of step 1 changes, the
//! program's rules write the date they give ([`super::retention::retain_until`])
//! into "Keep until". A different date may be kept, but only with the reason
//! for it; without one, close-out cannot be completed. While a reason is on
//! record, the date is left as the person set it.

use chrono::NaiveDate;

use crate::domain::change::request::RunChange;
use crate::domain::run::Run;
use crate::domain::value::FieldValue;

use super::ids::{closure, criteria};
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
