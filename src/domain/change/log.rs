//! The log entries of one change being applied.

use chrono::{DateTime, Utc};

use crate::domain::activity::entry::ActivityEntry;
use crate::domain::activity::log::record;
use crate::domain::activity::subject::Subject;

/// Collects the log entries of one change; every real change goes through
/// [`ChangeLog::add`], so `touched` tells whether anything changed at all.
pub(super) struct ChangeLog<'a> {
    pub(super) entries: Vec<ActivityEntry>,
    pub(super) who: &'a str,
    pub(super) now: DateTime<Utc>,
    pub(super) touched: bool,
}

impl ChangeLog<'_> {
    /// Records one change of `subject` from `old` to `new`, described by `what`.
    pub(super) fn add(
        &mut self,
        what: String,
        subject: Subject<'_>,
        old: Option<String>,
        new: Option<String>,
    ) {
        self.touched = true;
        record(
            &mut self.entries,
            ActivityEntry::new(self.now, self.who, what, subject, old, new),
        );
    }
}
