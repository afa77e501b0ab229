//! The browser's clock and time zone, handed to the domain as plain values.

use chrono::{DateTime, FixedOffset, Local, NaiveDate, Offset, Utc};

/// Now, in UTC, as stored.
pub fn now() -> DateTime<Utc> {
    Utc::now()
}

/// The browser's current UTC offset, used to show and compare dates in local time.
pub fn local_offset() -> FixedOffset {
    Local::now().offset().fix()
}

/// Today in the person's calendar.
pub fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// An instant shown in local time, e.g. "2026-11-22 14:05".
pub fn local_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&local_offset())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}
