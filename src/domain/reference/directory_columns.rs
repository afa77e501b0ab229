//! The columns a manager reads in the directory beside the profile: consent
//! per use, when the reference was last used, how many uses of each type fall
//! in the current window and what that means against the limit, and when it
//! was last briefed.
//!
//! Nothing here is a rule of its own: consent is the [`ConsentLedger`]'s
//! answer on the day asked ([`ConsentLedger::state_on`], so expiry applies),
//! uses are what [`super::tolerance`] counts (through the same [`MatchIndex`]
//! matching ranks with), and the limit and window are those of the program
//! run holding the profile. The page and the CSV show these values as they are.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::consent::{ConsentLedger, ConsentState};
use super::customer_id::CustomerId;
use super::join::normalize;
use super::matching::MatchIndex;
use super::model::{
    Briefing, ConsentStatus, ConsentUse, ProgramSettings, Reference, ReferenceType,
};
use super::tolerance::{Window, is_over};

/// Where consent for one use stands on the day the directory is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConsentMark {
    /// Nothing recorded for this use.
    None,
    /// Asked for, no answer yet.
    Requested,
    /// Given, documented, and not past its expiry.
    Verified,
    /// Declined.
    Refused,
    /// Taken back and not given again since.
    Withdrawn,
    /// Verified, but its last day has passed.
    Expired,
}

impl ConsentMark {
    /// Every mark, in the order a filter offers them.
    pub const ALL: &'static [ConsentMark] = &[
        ConsentMark::None,
        ConsentMark::Requested,
        ConsentMark::Verified,
        ConsentMark::Refused,
        ConsentMark::Withdrawn,
        ConsentMark::Expired,
    ];

    /// A stable id, for a filter's option values.
    pub fn id(self) -> &'static str {
        match self {
            ConsentMark::None => "none",
            ConsentMark::Requested => "requested",
            ConsentMark::Verified => "verified",
            ConsentMark::Refused => "refused",
            ConsentMark::Withdrawn => "withdrawn",
            ConsentMark::Expired => "expired",
        }
    }

    /// The mark in words.
    pub fn label(self) -> &'static str {
        match self {
            ConsentMark::None => "None",
            ConsentMark::Requested => "Requested",
            ConsentMark::Verified => "Verified",
            ConsentMark::Refused => "Refused",
            ConsentMark::Withdrawn => "Withdrawn",
            ConsentMark::Expired => "Expired",
        }
    }

    /// The mark with this id.
    pub fn from_id(id: &str) -> Option<ConsentMark> {
        ConsentMark::ALL.iter().copied().find(|m| m.id() == id)
    }
}

/// Consent for one use: where it stands and the day it runs (or ran) out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UseConsent {
    /// The use.
    pub consent_use: ConsentUse,
    /// Where it stands today.
    pub mark: ConsentMark,
    /// The last day it holds (verified) or held (expired); `None` otherwise
    /// and for a consent without an expiry.
    pub expires_on: Option<NaiveDate>,
}

impl UseConsent {
    /// Reads `consent_use` from `ledger` on `today`.
    fn of(ledger: &ConsentLedger, consent_use: ConsentUse, today: NaiveDate) -> UseConsent {
        let (mark, expires_on) = match ledger.state_on(consent_use, today) {
            ConsentState::Verified => (ConsentMark::Verified, ledger.expires_on(consent_use)),
            ConsentState::Withdrawn => (ConsentMark::Withdrawn, None),
            ConsentState::Expired { on } => (ConsentMark::Expired, Some(on)),
            ConsentState::NotVerified { last } => match last {
                Some(ConsentStatus::Refused) => (ConsentMark::Refused, None),
                Some(ConsentStatus::Requested) => (ConsentMark::Requested, None),
                _ => (ConsentMark::None, None),
            },
        };
        UseConsent {
            consent_use,
            mark,
            expires_on,
        }
    }
}

/// How close a count of uses is to the program's limit.
///
/// Over is reached *at* the limit, as [`is_over`] says (one more use would
/// pass it, so matching excludes the reference); Near is one use short of
/// it (count == limit − 1: the next use reaches the limit); Free is anything
/// lower. With a limit of 1 an unused reference is therefore Near.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tolerance {
    /// Two or more uses left before the limit.
    Free,
    /// The next use reaches the limit.
    Near,
    /// At or over the limit.
    Over,
}

impl Tolerance {
    /// Every state, in the order a filter offers them.
    pub const ALL: &'static [Tolerance] = &[Tolerance::Free, Tolerance::Near, Tolerance::Over];

    /// The state of `uses` against `limit`.
    pub fn of(uses: u32, limit: u32) -> Tolerance {
        if is_over(uses, limit) {
            Tolerance::Over
        } else if uses.saturating_add(1) == limit {
            Tolerance::Near
        } else {
            Tolerance::Free
        }
    }

    /// A stable id, for a filter's option values.
    pub fn id(self) -> &'static str {
        match self {
            Tolerance::Free => "free",
            Tolerance::Near => "near",
            Tolerance::Over => "over",
        }
    }

    /// The state in words.
    pub fn label(self) -> &'static str {
        match self {
            Tolerance::Free => "Free",
            Tolerance::Near => "Near limit",
            Tolerance::Over => "Over limit",
        }
    }

    /// The state with this id.
    pub fn from_id(id: &str) -> Option<Tolerance> {
        Tolerance::ALL.iter().copied().find(|t| t.id() == id)
    }
}

/// Uses of one reference type inside the current window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TypeUsage {
    /// The type.
    pub kind: ReferenceType,
    /// The count the tolerance counts today ([`super::tolerance::Load::counted`]).
    pub uses: u32,
    /// That count against the limit.
    pub tolerance: Tolerance,
}

/// Uses in the current window, per type, under the settings of the
/// reference's own program run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowUsage {
    /// The limit per type.
    pub limit: u32,
    /// The window, in days, ending today.
    pub window_days: u32,
    /// One entry per [`ReferenceType::ALL`], in that order.
    pub by_type: Vec<TypeUsage>,
}

impl WindowUsage {
    /// The worst state of any type: the limit is per type, so one type at
    /// its limit is enough to be over.
    pub fn overall(&self) -> Tolerance {
        self.by_type
            .iter()
            .map(|t| t.tolerance)
            .max()
            .unwrap_or(Tolerance::Free)
    }

    /// Uses of `kind` in the window.
    pub fn uses(&self, kind: ReferenceType) -> u32 {
        self.by_type
            .iter()
            .find(|t| t.kind == kind)
            .map_or(0, |t| t.uses)
    }

    /// The most uses of any one type: how close the reference is to a limit.
    pub fn most(&self) -> u32 {
        self.by_type.iter().map(|t| t.uses).max().unwrap_or(0)
    }

    /// Uses of every type together.
    pub fn total(&self) -> u32 {
        self.by_type.iter().map(|t| t.uses).sum()
    }
}

/// What the directory shows of one reference beyond its profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    /// One entry per [`ConsentUse::ALL`], in that order.
    pub consents: Vec<UseConsent>,
    /// The latest day a use counts on (see [`super::tolerance::Use::day`]),
    /// inside the window or not, never after today; `None` when never used.
    pub last_used: Option<NaiveDate>,
    /// Uses in the window; `None` while the run's tolerance is not set.
    pub usage: Option<WindowUsage>,
    /// The latest dated briefing; `None` when never briefed.
    pub briefed_on: Option<NaiveDate>,
}

impl Columns {
    /// Consent for `consent_use`.
    pub fn consent(&self, consent_use: ConsentUse) -> Option<&UseConsent> {
        self.consents.iter().find(|c| c.consent_use == consent_use)
    }

    /// The overall tolerance state; `None` while the run's tolerance is not set.
    pub fn tolerance(&self) -> Option<Tolerance> {
        self.usage.as_ref().map(WindowUsage::overall)
    }
}

/// The columns of the reference at `position` of `index` on `today`;
/// `settings` are those of its program run, `briefed_on` from [`Briefings`].
pub(super) fn columns(
    index: &MatchIndex<'_>,
    position: usize,
    settings: Option<&ProgramSettings>,
    briefed_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Columns {
    let empty = ConsentLedger::new();
    let ledger = index.ledger(position).unwrap_or(&empty);
    let consents = ConsentUse::ALL
        .iter()
        .map(|u| UseConsent::of(ledger, *u, today))
        .collect();
    let last_used = index
        .uses(position)
        .iter()
        .filter_map(|u| u.day(today))
        .filter(|d| *d <= today)
        .max();
    let usage = settings.map(|s| {
        let window = Window::ending(today, s.window_days);
        let by_type = ReferenceType::ALL
            .iter()
            .map(|kind| {
                let uses = index.load(position, Some(*kind), window).counted(false);
                TypeUsage {
                    kind: *kind,
                    uses,
                    tolerance: Tolerance::of(uses, s.usage_limit),
                }
            })
            .collect();
        WindowUsage {
            limit: s.usage_limit,
            window_days: s.window_days,
            by_type,
        }
    });
    Columns {
        consents,
        last_used,
        usage,
        briefed_on,
    }
}

/// The latest briefing day of every customer and typed name, built once so
/// hundreds of profiles find theirs without scanning every briefing.
///
/// A briefing that picked a customer counts for the profile of that customer
/// in any run (a customer carried into a new run was still briefed); an older
/// one with a typed name only counts for the profiles of its own run that the
/// name names (contact, company, or both), as every other record joins.
pub(super) struct Briefings<'b> {
    by_customer: HashMap<&'b CustomerId, NaiveDate>,
    by_name: HashMap<(&'b str, String), NaiveDate>,
}

impl<'b> Briefings<'b> {
    /// Indexes `briefings`; undated ones say nothing of when.
    pub(super) fn new(briefings: &'b [Briefing]) -> Briefings<'b> {
        let mut by_customer: HashMap<&CustomerId, NaiveDate> = HashMap::new();
        let mut by_name: HashMap<(&str, String), NaiveDate> = HashMap::new();
        for b in briefings {
            let Some(on) = b.briefed_on else { continue };
            match &b.customer {
                Some(id) => keep_latest(by_customer.entry(id), on),
                None => {
                    let name = normalize(&b.reference);
                    if !name.is_empty() {
                        keep_latest(by_name.entry((b.key.run_id.as_str(), name)), on);
                    }
                }
            }
        }
        Briefings {
            by_customer,
            by_name,
        }
    }

    /// The latest day `reference` was briefed.
    pub(super) fn latest(&self, reference: &Reference) -> Option<NaiveDate> {
        let by_id = reference
            .customer
            .as_ref()
            .and_then(|id| self.by_customer.get(id).copied());
        let run = reference.key.run_id.as_str();
        let by_name = [
            normalize(&reference.name),
            normalize(&reference.company),
            normalize(&reference.display_name()),
        ]
        .into_iter()
        .filter(|n| !n.is_empty())
        .filter_map(|n| self.by_name.get(&(run, n)).copied())
        .max();
        by_id.max(by_name)
    }
}

fn keep_latest<K>(entry: std::collections::hash_map::Entry<'_, K, NaiveDate>, on: NaiveDate) {
    entry.and_modify(|d| *d = (*d).max(on)).or_insert(on);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::reference::directory::listing;
    use crate::domain::reference::directory_fixture::*;
    use crate::domain::reference::model::{
        ConsentStatus as S, ConsentUse as U, ReferenceType as T,
    };

    fn marks(columns: &Columns) -> Vec<(ConsentMark, Option<NaiveDate>)> {
        columns
            .consents
            .iter()
            .map(|c| (c.mark, c.expires_on))
            .collect()
    }

    #[test]
    fn consent_per_use_reads_every_status_with_its_expiry_on_today() {
        let mut d = directory(vec![
            reference("p", 1, "Ada Park", "Fintrust", &[T::Logo, T::Quote]),
            reference("p", 2, "Bo Chen", "Globex", &[T::Logo]),
        ]);
        d.consents = vec![
            consent(
                "p",
                1,
                "Ada Park",
                U::Logo,
                S::Verified,
                day(5, 1),
                Some(day(7, 31)),
            ),
            // Expired yesterday: held through 29 June, today is the 30th.
            consent(
                "p",
                2,
                "Fintrust",
                U::Quotes,
                S::Verified,
                day(5, 1),
                Some(day(6, 29)),
            ),
            consent(
                "p",
                3,
                "Ada Park",
                U::Recordings,
                S::Verified,
                day(5, 1),
                None,
            ),
            consent(
                "p",
                4,
                "Ada Park",
                U::Recordings,
                S::Withdrawn,
                day(6, 2),
                None,
            ),
            consent(
                "p",
                5,
                "Ada Park",
                U::PublicCaseStudy,
                S::Requested,
                day(6, 3),
                None,
            ),
            consent(
                "p",
                6,
                "Ada Park",
                U::SalesCall,
                S::Requested,
                day(6, 3),
                None,
            ),
            consent(
                "p",
                7,
                "Ada Park",
                U::SalesCall,
                S::Refused,
                day(6, 4),
                None,
            ),
        ];
        let listed = listing(&d, today());
        assert_eq!(
            marks(&listed[0].columns),
            [
                (ConsentMark::Verified, Some(day(7, 31))),
                (ConsentMark::Expired, Some(day(6, 29))),
                (ConsentMark::Withdrawn, None),
                (ConsentMark::Requested, None),
                (ConsentMark::Refused, None),
            ]
        );
        assert_eq!(
            listed[0].columns.consent(U::Quotes).map(|c| c.mark),
            Some(ConsentMark::Expired)
        );
        assert!(
            marks(&listed[1].columns)
                .iter()
                .all(|m| *m == (ConsentMark::None, None)),
            "Bo has nothing recorded"
        );
        // The day it expires it still holds.
        let on_expiry = listing(&d, day(6, 29));
        assert_eq!(
            marks(&on_expiry[0].columns)[1],
            (ConsentMark::Verified, Some(day(6, 29)))
        );
    }

    #[test]
    fn uses_in_window_count_what_the_tolerance_counts_up_to_the_window_boundary() {
        let mut d = directory(vec![reference("p", 1, "Ada Park", "Fintrust", &[T::Logo])]);
        d.interactions = vec![
            // 1 June is the window's first day (30 days ending 30 June).
            done("p", 1, "Ada Park", T::Logo, day(6, 1)),
            done("p", 2, "Ada Park", T::Logo, day(5, 31)),
            booked("p", 3, "Fintrust", T::Quote, day(6, 20)),
            declined("p", 4, "Ada Park", T::Quote, day(6, 21)),
            done("p", 5, "Ada Park", T::Quote, day(6, 10)),
        ];
        d.approvals = vec![approved("p", 1, "Ada Park", T::Quote, day(6, 25))];
        let listed = listing(&d, today());
        let usage = listed[0].columns.usage.as_ref().expect("tolerance set");
        assert_eq!((usage.limit, usage.window_days), (3, 30));
        assert_eq!(usage.uses(T::Logo), 1, "31 May is outside the window");
        // Completed and booked count; the approval does not add to them.
        assert_eq!(usage.uses(T::Quote), 2);
        assert_eq!(usage.uses(T::CaseStudy), 0);
        assert_eq!(usage.by_type.len(), T::ALL.len());
        let state = |k| {
            usage
                .by_type
                .iter()
                .find(|t| t.kind == k)
                .unwrap()
                .tolerance
        };
        assert_eq!(state(T::Logo), Tolerance::Free);
        assert_eq!(state(T::Quote), Tolerance::Near);
        assert_eq!(usage.overall(), Tolerance::Near);
        assert_eq!(listed[0].columns.tolerance(), Some(Tolerance::Near));
        // A day later the 1 June activity has left the window.
        let later = listing(&d, day(7, 1));
        assert_eq!(later[0].columns.usage.as_ref().unwrap().uses(T::Logo), 0);
    }

    #[test]
    fn reaching_the_limit_is_over_and_one_short_is_near() {
        let cases = [
            ((0, 3), Tolerance::Free),
            ((1, 3), Tolerance::Free),
            ((2, 3), Tolerance::Near),
            ((3, 3), Tolerance::Over),
            ((4, 3), Tolerance::Over),
            ((0, 1), Tolerance::Near),
            ((0, 0), Tolerance::Over),
        ];
        for ((uses, limit), want) in cases {
            assert_eq!(Tolerance::of(uses, limit), want, "{uses} of {limit}");
        }
        let mut d = directory(vec![reference("p", 1, "Ada Park", "", &[T::Logo])]);
        d.interactions = (1..=3)
            .map(|n| done("p", n, "Ada Park", T::Logo, day(6, n)))
            .collect();
        assert_eq!(
            listing(&d, today())[0].columns.tolerance(),
            Some(Tolerance::Over)
        );
    }

    #[test]
    fn last_used_is_the_latest_counted_day_inside_the_window_or_not() {
        let mut d = directory(vec![
            reference("p", 1, "Ada Park", "", &[]),
            reference("p", 2, "Bo Chen", "", &[]),
            reference("p", 3, "Cy Diaz", "", &[]),
        ]);
        d.interactions = vec![
            done("p", 1, "Ada Park", T::Logo, day(1, 5)),
            done("p", 2, "Ada Park", T::Logo, day(2, 7)),
            // A completion dated after today is a typo and not a use yet.
            done("p", 3, "Ada Park", T::Logo, day(8, 1)),
            // A booking asked for later counts today, as the tolerance counts it.
            booked("p", 4, "Bo Chen", T::Logo, day(9, 1)),
            declined("p", 5, "Cy Diaz", T::Logo, day(6, 1)),
        ];
        let listed = listing(&d, today());
        assert_eq!(listed[0].columns.last_used, Some(day(2, 7)));
        assert_eq!(listed[0].columns.usage.as_ref().unwrap().total(), 0);
        assert_eq!(listed[1].columns.last_used, Some(today()));
        assert_eq!(
            listed[2].columns.last_used, None,
            "a declined request is no use"
        );
    }

    #[test]
    fn no_tolerance_set_means_no_count_and_no_state() {
        let mut d = directory(vec![reference("q", 1, "Ada Park", "", &[T::Logo])]);
        d.interactions = vec![done("q", 1, "Ada Park", T::Logo, day(6, 1))];
        let listed = listing(&d, today());
        assert_eq!(listed[0].columns.usage, None, "run q has no settings");
        assert_eq!(listed[0].columns.tolerance(), None);
        assert_eq!(listed[0].columns.last_used, Some(day(6, 1)));
    }

    #[test]
    fn an_archived_run_keeps_its_columns_under_its_own_settings() {
        let mut archived = reference("old", 1, "Ada Park", "Fintrust", &[T::Logo]);
        archived.archived = true;
        let mut d = directory(vec![
            archived,
            reference("p", 1, "Ada Park", "Fintrust", &[T::Logo]),
        ]);
        d.programs.push(program("old", 1, 90, true));
        d.interactions = vec![done("old", 1, "Ada Park", T::Logo, day(4, 15))];
        d.consents = vec![consent(
            "old",
            1,
            "Ada Park",
            U::Logo,
            S::Verified,
            day(1, 1),
            None,
        )];
        let listed = listing(&d, today());
        let old = &listed[0].columns;
        let usage = old.usage.as_ref().unwrap();
        assert_eq!(
            (usage.limit, usage.window_days, usage.uses(T::Logo)),
            (1, 90, 1)
        );
        assert_eq!(old.tolerance(), Some(Tolerance::Over));
        assert_eq!(old.last_used, Some(day(4, 15)));
        assert_eq!(old.consent(U::Logo).unwrap().mark, ConsentMark::Verified);
        // The same name in another run has its own history.
        let new = &listed[1].columns;
        assert_eq!(new.last_used, None);
        assert_eq!(new.consent(U::Logo).unwrap().mark, ConsentMark::None);
        assert_eq!(new.tolerance(), Some(Tolerance::Free));
    }

    #[test]
    fn briefed_on_is_the_latest_dated_briefing_by_customer_or_by_name_in_its_run() {
        let acme = CustomerId::first_entered("p", 7);
        let mut carried = reference("p2", 1, "Cy Diaz", "Acme", &[]);
        carried.customer = Some(acme.clone());
        let mut d = directory(vec![
            reference("p", 1, "Ada Park", "Fintrust", &[]),
            reference("p", 2, "Bo Chen", "Globex", &[]),
            carried,
        ]);
        d.briefings = vec![
            briefing("p", 1, "Ada Park", None, Some(day(3, 1))),
            briefing("p", 2, "Fintrust", None, Some(day(5, 9))),
            briefing("p", 3, "Ada Park", None, None),
            // Bo is briefed only in another run: not him.
            briefing("other", 1, "Bo Chen", None, Some(day(6, 1))),
            // Picked by id in the earlier run: carried into p2, still briefed.
            briefing("p", 4, "", Some(&acme), Some(day(4, 4))),
        ];
        let listed = listing(&d, today());
        let briefed: Vec<Option<NaiveDate>> = listed.iter().map(|l| l.columns.briefed_on).collect();
        assert_eq!(briefed, [Some(day(5, 9)), None, Some(day(4, 4))]);
    }
}
