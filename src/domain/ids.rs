//! Run ids: short, URL-safe, and random, so two browsers never pick the same
//! one for different runs that later meet in an import.

/// Formats randomness as a 12-character base-36 id, e.g. `k3v9q0x2m1ab`.
pub fn run_id_from(mut random: u64) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut id = String::with_capacity(12);
    for _ in 0..12 {
        id.push(char::from(DIGITS[(random % 36) as usize]));
        random /= 36;
    }
    id
}

/// Whether a text is shaped like an id this app could have made; guards URLs
/// and storage keys against arbitrary input.
pub fn is_valid_run_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_twelve_url_safe_characters_and_differ_by_input() {
        let a = run_id_from(1);
        let b = run_id_from(u64::MAX);
        assert_eq!(a.len(), 12);
        assert!(is_valid_run_id(&a) && is_valid_run_id(&b));
        assert_ne!(a, b);
    }

    #[test]
    fn odd_ids_are_rejected() {
        assert!(!is_valid_run_id(""));
        assert!(!is_valid_run_id("../x"));
        assert!(!is_valid_run_id("ABC"));
    }
}
