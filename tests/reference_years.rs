//! The reference program over the years (issue 20): every rule holds after a
//! roll-over, an escalation and a second click. Each test pins one defect
//! found running five references through three periods; runs are built
//! change by change through `Run::apply`, on template version 2.

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use runsheet::domain::catalogue::find;
use runsheet::domain::change::RunChange;
use runsheet::domain::completion::missing_for_completion;
use runsheet::domain::procedure::registry::REFERENCE_PROGRAM;
use runsheet::domain::reference::actions::add_candidates::add_candidates;
use runsheet::domain::reference::actions::approve::{ApproveError, approve_request};
use runsheet::domain::reference::actions::editor::{EditError, Editor};
use runsheet::domain::reference::actions::send::{MatchedWith, send_request};
use runsheet::domain::reference::candidate_import::ImportedRow;
use runsheet::domain::reference::directory::listing;
use runsheet::domain::reference::export::directory_csv;
use runsheet::domain::reference::extract::{Directory, extract};
use runsheet::domain::reference::ids::{
    approvals, candidates, closure, consents, criteria, escalations, outreach, references, requests,
};
use runsheet::domain::reference::matching::{Exclusion, MatchResult, rank};
use runsheet::domain::reference::model::{Reference, RequestStatus};
use runsheet::domain::reference::next_period::{NextPeriodError, next_period, next_title};
use runsheet::domain::reference::overview::ProgramOverview;
use runsheet::domain::reference::periods::successor_id;
use runsheet::domain::reference::requests::{RequestState, request_rows};
use runsheet::domain::run::Run;
use runsheet::domain::template::Template;
use runsheet::domain::value::{FieldValue, Row};

#[path = "common/program_run.rs"]
mod program_run;
use program_run::{Changes, archive, choice, pick, text};

fn t() -> &'static Template {
    find(REFERENCE_PROGRAM).expect("the reference program")
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 30, 9, 0, 0).unwrap()
}

fn today() -> NaiveDate {
    now().date_naive()
}

fn days_from_today(n: i64) -> NaiveDate {
    if n >= 0 {
        today().checked_add_days(Days::new(n as u64)).unwrap()
    } else {
        today()
            .checked_sub_days(Days::new(n.unsigned_abs()))
            .unwrap()
    }
}

/// Every change of these tests: by Ada, on version 2, at [`now`].
fn changes() -> Changes {
    Changes {
        template: t(),
        now: now().fixed_offset(),
    }
}

fn apply(run: &mut Run, change: RunChange) {
    changes().apply(run, change);
}

fn set_cell(run: &mut Run, step: &str, list: &str, row: u32, column: &str, value: FieldValue) {
    changes().set_cell(run, (step, list), row, column, value);
}

fn rows<'r>(run: &'r Run, step: &str, list: &str) -> &'r [Row] {
    run.rows(t().step_index(step).unwrap(), list)
}

/// Adds a record with `cells` to `list` of `step`; returns its row id.
fn add(run: &mut Run, step: &str, list: &str, cells: Vec<(&str, FieldValue)>) -> u32 {
    changes().add(run, (step, list), cells)
}

/// A verified sales-call consent for customer row `who`, given 30 days ago,
/// that ran out yesterday.
fn lapsed_sales_call_consent(run: &mut Run, who: u32) {
    add(
        run,
        consents::STEP,
        consents::LIST,
        vec![
            (consents::CUSTOMER, pick(who)),
            (consents::USE, choice("sales-call")),
            (consents::STATUS, choice("verified")),
            (consents::DATE, FieldValue::Date(days_from_today(-30))),
            (consents::EXPIRES_ON, FieldValue::Date(days_from_today(-1))),
        ],
    );
}

/// Why `company` is excluded from `ranked`; fails when it is not excluded.
fn exclusions<'r>(ranked: &'r MatchResult<'_>, company: &str) -> &'r [Exclusion] {
    &ranked
        .excluded
        .iter()
        .find(|x| x.reference.company == company)
        .unwrap_or_else(|| panic!("{company} is excluded"))
        .why
}

/// A first period of five customers, each with verified sales-call consent
/// and an active profile, and one open request for a live sales call.
struct Period {
    run: Run,
    customers: Vec<u32>,
    request: u32,
}

const COMPANIES: [(&str, &str); 5] = [
    ("Keystone Bank", "Marcus Lee"),
    ("Fintrust", "Ada Park"),
    ("Globex", "Gus Lee"),
    ("Initech", "Ina Tech"),
    ("Umbrella", "Uma Bell"),
];

fn first_period() -> Period {
    let mut run = Run::start(t(), "y2026".into(), "2026".into(), "Ada", now());
    for (field, value) in [
        (criteria::USAGE_LIMIT, FieldValue::Number(2.0)),
        (criteria::USAGE_WINDOW, FieldValue::Number(90.0)),
        (
            criteria::REFERENCE_TYPES,
            FieldValue::Choices(vec!["live-sales-call".into()]),
        ),
    ] {
        apply(
            &mut run,
            RunChange::SetValue {
                step: criteria::STEP.into(),
                field: field.into(),
                value: Some(value),
            },
        );
    }
    let mut customers = Vec::new();
    for (company, contact) in COMPANIES {
        let who = add(
            &mut run,
            candidates::STEP,
            candidates::LIST,
            vec![
                (candidates::COMPANY, text(company)),
                (candidates::CONTACT, text(contact)),
                (candidates::INDUSTRY, text("Financial services")),
                (candidates::PRODUCT, text("Ledger")),
            ],
        );
        add(
            &mut run,
            consents::STEP,
            consents::LIST,
            vec![
                (consents::CUSTOMER, pick(who)),
                (consents::USE, choice("sales-call")),
                (consents::STATUS, choice("verified")),
                (consents::DATE, FieldValue::Date(days_from_today(-60))),
            ],
        );
        add(
            &mut run,
            references::STEP,
            references::LIST,
            vec![
                (references::CUSTOMER, pick(who)),
                (
                    references::APPROVED_TYPES,
                    FieldValue::Choices(vec!["live-sales-call".into()]),
                ),
                (references::AVAILABILITY, choice("available")),
                (references::STATUS, choice("active")),
            ],
        );
        customers.push(who);
    }
    let request = add(
        &mut run,
        requests::STEP,
        requests::LIST,
        vec![
            (requests::REQUESTER, text("Sam Sales")),
            (requests::TYPE, choice("live-sales-call")),
            (requests::AUDIENCE, text("CFO of a bank")),
            (requests::INDUSTRY, text("Financial services")),
            (requests::STATUS, choice("open")),
        ],
    );
    Period {
        run,
        customers,
        request,
    }
}

/// The period after `previous` (archived), as "Start the next period" makes it.
fn roll_over(previous: &Run) -> Run {
    next_period(
        previous,
        t(),
        t(),
        |_| false,
        next_title(&previous.title),
        "Ada",
        now().fixed_offset(),
    )
    .expect("the next period")
    .run
}

fn editor() -> Editor<'static> {
    Editor {
        template: t(),
        who: "Ada",
        now: now().fixed_offset(),
    }
}

fn directory_of(runs: &[Run]) -> Directory {
    extract(runs, t()).directory
}

fn reference<'d>(d: &'d Directory, run: &str, company: &str) -> &'d Reference {
    d.references
        .iter()
        .find(|r| r.key.run_id == run && r.company == company)
        .unwrap_or_else(|| panic!("{company} in {run}"))
}

/// Defect 1: Keystone's withdrawal, recorded by an escalation outcome in
/// step 11, took it out of matching; in the next period it was ranked again
/// and could be approved, the directory said "Verified".
#[test]
fn a_consent_withdrawn_by_escalation_stays_withdrawn_in_the_next_period() {
    let mut p = first_period();
    // Taken as step 11's outcome "to legal", which adds the record; the
    // person then names the customer and the kind of problem.
    apply(
        &mut p.run,
        RunChange::TakeOutcome {
            step: escalations::STEP.into(),
            outcome: "to-legal".into(),
            note: "Keystone withdrew all consent by letter".into(),
        },
    );
    let row = rows(&p.run, escalations::STEP, escalations::LIST)[0].id;
    set_cell(
        &mut p.run,
        escalations::STEP,
        escalations::LIST,
        row,
        escalations::CUSTOMER,
        pick(p.customers[0]),
    );
    set_cell(
        &mut p.run,
        escalations::STEP,
        escalations::LIST,
        row,
        escalations::TYPE,
        choice("consent-withdrawn"),
    );
    set_cell(
        &mut p.run,
        escalations::STEP,
        escalations::LIST,
        row,
        escalations::OUTCOME,
        text("Removed from the program"),
    );
    archive(&mut p.run);
    let next = roll_over(&p.run);
    let new_id = next.id.clone();
    let runs = [p.run, next];
    let d = directory_of(&runs);
    let request = d
        .requests_to_work()
        .next()
        .expect("the open request, carried")
        .clone();
    let ranked = rank(
        &request,
        &d.references,
        d.history(),
        d.settings(&new_id).unwrap(),
        today(),
    );
    assert!(
        ranked
            .ranked
            .iter()
            .all(|r| r.reference.company != "Keystone Bank"),
        "Keystone is not ranked"
    );
    let keystone = exclusions(&ranked, "Keystone Bank");
    assert!(
        keystone
            .iter()
            .any(|w| matches!(w, Exclusion::ConsentWithdrawn { .. })),
        "{keystone:?}"
    );
    // Approving it is refused too.
    let mut new_run = runs[1].clone();
    let keystone = reference(&d, &new_id, "Keystone Bank").clone();
    assert!(matches!(
        approve_request(
            &mut new_run,
            &editor(),
            &request,
            &keystone,
            d.history(),
            d.settings(&new_id).unwrap(),
            today(),
        ),
        Err(ApproveError::Blocked(_))
    ));
    // The overview counts four active references, not five.
    let o = ProgramOverview::of(&d, today());
    assert_eq!(o.active_references.len(), 4, "{:?}", o.active_references);
}

/// Defect 2: after the roll-over the directory, its CSV and the match page's
/// excluded list showed every customer twice, the archived copy "Active".
#[test]
fn after_each_roll_over_every_customer_is_listed_once() {
    let mut p = first_period();
    archive(&mut p.run);
    let mut second = roll_over(&p.run);
    archive(&mut second);
    let third = roll_over(&second);
    let third_id = third.id.clone();
    let runs = [p.run, second, third];
    let d = directory_of(&runs);
    let listed = listing(&d, today());
    assert_eq!(listed.len(), 5, "one row per customer");
    assert!(
        listed.iter().all(|l| l.reference.key.run_id == third_id),
        "each from the newest period"
    );
    let csv = directory_csv(&listed, &d.programs);
    assert_eq!(csv.lines().count(), 1 + 5, "{csv}");
    let request = d.requests_to_work().next().expect("the request").clone();
    let ranked = rank(
        &request,
        &d.references,
        d.history(),
        d.settings(&third_id).unwrap(),
        today(),
    );
    assert_eq!(ranked.ranked.len() + ranked.excluded.len(), 5);
    assert!(
        ranked.excluded.is_empty(),
        "no archived copies: {:?}",
        ranked.excluded
    );
    assert_eq!(d.earlier_references.len(), 10, "history, kept");
}

/// Defect 3: "Start the next period" pressed again made a second, identically
/// titled successor carrying the same customers and requests.
#[test]
fn a_period_has_at_most_one_successor() {
    let mut p = first_period();
    archive(&mut p.run);
    let first = roll_over(&p.run);
    assert_eq!(first.id, successor_id(&p.run.id));
    let again = next_period(
        &p.run,
        t(),
        t(),
        |id| id == first.id,
        "again".into(),
        "Ada",
        now().fixed_offset(),
    );
    assert_eq!(
        again,
        Err(NextPeriodError::AlreadyStarted(first.id.clone()))
    );
    let runs = [p.run.clone(), first.clone()];
    let d = directory_of(&runs);
    assert_eq!(
        d.successor(&p.run.id).map(|s| s.run_id.as_str()),
        Some(first.id.as_str()),
        "the archived run links to its successor"
    );
}

/// Defect 4: an escalation with no outcome vanished at close-out: no warning,
/// then the overview said "None" after the roll-over.
#[test]
fn close_out_lists_what_is_still_open_and_the_next_period_carries_it() {
    let mut p = first_period();
    add(
        &mut p.run,
        escalations::STEP,
        escalations::LIST,
        vec![
            (escalations::CUSTOMER, pick(p.customers[0])),
            (escalations::TYPE, choice("negative-sentiment")),
            (escalations::ESCALATED_TO, choice("customer-success-leader")),
            (escalations::DATE, FieldValue::Date(days_from_today(-2))),
        ],
    );
    add(
        &mut p.run,
        consents::STEP,
        consents::LIST,
        vec![
            (consents::CUSTOMER, pick(p.customers[1])),
            (consents::USE, choice("logo")),
            (consents::STATUS, choice("verified")),
            (consents::EXPIRES_ON, FieldValue::Date(days_from_today(10))),
        ],
    );
    apply(
        &mut p.run,
        RunChange::SetValue {
            step: closure::STEP.into(),
            field: closure::CLOSED_ON.into(),
            value: Some(FieldValue::Date(today())),
        },
    );
    let at = t().step_index(closure::STEP).unwrap();
    let missing: Vec<String> = missing_for_completion(t(), &p.run, at)
        .iter()
        .map(ToString::to_string)
        .collect();
    let says = |what: &str| missing.iter().any(|m| m.contains(what));
    assert!(
        says("Escalation without an outcome (step 11): Keystone Bank (Marcus Lee)")
            || says("Escalation without an outcome (step 11): Marcus Lee (Keystone Bank)"),
        "{missing:?}"
    );
    assert!(says("Request still open (step 7)"), "{missing:?}");
    assert!(says("Consent about to expire (step 3)"), "{missing:?}");
    // Choosing to carry them settles the check; closing needs the reason.
    apply(
        &mut p.run,
        RunChange::SetValue {
            step: closure::STEP.into(),
            field: closure::STILL_OPEN.into(),
            value: Some(choice(closure::STILL_OPEN_CARRIED)),
        },
    );
    let missing: Vec<String> = missing_for_completion(t(), &p.run, at)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        !missing.iter().any(|m| m.contains("without an outcome")),
        "{missing:?}"
    );
    // Archived, the overview still lists it (nothing has settled it).
    archive(&mut p.run);
    let old = p.run.clone();
    let d = directory_of(std::slice::from_ref(&old));
    assert_eq!(ProgramOverview::of(&d, today()).open_escalations.len(), 1);
    // Rolled over, it is listed once, from the new period.
    let next = roll_over(&p.run);
    let new_id = next.id.clone();
    let runs = [old, next];
    let d = directory_of(&runs);
    let o = ProgramOverview::of(&d, today());
    assert_eq!(o.open_escalations.len(), 1, "{:?}", o.open_escalations);
    assert_eq!(o.open_escalations[0].place.run_id, new_id);
    assert_eq!(o.open_requests.len(), 1);
    assert_eq!(o.open_requests[0].place.run_id, new_id);
    assert_eq!(o.expiring_consents.len(), 1);
}

/// Closed at close-out with a reason: the record keeps the reason and the
/// next period does not carry what was closed.
#[test]
fn what_close_out_closes_with_a_reason_stays_in_its_record() {
    let mut p = first_period();
    for (field, value) in [
        (closure::STILL_OPEN, choice(closure::STILL_OPEN_CLOSED)),
        (
            closure::STILL_OPEN_REASON,
            text("The CFO deal was lost; no reference needed"),
        ),
    ] {
        apply(
            &mut p.run,
            RunChange::SetValue {
                step: closure::STEP.into(),
                field: field.into(),
                value: Some(value),
            },
        );
    }
    archive(&mut p.run);
    let next = roll_over(&p.run);
    assert!(rows(&next, requests::STEP, requests::LIST).is_empty());
    let d = directory_of(std::slice::from_ref(&p.run));
    assert!(ProgramOverview::of(&d, today()).open_requests.is_empty());
}

/// Defect 5: a second click on "Approve" recorded a second approval, which
/// put the reference over its tolerance after a single request.
/// Defect 6: the approval was not recorded on the request, nor did it name it.
#[test]
fn approving_is_once_per_request_and_the_request_follows() {
    let mut p = first_period();
    let d = directory_of(std::slice::from_ref(&p.run));
    let request = d.requests[0].clone();
    let fintrust = reference(&d, "y2026", "Fintrust").clone();
    let settings = d.settings("y2026").unwrap().clone();
    let row = approve_request(
        &mut p.run,
        &editor(),
        &request,
        &fintrust,
        d.history(),
        &settings,
        today(),
    )
    .expect("approved");
    // The decision names its request; the request is approved, for Fintrust.
    let decision = rows(&p.run, approvals::STEP, approvals::LIST)
        .iter()
        .find(|r| r.id == row)
        .unwrap();
    assert_eq!(
        decision.values.get(approvals::REQUEST),
        Some(&pick(p.request))
    );
    let asked = &rows(&p.run, requests::STEP, requests::LIST)[0];
    assert_eq!(
        asked.values.get(requests::STATUS),
        Some(&choice(RequestStatus::Approved.id()))
    );
    assert_eq!(
        asked.values.get(requests::CUSTOMER),
        Some(&pick(p.customers[1]))
    );
    let d = directory_of(std::slice::from_ref(&p.run));
    let states: Vec<_> = request_rows(&d.requests, &d.interactions, today())
        .iter()
        .map(|r| r.state)
        .collect();
    assert_eq!(states, [RequestState::Approved]);
    assert_eq!(d.approvals[0].request, Some(p.request));
    // A second click (the page's request read before or after) changes nothing.
    let before = p.run.clone();
    for stale in [request.clone(), d.requests[0].clone()] {
        let again = approve_request(
            &mut p.run,
            &editor(),
            &stale,
            &fintrust,
            d.history(),
            &settings,
            today(),
        );
        match again {
            Err(ApproveError::Edit(EditError::AlreadyDone(what))) => {
                assert!(what.contains("approved already"), "{what}")
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(p.run, before);
    }
}

/// A typed decision of step 10 that names its request marks it approved too.
#[test]
fn a_typed_decision_naming_its_request_marks_it_approved() {
    let mut p = first_period();
    add(
        &mut p.run,
        approvals::STEP,
        approvals::LIST,
        vec![
            (approvals::CUSTOMER, pick(p.customers[2])),
            (approvals::REQUEST, pick(p.request)),
            (approvals::REQUEST_TYPE, choice("live-sales-call")),
            (approvals::DECIDED_ON, FieldValue::Date(today())),
            (approvals::DECISION, choice("approved")),
        ],
    );
    assert_eq!(
        rows(&p.run, requests::STEP, requests::LIST)[0]
            .values
            .get(requests::STATUS),
        Some(&choice(RequestStatus::Approved.id()))
    );
}

/// Sending and importing are idempotent too: a second send of the same
/// request to the same reference, or a second import of the same file,
/// changes nothing and says so.
#[test]
fn sending_twice_and_importing_twice_change_nothing_the_second_time() {
    let mut p = first_period();
    let d = directory_of(std::slice::from_ref(&p.run));
    let request = d.requests[0].clone();
    let globex = reference(&d, "y2026", "Globex").clone();
    send_request(
        &mut p.run,
        &editor(),
        &request,
        &globex,
        &MatchedWith::default(),
    )
    .expect("sent");
    let before = p.run.clone();
    let again = send_request(
        &mut p.run,
        &editor(),
        &request,
        &globex,
        &MatchedWith::default(),
    );
    assert!(
        matches!(&again, Err(EditError::AlreadyDone(w)) if w.contains("sent to")),
        "{again:?}"
    );
    assert_eq!(p.run, before);

    let row = |company: &str, contact: &str| ImportedRow {
        line: 2,
        values: [
            (candidates::COMPANY.to_owned(), text(company)),
            (candidates::CONTACT.to_owned(), text(contact)),
        ]
        .into_iter()
        .collect(),
    };
    let file = [row("Hooli", "Gavin B"), row("Fintrust", "Ada Park")];
    let added = add_candidates(&mut p.run, &editor(), &file).expect("Hooli is new");
    assert_eq!(added.len(), 1, "Fintrust is in the run already");
    let before = p.run.clone();
    let again = add_candidates(&mut p.run, &editor(), &file);
    assert!(matches!(again, Err(EditError::AlreadyDone(_))), "{again:?}");
    assert_eq!(p.run, before);
}

/// Defect 7: industry and product were typed twice, in step 2 and step 5.
#[test]
fn a_profile_that_picks_a_customer_starts_from_its_candidate() {
    let mut p = first_period();
    let profile = add(
        &mut p.run,
        references::STEP,
        references::LIST,
        vec![(references::CUSTOMER, pick(p.customers[3]))],
    );
    let cells = &rows(&p.run, references::STEP, references::LIST)
        .iter()
        .find(|r| r.id == profile)
        .unwrap()
        .values;
    assert_eq!(
        cells.get(references::INDUSTRY),
        Some(&text("Financial services"))
    );
    assert_eq!(cells.get(references::PRODUCT), Some(&text("Ledger")));
    // Editable: what the profile says wins, and is not overwritten.
    set_cell(
        &mut p.run,
        references::STEP,
        references::LIST,
        profile,
        references::PRODUCT,
        text("Ledger, Payroll"),
    );
    set_cell(
        &mut p.run,
        references::STEP,
        references::LIST,
        profile,
        references::CUSTOMER,
        pick(p.customers[3]),
    );
    let cells = &rows(&p.run, references::STEP, references::LIST)
        .iter()
        .find(|r| r.id == profile)
        .unwrap()
        .values;
    assert_eq!(
        cells.get(references::PRODUCT),
        Some(&text("Ledger, Payroll"))
    );
}

/// An expiry follows the customer: a consent that runs out in the first
/// period is expired in the next, and excludes there with its own reason.
#[test]
fn an_expired_consent_stays_expired_in_the_next_period() {
    let mut p = first_period();
    lapsed_sales_call_consent(&mut p.run, p.customers[4]);
    archive(&mut p.run);
    let next = roll_over(&p.run);
    let new_id = next.id.clone();
    let runs = [p.run, next];
    let d = directory_of(&runs);
    let request = d.requests_to_work().next().unwrap().clone();
    let ranked = rank(
        &request,
        &d.references,
        d.history(),
        d.settings(&new_id).unwrap(),
        today(),
    );
    let umbrella = exclusions(&ranked, "Umbrella");
    assert!(
        umbrella
            .iter()
            .any(|w| matches!(w, Exclusion::ConsentExpired { .. })),
        "{umbrella:?}"
    );
}

/// Seen in the code: the outreach gate read a consent as verified whatever
/// its expiry, so a customer whose consent had run out could be invited.
/// Consent must hold on the day of contact.
#[test]
fn outreach_needs_consent_that_still_holds_on_the_day_of_contact() {
    let mut p = first_period();
    let globex = p.customers[2];
    // Globex's consent runs out yesterday.
    lapsed_sales_call_consent(&mut p.run, globex);
    let invitation = add(
        &mut p.run,
        outreach::STEP,
        outreach::LIST,
        vec![
            (outreach::CUSTOMER, pick(globex)),
            (outreach::CONTACTED_ON, FieldValue::Date(today())),
            (
                outreach::REFERENCE_TYPES,
                FieldValue::Choices(vec!["live-sales-call".into()]),
            ),
        ],
    );
    let index = t().step_index(outreach::STEP).unwrap();
    let gate = |run: &Run| {
        missing_for_completion(t(), run, index)
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let blocked = gate(&p.run);
    assert!(
        blocked.contains(&format!("is expired on {}", days_from_today(-1))),
        "{blocked}"
    );
    // Contacted while the consent still held: the invitation stands.
    set_cell(
        &mut p.run,
        outreach::STEP,
        outreach::LIST,
        invitation,
        outreach::CONTACTED_ON,
        FieldValue::Date(days_from_today(-2)),
    );
    assert!(
        !gate(&p.run).contains("Outreach needs verified consent"),
        "{}",
        gate(&p.run)
    );
}

/// Seen in the code: taking an escalation outcome filled in the first record
/// naming nobody to escalate to, even one typed for a different customer,
/// and an outcome for a person went into a record of theirs already dated
/// (an escalation already made). It fills only a record kept for it.
#[test]
fn an_escalation_outcome_never_fills_a_record_kept_for_another_escalation() {
    let mut p = first_period();
    let [keystone, fintrust] = [p.customers[0], p.customers[1]];
    // Typed by hand: Fintrust's missed commitment, not yet escalated to anyone.
    let typed = add(
        &mut p.run,
        escalations::STEP,
        escalations::LIST,
        vec![
            (escalations::CUSTOMER, pick(fintrust)),
            (escalations::TYPE, choice("missed-commitment")),
        ],
    );
    // And an escalation to legal already made and dated, for Keystone.
    let made = add(
        &mut p.run,
        escalations::STEP,
        escalations::LIST,
        vec![
            (escalations::CUSTOMER, pick(keystone)),
            (escalations::TYPE, choice("other")),
            (escalations::ESCALATED_TO, choice("legal-reviewer")),
            (escalations::DATE, FieldValue::Date(days_from_today(-5))),
        ],
    );
    let before: Vec<Row> = rows(&p.run, escalations::STEP, escalations::LIST).to_vec();
    apply(
        &mut p.run,
        RunChange::TakeOutcome {
            step: escalations::STEP.into(),
            outcome: "to-legal".into(),
            note: "Umbrella asks to stop".into(),
        },
    );
    let after = rows(&p.run, escalations::STEP, escalations::LIST);
    assert_eq!(after.len(), 3, "the outcome adds its own record");
    for kept in [typed, made] {
        assert_eq!(
            after.iter().find(|r| r.id == kept),
            before.iter().find(|r| r.id == kept),
            "record {kept} is left as typed"
        );
    }
    let added = after.last().unwrap();
    assert_eq!(
        added.values.get(escalations::ESCALATED_TO),
        Some(&choice("legal-reviewer"))
    );
    assert_eq!(
        added.values.get(escalations::DETAILS),
        Some(&text("Umbrella asks to stop"))
    );
    assert_eq!(added.values.get(escalations::CUSTOMER), None);
}

/// A program run for years is titled by its period, not by one more
/// "(next period)" per year.
#[test]
fn each_period_is_titled_by_its_number() {
    let mut p = first_period();
    archive(&mut p.run);
    let mut second = roll_over(&p.run);
    assert_eq!(second.title, "2026 (period 2)");
    archive(&mut second);
    let third = roll_over(&second);
    assert_eq!(third.title, "2026 (period 3)");
    assert_eq!(next_title("Refs (period 9)"), "Refs (period 10)");
    assert_eq!(
        next_title("Refs (period nine)"),
        "Refs (period nine) (period 2)"
    );
}
