//! Searching and filtering the reference directory.
//!
//! The directory page offers a text search and one filter per facet; the
//! facet values come from the profiles themselves, so a filter never offers an
//! industry nobody is in. Comparisons use [`normalize`], so "FinTech" and
//! "fintech" are one industry.

use std::collections::BTreeMap;

use super::join::normalize;
use super::model::{Reference, ReferenceStatus, ReferenceType};

/// What the person asked the directory for; empty parts match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DirectoryFilter {
    /// Words that must all appear somewhere in the profile (name, company,
    /// title, email, industry, product, topics, region, time zone).
    pub text: String,
    /// Industry, as offered by [`Facets::industries`].
    pub industry: Option<String>,
    /// One product, as offered by [`Facets::products`].
    pub product: Option<String>,
    /// An approved reference type.
    pub kind: Option<ReferenceType>,
    /// A region or a time zone, as offered by [`Facets::places`].
    pub place: Option<String>,
    /// A status.
    pub status: Option<ReferenceStatus>,
}

impl DirectoryFilter {
    /// Whether `reference` passes every part of the filter.
    pub fn matches(&self, reference: &Reference) -> bool {
        let same = |wanted: &Option<String>, have: &str| {
            wanted
                .as_deref()
                .is_none_or(|w| normalize(w) == normalize(have))
        };
        let words = normalize(&self.text);
        let text_ok = words.is_empty() || {
            let hay = normalize(&searchable(reference));
            words.split(' ').all(|w| hay.contains(w))
        };
        text_ok
            && same(&self.industry, &reference.industry)
            && self.product.as_deref().is_none_or(|p| {
                let p = normalize(p);
                reference.products().any(|have| normalize(have) == p)
            })
            && self
                .kind
                .is_none_or(|k| reference.approved_types.contains(&k))
            && self.place.as_deref().is_none_or(|place| {
                let place = normalize(place);
                normalize(&reference.region) == place || normalize(&reference.time_zone) == place
            })
            && self.status.is_none_or(|s| reference.status == s)
    }
}

fn searchable(r: &Reference) -> String {
    [
        &r.name,
        &r.company,
        &r.title,
        &r.email,
        &r.industry,
        &r.product,
        &r.preferred_topics,
        &r.region,
        &r.time_zone,
    ]
    .iter()
    .map(|s| s.as_str())
    .collect::<Vec<_>>()
    .join(" ")
}

/// The references passing `filter`, sorted by name then company.
pub fn filter<'a>(references: &'a [Reference], filter: &DirectoryFilter) -> Vec<&'a Reference> {
    let mut found: Vec<&Reference> = references.iter().filter(|r| filter.matches(r)).collect();
    found.sort_by_cached_key(|r| (normalize(&r.name), normalize(&r.company), r.key.clone()));
    found
}

/// The values each filter can offer, as first typed, sorted case-insensitively.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    /// Distinct industries.
    pub industries: Vec<String>,
    /// Distinct products (comma-separated lists split).
    pub products: Vec<String>,
    /// Distinct regions and time zones.
    pub places: Vec<String>,
}

/// Collects the facet values of `references`.
pub fn facets(references: &[Reference]) -> Facets {
    fn add(into: &mut BTreeMap<String, String>, value: &str) {
        let key = normalize(value);
        if !key.is_empty() {
            into.entry(key).or_insert_with(|| value.trim().to_owned());
        }
    }
    let (mut industries, mut products, mut places) =
        (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    for r in references {
        add(&mut industries, &r.industry);
        r.products().for_each(|p| add(&mut products, p));
        add(&mut places, &r.region);
        add(&mut places, &r.time_zone);
    }
    Facets {
        industries: industries.into_values().collect(),
        products: products.into_values().collect(),
        places: places.into_values().collect(),
    }
}
