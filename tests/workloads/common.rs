//! What the workload generators share (`#[path]`-included by `storage.rs`
//! and `matching.rs`): a deterministic random source and the vocabulary of a
//! reference program's attributes, so both describe customers alike.
#![allow(dead_code)]

/// A 64-bit linear congruential generator (Knuth's MMIX constants): tiny,
/// deterministic everywhere, and no dependency.
pub struct Lcg(pub u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// A number below `n` (`n` is small; the high bits of an LCG are the well-mixed ones).
    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next()).unwrap_or(0) % n.max(1)
    }

    /// One of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

pub const INDUSTRIES: &[&str] = &[
    "Financial services",
    "Healthcare",
    "Retail",
    "Manufacturing",
    "Logistics",
    "Education",
    "Public sector",
    "Media",
    "Energy",
    "Telecom",
];
pub const PRODUCTS: &[&str] = &[
    "Analytics",
    "Payments",
    "CRM",
    "Support desk",
    "Data platform",
];
pub const REGIONS: &[&str] = &["EMEA", "North America", "LATAM", "APAC"];
pub const ZONES: &[&str] = &[
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Chicago",
    "America/Sao_Paulo",
    "Asia/Singapore",
    "Australia/Sydney",
];
