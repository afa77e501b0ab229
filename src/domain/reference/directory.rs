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
//! the CSV export both show this, with the columns of
//! [`super::directory_columns`] (consent per use, last used, uses in the
//! window, tolerance, briefed on), which the filters and [`SortBy`] also read.

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;

use super::consent::ConsentState;
use super::directory_columns::{Briefings, Columns, ConsentMark, Tolerance, columns};
use super::extract::Directory;
use super::join::normalize;
use super::matching::MatchIndex;
use super::model::{ConsentUse, Reference, ReferenceStatus, ReferenceType};

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
    /// Consent per use, last used, uses in the window, tolerance, briefed on.
    pub columns: Columns,
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

/// Each reference of `directory` as the directory lists it on `today`, in
/// the directory's order, with the consent recorded in its history applied
/// and its columns worked out under the settings of its own program run.
pub fn listing(directory: &Directory, today: NaiveDate) -> Vec<Listed<'_>> {
    let index = MatchIndex::new(&directory.references, directory.history());
    listing_with(directory, &index, today)
}

/// [`listing`] over an index already prepared for `directory` (the overview
/// reads the directory and the tolerance from one index: preparing it joins
/// every consent, interaction and approval).
pub fn listing_with<'d>(
    directory: &'d Directory,
    index: &MatchIndex<'d>,
    today: NaiveDate,
) -> Vec<Listed<'d>> {
    let references = &directory.references;
    let briefings = Briefings::new(&directory.briefings);
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
            let settings = directory.settings(&reference.key.run_id);
            Listed {
                reference,
                approved_types,
                withdrawn_types,
                standing,
                columns: columns(
                    index,
                    position,
                    settings,
                    briefings.latest(reference),
                    today,
                ),
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
    /// The overall tolerance state; a reference whose run has no tolerance
    /// set has none of them.
    pub tolerance: Option<Tolerance>,
    /// Consent in this state, for [`DirectoryFilter::consent_use`] or, when
    /// that is `None`, for any use.
    pub consent: Option<ConsentMark>,
    /// The use [`DirectoryFilter::consent`] is about; alone it filters nothing.
    pub consent_use: Option<ConsentUse>,
    /// The order of what passes.
    pub sort: SortBy,
}

/// The orders the directory can be read in; each ends in name order, so
/// references that tie keep one order every time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortBy {
    /// Contact name, then company.
    #[default]
    Name,
    /// Most recently used first; never used last.
    LastUsed,
    /// Most recently briefed first; never briefed last.
    BriefedOn,
    /// Closest to the limit first: over, near, free, then no tolerance set;
    /// within a state, the most uses of one type, then of all types.
    MostUsed,
}

impl SortBy {
    /// Every order, as the page offers them.
    pub const ALL: &'static [SortBy] = &[
        SortBy::Name,
        SortBy::LastUsed,
        SortBy::BriefedOn,
        SortBy::MostUsed,
    ];

    /// A stable id, for the option values.
    pub fn id(self) -> &'static str {
        match self {
            SortBy::Name => "name",
            SortBy::LastUsed => "last-used",
            SortBy::BriefedOn => "briefed-on",
            SortBy::MostUsed => "most-used",
        }
    }

    /// The order in words.
    pub fn label(self) -> &'static str {
        match self {
            SortBy::Name => "Name",
            SortBy::LastUsed => "Last used",
            SortBy::BriefedOn => "Briefed on",
            SortBy::MostUsed => "Tolerance (most used first)",
        }
    }

    /// The order with this id; `None` for an unknown one.
    pub fn from_id(id: &str) -> Option<SortBy> {
        SortBy::ALL.iter().copied().find(|s| s.id() == id)
    }
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
            && self
                .tolerance
                .is_none_or(|t| listed.columns.tolerance() == Some(t))
            && self.consent.is_none_or(|mark| {
                listed
                    .columns
                    .consents
                    .iter()
                    .any(|c| c.mark == mark && self.consent_use.is_none_or(|u| u == c.consent_use))
            })
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

/// The listed references passing `filter`, in its [`SortBy`] order, ties
/// (and [`SortBy::Name`]) by name, then company, then where the record lives.
pub fn filter<'l, 'a>(listed: &'l [Listed<'a>], filter: &DirectoryFilter) -> Vec<&'l Listed<'a>> {
    let mut found: Vec<&Listed<'a>> = listed.iter().filter(|l| filter.matches(l)).collect();
    // Sort keys: the chosen order first (a day, or how used), then the name.
    type Key = (
        Reverse<Option<NaiveDate>>,
        Reverse<(Option<Tolerance>, u32, u32)>,
        String,
        String,
    );
    let sort = filter.sort;
    found.sort_by_cached_key(|l| -> (Key, super::model::RecordKey) {
        let r = l.reference;
        let c = &l.columns;
        let day = match sort {
            SortBy::LastUsed => c.last_used,
            SortBy::BriefedOn => c.briefed_on,
            SortBy::Name | SortBy::MostUsed => None,
        };
        let used = match (sort, &c.usage) {
            (SortBy::MostUsed, Some(u)) => (Some(u.overall()), u.most(), u.total()),
            _ => (None, 0, 0),
        };
        (
            (
                Reverse(day),
                Reverse(used),
                normalize(&r.name),
                normalize(&r.company),
            ),
            r.key.clone(),
        )
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::reference::directory_fixture::*;
    use crate::domain::reference::model::{
        ConsentStatus as S, ConsentUse as U, ReferenceType as T,
    };

    /// Ada: quotes at the limit, logo consent expired, briefed 1 June.
    /// Bo: one logo use (free), logo consent withdrawn, briefed 20 June.
    /// Cy: logo one short of the limit, verified logo consent, never briefed.
    /// Dee: never used, no consent; Al and Dee tie on everything but the name.
    fn program_of_four() -> Directory {
        let mut d = directory(vec![
            reference("p", 1, "Dee Ek", "", &[T::Logo]),
            reference("p", 2, "Bo Chen", "", &[T::Logo]),
            reference("p", 3, "Cy Diaz", "", &[T::Logo, T::Quote]),
            reference("p", 4, "Ada Park", "", &[T::Quote]),
            reference("p", 5, "Al Ek", "", &[T::Logo]),
        ]);
        d.interactions = vec![
            done("p", 1, "Ada Park", T::Quote, day(6, 2)),
            done("p", 2, "Ada Park", T::Quote, day(6, 3)),
            done("p", 3, "Ada Park", T::Quote, day(6, 4)),
            done("p", 4, "Bo Chen", T::Logo, day(6, 28)),
            done("p", 5, "Cy Diaz", T::Logo, day(6, 10)),
            done("p", 6, "Cy Diaz", T::Logo, day(6, 11)),
        ];
        d.consents = vec![
            consent(
                "p",
                1,
                "Ada Park",
                U::Logo,
                S::Verified,
                day(1, 1),
                Some(day(5, 1)),
            ),
            consent("p", 2, "Bo Chen", U::Logo, S::Verified, day(1, 1), None),
            consent("p", 3, "Bo Chen", U::Logo, S::Withdrawn, day(6, 1), None),
            consent("p", 4, "Cy Diaz", U::Logo, S::Verified, day(1, 1), None),
            consent("p", 5, "Cy Diaz", U::Quotes, S::Requested, day(1, 1), None),
        ];
        d.briefings = vec![
            briefing("p", 1, "Ada Park", None, Some(day(6, 1))),
            briefing("p", 2, "Bo Chen", None, Some(day(6, 20))),
        ];
        d
    }

    fn names(listed: &[Listed<'_>], f: DirectoryFilter) -> Vec<String> {
        filter(listed, &f)
            .iter()
            .map(|l| l.reference.name.clone())
            .collect()
    }

    #[test]
    fn filters_by_tolerance_state() {
        let d = program_of_four();
        let listed = listing(&d, today());
        let state = |t| DirectoryFilter {
            tolerance: Some(t),
            ..DirectoryFilter::default()
        };
        assert_eq!(names(&listed, state(Tolerance::Over)), ["Ada Park"]);
        assert_eq!(names(&listed, state(Tolerance::Near)), ["Cy Diaz"]);
        assert_eq!(
            names(&listed, state(Tolerance::Free)),
            ["Al Ek", "Bo Chen", "Dee Ek"]
        );
    }

    #[test]
    fn filters_by_consent_status_for_one_use_or_any() {
        let d = program_of_four();
        let listed = listing(&d, today());
        let consent = |mark, consent_use| DirectoryFilter {
            consent: Some(mark),
            consent_use,
            ..DirectoryFilter::default()
        };
        let logo = Some(U::Logo);
        assert_eq!(
            names(&listed, consent(ConsentMark::Expired, logo)),
            ["Ada Park"]
        );
        assert_eq!(
            names(&listed, consent(ConsentMark::Withdrawn, logo)),
            ["Bo Chen"]
        );
        assert_eq!(
            names(&listed, consent(ConsentMark::Verified, logo)),
            ["Cy Diaz"]
        );
        assert_eq!(
            names(&listed, consent(ConsentMark::None, logo)),
            ["Al Ek", "Dee Ek"]
        );
        assert!(names(&listed, consent(ConsentMark::Requested, logo)).is_empty());
        assert_eq!(
            names(&listed, consent(ConsentMark::Requested, None)),
            ["Cy Diaz"],
            "any use: Cy's quotes"
        );
        let use_alone = DirectoryFilter {
            consent_use: logo,
            ..DirectoryFilter::default()
        };
        assert_eq!(
            names(&listed, use_alone).len(),
            5,
            "a use alone filters nothing"
        );
    }

    #[test]
    fn the_approved_type_filter_still_drops_withdrawn_types_and_combines() {
        let d = program_of_four();
        let listed = listing(&d, today());
        let logo = DirectoryFilter {
            kind: Some(T::Logo),
            ..DirectoryFilter::default()
        };
        assert_eq!(names(&listed, logo.clone()), ["Al Ek", "Cy Diaz", "Dee Ek"]);
        let logo_free = DirectoryFilter {
            tolerance: Some(Tolerance::Free),
            ..logo
        };
        assert_eq!(names(&listed, logo_free), ["Al Ek", "Dee Ek"]);
    }

    #[test]
    fn sorts_by_each_order_with_ties_by_name() {
        let d = program_of_four();
        let listed = listing(&d, today());
        let by = |sort| {
            names(
                &listed,
                DirectoryFilter {
                    sort,
                    ..DirectoryFilter::default()
                },
            )
        };
        assert_eq!(
            by(SortBy::Name),
            ["Ada Park", "Al Ek", "Bo Chen", "Cy Diaz", "Dee Ek"]
        );
        assert_eq!(
            by(SortBy::LastUsed),
            ["Bo Chen", "Cy Diaz", "Ada Park", "Al Ek", "Dee Ek"]
        );
        assert_eq!(
            by(SortBy::BriefedOn),
            ["Bo Chen", "Ada Park", "Al Ek", "Cy Diaz", "Dee Ek"]
        );
        assert_eq!(
            by(SortBy::MostUsed),
            ["Ada Park", "Cy Diaz", "Bo Chen", "Al Ek", "Dee Ek"]
        );
        for sort in SortBy::ALL {
            assert_eq!(SortBy::from_id(sort.id()), Some(*sort));
        }
    }

    #[test]
    fn most_used_puts_references_without_a_tolerance_last() {
        let mut d = directory(vec![
            reference("none", 1, "Ada Park", "", &[]),
            reference("p", 1, "Zed Zu", "", &[]),
        ]);
        d.interactions = vec![done("none", 1, "Ada Park", T::Logo, day(6, 29))];
        let listed = listing(&d, today());
        let sorted = names(
            &listed,
            DirectoryFilter {
                sort: SortBy::MostUsed,
                ..DirectoryFilter::default()
            },
        );
        assert_eq!(sorted, ["Zed Zu", "Ada Park"]);
    }
}
