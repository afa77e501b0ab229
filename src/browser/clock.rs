//! The browser's clock and time zone, handed to the domain as plain values.
//!
//! One clock for the whole app: `now()` is the person's now with their current
//! UTC offset, so its date is their today wherever it is used (a rule, a
//! default title, a file name); what is stored takes its UTC instant.

use chrono::{DateTime, FixedOffset, Local, NaiveDate, Offset, Utc};

/// Now, as the person lives it: the instant with their current UTC offset.
/// Stored instants take `.to_utc()`; `Run::apply` takes it as it is.
pub fn now() -> DateTime<FixedOffset> {
    Local::now().fixed_offset()
}

/// The browser's current UTC offset, used to show and compare dates in local time.
pub fn local_offset() -> FixedOffset {
    Local::now().offset().fix()
}

/// Today in the person's calendar.
pub fn today() -> NaiveDate {
    now().date_naive()
}

/// An instant shown in local time, e.g. "2026-11-22 14:05".
pub fn local_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&local_offset())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}
