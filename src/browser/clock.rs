//! The browser's clock and time zone, handed to the domain as plain values.
//!
//! One clock for the whole app: `now()` is the person's now with their current
//! UTC offset, so its date is their today wherever it is used (a rule, a
//! default title, a file name); what is stored takes its UTC instant. Past
//! instants are shown through `zone()`, at the offset they had then.

use chrono::{DateTime, FixedOffset, Local, NaiveDate, Utc};

/// Now, as the person lives it: the instant with their current UTC offset.
/// Stored instants take `.to_utc()`; `Run::apply` takes it as it is.
pub fn now() -> DateTime<FixedOffset> {
    Local::now().fixed_offset()
}

/// Today in the person's calendar.
pub fn today() -> NaiveDate {
    now().date_naive()
}

/// The person's time zone: gives each instant the offset it had at that
/// instant (summer time included), read from the browser (`Date`) on wasm.
pub fn zone() -> Local {
    Local
}

/// An instant shown in local time at its own offset, e.g. "2026-11-22 14:05".
pub fn local_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&zone())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}
