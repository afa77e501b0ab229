//! Tamper evidence: the activity log is a hash chain and every export carries a
//! fingerprint, so a file edited outside the app is recognised on import and a
//! printed summary can be matched to its file.

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::activity::ActivityEntry;

/// Lowercase hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in digest {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

/// SHA-256 of a value's JSON form. Our types serialise deterministically (fixed
/// field order, sorted maps), so equal content always gives the same hash.
pub fn content_hash<T: Serialize>(value: &T) -> String {
    // Serialising plain data cannot fail; an empty string would simply not match.
    sha256_hex(serde_json::to_string(value).unwrap_or_default().as_bytes())
}

/// The fingerprint printed on a summary and stored in an export: short enough to
/// read aloud, long enough that a changed file will not match by chance.
pub fn short_fingerprint(full: &str) -> String {
    full.chars()
        .take(16)
        .collect::<Vec<_>>()
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// The hash an entry must carry: over its content and the previous entry's hash.
pub fn entry_hash(entry: &ActivityEntry) -> String {
    #[derive(Serialize)]
    struct Hashed<'a> {
        prev: &'a str,
        at: &'a chrono::DateTime<chrono::Utc>,
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
