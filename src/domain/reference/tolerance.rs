//! The usage tolerance: how many activities of one type a reference may be
//! asked for within a rolling window before they are rested.
//!
//! The window is counted in whole calendar days and ends today, today
//! included: a window of `n` days runs from `today - (n - 1)` to `today`. With
//! 90 days and today 2026-03-31 it starts on 2026-01-01; a window of 0 days
//! counts nothing.
//!
//! Three kinds of record count ([`Use`]): completed activities, on the day they
//! were done (a completion dated after today, a typo, is not counted); open
//! bookings (awaiting the customer's answer or confirmed), on the day they were
//! asked; and approved decisions of step 10, on the day they were given. A
//! booking or approval is already promised, so one dated after today, or not
//! dated at all, counts as today. Declined requests and requests that got no
//! answer do not count.
//!
//! A reference is over tolerance when the count has *reached* the limit, because
//! one more activity would take it past the limit. The count a new request
//! faces is [`Load::counted`]: completed activities and open bookings (without
//! the request's own booking, when it has one), and never fewer than the
//! approved decisions, so an approval given without a booking still counts.

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

/// What a record that counts toward the tolerance is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UseKind {
    /// An activity that was done.
    Completed,
    /// A request awaiting the customer's answer, or confirmed and not done yet.
    Booked,
    /// An approved decision of step 10.
    Approved,
}

/// One record that counts toward a reference's tolerance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Use {
    /// Reference type of the activity.
    pub kind: ReferenceType,
    /// Done, booked or approved.
    pub what: UseKind,
    /// Its date: done on, asked on, or decided on.
    pub on: Option<NaiveDate>,
}

impl Use {
    /// What `interaction` counts as, if anything: a completed activity from the
    /// day it was done (or asked, when that is all that was recorded), an open
    /// booking from the day it was asked.
    pub fn of_interaction(interaction: &Interaction) -> Option<Use> {
        let (what, on) = if interaction.is_booked() {
            (
                UseKind::Booked,
                interaction.requested_on.or(interaction.completed_on),
            )
        } else {
            (UseKind::Completed, Some(interaction.completed_date()?))
        };
        Some(Use {
            kind: interaction.kind,
            what,
            on,
        })
    }

    /// The day it counts on in a window ending `today`: a completed activity
    /// on its own day; a booking or approval on its day but never after
    /// today, and today when undated.
    pub fn day(&self, today: NaiveDate) -> Option<NaiveDate> {
        match self.what {
            UseKind::Completed => self.on,
            UseKind::Booked | UseKind::Approved => Some(self.on.unwrap_or(today).min(today)),
        }
    }
}

/// What a reference is already asked for, of one type (or of all) inside one window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Load {
    /// Completed activities.
    pub completed: u32,
    /// Open bookings.
    pub booked: u32,
    /// Approved decisions.
    pub approved: u32,
}

impl Load {
    /// Adds up `uses` of `kind` (every type when `None`) that fall inside
    /// `window`; nothing counts in a window of 0 days.
    pub fn of<'u>(
        uses: impl IntoIterator<Item = &'u Use>,
        kind: Option<ReferenceType>,
        window: Option<Window>,
    ) -> Load {
        let mut load = Load::default();
        let Some(window) = window else {
            return load;
        };
        for u in uses {
            if kind.is_some_and(|k| k != u.kind)
                || !u.day(window.last).is_some_and(|d| window.contains(d))
            {
                continue;
            }
            let slot = match u.what {
                UseKind::Completed => &mut load.completed,
                UseKind::Booked => &mut load.booked,
                UseKind::Approved => &mut load.approved,
            };
            *slot = slot.saturating_add(1);
        }
        load
    }

    /// The count one more request faces: completed activities and open
    /// bookings, less one booking when `own_booking` says the request's own is
    /// among them, and never fewer than the approved decisions.
    pub fn counted(&self, own_booking: bool) -> u32 {
        let own = u32::from(own_booking && self.booked > 0);
        self.completed
            .saturating_add(self.booked - own)
            .max(self.approved)
    }
}

/// Completed activities and open bookings of `kind` by `reference` within the
/// window of `window_days` ending `today`. Interactions join the reference by
/// name within its own run (see [`super::join`]).
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
    let names = [normalize(&reference.name), normalize(&reference.company)];
    let uses: Vec<Use> = interactions
        .iter()
        .filter(|i| i.key.run_id == reference.key.run_id)
        // A record that picks a customer joins by id (see `index`), else by name.
        .filter(|i| match &i.customer {
            Some(id) => reference.customer.as_ref() == Some(id),
            None => {
                let key = normalize(&i.reference);
                !key.is_empty() && names.contains(&key)
            }
        })
        .filter_map(Use::of_interaction)
        .collect();
    Load::of(&uses, Some(kind), Window::ending(today, window_days)).counted(false)
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
