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
