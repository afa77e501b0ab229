//! Content hashing and fingerprints: every export carries a fingerprint, so a
//! file edited by hand since its export is recognised on import and a printed
//! summary can be matched to its file. (The activity log's own hash chain lives
//! with the log, in `activity::chain`.)

use serde::Serialize;
use sha2::{Digest, Sha256};

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

/// What the fingerprint and the log's hash chain show, and what they cannot:
/// printed on every summary and said in the README, so nobody reads more into
/// them than they give.
pub const INTEGRITY_NOTE: &str = "The fingerprint matches the JSON file exported from Runsheet with the same \
fingerprint: a file edited by hand since its export no longer matches and is marked on import. \
The activity log is a hash chain, so an entry changed, removed or inserted by hand breaks it from \
that point on. Neither shows who made an entry or when, nor that a whole record was not rebuilt: \
anyone can recompute SHA-256 over a new file. To rely on a record, keep its exported file where \
others can see it was not replaced (a shared drive, a ticket, an email).";
