//! How records typed by people find each other.
//!
//! Consents, interactions and escalations name their reference in free text
//! ("Acme", "Ada Lovelace"), so they join a profile by a normalised name, and
//! only within the run that holds the profile: a duplicated run then keeps its
//! own history instead of counting the original's activities twice.

/// The comparable form of a name, industry, topic or place typed by a person:
/// lower case, every run of non-alphanumeric characters turned into one space,
/// no leading or trailing space. "Acme, Inc." and "acme inc" compare equal,
/// and "Europe/Berlin" becomes "europe berlin".
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out);
    out
}

/// Appends [`normalize`]`(text)` to `out`, so many texts can share one buffer.
pub fn normalize_into(text: &str, out: &mut String) {
    if !text.is_ascii() {
        for_each_normalized(text, |c| out.push(c));
        return;
    }
    // Text that is already single-spaced letters and digits only needs lower
    // casing, done in bulk; this is most names, industries and regions.
    let bytes = text.as_bytes();
    let clean = bytes.first().is_some_and(u8::is_ascii_alphanumeric)
        && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
        && bytes
            .windows(2)
            .all(|w| w[1].is_ascii_alphanumeric() || (w[1] == b' ' && w[0] != b' '));
    if clean {
        let start = out.len();
        out.push_str(text);
        if let Some(added) = out.get_mut(start..) {
            added.make_ascii_lowercase();
        }
        return;
    }
    // Other ASCII text: build the result in a stack buffer and append it in
    // one go, instead of growing the string a character at a time.
    let mut buf = [0u8; 128];
    if bytes.len() <= buf.len() {
        let mut n = 0;
        let mut gap = false;
        for &b in bytes {
            if b.is_ascii_alphanumeric() {
                if gap && n > 0 {
                    buf[n] = b' ';
                    n += 1;
                }
                gap = false;
                buf[n] = b.to_ascii_lowercase();
                n += 1;
            } else {
                gap = true;
            }
        }
        // Letters, digits and spaces only: always valid UTF-8.
        out.push_str(std::str::from_utf8(&buf[..n]).unwrap_or_default());
        return;
    }
    for_each_normalized(text, |c| out.push(c));
}

/// Feeds the characters of [`normalize`]`(text)` to `f` without building the
/// string: joining tens of thousands of records by name then allocates nothing.
pub fn for_each_normalized(text: &str, mut f: impl FnMut(char)) {
    let mut gap = false;
    let mut any = false;
    if text.is_ascii() {
        // Fast path for the usual case; same result as the general loop below.
        for b in text.bytes() {
            if b.is_ascii_alphanumeric() {
                if gap && any {
                    f(' ');
                }
                gap = false;
                any = true;
                f(char::from(b.to_ascii_lowercase()));
            } else {
                gap = true;
            }
        }
        return;
    }
    for c in text.chars() {
        if c.is_alphanumeric() {
            if gap && any {
                f(' ');
            }
            gap = false;
            any = true;
            c.to_lowercase().for_each(&mut f);
        } else {
            gap = true;
        }
    }
}

/// A hash of `run_id` and the normalised `text`, for joining records to
/// profiles through a hash map without allocating; equal keys hash equally.
pub fn join_hash(run_id: &str, text: &str) -> u64 {
    // FNV-1a: tiny and good enough to spread names over buckets; collisions
    // are resolved by comparing the names themselves.
    const PRIME: u64 = 0x0100_0000_01b3;
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |x: u32| {
        hash ^= u64::from(x);
        hash = hash.wrapping_mul(PRIME);
    };
    run_id.bytes().for_each(|b| eat(u32::from(b)));
    // Not a character, so the run id and the name can never run together.
    eat(u32::MAX);
    for_each_normalized(text, |c| eat(u32::from(c)));
    hash
}

/// Whether [`normalize`]`(text)` equals `normalized`, without allocating.
pub fn normalizes_to(text: &str, normalized: &str) -> bool {
    let mut rest = normalized.chars();
    let mut same = true;
    for_each_normalized(text, |c| same = same && rest.next() == Some(c));
    same && rest.next().is_none()
}

/// Whether `needle` appears in `hay` as whole words; both already normalised.
/// "migration" is in "data migration", "grat" is not.
pub fn contains_words(hay: &str, needle: &str) -> bool {
    if needle.is_empty() || hay.is_empty() {
        return false;
    }
    hay.match_indices(needle).any(|(at, _)| {
        let before = at == 0 || hay.as_bytes()[at - 1] == b' ';
        let end = at + needle.len();
        let after = end == hay.len() || hay.as_bytes()[end] == b' ';
        before && after
    })
}

/// A fast, non-cryptographic hasher for the join maps, which hash tens of
/// thousands of short names per index build: it eats eight bytes per step
/// where the standard SipHash eats one. The data is the person's own, so
/// hash flooding is not a concern.
#[derive(Debug, Clone, Copy, Default)]
pub struct QuickHasher(u64);

impl QuickHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for QuickHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_ignores_case_punctuation_and_spacing() {
        assert_eq!(normalize("  Acme,  Inc. "), "acme inc");
        assert_eq!(normalize("ACME inc"), "acme inc");
        assert_eq!(normalize("Europe/Berlin"), "europe berlin");
        assert_eq!(normalize("Müller GmbH"), "müller gmbh");
        assert_eq!(normalize(" -- "), "");
        assert_eq!(normalize("İstanbul Ünited"), "i\u{307}stanbul ünited");
    }

    #[test]
    fn join_hash_and_normalizes_to_agree_with_normalize() {
        for (a, b) in [("Acme, Inc.", "acme inc"), ("Zoë  GmbH", "zoë gmbh")] {
            assert_eq!(join_hash("r1", a), join_hash("r1", b));
            assert!(normalizes_to(a, &normalize(b)));
        }
        assert_ne!(join_hash("r1", "Acme"), join_hash("r2", "Acme"));
        assert!(!normalizes_to("Acme", "acme inc"));
        assert!(!normalizes_to("Acme Inc", "acme"));
    }

    #[test]
    fn contains_words_respects_word_boundaries() {
        assert!(contains_words("data migration", "migration"));
        assert!(contains_words("data migration", "data migration"));
        assert!(!contains_words("data migration", "grat"));
        assert!(!contains_words("data migrations", "migration"));
        assert!(!contains_words("data", ""));
    }
}
