//! How records typed by people find each other.
//!
//! Consents, interactions and escalations name their reference in free text
//! ("Acme", "Ada Lovelace"), so they join a profile by a normalised name, and
//! only within the run that holds the profile: a duplicated run then keeps its
//! own history instead of counting the original's activities twice.

/// How a customer is named to people: "Contact (Company)", or whichever of
/// the two is filled in.
pub fn display_name(contact: &str, company: &str) -> String {
    match (contact.trim(), company.trim()) {
        ("", company) => company.to_owned(),
        (contact, "") => contact.to_owned(),
        (contact, company) => format!("{contact} ({company})"),
    }
}

/// The name records join a customer by: the contact, or the company when no
/// contact is recorded.
pub fn join_name<'a>(contact: &'a str, company: &'a str) -> &'a str {
    match contact.trim() {
        "" => company.trim(),
        contact => contact,
    }
}

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
    let bytes = text.as_bytes();
    // ASCII text: build the result in a stack buffer and append it in one
    // go, instead of growing the string a character at a time.
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
        // The multiply above leaves the low bits weak, and hash maps pick the
        // bucket from the low bits; a MurmurHash3-style finaliser spreads every
        // input bit over the whole result.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }

    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let word = rest
                .iter()
                .rev()
                .fold(0u64, |w, b| (w << 8) | u64::from(*b));
            self.add(word);
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
    fn for_each_normalized_agrees_with_normalize() {
        for text in ["Acme, Inc.", "  Zoë  GmbH ", "Europe/Berlin", "", "--"] {
            let mut streamed = String::new();
            for_each_normalized(text, |c| streamed.push(c));
            assert_eq!(streamed, normalize(text), "{text:?}");
        }
    }

    // Regression: without a finaliser, names differing only in their last
    // characters (Contact 00001, Contact 00002, ...) fell into the same few
    // buckets of the join map and building the index slowed down severalfold.
    #[test]
    fn quick_hasher_spreads_similar_names_over_the_low_bits() {
        use std::collections::HashSet;
        use std::hash::{BuildHasher, BuildHasherDefault};
        let build = BuildHasherDefault::<QuickHasher>::default();
        let buckets: HashSet<u64> = (0..1000)
            .map(|i| build.hash_one(("program1", format!("Contact {i:05}").as_str())) & 1023)
            .collect();
        assert!(
            buckets.len() > 550,
            "only {} of 1024 buckets used",
            buckets.len()
        );
        assert_eq!(build.hash_one("same"), build.hash_one("same"));
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
