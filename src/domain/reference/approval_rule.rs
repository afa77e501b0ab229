//! Approving a request for one reference: the three conditions of step 10
//! (eligible, available, within tolerance), checked with the same rules as
//! matching so a reference that ranked is never refused for a different reason.
//!
//! This is the one rule for every way a decision gets in: the Match page's
//! button ([`super::actions::approve`]), a decision typed into step 10 and a
//! decision that arrives in an imported run ([`super::decisions`], through
//! `Run::apply` and the step's completion gate). On top of matching's reasons,
//! approval needs the type to be offered by the program's settings (step 1).
//! The tolerance counts completed activities, open bookings and approved
//! decisions ([`super::tolerance::Load::counted`]); the request's own booking
//! does not count against it.

use std::fmt;

use chrono::NaiveDate;

use super::matching::{Exclusion, MatchIndex};
use super::model::{History, ProgramSettings, Reference, Request};

/// The conditions of the approval step, one per check in the template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Condition {
    /// Offered by the program, approved for the type, with verified consent
    /// for the use it needs.
    Eligible,
    /// Available, active, and in a program run that is not archived.
    Available,
    /// Under the usage limit for the type inside the window.
    WithinTolerance,
}

impl Condition {
    /// The id of the matching check in the approval step, so the UI can point at it.
    pub fn check_id(self) -> &'static str {
        match self {
            Condition::Eligible => "eligible",
            Condition::Available => "available",
            Condition::WithinTolerance => "within-tolerance",
        }
    }

    /// The condition in words.
    pub fn label(self) -> &'static str {
        match self {
            Condition::Eligible => "Eligible",
            Condition::Available => "Available",
            Condition::WithinTolerance => "Within the usage tolerance",
        }
    }
}

/// One failed condition and the fact behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApprovalBlock {
    /// Which condition fails.
    pub condition: Condition,
    /// Why.
    pub because: Exclusion,
}

impl fmt::Display for ApprovalBlock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.condition.label(), self.because)
    }
}

/// Which approval condition an exclusion breaks.
pub fn condition_of(exclusion: &Exclusion) -> Condition {
    match exclusion {
        Exclusion::NotOffered { .. }
        | Exclusion::TypeNotApproved { .. }
        | Exclusion::NoConsent { .. }
        | Exclusion::ConsentWithdrawn { .. }
        | Exclusion::ConsentExpired { .. } => Condition::Eligible,
        Exclusion::Unavailable { .. } | Exclusion::Archived => Condition::Available,
        Exclusion::OverTolerance { .. } => Condition::WithinTolerance,
    }
}

/// Whether `request` may be approved for `reference` on `today`; otherwise
/// every failing condition with its reason, eligible first. `history` must not
/// hold the decision being judged itself (a decision recorded already is
/// judged against the others).
pub fn can_approve(
    reference: &Reference,
    request: &Request,
    history: History<'_>,
    settings: &ProgramSettings,
    today: NaiveDate,
) -> Result<(), Vec<ApprovalBlock>> {
    let index = MatchIndex::new(std::slice::from_ref(reference), history);
    let offered = settings.offers(request.kind);
    let own = request.booked_with(reference);
    let blocks: Vec<ApprovalBlock> = (!offered)
        .then_some(Exclusion::NotOffered { kind: request.kind })
        .into_iter()
        .chain(index.exclusions(0, request.kind, settings, today, own))
        .map(|because| ApprovalBlock {
            condition: condition_of(&because),
            because,
        })
        .collect();
    if blocks.is_empty() {
        Ok(())
    } else {
        Err(blocks)
    }
}
