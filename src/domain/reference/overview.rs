//! The program overview: what needs attention across every program run, each
//! section a list of the records concerned, so a count on the page is the
//! length of the list under it and every item can link to where it lives.
//!
//! Nothing here decides anew what a state means: active references are the
//! directory's ([`listing_with`](super::directory::listing_with)), open requests `requests.rs`'s, tolerance the
//! count matching excludes by ([`MatchIndex::load`], [`is_over`]), expiring
//! consent [`expiring_within`]'s, and past retention `retention.rs`'s. This
//! module only gathers them, and says where each record is.
//!
//! An archived run is read-only: its references and consents are left out of
//! the sections about work in progress. What it left open (requests,
//! escalations without an outcome) is listed from it until its next period
//! is started, which carries it, unless its close-out closed it with a
//! reason: so the overview never says "none" while one is open in any
//! period. Past retention is about closed runs and lists them whether
//! archived or not.

use chrono::NaiveDate;

use super::consent::expiring_within;
use super::customer::CustomerBook;
use super::directory::{Standing, listing_with};
use super::extract::Directory;
use super::ids::{closure, consents, escalations, references, requests};
use super::matching::MatchIndex;
use super::model::{
    ConsentUse, EscalationTarget, EscalationType, RecordKey, ReferenceStatus, ReferenceType,
};
use super::requests::{RequestState, request_rows};
use super::retention::{past_retention, retention_records};
use super::tolerance::{Window, is_over};

/// How many days ahead the overview looks for consent running out.
pub const EXPIRY_HORIZON_DAYS: u32 = 30;

/// Where a record lives, for a link to its step: the run, the step, and the
/// row of the step's list when the record is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The run.
    pub run_id: String,
    /// The run's title, to name it to people.
    pub run_title: String,
    /// The step holding the record.
    pub step_id: &'static str,
    /// The row within the step's list; `None` for a step-level record.
    pub row_id: Option<u32>,
}

/// An active reference: in the program, its consent standing, its run not archived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveReference {
    /// Where its profile is.
    pub place: Place,
    /// "Contact (Company)".
    pub name: String,
}

/// A request that still needs work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenRequest {
    /// Where it is recorded.
    pub place: Place,
    /// "Requester — Type for audience".
    pub what: String,
    /// Where it stands (open, sent, confirmed or approved).
    pub state: RequestState,
    /// Days since it came in; `None` when that day is not recorded.
    pub age_days: Option<u32>,
    /// The date needed, when recorded.
    pub needed_by: Option<NaiveDate>,
    /// Still open after the date needed.
    pub overdue: bool,
}

/// A reference whose uses of one type have reached the program's limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverTolerance {
    /// Where its profile is.
    pub place: Place,
    /// "Contact (Company)".
    pub name: String,
    /// The reference type.
    pub kind: ReferenceType,
    /// Uses of that type inside the window, as matching counts them.
    pub count: u32,
    /// The program's limit.
    pub limit: u32,
    /// The window the count covers, in days.
    pub window_days: u32,
}

/// Verified consent that runs out within [`EXPIRY_HORIZON_DAYS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpiringConsent {
    /// Where the consent line is.
    pub place: Place,
    /// Whose consent, as the record's customer reads.
    pub name: String,
    /// The use it covers.
    pub consent_use: ConsentUse,
    /// Its last day.
    pub on: NaiveDate,
    /// Days from today to that day; 0 when it is today.
    pub days_left: u32,
}

/// An escalation with no outcome recorded yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenEscalation {
    /// Where it is recorded.
    pub place: Place,
    /// About whom, as the record's customer reads.
    pub name: String,
    /// The kind of problem.
    pub kind: EscalationType,
    /// Who it went to, when recorded.
    pub escalated_to: Option<EscalationTarget>,
    /// When, if recorded.
    pub date: Option<NaiveDate>,
}

/// A closed program run whose keep-until day has passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastRetention {
    /// Its close-out step.
    pub place: Place,
    /// Keep through this day.
    pub retain_until: NaiveDate,
}

/// The six sections of the overview, each in the order the page lists it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProgramOverview {
    /// Active references, in directory order.
    pub active_references: Vec<ActiveReference>,
    /// Open requests, oldest first (those with no received day last).
    pub open_requests: Vec<OpenRequest>,
    /// References at or over tolerance, one item per type, in directory order.
    pub over_tolerance: Vec<OverTolerance>,
    /// Consent expiring within 30 days, soonest first.
    pub expiring_consents: Vec<ExpiringConsent>,
    /// Escalations without an outcome, in run and row order.
    pub open_escalations: Vec<OpenEscalation>,
    /// Records past retention, oldest keep-until day first.
    pub past_retention: Vec<PastRetention>,
}

impl ProgramOverview {
    /// The overview of everything `directory` holds, on `today`.
    pub fn of(directory: &Directory, today: NaiveDate) -> ProgramOverview {
        let at = At { directory };
        // One index for the directory's listing and the tolerance counts.
        let index = MatchIndex::new(&directory.references, directory.history());
        let book = CustomerBook::new(&directory.candidates, &directory.references);
        ProgramOverview {
            active_references: active_references(&at, &index, today),
            open_requests: open_requests(&at, today),
            over_tolerance: over_tolerance(&at, &index, today),
            expiring_consents: expiring_consents(&at, &book, today),
            open_escalations: open_escalations(&at, &book),
            past_retention: past(&at, today),
        }
    }
}

/// Finds runs by id, for places and the archive.
struct At<'d> {
    directory: &'d Directory,
}

impl At<'_> {
    fn place(&self, key: &RecordKey, step_id: &'static str) -> Place {
        Place {
            row_id: Some(key.row_id),
            ..self.run_place(&key.run_id, step_id)
        }
    }

    fn run_place(&self, run_id: &str, step_id: &'static str) -> Place {
        Place {
            run_id: run_id.to_owned(),
            run_title: self
                .directory
                .program(run_id)
                .map(|p| p.title.clone())
                .unwrap_or_default(),
            step_id,
            row_id: None,
        }
    }

    fn archived(&self, run_id: &str) -> bool {
        self.directory
            .program(run_id)
            .is_some_and(|p| p.closure.archived)
    }

    /// Whether what is open in run `run_id` is still to be worked on: the
    /// run is the newest period of its chain, and its close-out (if archived)
    /// did not close what was open.
    fn still_open(&self, run_id: &str) -> bool {
        !self.directory.superseded(run_id)
            && !self
                .directory
                .program(run_id)
                .is_some_and(|p| p.closure.archived && p.closure.closes_open)
    }
}

fn active_references<'d>(
    at: &At<'d>,
    index: &MatchIndex<'d>,
    today: NaiveDate,
) -> Vec<ActiveReference> {
    let d = at.directory;
    listing_with(d, index, today)
        .into_iter()
        .filter(|l| l.standing == Standing::Profile(ReferenceStatus::Active))
        .filter(|l| !l.reference.archived)
        .map(|l| ActiveReference {
            place: at.place(&l.reference.key, references::STEP),
            name: l.reference.display_name(),
        })
        .collect()
}

fn open_requests(at: &At<'_>, today: NaiveDate) -> Vec<OpenRequest> {
    let d = at.directory;
    let mut rows: Vec<_> = request_rows(&d.requests, &d.interactions, today)
        .into_iter()
        .filter(|row| row.state.is_open())
        .filter_map(|row| Some((row.request.key.as_ref()?, row)))
        .filter(|(key, _)| at.still_open(&key.run_id))
        .collect();
    // Stable: requests received the same day (or with no day) keep run and row order.
    rows.sort_by_key(|(_, row)| (row.request.received_on.is_none(), row.request.received_on));
    rows.into_iter()
        .map(|(key, row)| OpenRequest {
            place: at.place(key, requests::STEP),
            what: format!(
                "{} — {} for {}",
                row.request.requester,
                row.request.kind.label(),
                row.request.audience
            ),
            state: row.state,
            age_days: row.age_days,
            needed_by: row.request.needed_by,
            overdue: row.overdue,
        })
        .collect()
}

/// Each type a reference is approved for or has been asked for is counted as
/// matching counts it; the types it has neither for cannot be asked of it,
/// so they are not listed even under a limit of 0.
fn over_tolerance<'d>(at: &At<'d>, index: &MatchIndex<'d>, today: NaiveDate) -> Vec<OverTolerance> {
    let d = at.directory;
    let mut found = Vec::new();
    for (position, reference) in d.references.iter().enumerate() {
        let Some(settings) = d.settings(&reference.key.run_id) else {
            continue;
        };
        if reference.archived {
            continue;
        }
        let window = Window::ending(today, settings.window_days);
        for kind in ReferenceType::ALL {
            let count = index.load(position, Some(*kind), window).counted(false);
            let relevant = count > 0 || reference.approved_types.contains(kind);
            if relevant && is_over(count, settings.usage_limit) {
                found.push(OverTolerance {
                    place: at.place(&reference.key, references::STEP),
                    name: reference.display_name(),
                    kind: *kind,
                    count,
                    limit: settings.usage_limit,
                    window_days: settings.window_days,
                });
            }
        }
    }
    found
}

fn expiring_consents(at: &At<'_>, book: &CustomerBook, today: NaiveDate) -> Vec<ExpiringConsent> {
    let d = at.directory;
    expiring_within(&d.consents, &d.escalations, today, EXPIRY_HORIZON_DAYS)
        .into_iter()
        .filter(|e| !at.archived(&e.consent.key.run_id))
        .map(|e| ExpiringConsent {
            place: at.place(&e.consent.key, consents::STEP),
            name: book
                .resolve(
                    &e.consent.key.run_id,
                    e.consent.customer.as_ref(),
                    &e.consent.reference,
                )
                .label(),
            consent_use: e.consent.consent_use,
            on: e.on,
            days_left: e.days_left,
        })
        .collect()
}

/// Taking an escalation outcome in step 11 only sends the escalation (who it
/// went to, the day, what happened; see `escalation_record.rs`); what was
/// decided is the record's Outcome, so one without it is still open. A record
/// missing its reference or type is not read at all (`extract.rs` reports it).
fn open_escalations(at: &At<'_>, book: &CustomerBook) -> Vec<OpenEscalation> {
    at.directory
        .escalations
        .iter()
        .filter(|e| e.outcome.trim().is_empty())
        .filter(|e| at.still_open(&e.key.run_id))
        .map(|e| OpenEscalation {
            place: at.place(&e.key, escalations::STEP),
            name: book
                .resolve(&e.key.run_id, e.customer.as_ref(), &e.reference)
                .label(),
            kind: e.kind,
            escalated_to: e.escalated_to,
            date: e.date,
        })
        .collect()
}

fn past(at: &At<'_>, today: NaiveDate) -> Vec<PastRetention> {
    let records = retention_records(&at.directory.programs);
    past_retention(&records, today)
        .into_iter()
        .map(|r| PastRetention {
            place: at.run_place(&r.run_id, closure::STEP),
            retain_until: r.retain_until,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::reference::directory_fixture::{self, key};
    use crate::domain::reference::model::{
        Closure, Consent, ConsentStatus, Escalation, Interaction, Program, ProgramSettings,
        Reference, Request, RequestStatus, ResponseStatus,
    };

    const TODAY: (i32, u32, u32) = (2026, 3, 15);

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).unwrap()
    }

    /// `n` days after today (before it when negative).
    fn day(n: i64) -> NaiveDate {
        today() + chrono::Duration::days(n)
    }

    fn program(run: &str, archived: bool) -> Program {
        Program {
            run_id: run.into(),
            title: format!("Program {run}"),
            settings: Some(ProgramSettings::with_tolerance(2, 30)),
            closure: Closure {
                archived,
                ..Closure::default()
            },
        }
    }

    /// The directory's usual profile, in `status`; a profile of the run
    /// "old" belongs to an archived run.
    fn reference(run: &str, row: u32, name: &str, status: ReferenceStatus) -> Reference {
        Reference {
            status,
            archived: run == "old",
            ..directory_fixture::reference(
                run,
                row,
                name,
                &format!("{name} Ltd"),
                &[ReferenceType::LiveSalesCall],
            )
        }
    }

    fn request(run: &str, row: u32, status: RequestStatus, received: Option<i64>) -> Request {
        Request {
            key: Some(key(run, row)),
            requester: format!("Asker {row}"),
            audience: "a CFO".into(),
            needed_by: Some(day(10)),
            received_on: received.map(day),
            status: Some(status),
            ..Request::new(ReferenceType::LiveSalesCall)
        }
    }

    fn interaction(run: &str, row: u32, who: &str, response: ResponseStatus) -> Interaction {
        Interaction {
            key: key(run, row),
            reference: who.into(),
            customer: None,
            request: None,
            kind: ReferenceType::LiveSalesCall,
            audience: String::new(),
            requested_on: Some(day(-3)),
            response,
            completed_on: Some(day(-2)),
            activity: String::new(),
            feedback: String::new(),
            issues: String::new(),
        }
    }

    fn consent(run: &str, row: u32, who: &str, status: ConsentStatus) -> Consent {
        Consent {
            key: key(run, row),
            reference: who.into(),
            customer: None,
            consent_use: ConsentUse::SalesCall,
            status,
            date: Some(day(-100)),
            expires_on: None,
            evidence: String::new(),
            approvals: String::new(),
            restrictions: String::new(),
        }
    }

    fn expiring(run: &str, row: u32, who: &str, on: i64) -> Consent {
        Consent {
            expires_on: Some(day(on)),
            ..consent(run, row, who, ConsentStatus::Verified)
        }
    }

    fn escalation(run: &str, row: u32, who: &str, outcome: &str) -> Escalation {
        Escalation {
            key: key(run, row),
            reference: who.into(),
            customer: None,
            kind: EscalationType::NegativeSentiment,
            details: String::new(),
            escalated_to: Some(EscalationTarget::CustomerSuccessLeader),
            date: Some(day(-1)),
            outcome: outcome.into(),
        }
    }

    /// A live run "a" and an archived run "old".
    fn directory() -> Directory {
        Directory {
            programs: vec![program("a", false), program("old", true)],
            ..Directory::default()
        }
    }

    fn rows<T>(items: &[T], place: impl Fn(&T) -> &Place) -> Vec<(&str, Option<u32>)> {
        items
            .iter()
            .map(|i| (place(i).run_id.as_str(), place(i).row_id))
            .collect()
    }

    #[test]
    fn active_references_leave_out_paused_withdrawn_and_archived_ones() {
        let mut d = directory();
        d.references = vec![
            reference("a", 1, "Ada", ReferenceStatus::Active),
            reference("a", 2, "Gus", ReferenceStatus::Paused),
            reference("a", 3, "Mia", ReferenceStatus::Active),
            reference("old", 1, "Old", ReferenceStatus::Active),
        ];
        // Mia's only approved type lost its consent: the directory stands her
        // as "Consent withdrawn", so she is not active whatever her profile says.
        d.consents = vec![consent("a", 1, "Mia", ConsentStatus::Withdrawn)];
        let o = ProgramOverview::of(&d, today());
        assert_eq!(o.active_references.len(), 1);
        let ada = &o.active_references[0];
        assert_eq!(ada.name, "Ada (Ada Ltd)");
        assert_eq!(
            ada.place,
            Place {
                run_id: "a".into(),
                run_title: "Program a".into(),
                step_id: "profile",
                row_id: Some(1),
            }
        );
    }

    #[test]
    fn open_requests_are_the_unfinished_ones_oldest_first() {
        let mut d = directory();
        d.requests = vec![
            request("a", 1, RequestStatus::Open, Some(-5)),
            request("a", 2, RequestStatus::Sent, Some(-20)),
            // Approved but not done yet still needs work (requests.rs).
            request("a", 3, RequestStatus::Approved, None),
            request("a", 4, RequestStatus::Declined, Some(-30)),
            request("a", 5, RequestStatus::Cancelled, Some(-30)),
            // Confirmed, then completed by its interaction: done.
            request("a", 6, RequestStatus::Confirmed, Some(-30)),
            request("old", 1, RequestStatus::Open, Some(-40)),
        ];
        // "old" is history: its next period carried what it left open.
        d.successors.insert("old".into(), "a".into());
        d.interactions = vec![Interaction {
            request: Some(6),
            ..interaction("a", 1, "Ada", ResponseStatus::Completed)
        }];
        let o = ProgramOverview::of(&d, today());
        assert_eq!(
            rows(&o.open_requests, |r| &r.place),
            [("a", Some(2)), ("a", Some(1)), ("a", Some(3))]
        );
        let sent = &o.open_requests[0];
        assert_eq!(sent.state, RequestState::Sent);
        assert_eq!(sent.age_days, Some(20));
        assert_eq!(sent.needed_by, Some(day(10)));
        assert_eq!(sent.what, "Asker 2 — Live sales call for a CFO");
        assert_eq!(sent.place.step_id, "matching");
        assert_eq!(o.open_requests[2].age_days, None);
        assert_eq!(o.open_requests[2].state, RequestState::Approved);
    }

    #[test]
    fn a_request_is_overdue_only_after_its_date_needed() {
        let mut d = directory();
        let needed = |row, on| Request {
            needed_by: Some(day(on)),
            ..request("a", row, RequestStatus::Open, Some(-5))
        };
        d.requests = vec![needed(1, -1), needed(2, 0), needed(3, 1)];
        let o = ProgramOverview::of(&d, today());
        let overdue: Vec<bool> = o.open_requests.iter().map(|r| r.overdue).collect();
        assert_eq!(overdue, [true, false, false]);
    }

    #[test]
    fn reaching_the_limit_inside_the_window_is_over_tolerance() {
        let mut d = directory();
        d.references = vec![
            reference("a", 1, "Ada", ReferenceStatus::Active),
            reference("a", 2, "Gus", ReferenceStatus::Active),
            reference("a", 3, "Mia", ReferenceStatus::Active),
            reference("old", 1, "Ada", ReferenceStatus::Active),
        ];
        let long_ago = |row, who| Interaction {
            completed_on: Some(day(-45)),
            ..interaction("a", row, who, ResponseStatus::Completed)
        };
        d.interactions = vec![
            interaction("a", 1, "Ada", ResponseStatus::Completed),
            // An open booking counts as a use too.
            interaction("a", 2, "Ada", ResponseStatus::Confirmed),
            interaction("a", 3, "Gus", ResponseStatus::Completed),
            // Declined requests do not count; nor does a use outside the 30 days.
            interaction("a", 4, "Gus", ResponseStatus::Declined),
            interaction("a", 5, "Mia", ResponseStatus::Completed),
            long_ago(6, "Mia"),
            interaction("old", 1, "Ada", ResponseStatus::Completed),
            interaction("old", 2, "Ada", ResponseStatus::Completed),
        ];
        let o = ProgramOverview::of(&d, today());
        assert_eq!(o.over_tolerance.len(), 1);
        let ada = &o.over_tolerance[0];
        assert_eq!(ada.place.row_id, Some(1));
        assert_eq!(ada.place.step_id, "profile");
        assert_eq!(ada.kind, ReferenceType::LiveSalesCall);
        assert_eq!((ada.count, ada.limit, ada.window_days), (2, 2, 30));
    }

    #[test]
    fn a_limit_of_zero_puts_every_approved_type_over_and_no_settings_count_nothing() {
        let mut d = directory();
        d.programs[0].settings = Some(ProgramSettings::with_tolerance(0, 30));
        d.programs.push(Program {
            settings: None,
            ..program("b", false)
        });
        d.references = vec![
            reference("a", 1, "Ada", ReferenceStatus::Active),
            reference("b", 1, "Gus", ReferenceStatus::Active),
        ];
        let o = ProgramOverview::of(&d, today());
        let found: Vec<_> = o
            .over_tolerance
            .iter()
            .map(|t| (t.place.run_id.as_str(), t.kind, t.count, t.limit))
            .collect();
        assert_eq!(found, [("a", ReferenceType::LiveSalesCall, 0, 0)]);
    }

    #[test]
    fn consent_expiring_today_through_thirty_days_ahead_is_listed_soonest_first() {
        let mut d = directory();
        d.consents = vec![
            expiring("a", 1, "Ada", 30),
            expiring("a", 2, "Gus", 0),
            expiring("a", 3, "Mia", 31),
            expiring("a", 4, "Zoe", -1),
            expiring("a", 5, "Kim", 5),
            // Kim withdrew since: nothing left to renew.
            Consent {
                date: Some(day(-1)),
                ..consent("a", 6, "Kim", ConsentStatus::Withdrawn)
            },
            expiring("old", 1, "Ada", 3),
        ];
        let o = ProgramOverview::of(&d, today());
        let found: Vec<_> = o
            .expiring_consents
            .iter()
            .map(|c| (c.place.row_id, c.days_left, c.on))
            .collect();
        assert_eq!(found, [(Some(2), 0, day(0)), (Some(1), 30, day(30))]);
        let gus = &o.expiring_consents[0];
        assert_eq!(gus.place.step_id, "consent");
        assert_eq!(gus.consent_use, ConsentUse::SalesCall);
        // No candidate or profile names Gus, and the label says so.
        assert_eq!(gus.name, "Gus (not linked to a customer)");
    }

    #[test]
    fn an_escalation_is_open_until_its_outcome_is_recorded() {
        let mut d = directory();
        d.references = vec![reference("a", 1, "Ada", ReferenceStatus::Active)];
        d.escalations = vec![
            escalation("a", 1, "Ada", ""),
            escalation("a", 2, "Ada", "Apologised; relationship restored"),
            escalation("old", 1, "Ada", ""),
        ];
        // "old" is history: its next period carried what it left open.
        d.successors.insert("old".into(), "a".into());
        let o = ProgramOverview::of(&d, today());
        assert_eq!(rows(&o.open_escalations, |e| &e.place), [("a", Some(1))]);
        let open = &o.open_escalations[0];
        assert_eq!(open.place.step_id, "escalation");
        assert_eq!(open.name, "Ada (Ada Ltd)");
        assert_eq!(open.kind, EscalationType::NegativeSentiment);
        assert_eq!(
            open.escalated_to,
            Some(EscalationTarget::CustomerSuccessLeader)
        );
    }

    /// Issue 20, defect 4: an escalation without an outcome vanished from
    /// the overview once its run was archived ("None: every escalation has
    /// its outcome recorded"), though nothing had settled it.
    #[test]
    fn an_archived_period_keeps_its_open_escalation_listed_until_carried_or_closed() {
        let mut d = directory();
        d.escalations = vec![escalation("old", 1, "Ada", "")];
        let o = ProgramOverview::of(&d, today());
        assert_eq!(rows(&o.open_escalations, |e| &e.place), [("old", Some(1))]);
        // Closed at close-out with a reason: settled, in the record.
        d.programs[1].closure.closes_open = true;
        let o = ProgramOverview::of(&d, today());
        assert!(o.open_escalations.is_empty());
    }

    #[test]
    fn records_are_past_retention_from_the_day_after_keep_until_archived_or_not() {
        let mut d = directory();
        d.programs[0].closure.retain_until = Some(day(0));
        d.programs[1].closure.retain_until = Some(day(-1));
        let mut computed = program("c", false);
        computed.settings.as_mut().unwrap().retention_months = Some(1);
        computed.closure.closed_on = Some(day(-60));
        d.programs.push(computed);
        let o = ProgramOverview::of(&d, today());
        assert_eq!(
            rows(&o.past_retention, |r| &r.place),
            [("c", None), ("old", None)]
        );
        assert_eq!(o.past_retention[1].retain_until, day(-1));
        assert_eq!(o.past_retention[1].place.step_id, "closure");
        assert_eq!(o.past_retention[1].place.run_title, "Program old");
    }

    #[test]
    fn an_empty_program_has_nothing_in_any_section() {
        assert_eq!(
            ProgramOverview::of(&Directory::default(), today()),
            ProgramOverview::default()
        );
    }
}
