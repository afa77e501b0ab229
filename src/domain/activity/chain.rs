//! The log's hash chain: each entry's hash covers its content and the previous
//! entry's hash, so an entry changed, removed or inserted by hand breaks the
//! chain from that point on. It shows the log was not rewritten piecemeal; it
//! cannot show who wrote it, since anyone can recompute SHA-256 over a new log.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::integrity::content_hash;

use super::entry::ActivityEntry;

/// The hash an entry must carry: over its content and the previous entry's hash.
pub fn entry_hash(entry: &ActivityEntry) -> String {
    #[derive(Serialize)]
    struct Hashed<'a> {
        prev: &'a str,
        at: &'a DateTime<Utc>,
        who: &'a str,
        what: &'a str,
        subject: &'a str,
        old: &'a Option<String>,
        new: &'a Option<String>,
    }
    content_hash(&Hashed {
        prev: &entry.prev,
        at: &entry.at,
        who: &entry.who,
        what: &entry.what,
        subject: &entry.subject,
        old: &entry.old,
        new: &entry.new,
    })
}

/// Links `entry` to `previous` and seals it.
pub fn seal(entry: &mut ActivityEntry, previous: Option<&ActivityEntry>) {
    entry.prev = previous.map(|p| p.hash.clone()).unwrap_or_default();
    entry.hash = entry_hash(entry);
}

/// Position of the first entry whose link or content does not match, if any.
/// Everything before it is intact; it and everything after cannot be trusted.
pub fn first_broken_link(log: &[ActivityEntry]) -> Option<usize> {
    let mut previous = "";
    for (i, entry) in log.iter().enumerate() {
        if entry.prev != previous || entry.hash != entry_hash(entry) {
            return Some(i);
        }
        previous = &entry.hash;
    }
    None
}
