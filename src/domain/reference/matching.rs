//! Matching a request to references: who may be asked, who fits best, and why.
//!
//! Every reference ends up either ranked (eligible, with a score and the
//! reasons behind it) or excluded (with every reason it cannot be asked), so
//! the owner sees the whole directory and never wonders where someone went.
//!
//! The work is split so it stays inside one animation frame for thousands of
//! references: [`MatchIndex::new`] joins consents, escalations, interactions
//! and approvals to references once (hash lookups, no quadratic scans), and
//! [`MatchIndex::rank`] then scores each reference with plain comparisons of
//! pre-normalised text.

use std::cmp::Ordering;
use std::fmt;

use chrono::NaiveDate;

use super::consent::{ConsentLedger, ConsentState};
use super::index::{Prepared, prepare};
use super::join::{contains_words, normalize};
use super::model::{
    Availability, ConsentStatus, ConsentUse, History, ProgramSettings, RecordKey, Reference,
    ReferenceStatus, ReferenceType, Request,
};
use super::tolerance::{Load, Use, UseKind, Window, is_over};

/// Points for a reference in the requested industry: prospects trust peers.
pub const INDUSTRY_WEIGHT: i32 = 30;
/// Points when a preferred topic fits the use case: the reference will speak to it gladly.
pub const USE_CASE_WEIGHT: i32 = 25;
/// Points for a reference in the requested region.
pub const REGION_WEIGHT: i32 = 15;
/// Points when the time zone lies in the requested geography (less telling
/// than a stated region, so worth less; only counted without a region match).
pub const TIME_ZONE_WEIGHT: i32 = 10;
/// Points for a reference using the requested product.
pub const PRODUCT_WEIGHT: i32 = 30;
/// Most points one completed activity inside the window costs: the full amount
/// on the day it happened, falling linearly towards 1 at the window's far edge.
/// An open booking costs the full amount: it is a use happening now.
pub const RECENT_USE_WEIGHT: i32 = 20;
/// Points a reference with limited availability loses: still eligible, but
/// better asked after those who are free.
pub const LIMITED_AVAILABILITY_WEIGHT: i32 = 10;

/// One component of a score, in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason<'a> {
    /// Same industry as the request.
    Industry {
        /// The reference's industry, as typed.
        industry: &'a str,
    },
    /// A preferred topic fits the requested use case.
    UseCase {
        /// The matching topic, as typed.
        topic: &'a str,
    },
    /// Same region as the requested geography.
    Region {
        /// The reference's region, as typed.
        region: &'a str,
    },
    /// The time zone lies in the requested geography.
    TimeZone {
        /// The reference's time zone, as typed.
        time_zone: &'a str,
    },
    /// Uses the requested product.
    Product {
        /// The matching product, as typed.
        product: &'a str,
    },
    /// Availability is limited.
    LimitedAvailability,
    /// Completed activities inside the window lower the score.
    RecentUse {
        /// Completed activities of any type inside the window.
        uses: u32,
        /// Days since the latest of them (0 = today).
        days_since_last: u32,
        /// Window length in days.
        window_days: u32,
        /// Points lost, as a positive number.
        penalty: i32,
    },
    /// Requests still open with the reference (awaiting its answer or
    /// confirmed) lower the score; the request's own booking is left out.
    OpenBookings {
        /// Open bookings of any type inside the window.
        open: u32,
        /// Points lost, as a positive number.
        penalty: i32,
    },
}

impl Reason<'_> {
    /// What this reason adds to (or, when negative, takes from) the score.
    pub fn points(&self) -> i32 {
        match self {
            Reason::Industry { .. } => INDUSTRY_WEIGHT,
            Reason::UseCase { .. } => USE_CASE_WEIGHT,
            Reason::Region { .. } => REGION_WEIGHT,
            Reason::TimeZone { .. } => TIME_ZONE_WEIGHT,
            Reason::Product { .. } => PRODUCT_WEIGHT,
            Reason::LimitedAvailability => -LIMITED_AVAILABILITY_WEIGHT,
            Reason::RecentUse { penalty, .. } | Reason::OpenBookings { penalty, .. } => -penalty,
        }
    }
}

fn signed(points: i32) -> String {
    if points < 0 {
        format!("−{}", points.unsigned_abs())
    } else {
        format!("+{points}")
    }
}

impl fmt::Display for Reason<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let points = signed(self.points());
        match self {
            Reason::Industry { industry } => write!(f, "Same industry: {industry} ({points})"),
            Reason::UseCase { topic } => {
                write!(f, "Preferred topic “{topic}” fits the use case ({points})")
            }
            Reason::Region { region } => write!(f, "Same region: {region} ({points})"),
            Reason::TimeZone { time_zone } => {
                write!(
                    f,
                    "Time zone {time_zone} is in the requested geography ({points})"
                )
            }
            Reason::Product { product } => write!(f, "Uses {product} ({points})"),
            Reason::LimitedAvailability => write!(f, "Limited availability ({points})"),
            Reason::RecentUse {
                uses,
                days_since_last,
                window_days,
                ..
            } => {
                let times = if *uses == 1 {
                    "1 activity".to_owned()
                } else {
                    format!("{uses} activities")
                };
                let when = match days_since_last {
                    0 => "today".to_owned(),
                    1 => "yesterday".to_owned(),
                    n => format!("{n} days ago"),
                };
                write!(
                    f,
                    "{times} completed in the last {window_days} days, the latest {when} ({points})"
                )
            }
            Reason::OpenBookings { open, .. } => {
                let requests = if *open == 1 {
                    "1 other request".to_owned()
                } else {
                    format!("{open} other requests")
                };
                write!(f, "{requests} open with this reference ({points})")
            }
        }
    }
}

/// Why a reference cannot be asked for this request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exclusion {
    /// The profile does not list the requested type among its approved types.
    TypeNotApproved {
        /// The requested type.
        kind: ReferenceType,
    },
    /// No verified consent for the use the requested type needs.
    NoConsent {
        /// The use needed.
        consent_use: ConsentUse,
        /// Refused or requested, when recorded.
        last: Option<ConsentStatus>,
    },
    /// Consent for the needed use was withdrawn (by a consent line or an escalation).
    ConsentWithdrawn {
        /// The use needed.
        consent_use: ConsentUse,
    },
    /// Consent for the needed use was verified, but has expired.
    ConsentExpired {
        /// The use needed.
        consent_use: ConsentUse,
        /// The last day it held.
        on: NaiveDate,
    },
    /// Marked unavailable, or not active in the program.
    Unavailable {
        /// Availability on the profile.
        availability: Availability,
        /// Status on the profile.
        status: ReferenceStatus,
    },
    /// The program run holding the profile is archived.
    Archived,
    /// Activities of this type inside the window (completed, booked or
    /// approved, see [`Load::counted`]) have reached the limit.
    OverTolerance {
        /// The requested type.
        kind: ReferenceType,
        /// Activities of that type inside the window, as [`Load::counted`] counts them.
        used: u32,
        /// The usage limit.
        limit: u32,
        /// Window length in days.
        window_days: u32,
    },
    /// The program's settings (step 1) do not offer this type. Only approval
    /// applies it: matching still ranks, and flags the request instead
    /// ([`MatchResult::type_offered`]).
    NotOffered {
        /// The requested type.
        kind: ReferenceType,
    },
}

impl fmt::Display for Exclusion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Exclusion::TypeNotApproved { kind } => {
                write!(f, "Not approved for {}", kind.label().to_lowercase())
            }
            Exclusion::NoConsent { consent_use, last } => {
                write!(
                    f,
                    "No verified consent for {}",
                    consent_use.label().to_lowercase()
                )?;
                match last {
                    Some(status) => write!(f, " ({})", status.label().to_lowercase()),
                    None => Ok(()),
                }
            }
            Exclusion::ConsentWithdrawn { consent_use } => write!(
                f,
                "Consent withdrawn for {}",
                consent_use.label().to_lowercase()
            ),
            Exclusion::ConsentExpired { consent_use, on } => write!(
                f,
                "Consent for {} expired on {}",
                consent_use.label().to_lowercase(),
                on.format("%Y-%m-%d")
            ),
            Exclusion::Unavailable {
                availability,
                status,
            } => match (availability, status) {
                (_, ReferenceStatus::Paused | ReferenceStatus::Retired) => {
                    write!(f, "Unavailable: {}", status.label().to_lowercase())
                }
                _ => write!(f, "Unavailable"),
            },
            Exclusion::Archived => write!(f, "Program run archived"),
            Exclusion::OverTolerance {
                kind,
                used,
                limit,
                window_days,
            } => write!(
                f,
                "Over tolerance: {used} of {limit} {} activities in the last {window_days} days",
                kind.label().to_lowercase()
            ),
            Exclusion::NotOffered { kind } => write!(
                f,
                "The program does not offer {} (step 1)",
                kind.label().to_lowercase()
            ),
        }
    }
}

/// An eligible reference with its score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked<'a> {
    /// The reference.
    pub reference: &'a Reference,
    /// Sum of the reasons' points; higher is a better fit.
    pub score: i32,
    /// Every component of the score, matches first, penalties last.
    pub reasons: Vec<Reason<'a>>,
}

/// A reference that cannot be asked, with every reason why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excluded<'a> {
    /// The reference.
    pub reference: &'a Reference,
    /// Every reason, in a fixed order: type, consent, availability, archive, tolerance.
    pub why: Vec<Exclusion>,
}

/// The outcome of matching one request against the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchResult<'a> {
    /// Eligible references, best first (score descending, then name).
    pub ranked: Vec<Ranked<'a>>,
    /// Excluded references, by name.
    pub excluded: Vec<Excluded<'a>>,
    /// False when the program settings do not offer the requested type; the
    /// ranking is still given so the owner can decide.
    pub type_offered: bool,
}

/// A reference's recent activity, for the directory and the usage review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Usage {
    /// Activities inside the window, per type, as the tolerance counts them
    /// ([`Load::counted`]; types with none left out).
    pub by_type: Vec<(ReferenceType, u32)>,
    /// Those activities, all types.
    pub total: u32,
    /// Date of the latest completed activity, inside the window or not.
    pub last_completed: Option<NaiveDate>,
}

/// The request's text, normalised once per ranking.
struct Wanted {
    industry: String,
    use_case: String,
    geography: String,
    product: String,
}

/// References joined to their consent, activities and approvals, ready to rank
/// any number of requests. Build it once per change of the records; ranking
/// then costs one pass over the references.
#[derive(Debug, Clone)]
pub struct MatchIndex<'a> {
    references: &'a [Reference],
    prepared: Prepared,
}

impl<'a> MatchIndex<'a> {
    /// Joins `history` to `references`: each consent line, escalation,
    /// interaction and approval goes to every profile in the same run whose
    /// contact or company name it names (see [`super::join`]).
    pub fn new(references: &'a [Reference], history: History<'_>) -> MatchIndex<'a> {
        MatchIndex {
            references,
            prepared: prepare(references, history),
        }
    }

    /// The references this index was built from.
    pub fn references(&self) -> &'a [Reference] {
        self.references
    }

    /// Ranks every reference for `request` on `today` under `settings`.
    pub fn rank(
        &self,
        request: &Request,
        settings: &ProgramSettings,
        today: NaiveDate,
    ) -> MatchResult<'a> {
        let wanted = Wanted {
            industry: normalize(&request.industry),
            use_case: normalize(&request.use_case),
            geography: normalize(&request.geography),
            product: normalize(&request.product),
        };
        let window = Window::ending(today, settings.window_days);
        let mut ranked: Vec<(usize, Ranked<'a>)> = Vec::new();
        let mut excluded: Vec<(usize, Excluded<'a>)> = Vec::new();
        for (position, reference) in self.references.iter().enumerate() {
            let own = request.booked_with(reference);
            let why = self.exclusions(position, request.kind, settings, today, own);
            if why.is_empty() {
                let own = own.then_some(request.kind);
                let reasons = self.reasons(position, &wanted, settings, window, today, own);
                let score = reasons.iter().map(Reason::points).sum();
                ranked.push((
                    position,
                    Ranked {
                        reference,
                        score,
                        reasons,
                    },
                ));
            } else {
                excluded.push((position, Excluded { reference, why }));
            }
        }
        ranked.sort_by(|(a, x), (b, y)| y.score.cmp(&x.score).then_with(|| self.by_name(*a, *b)));
        excluded.sort_by(|(a, _), (b, _)| self.by_name(*a, *b));
        MatchResult {
            ranked: ranked.into_iter().map(|(_, r)| r).collect(),
            excluded: excluded.into_iter().map(|(_, e)| e).collect(),
            type_offered: settings.offers(request.kind),
        }
    }

    /// Why the reference at `position` cannot be asked for `kind`; empty when it
    /// can. `own_booking`: the request is already booked with this reference, so
    /// one open booking is its own (see [`Load::counted`]). Shared with approval
    /// so both apply exactly the same rules.
    pub(super) fn exclusions(
        &self,
        position: usize,
        kind: ReferenceType,
        settings: &ProgramSettings,
        today: NaiveDate,
        own_booking: bool,
    ) -> Vec<Exclusion> {
        let window = Window::ending(today, settings.window_days);
        let mut why = Vec::new();
        let (Some(reference), Some(ledger)) = (
            self.references.get(position),
            self.prepared.ledgers.get(position),
        ) else {
            return why;
        };
        if !reference.approved_types.contains(&kind) {
            why.push(Exclusion::TypeNotApproved { kind });
        }
        let consent_use = kind.consent_use();
        match ledger.state_on(consent_use, today) {
            ConsentState::Verified => {}
            ConsentState::Withdrawn => why.push(Exclusion::ConsentWithdrawn { consent_use }),
            ConsentState::Expired { on } => why.push(Exclusion::ConsentExpired { consent_use, on }),
            ConsentState::NotVerified { last } => {
                why.push(Exclusion::NoConsent { consent_use, last })
            }
        }
        if reference.availability == Availability::Unavailable
            || reference.status != ReferenceStatus::Active
        {
            why.push(Exclusion::Unavailable {
                availability: reference.availability,
                status: reference.status,
            });
        }
        if reference.archived {
            why.push(Exclusion::Archived);
        }
        let used = self.load(position, Some(kind), window).counted(own_booking);
        if is_over(used, settings.usage_limit) {
            why.push(Exclusion::OverTolerance {
                kind,
                used,
                limit: settings.usage_limit,
                window_days: settings.window_days,
            });
        }
        why
    }

    /// The score's components. `own`: the type of the request when it is
    /// already booked with this reference, so its own booking costs nothing.
    fn reasons(
        &self,
        position: usize,
        wanted: &Wanted,
        settings: &ProgramSettings,
        window: Option<Window>,
        today: NaiveDate,
        own: Option<ReferenceType>,
    ) -> Vec<Reason<'a>> {
        let mut reasons = Vec::new();
        let reference: &'a Reference = &self.references[position];
        let texts = &self.prepared.texts;
        let Some(profile) = self.prepared.profiles.get(position) else {
            return reasons;
        };
        if !wanted.industry.is_empty() && wanted.industry == texts.get(profile.industry) {
            reasons.push(Reason::Industry {
                industry: reference.industry.trim(),
            });
        }
        if let Some(topic) = texts
            .items(&reference.preferred_topics, profile.topics)
            .find_map(|(raw, t)| {
                (contains_words(&wanted.use_case, t) || contains_words(t, &wanted.use_case))
                    .then_some(raw)
            })
        {
            reasons.push(Reason::UseCase { topic });
        }
        let geography = wanted.geography.as_str();
        if !geography.is_empty() {
            if geography == texts.get(profile.region) {
                reasons.push(Reason::Region {
                    region: reference.region.trim(),
                });
            } else if [
                profile.time_zone,
                profile.time_zone_area,
                profile.time_zone_city,
            ]
            .iter()
            .any(|tz| geography == texts.get(*tz))
            {
                reasons.push(Reason::TimeZone {
                    time_zone: reference.time_zone.trim(),
                });
            }
        }
        if !wanted.product.is_empty()
            && let Some(product) = texts
                .items(&reference.product, profile.products)
                .find_map(|(raw, p)| (p == wanted.product).then_some(raw))
        {
            reasons.push(Reason::Product { product });
        }
        if reference.availability == Availability::Limited {
            reasons.push(Reason::LimitedAvailability);
        }
        if let Some(window) = window {
            let days = i64::from(settings.window_days);
            let mut uses = 0u32;
            let mut penalty = 0i64;
            let mut newest = i64::MAX;
            for used in self.prepared.uses(position) {
                let Some(date) = used.on.filter(|d| window.contains(*d)) else {
                    continue;
                };
                if used.what != UseKind::Completed {
                    continue;
                }
                let age = (today - date).num_days();
                uses += 1;
                newest = newest.min(age);
                // Ceiling division: every use inside the window costs at least 1 point.
                penalty += (i64::from(RECENT_USE_WEIGHT) * (days - age) + days - 1) / days;
            }
            if uses > 0 {
                reasons.push(Reason::RecentUse {
                    uses,
                    days_since_last: u32::try_from(newest).unwrap_or(u32::MAX),
                    window_days: settings.window_days,
                    penalty: i32::try_from(penalty).unwrap_or(i32::MAX),
                });
            }
            let booked = self.load(position, None, Some(window)).booked;
            let own =
                own.is_some_and(|kind| self.load(position, Some(kind), Some(window)).booked > 0);
            let open = booked - u32::from(own);
            if open > 0 {
                reasons.push(Reason::OpenBookings {
                    open,
                    penalty: RECENT_USE_WEIGHT
                        .saturating_mul(i32::try_from(open).unwrap_or(i32::MAX)),
                });
            }
        }
        reasons
    }

    /// What counts toward the tolerance of the reference at `position`, of
    /// `kind` (or of any type) inside `window`; nothing for an unknown position.
    pub fn load(
        &self,
        position: usize,
        kind: Option<ReferenceType>,
        window: Option<Window>,
    ) -> Load {
        Load::of(self.prepared.uses(position), kind, window)
    }

    /// Where consent for `consent_use` stands for the reference at `position`.
    pub fn consent(&self, position: usize, consent_use: ConsentUse) -> Option<ConsentState> {
        self.prepared
            .ledgers
            .get(position)
            .map(|ledger| ledger.state(consent_use))
    }

    /// The consent ledger of the reference at `position`, for what the
    /// directory shows of each use (state on a day, expiry).
    pub fn ledger(&self, position: usize) -> Option<&ConsentLedger> {
        self.prepared.ledgers.get(position)
    }

    /// Every use counting toward the tolerance of the reference at
    /// `position`, all types and dates; empty for an unknown position.
    pub fn uses(&self, position: usize) -> &[Use] {
        self.prepared.uses(position)
    }

    /// Position of the reference recorded at `key`, for [`MatchIndex::usage`].
    pub fn position_of(&self, key: &RecordKey) -> Option<usize> {
        self.references.iter().position(|r| &r.key == key)
    }

    /// Recent activity of the reference at `position` (an index into
    /// [`MatchIndex::references`]); `None` when there is no such reference.
    pub fn usage(&self, position: usize, today: NaiveDate, window_days: u32) -> Option<Usage> {
        self.references.get(position)?;
        let uses = self.prepared.uses(position);
        let window = Window::ending(today, window_days);
        let by_type: Vec<(ReferenceType, u32)> = ReferenceType::ALL
            .iter()
            .map(|kind| {
                (
                    *kind,
                    self.load(position, Some(*kind), window).counted(false),
                )
            })
            .filter(|(_, n)| *n > 0)
            .collect();
        Some(Usage {
            total: by_type.iter().map(|(_, n)| n).sum(),
            by_type,
            last_completed: uses
                .iter()
                .filter(|u| u.what == UseKind::Completed)
                .filter_map(|u| u.on)
                .max(),
        })
    }

    /// Name order for ties and for the excluded list: contact name, company,
    /// then where the record lives, so equal names still sort the same way every time.
    fn by_name(&self, a: usize, b: usize) -> Ordering {
        let texts = &self.prepared.texts;
        let (x, y) = (&self.prepared.profiles[a], &self.prepared.profiles[b]);
        texts
            .get(x.name)
            .cmp(texts.get(y.name))
            .then_with(|| texts.get(x.company).cmp(texts.get(y.company)))
            .then_with(|| self.references[a].key.cmp(&self.references[b].key))
    }
}

/// Ranks every reference for `request`: the one-call form of
/// [`MatchIndex::new`] followed by [`MatchIndex::rank`].
pub fn rank<'a>(
    request: &Request,
    references: &'a [Reference],
    history: History<'_>,
    settings: &ProgramSettings,
    today: NaiveDate,
) -> MatchResult<'a> {
    MatchIndex::new(references, history).rank(request, settings, today)
}
