//! Searching and filtering the reference directory.
//!
//! The directory page offers a text search and one filter per facet; the
//! facet values come from the profiles themselves, so a filter never offers an
//! industry nobody is in. Comparisons use [`normalize`], so "FinTech" and
//! "fintech" are one industry.
//!
//! The directory lists each profile as it stands ([`Listed`]), not as it was
//! typed: a type whose consent was withdrawn (by a consent line or a
//! consent-withdrawal escalation, the same facts matching reads) is no longer
//! among its approved types, and a reference left with none for that reason
//! stands as "Consent withdrawn" instead of its profile's status. The page and
//! the CSV export both show this.

use std::collections::BTreeMap;
use std::fmt;

use super::consent::ConsentState;
use super::join::normalize;
use super::matching::MatchIndex;
use super::model::{History, Reference, ReferenceStatus, ReferenceType};

/// Where a reference stands in the directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// As its profile says.
    Profile(ReferenceStatus),
    /// Consent was withdrawn for every type it was approved for.
    ConsentWithdrawn,
}

impl Standing {
    /// The standing in words.
    pub fn label(self) -> &'static str {
        match self {
            Standing::Profile(status) => status.label(),
            Standing::ConsentWithdrawn => "Consent withdrawn",
        }
    }
}

impl fmt::Display for Standing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A reference as the directory lists it: its profile with withdrawals applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed<'a> {
    /// The profile as recorded.
    pub reference: &'a Reference,
    /// Approved types whose consent still stands.
    pub approved_types: Vec<ReferenceType>,
    /// Approved types whose consent was withdrawn.
    pub withdrawn_types: Vec<ReferenceType>,
    /// Where it stands.
    pub standing: Standing,
}

impl Listed<'_> {
    /// The standing in words, naming partly withdrawn consent:
    /// "Active (consent withdrawn for logo)".
    pub fn status_text(&self) -> String {
        match (self.standing, self.withdrawn_types.as_slice()) {
            (Standing::Profile(status), []) => status.label().to_owned(),
            (Standing::Profile(status), withdrawn) => format!(
                "{} (consent withdrawn for {})",
                status.label(),
                type_list(withdrawn).to_lowercase()
            ),
            (Standing::ConsentWithdrawn, _) => Standing::ConsentWithdrawn.label().to_owned(),
        }
    }

    /// The approved types that still stand, in words: "Logo, Quote".
    pub fn approved_text(&self) -> String {
        type_list(&self.approved_types)
    }
}

fn type_list(types: &[ReferenceType]) -> String {
    types
        .iter()
        .map(|t| t.label())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Each of `references` as the directory lists it, in the same order, with
/// the consent recorded in `history` applied.
pub fn listing<'a>(references: &'a [Reference], history: History<'_>) -> Vec<Listed<'a>> {
    let index = MatchIndex::new(references, history);
    references
        .iter()
        .enumerate()
        .map(|(position, reference)| {
            let (withdrawn_types, approved_types): (Vec<_>, Vec<_>) =
                reference.approved_types.iter().partition(|kind| {
                    index.consent(position, kind.consent_use()) == Some(ConsentState::Withdrawn)
                });
            let standing = if !withdrawn_types.is_empty() && approved_types.is_empty() {
                Standing::ConsentWithdrawn
            } else {
                Standing::Profile(reference.status)
            };
            Listed {
                reference,
                approved_types,
                withdrawn_types,
                standing,
            }
        })
        .collect()
}

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
    /// An approved reference type whose consent still stands.
    pub kind: Option<ReferenceType>,
    /// A region or a time zone, as offered by [`Facets::places`].
    pub place: Option<String>,
    /// A status of the profile; a reference standing as "Consent withdrawn"
    /// has none of them.
    pub status: Option<ReferenceStatus>,
    /// Only references standing as "Consent withdrawn".
    pub consent_withdrawn: bool,
}

impl DirectoryFilter {
    /// Whether `listed` passes every part of the filter.
    pub fn matches(&self, listed: &Listed<'_>) -> bool {
        let reference = listed.reference;
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
            && self.kind.is_none_or(|k| listed.approved_types.contains(&k))
            && self.place.as_deref().is_none_or(|place| {
                let place = normalize(place);
                normalize(&reference.region) == place || normalize(&reference.time_zone) == place
            })
            && self
                .status
                .is_none_or(|s| listed.standing == Standing::Profile(s))
            && (!self.consent_withdrawn || listed.standing == Standing::ConsentWithdrawn)
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

/// The listed references passing `filter`, sorted by name then company.
pub fn filter<'l, 'a>(listed: &'l [Listed<'a>], filter: &DirectoryFilter) -> Vec<&'l Listed<'a>> {
    let mut found: Vec<&Listed<'a>> = listed.iter().filter(|l| filter.matches(l)).collect();
    found.sort_by_cached_key(|l| {
        let r = l.reference;
        (normalize(&r.name), normalize(&r.company), r.key.clone())
    });
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
