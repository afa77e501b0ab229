//! How long closed program records are kept, and which are due for disposal.
//!
//! The retention period is a number of calendar months counted from the
//! close-out date. When the target month is shorter, the date is clamped to its
//! last day: closed on 31 January with 1 month kept gives 28 February (29 in a
//! leap year), never 3 March. Records are kept *through* their keep-until day and
//! are past retention from the day after.

use chrono::{Months, NaiveDate};

use super::model::Program;

/// The last day records closed on `closed_on` must be kept; `None` only when
/// the date would fall outside the calendar chrono supports.
pub fn retain_until(closed_on: NaiveDate, retention_months: u32) -> Option<NaiveDate> {
    closed_on.checked_add_months(Months::new(retention_months))
}

/// A closed program run and how long it is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionRecord {
    /// The run.
    pub run_id: String,
    /// Its title.
    pub title: String,
    /// When it was closed, if recorded.
    pub closed_on: Option<NaiveDate>,
    /// Keep through this day.
    pub retain_until: NaiveDate,
    /// True when the date was worked out from the settings rather than recorded
    /// in the close-out step, so the UI can suggest recording it.
    pub computed: bool,
}

/// The retention record of each program that has a keep-until date: the one
/// recorded at close-out, or else the close-out date plus the retention
/// period. Programs with neither are still running and left out.
pub fn retention_records(programs: &[Program]) -> Vec<RetentionRecord> {
    programs
        .iter()
        .filter_map(|p| {
            let recorded = p.closure.retain_until;
            let computed = || {
                let months = p.settings.as_ref()?.retention_months?;
                retain_until(p.closure.closed_on?, months)
            };
            let (date, is_computed) = match recorded {
                Some(d) => (d, false),
                None => (computed()?, true),
            };
            Some(RetentionRecord {
                run_id: p.run_id.clone(),
                title: p.title.clone(),
                closed_on: p.closure.closed_on,
                retain_until: date,
                computed: is_computed,
            })
        })
        .collect()
}

/// Records whose keep-until day is before `today`, oldest first.
pub fn past_retention(records: &[RetentionRecord], today: NaiveDate) -> Vec<&RetentionRecord> {
    let mut past: Vec<&RetentionRecord> =
        records.iter().filter(|r| r.retain_until < today).collect();
    past.sort_by(|a, b| {
        a.retain_until
            .cmp(&b.retain_until)
            .then_with(|| a.run_id.cmp(&b.run_id))
    });
    past
}
