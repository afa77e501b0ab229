//! The usage tolerance: how many activities of one type a reference may have
//! completed within a rolling window before they are rested.
//!
//! The window is counted in whole calendar days and ends today, today
//! included: a window of `n` days runs from `today - (n - 1)` to `today`. With
//! 90 days and today 2026-03-31 it starts on 2026-01-01. Activities dated after
//! today (planned, or a typo) are not counted; a window of 0 days counts nothing.
//! A reference is over tolerance when the count has *reached* the limit, because
//! one more activity would take it past the limit.

use chrono::{Days, NaiveDate};

use super::join::normalize;
use super::model::{Interaction, Reference, ReferenceType};

/// The days a rolling window covers, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// First day counted.
    pub first: NaiveDate,
    /// Last day counted: today.
    pub last: NaiveDate,
}

impl Window {
    /// The window of `days` days ending on `today`; `None` for 0 days.
    pub fn ending(today: NaiveDate, days: u32) -> Option<Window> {
        let back = days.checked_sub(1)?;
        let first = today
            .checked_sub_days(Days::new(u64::from(back)))
            .unwrap_or(NaiveDate::MIN);
        Some(Window { first, last: today })
    }

    /// Whether `date` falls inside the window.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.first <= date && date <= self.last
    }
}

/// Completed activities of `kind` by `reference` within the window of
/// `window_days` ending `today`. Interactions join the reference by name within
/// its own run (see [`super::join`]).
///
/// This scans every interaction; ranking many references uses the prepared
/// index in [`super::matching`] instead, which applies the same rule.
pub fn uses_in_window(
    interactions: &[Interaction],
    reference: &Reference,
    kind: ReferenceType,
    today: NaiveDate,
    window_days: u32,
) -> u32 {
    let Some(window) = Window::ending(today, window_days) else {
        return 0;
    };
    let names = [normalize(&reference.name), normalize(&reference.company)];
    let count = interactions
        .iter()
        .filter(|i| i.kind == kind && i.key.run_id == reference.key.run_id)
        .filter(|i| i.completed_date().is_some_and(|d| window.contains(d)))
        .filter(|i| {
            let key = normalize(&i.reference);
            !key.is_empty() && names.contains(&key)
        })
        .count();
    u32::try_from(count).unwrap_or(u32::MAX)
}

/// Whether `used` activities put a reference over a tolerance of `limit`.
pub fn is_over(used: u32, limit: u32) -> bool {
    used >= limit
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_window_includes_today_and_the_days_before_it() {
        let w = Window::ending(day(2026, 3, 31), 90).unwrap();
        assert_eq!(w.first, day(2026, 1, 1));
        assert!(w.contains(day(2026, 1, 1)));
        assert!(!w.contains(day(2025, 12, 31)));
        assert!(w.contains(day(2026, 3, 31)));
        assert!(!w.contains(day(2026, 4, 1)));
    }

    #[test]
    fn a_one_day_window_is_today_and_zero_days_is_none() {
        let w = Window::ending(day(2026, 3, 31), 1).unwrap();
        assert_eq!((w.first, w.last), (day(2026, 3, 31), day(2026, 3, 31)));
        assert_eq!(Window::ending(day(2026, 3, 31), 0), None);
    }

    #[test]
    fn a_huge_window_reaches_back_to_the_earliest_date() {
        let w = Window::ending(day(2026, 3, 31), u32::MAX).unwrap();
        assert_eq!(w.first, NaiveDate::MIN);
    }

    #[test]
    fn reaching_the_limit_is_over() {
        assert!(!is_over(2, 3));
        assert!(is_over(3, 3));
        assert!(is_over(4, 3));
        assert!(is_over(0, 0));
    }
}
