//! Rules of the reference program that hold whatever the way in (issue 11):
//! one approval rule for the Match page, a typed decision and an imported one;
//! a withdrawn consent withdrawn everywhere; a usage review, an escalation and
//! a keep-until date that are the engine's records, not a second copy typed by
//! hand. Runs are built change by change through `Run::apply`.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use runsheet::domain::catalogue::find_version;
use runsheet::domain::change::{ChangeError, RunChange};
use runsheet::domain::completion::missing_for_completion;
use runsheet::domain::procedure::registry::{REFERENCE_PROGRAM, rules_for};
use runsheet::domain::reference::actions::approve::{ApproveError, approve_request};
use runsheet::domain::reference::actions::editor::Editor;
use runsheet::domain::reference::actions::send::{MatchedWith, send_request};
use runsheet::domain::reference::approval_rule::{Condition, can_approve};
use runsheet::domain::reference::directory::{DirectoryFilter, Standing, filter, listing};
use runsheet::domain::reference::export::directory_csv;
use runsheet::domain::reference::extract::{Directory, extract};
use runsheet::domain::reference::matching::{Exclusion, rank};
use runsheet::domain::reference::model::{ReferenceStatus, ReferenceType};
use runsheet::domain::run::Run;
use runsheet::domain::template::Template;
use runsheet::domain::value::{FieldValue, Row};

fn template() -> &'static Template {
    // Version 1, where records name their reference by typing it; the version
    // that picks customers is tested in tests/reference_picks.rs.
    find_version(REFERENCE_PROGRAM, 1).expect("reference template version 1 in the catalogue")
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 30, 9, 0, 0).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn today() -> NaiveDate {
    day(2026, 6, 30)
}

fn text(s: &str) -> FieldValue {
    FieldValue::Text(s.into())
}

fn choice(s: &str) -> FieldValue {
    FieldValue::Choice(s.into())
}

fn choices(ids: &[&str]) -> FieldValue {
    FieldValue::Choices(ids.iter().map(|s| (*s).to_owned()).collect())
}

fn try_apply(run: &mut Run, change: RunChange) -> Result<(), ChangeError> {
    run.apply(template(), change, "Ada", now()).map(|_| ())
}

fn apply(run: &mut Run, change: RunChange) {
    try_apply(run, change).unwrap_or_else(|e| panic!("change refused: {e}"));
}

fn set(run: &mut Run, step: &str, field: &str, value: FieldValue) {
    apply(
        run,
        RunChange::SetValue {
            step: step.into(),
            field: field.into(),
            value: Some(value),
        },
    );
}

fn cell(step: &str, list: &str, row: u32, column: &str, value: FieldValue) -> RunChange {
    RunChange::SetRowValue {
        step: step.into(),
        field: list.into(),
        row,
        column: column.into(),
        value: Some(value),
    }
}

fn rows<'r>(run: &'r Run, step: &str, list: &str) -> &'r [Row] {
    match run.step(step).and_then(|s| s.values.get(list)) {
        Some(FieldValue::Rows(rows)) => rows,
        _ => &[],
    }
}

/// Adds a record with the given columns and returns its row id.
fn add(run: &mut Run, step: &str, list: &str, cells: &[(&str, FieldValue)]) -> u32 {
    apply(
        run,
        RunChange::AddRow {
            step: step.into(),
            field: list.into(),
        },
    );
    let row = rows(run, step, list).last().expect("row added").id;
    for (column, value) in cells {
        apply(run, cell(step, list, row, column, value.clone()));
    }
    row
}

/// A program run: tolerance `limit` live sales calls in 30 days, records kept
/// 24 months, two references (Ada Park at Fintrust, Gus Lee at Globex) with
/// verified consent for sales calls and logos, approved for both types.
fn program(limit: f64) -> Run {
    let mut run = Run::start(
        template(),
        "run-a".into(),
        "Q3 references".into(),
        "Ada",
        now(),
    );
    set(
        &mut run,
        "criteria",
        "usage-limit",
        FieldValue::Number(limit),
    );
    set(
        &mut run,
        "criteria",
        "usage-window",
        FieldValue::Number(30.0),
    );
    set(
        &mut run,
        "criteria",
        "retention-period",
        FieldValue::Number(24.0),
    );
    set(
        &mut run,
        "criteria",
        "reference-types",
        choices(&["live-sales-call", "logo"]),
    );
    for who in ["Fintrust", "Globex"] {
        for use_ in ["sales-call", "logo"] {
            add(
                &mut run,
                "consent",
                "consents",
                &[
                    ("reference", text(who)),
                    ("use", choice(use_)),
                    ("status", choice("verified")),
                    ("date", FieldValue::Date(day(2026, 5, 1))),
                ],
            );
        }
    }
    for (name, company) in [("Ada Park", "Fintrust"), ("Gus Lee", "Globex")] {
        add(
            &mut run,
            "profile",
            "references",
            &[
                ("name", text(name)),
                ("email", text("x@example.com")),
                ("company", text(company)),
                ("title", text("CTO")),
                ("industry", text("Financial services")),
                ("product", text("Payments")),
                ("approved-types", choices(&["live-sales-call", "logo"])),
                ("time-zone", text("Europe/Berlin")),
                ("region", text("EMEA")),
                ("availability", choice("available")),
                ("status", choice("active")),
            ],
        );
    }
    run
}

/// Logs an interaction of Ada Park's: a live sales call for `audience` with
/// the given response, asked on `asked` (and done on it, when completed).
fn interaction(run: &mut Run, response: &str, asked: NaiveDate, audience: &str) -> u32 {
    let mut cells = vec![
        ("reference", text("Ada Park")),
        ("request-type", choice("live-sales-call")),
        ("audience", text(audience)),
        ("request-date", FieldValue::Date(asked)),
        ("response-status", choice(response)),
    ];
    if response == "completed" {
        cells.push(("completed-on", FieldValue::Date(asked)));
    }
    add(run, "tracking", "interactions", &cells)
}

/// A request for a live sales call, recorded in step 7.
fn request(run: &mut Run, requester: &str) -> u32 {
    add(
        run,
        "matching",
        "requests",
        &[
            ("requester", text(requester)),
            ("type", choice("live-sales-call")),
            ("audience", text("CFO")),
            ("status", choice("open")),
        ],
    )
}

fn directory(run: &Run) -> Directory {
    extract(std::slice::from_ref(run), template()).directory
}

fn editor() -> Editor<'static> {
    Editor {
        template: template(),
        who: "Ada",
        now: now().fixed_offset(),
    }
}

/// Types an approval into step 10 and returns how `Run::apply` answered the decision.
fn type_approval(run: &mut Run, who: &str, kind: &str) -> Result<(), ChangeError> {
    let row = add(
        run,
        "approval",
        "approvals",
        &[
            ("reference", text(who)),
            ("request-type", choice(kind)),
            ("decided-on", FieldValue::Date(today())),
        ],
    );
    try_apply(
        run,
        cell("approval", "approvals", row, "decision", choice("approved")),
    )
}

fn refusal(result: Result<(), ChangeError>) -> String {
    match result {
        Err(ChangeError::NotAllowed(why)) => why,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn gates(run: &Run, step: &str) -> Vec<String> {
    let index = template().step_index(step).expect("step");
    missing_for_completion(template(), run, index)
        .iter()
        .map(ToString::to_string)
        .collect()
}

// ── Point 8: one approval rule for every way in ─────────────────────────────

// Regression: an approval typed into step 10 skipped the eligible / available /
// within-tolerance check that only the Match page's button applied.
#[test]
fn a_typed_approval_over_the_tolerance_is_refused_naming_the_condition() {
    let mut run = program(2.0);
    interaction(&mut run, "completed", day(2026, 6, 10), "CFO");
    interaction(&mut run, "completed", day(2026, 6, 20), "CFO");
    let before = run.clone();
    let why = refusal(type_approval(&mut run, "Ada Park", "live-sales-call"));
    assert!(
        why.starts_with("Approvals, record 1: Ada Park (Fintrust) cannot be approved: Within the usage tolerance — Over tolerance: 2 of 2 live sales call activities in the last 30 days"),
        "{why}"
    );
    let decision = rows(&run, "approval", "approvals")[0]
        .values
        .get("decision");
    assert_eq!(decision, None, "the refused decision is not stored");
    assert!(
        run.activity[before.activity.len()..]
            .iter()
            .all(|e| !e.what.ends_with("· Decision")),
        "nor logged"
    );
    // Not approving is always possible.
    let row = rows(&run, "approval", "approvals")[0].id;
    apply(
        &mut run,
        cell(
            "approval",
            "approvals",
            row,
            "decision",
            choice("not-approved"),
        ),
    );
    // Nor can an approved decision be moved onto a reference that fails.
    let gus = type_approval(&mut run, "Gus Lee", "live-sales-call");
    assert_eq!(gus, Ok(()));
    let gus_row = rows(&run, "approval", "approvals")[1].id;
    let moved = try_apply(
        &mut run,
        cell(
            "approval",
            "approvals",
            gus_row,
            "reference",
            text("Ada Park"),
        ),
    );
    assert!(refusal(moved).contains("Over tolerance"));
}

// Regression: a typed approval was accepted for a reference that is not
// eligible (consent withdrawn) or not available.
#[test]
fn a_typed_approval_for_a_reference_not_eligible_or_not_available_is_refused() {
    let mut run = program(3.0);
    add(
        &mut run,
        "escalation",
        "escalations",
        &[
            ("reference", text("Globex")),
            ("type", choice("consent-withdrawn")),
            ("escalated-to", choice("legal-reviewer")),
            ("date", FieldValue::Date(day(2026, 6, 20))),
        ],
    );
    let why = refusal(type_approval(&mut run, "Gus Lee", "live-sales-call"));
    assert!(
        why.contains(
            "Gus Lee (Globex) cannot be approved: Eligible — Consent withdrawn for sales call"
        ),
        "{why}"
    );
    let ada = 1;
    apply(
        &mut run,
        cell(
            "profile",
            "references",
            ada,
            "availability",
            choice("unavailable"),
        ),
    );
    let why = refusal(type_approval(&mut run, "Ada Park", "logo"));
    assert!(why.contains("Available — Unavailable"), "{why}");
    let why = refusal(type_approval(&mut run, "Nobody Known", "logo"));
    assert!(
        why.contains("no reference profile in step 5 is named “Nobody Known”"),
        "{why}"
    );
}

// Regression: approval ignored the program's eligible reference types (step 1),
// on the Match page as well as in step 10.
#[test]
fn approval_needs_the_type_to_be_offered_by_the_program() {
    let mut run = program(3.0);
    set(&mut run, "criteria", "reference-types", choices(&["logo"]));
    let why = refusal(type_approval(&mut run, "Ada Park", "live-sales-call"));
    assert!(
        why.contains("Eligible — The program does not offer live sales call (step 1)"),
        "{why}"
    );
    let d = directory(&run);
    let settings = d.settings("run-a").expect("settings");
    let request = runsheet::domain::reference::model::Request::new(ReferenceType::LiveSalesCall);
    let blocks = can_approve(&d.references[0], &request, d.history(), settings, today())
        .expect_err("not offered");
    assert_eq!(blocks[0].condition, Condition::Eligible);
    assert_eq!(
        blocks[0].because,
        Exclusion::NotOffered {
            kind: ReferenceType::LiveSalesCall
        }
    );
    assert_eq!(type_approval(&mut run, "Ada Park", "logo"), Ok(()));
}

// Regression: only completed activities counted toward the tolerance, so
// pending and confirmed bookings were invisible to matching and approval.
#[test]
fn pending_and_confirmed_bookings_count_toward_the_tolerance() {
    let mut run = program(2.0);
    interaction(&mut run, "completed", day(2026, 6, 10), "CFO");
    interaction(&mut run, "awaiting-confirmation", day(2026, 6, 25), "CTO");
    let d = directory(&run);
    let settings = d.settings("run-a").expect("settings").clone();
    let new_request =
        runsheet::domain::reference::model::Request::new(ReferenceType::LiveSalesCall);
    let ranked = rank(&new_request, &d.references, d.history(), &settings, today());
    let ada = ranked
        .excluded
        .iter()
        .find(|e| e.reference.name == "Ada Park")
        .expect("Ada is excluded");
    assert_eq!(
        ada.why,
        [Exclusion::OverTolerance {
            kind: ReferenceType::LiveSalesCall,
            used: 2,
            limit: 2,
            window_days: 30
        }]
    );
    let blocks = can_approve(
        &d.references[0],
        &new_request,
        d.history(),
        &settings,
        today(),
    )
    .expect_err("a booking counts");
    assert_eq!(blocks[0].condition, Condition::WithinTolerance);
    // Confirmed counts as well; declined and unanswered requests do not.
    let pending = rows(&run, "tracking", "interactions")[1].id;
    apply(
        &mut run,
        cell(
            "tracking",
            "interactions",
            pending,
            "response-status",
            choice("confirmed"),
        ),
    );
    let d = directory(&run);
    assert!(
        can_approve(
            &d.references[0],
            &new_request,
            d.history(),
            &settings,
            today()
        )
        .is_err()
    );
    for answer in ["declined", "no-response"] {
        apply(
            &mut run,
            cell(
                "tracking",
                "interactions",
                pending,
                "response-status",
                choice(answer),
            ),
        );
        let d = directory(&run);
        assert_eq!(
            can_approve(
                &d.references[0],
                &new_request,
                d.history(),
                &settings,
                today()
            ),
            Ok(()),
            "{answer}"
        );
    }
    // A booking dated after today is already promised: it counts today.
    apply(
        &mut run,
        cell(
            "tracking",
            "interactions",
            pending,
            "response-status",
            choice("confirmed"),
        ),
    );
    apply(
        &mut run,
        cell(
            "tracking",
            "interactions",
            pending,
            "request-date",
            FieldValue::Date(day(2026, 7, 15)),
        ),
    );
    let d = directory(&run);
    assert!(
        can_approve(
            &d.references[0],
            &new_request,
            d.history(),
            &settings,
            today()
        )
        .is_err()
    );
}

// Regression: one reference could be approved for several requests at once,
// because neither the bookings nor the approvals already given counted.
#[test]
fn one_reference_cannot_be_approved_for_several_requests_at_once() {
    // At most one live sales call per reference in the window.
    let mut run = program(1.0);
    request(&mut run, "Sam Sales");
    request(&mut run, "Kim Sales");
    let d = directory(&run);
    let ada = d.references[0].clone();
    let (first, second) = (d.requests[0].clone(), d.requests[1].clone());
    // The first request is sent to Ada: its own booking does not count against it.
    send_request(&mut run, &editor(), &first, &ada, &MatchedWith::default()).expect("sent");
    let d = directory(&run);
    let first = d.requests[0].clone();
    let settings = d.settings("run-a").unwrap().clone();
    approve_request(
        &mut run,
        &editor(),
        &first,
        &ada,
        d.history(),
        &settings,
        today(),
    )
    .expect("the first request is approved");
    // The second one is refused on the Match page and when typed.
    let d = directory(&run);
    match approve_request(
        &mut run,
        &editor(),
        &second,
        &ada,
        d.history(),
        &settings,
        today(),
    ) {
        Err(ApproveError::Blocked(blocks)) => {
            assert_eq!(blocks[0].condition, Condition::WithinTolerance)
        }
        other => panic!("{other:?}"),
    }
    let why = refusal(type_approval(&mut run, "Ada Park", "live-sales-call"));
    assert!(why.contains("Within the usage tolerance"), "{why}");
    // Two requests sent to one reference with room for one: neither is approved
    // until one of them is declined.
    let mut run = program(1.0);
    interaction(&mut run, "awaiting-confirmation", day(2026, 6, 28), "CFO");
    let second = interaction(&mut run, "awaiting-confirmation", day(2026, 6, 29), "CTO");
    assert!(type_approval(&mut run, "Ada Park", "live-sales-call").is_err());
    apply(
        &mut run,
        cell(
            "tracking",
            "interactions",
            second,
            "response-status",
            choice("declined"),
        ),
    );
    let row = rows(&run, "approval", "approvals")[0].id;
    assert_eq!(
        try_apply(
            &mut run,
            cell("approval", "approvals", row, "decision", choice("approved"))
        ),
        Ok(())
    );
}

// Regression: a decision that arrives without passing `Run::apply` (a
// hand-edited file brought in by an import) was taken as it was.
#[test]
fn an_imported_decision_that_cannot_stand_blocks_completing_step_10() {
    let mut run = program(1.0);
    interaction(&mut run, "completed", day(2026, 6, 10), "CFO");
    let row = add(
        &mut run,
        "approval",
        "approvals",
        &[
            ("reference", text("Ada Park")),
            ("request-type", choice("live-sales-call")),
            ("decided-on", FieldValue::Date(today())),
            ("decision", choice("not-approved")),
        ],
    );
    // The file was edited by hand: the decision says "approved".
    let mut imported = run.clone();
    let index = template().step_index("approval").unwrap();
    if let Some(FieldValue::Rows(list)) = imported.steps[index].values.get_mut("approvals") {
        let record = list.iter_mut().find(|r| r.id == row).unwrap();
        record.values.insert("decision".into(), choice("approved"));
    }
    let missing = gates(&imported, "approval");
    assert!(
        missing.iter().any(|m| m.starts_with(
            "Approvals, record 1: Ada Park (Fintrust) cannot be approved: Within the usage tolerance"
        )),
        "{missing:?}"
    );
    assert!(
        gates(&run, "approval")
            .iter()
            .all(|m| !m.starts_with("Approvals, record"))
    );
}

// ── Point 9: withdrawal everywhere at once ───────────────────────────────────

// Regression: a withdrawn consent took the reference out of matching only; the
// directory and its CSV still listed it as active and approved for that type.
#[test]
fn a_withdrawn_consent_shows_in_the_directory_and_its_csv() {
    let mut run = program(3.0);
    // Gus withdraws everything; Ada only the use of her logo.
    add(
        &mut run,
        "escalation",
        "escalations",
        &[
            ("reference", text("Gus Lee")),
            ("type", choice("consent-withdrawn")),
            ("escalated-to", choice("legal-reviewer")),
            ("date", FieldValue::Date(day(2026, 6, 20))),
        ],
    );
    add(
        &mut run,
        "consent",
        "consents",
        &[
            ("reference", text("Fintrust")),
            ("use", choice("logo")),
            ("status", choice("withdrawn")),
            ("date", FieldValue::Date(day(2026, 6, 21))),
        ],
    );
    let d = directory(&run);
    let listed = listing(&d, today());
    let (ada, gus) = (&listed[0], &listed[1]);
    assert_eq!(gus.standing, Standing::ConsentWithdrawn);
    assert!(gus.approved_types.is_empty());
    assert_eq!(
        gus.withdrawn_types,
        [ReferenceType::LiveSalesCall, ReferenceType::Logo]
    );
    assert_eq!(ada.standing, Standing::Profile(ReferenceStatus::Active));
    assert_eq!(ada.approved_types, [ReferenceType::LiveSalesCall]);
    assert_eq!(ada.status_text(), "Active (consent withdrawn for logo)");

    let csv = directory_csv(&listed, &d.programs);
    let table = runsheet::domain::csv::read(&csv);
    let ada_row = &table.records[1].cells;
    let gus_row = &table.records[2].cells;
    assert_eq!(ada_row[7], "Live sales call");
    assert_eq!(ada_row[13], "Active (consent withdrawn for logo)");
    assert_eq!(gus_row[7], "");
    assert_eq!(gus_row[13], "Consent withdrawn");

    let names = |f: DirectoryFilter| -> Vec<String> {
        filter(&listed, &f)
            .iter()
            .map(|l| l.reference.name.clone())
            .collect()
    };
    let logo = DirectoryFilter {
        kind: Some(ReferenceType::Logo),
        ..DirectoryFilter::default()
    };
    assert!(names(logo).is_empty(), "nobody may be asked for a logo");
    let active = DirectoryFilter {
        status: Some(ReferenceStatus::Active),
        ..DirectoryFilter::default()
    };
    assert_eq!(names(active), ["Ada Park"]);
    let withdrawn = DirectoryFilter {
        consent_withdrawn: true,
        ..DirectoryFilter::default()
    };
    assert_eq!(names(withdrawn), ["Gus Lee"]);
}

// ── Point 11: one record, not two ────────────────────────────────────────────

// Regression: taking an escalation outcome in step 11 logged the branch but
// created no escalation record, so the list and the log told different stories.
#[test]
fn taking_an_escalation_outcome_records_the_escalation() {
    let mut run = program(3.0);
    apply(
        &mut run,
        RunChange::TakeOutcome {
            step: "escalation".into(),
            outcome: "to-legal".into(),
            note: "Customer asked us to stop using the logo".into(),
        },
    );
    let list = rows(&run, "escalation", "escalations");
    assert_eq!(list.len(), 1, "the outcome adds its record");
    let record = &list[0].values;
    assert_eq!(record.get("escalated-to"), Some(&choice("legal-reviewer")));
    assert_eq!(record.get("date"), Some(&FieldValue::Date(today())));
    assert_eq!(
        record.get("details"),
        Some(&text("Customer asked us to stop using the logo"))
    );
    // The record is not complete until it names the reference and the problem.
    let missing = gates(&run, "escalation");
    assert!(
        missing.contains(&"Fill in “Reference” in Escalations, record 1".to_owned()),
        "{missing:?}"
    );
    let row = list[0].id;
    apply(
        &mut run,
        cell(
            "escalation",
            "escalations",
            row,
            "reference",
            text("Fintrust"),
        ),
    );
    apply(
        &mut run,
        cell(
            "escalation",
            "escalations",
            row,
            "type",
            choice("consent-withdrawn"),
        ),
    );
    assert!(
        gates(&run, "escalation")
            .iter()
            .all(|m| !m.contains("Escalations, record"))
    );

    // A record typed first for the sponsor is the one the sponsor's outcome fills in.
    let typed = add(
        &mut run,
        "escalation",
        "escalations",
        &[
            ("reference", text("Gus Lee")),
            ("type", choice("repeated-overuse")),
            ("escalated-to", choice("program-sponsor")),
        ],
    );
    apply(
        &mut run,
        RunChange::TakeOutcome {
            step: "escalation".into(),
            outcome: "to-sponsor".into(),
            note: "Asked four times this quarter".into(),
        },
    );
    let list = rows(&run, "escalation", "escalations");
    assert_eq!(list.len(), 2, "linked, not added");
    let linked = list.iter().find(|r| r.id == typed).unwrap();
    assert_eq!(linked.values.get("date"), Some(&FieldValue::Date(today())));
    assert_eq!(
        linked.values.get("details"),
        Some(&text("Asked four times this quarter"))
    );
    assert_eq!(linked.values.get("type"), Some(&choice("repeated-overuse")));
    // A second escalation to the sponsor is a second record.
    apply(
        &mut run,
        RunChange::TakeOutcome {
            step: "escalation".into(),
            outcome: "to-sponsor".into(),
            note: "Again".into(),
        },
    );
    assert_eq!(rows(&run, "escalation", "escalations").len(), 3);
}

// Regression: a keep-until date typed at close-out overrode the retention
// policy without a word.
#[test]
fn the_keep_until_date_follows_the_policy_and_a_different_one_needs_a_reason() {
    let mut run = program(3.0);
    set(
        &mut run,
        "closure",
        "closed-on",
        FieldValue::Date(day(2026, 6, 30)),
    );
    let keep = |run: &Run| {
        run.step("closure")
            .unwrap()
            .values
            .get("retain-until")
            .cloned()
    };
    assert_eq!(
        keep(&run),
        Some(FieldValue::Date(day(2028, 6, 30))),
        "24 months from the close-out date, written in"
    );
    set(
        &mut run,
        "criteria",
        "retention-period",
        FieldValue::Number(36.0),
    );
    assert_eq!(
        keep(&run),
        Some(FieldValue::Date(day(2029, 6, 30))),
        "follows the policy"
    );
    set(
        &mut run,
        "closure",
        "retain-until",
        FieldValue::Date(day(2027, 1, 1)),
    );
    let missing = gates(&run, "closure");
    assert!(
        missing.contains(&"“Keep until” is 2027-01-01, but the retention period of step 1 gives 2029-06-30: give the reason for the different date, or set it back to 2029-06-30".to_owned()),
        "{missing:?}"
    );
    set(
        &mut run,
        "closure",
        "retain-until-reason",
        text("Litigation hold lifted early by counsel"),
    );
    assert!(
        gates(&run, "closure")
            .iter()
            .all(|m| !m.starts_with("“Keep until”"))
    );
    // With a reason on record, the date set by hand stays.
    set(
        &mut run,
        "closure",
        "closed-on",
        FieldValue::Date(day(2026, 7, 1)),
    );
    assert_eq!(keep(&run), Some(FieldValue::Date(day(2027, 1, 1))));
}

// Regression: the usage review (step 9) was typed by hand and could contradict
// the engine's own count.
#[test]
fn the_usage_review_shows_the_engines_count_and_a_decision_against_it_needs_a_reason() {
    let mut run = program(2.0);
    interaction(&mut run, "completed", day(2026, 6, 10), "CFO");
    // The request under review was sent to Ada: its own booking is not counted.
    interaction(
        &mut run,
        "awaiting-confirmation",
        day(2026, 6, 29),
        "Head of risk",
    );
    let row = add(
        &mut run,
        "usage-review",
        "usage-reviews",
        &[
            ("reference", text("Ada Park")),
            ("request-type", choice("live-sales-call")),
            ("audience", text("CFO")),
        ],
    );
    let review = |run: &Run| rows(run, "usage-review", "usage-reviews")[0].values.clone();
    let values = review(&run);
    assert_eq!(values.get("uses-in-window"), Some(&FieldValue::Number(1.0)));
    assert_eq!(values.get("same-audience"), Some(&FieldValue::Bool(true)));
    assert_eq!(values.get("reviewed-on"), Some(&FieldValue::Date(today())));
    // The count cannot be typed over.
    let typed = try_apply(
        &mut run,
        cell(
            "usage-review",
            "usage-reviews",
            row,
            "uses-in-window",
            FieldValue::Number(0.0),
        ),
    );
    assert!(refusal(typed).contains("is worked out"));
    assert!(rules_for(REFERENCE_PROGRAM).worked_out(
        "usage-review",
        "usage-reviews",
        "uses-in-window"
    ));
    // Another completed call reaches the limit, and the review shows it.
    interaction(&mut run, "completed", day(2026, 6, 20), "CTO");
    assert_eq!(
        review(&run).get("uses-in-window"),
        Some(&FieldValue::Number(2.0))
    );
    // "Within tolerance" now goes against the count: it needs a reason.
    apply(
        &mut run,
        cell(
            "usage-review",
            "usage-reviews",
            row,
            "decision",
            choice("within-tolerance"),
        ),
    );
    let missing = gates(&run, "usage-review");
    assert!(
        missing.contains(&"Usage reviews, record 1: 2 of 2 live sales call uses in the 30 days to 2026-06-30 means “Used too often”, the decision says “Within tolerance”: give the reason in “Reason for a decision against the count”".to_owned()),
        "{missing:?}"
    );
    apply(
        &mut run,
        cell(
            "usage-review",
            "usage-reviews",
            row,
            "decision-reason",
            text("The CTO call was cancelled on the day"),
        ),
    );
    assert!(
        gates(&run, "usage-review").is_empty(),
        "{:?}",
        gates(&run, "usage-review")
    );
    apply(
        &mut run,
        RunChange::Complete {
            step: "usage-review".into(),
        },
    );
    // Once the review is completed its record stays as it was decided.
    interaction(&mut run, "completed", day(2026, 6, 21), "CTO");
    assert_eq!(
        review(&run).get("uses-in-window"),
        Some(&FieldValue::Number(2.0))
    );
}

// The request under approval is not counted against itself: with room for one
// call, the request sent to Ada still ranks her, and another request does not;
// the other request's booking costs her points where she is still ranked.
#[test]
fn a_request_is_not_counted_against_itself() {
    use runsheet::domain::reference::matching::Reason;
    let mut run = program(1.0);
    request(&mut run, "Sam Sales");
    let d = directory(&run);
    send_request(
        &mut run,
        &editor(),
        &d.requests[0],
        &d.references[0],
        &MatchedWith::default(),
    )
    .expect("sent");
    let d = directory(&run);
    let settings = d.settings("run-a").unwrap().clone();
    let sent = rank(
        &d.requests[0],
        &d.references,
        d.history(),
        &settings,
        today(),
    );
    let ada = sent
        .ranked
        .iter()
        .find(|r| r.reference.name == "Ada Park")
        .expect("Ada still ranks for the request sent to her");
    assert!(
        ada.reasons
            .iter()
            .all(|r| !matches!(r, Reason::OpenBookings { .. })),
        "{:?}",
        ada.reasons
    );
    let other = runsheet::domain::reference::model::Request::new(ReferenceType::LiveSalesCall);
    let result = rank(&other, &d.references, d.history(), &settings, today());
    assert!(
        result
            .excluded
            .iter()
            .any(|e| e.reference.name == "Ada Park")
    );
    // A logo request still ranks her, and the open call costs points.
    let logo = runsheet::domain::reference::model::Request::new(ReferenceType::Logo);
    let result = rank(&logo, &d.references, d.history(), &settings, today());
    let ada = result
        .ranked
        .iter()
        .find(|r| r.reference.name == "Ada Park")
        .expect("ranked for a logo");
    assert!(
        ada.reasons.contains(&Reason::OpenBookings {
            open: 1,
            penalty: 20
        }),
        "{:?}",
        ada.reasons
    );
    assert_eq!(
        Reason::OpenBookings {
            open: 1,
            penalty: 20
        }
        .to_string(),
        "1 other request open with this reference (−20)"
    );
}

// Regression (issue 19): in a program run the sign-off named the reference
// program owner of today for every step, also for the steps closed while
// someone else held the role.
#[test]
fn a_program_step_closed_by_one_owner_keeps_them_on_the_sign_off() {
    use chrono::FixedOffset;
    use runsheet::domain::export::{export_run, to_pretty_json};
    use runsheet::domain::summary::summarize;

    let newest = find_version(REFERENCE_PROGRAM, 2).expect("reference template version 2");
    let mut run = Run::start(newest, "run-b".into(), "Q4".into(), "Ada", now());
    let apply = |run: &mut Run, change: RunChange| {
        run.apply(newest, change, "Ada", now())
            .map(|_| ())
            .unwrap_or_else(|e| panic!("change refused: {e}"));
    };
    let owner = |person: &str| RunChange::Assign {
        role: "reference-program-owner".into(),
        person: person.into(),
    };
    apply(&mut run, owner("Jonas Weber"));
    let criteria = [
        ("product-fit", text("Uses payments")),
        ("relationship-health", text("Green")),
        ("willing-to-speak", text("Yes")),
        ("industry-relevance", text("Fintech")),
        ("reference-types", choices(&["logo"])),
        ("usage-limit", FieldValue::Number(2.0)),
        ("usage-window", FieldValue::Number(30.0)),
        ("retention-period", FieldValue::Number(24.0)),
    ];
    for (field, value) in criteria {
        apply(
            &mut run,
            RunChange::SetValue {
                step: "criteria".into(),
                field: field.into(),
                value: Some(value),
            },
        );
    }
    apply(
        &mut run,
        RunChange::Complete {
            step: "criteria".into(),
        },
    );
    apply(&mut run, owner("Anna Schmidt"));

    let s = summarize(&run, newest, FixedOffset::east_opt(0).unwrap(), false);
    let owners: Vec<(&str, &str)> = s
        .sign_off
        .iter()
        .filter(|l| l.role == "Reference program owner")
        .map(|l| (l.name.as_str(), l.decision.as_str()))
        .collect();
    assert_eq!(
        owners,
        vec![
            ("Jonas Weber", "Responsible for step 1"),
            (
                "Anna Schmidt",
                "Responsible for steps 3, 5, 6, 7, 8, 9, 10, 11, 12"
            ),
        ]
    );
    assert_eq!(
        s.steps[0].responsible,
        "Reference program owner (Jonas Weber)"
    );
    let file: serde_json::Value =
        serde_json::from_str(&to_pretty_json(&export_run(&run, newest, now()))).unwrap();
    assert_eq!(file["run"]["steps"][0]["responsible"], "Jonas Weber");
    assert!(file["run"]["steps"][2].get("responsible").is_none());
}
