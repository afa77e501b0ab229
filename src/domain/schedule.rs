//! Due dates and overdue flags.
//!
//! A step's due date is either set by hand or derived from the template's rule
//! (days after the run started, or after the previous step closed). Dates are
//! compared in the person's local calendar. The time zone is passed in, so the
//! rules stay testable away from the browser: the browser passes its own zone
//! (`chrono::Local`), which gives each past instant the offset it had then,
//! summer time included; tests pass a `FixedOffset` or a zone of their own.

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};

use super::progress::{RunStatus, run_status};
use super::run::Run;
use super::template::{DueAnchor, Template};

/// The local calendar day of an instant in `zone`, at the offset `zone` had
/// at that instant (not today's).
pub fn local_date<Tz: TimeZone>(at: DateTime<Utc>, zone: &Tz) -> NaiveDate {
    at.with_timezone(zone).date_naive()
}

/// Due date of the step at `index`: the hand-set date, else the template's
/// derived date once its anchor exists, else none.
pub fn due_date<Tz: TimeZone>(
    template: &Template,
    run: &Run,
    index: usize,
    zone: Tz,
) -> Option<NaiveDate> {
    let state = run.steps.get(index)?;
    if let Some(date) = state.due_override {
        return Some(date);
    }
    let rule = template.steps.get(index)?.due?;
    let anchor = match rule.from {
        DueAnchor::RunStart => run.created_at,
        DueAnchor::PreviousStep => match index.checked_sub(1) {
            None => run.created_at,
            Some(previous) => run.steps.get(previous)?.completed_at?,
        },
    };
    local_date(anchor, &zone).checked_add_days(Days::new(u64::from(rule.days)))
}

/// Whether the step at `index` is past its due date and still open.
pub fn is_step_overdue<Tz: TimeZone>(
    template: &Template,
    run: &Run,
    index: usize,
    today: NaiveDate,
    zone: Tz,
) -> bool {
    let open = run.steps.get(index).is_some_and(|s| !s.status.is_closed());
    open && due_date(template, run, index, zone).is_some_and(|due| due < today)
}

/// Whether the run needs attention: past its target date while unfinished, or
/// holding an overdue step.
pub fn is_run_overdue<Tz: TimeZone>(
    template: &Template,
    run: &Run,
    today: NaiveDate,
    zone: Tz,
) -> bool {
    if run_status(run) == RunStatus::Complete {
        return false;
    }
    run.target_date.is_some_and(|target| target < today)
        || (0..run.steps.len()).any(|i| is_step_overdue(template, run, i, today, zone.clone()))
}
