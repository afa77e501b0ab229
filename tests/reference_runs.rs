//! The reference program read out of real runs: runs built change by change
//! through `Run::apply`, then extracted, matched, archived, sent to and
//! imported into.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use runsheet::domain::catalogue::{find, find_version};
use runsheet::domain::change::{ChangeError, RunChange};
use runsheet::domain::procedure::registry::REFERENCE_PROGRAM;
use runsheet::domain::reference::actions::add_candidates::add_candidates;
use runsheet::domain::reference::actions::editor::{EditError, Editor};
use runsheet::domain::reference::actions::send::{MatchedWith, send_request};
use runsheet::domain::reference::archive::{is_archived, permits};
use runsheet::domain::reference::candidate_import::CsvImport;
use runsheet::domain::reference::extract::{Issue, extract};
use runsheet::domain::reference::ids;
use runsheet::domain::reference::matching::{Exclusion, rank};
use runsheet::domain::reference::model::{
    Availability, CandidateSource, ConsentStatus, ConsentUse, Criterion, Decision,
    EscalationTarget, EscalationType, Health, ReferenceStatus, ReferenceType, Request,
    RequestStatus, ResponseStatus, UsageVerdict,
};
use runsheet::domain::run::Run;
use runsheet::domain::template::{FieldKind, Template};
use runsheet::domain::value::FieldValue;

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

fn text(s: &str) -> FieldValue {
    FieldValue::Text(s.into())
}

fn choice(s: &str) -> FieldValue {
    FieldValue::Choice(s.into())
}

fn choices(ids: &[&str]) -> FieldValue {
    FieldValue::Choices(ids.iter().map(|s| (*s).to_owned()).collect())
}

fn apply(run: &mut Run, change: RunChange) {
    run.apply(template(), change, "Ada", now())
        .unwrap_or_else(|e| panic!("change refused: {e}"));
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

/// Adds a record with the given columns and returns its row id.
fn add(run: &mut Run, step: &str, list: &str, cells: &[(&str, FieldValue)]) -> u32 {
    apply(
        run,
        RunChange::AddRow {
            step: step.into(),
            field: list.into(),
        },
    );
    let row = match run.step(step).and_then(|s| s.values.get(list)) {
        Some(FieldValue::Rows(rows)) => rows.last().expect("row added").id,
        _ => panic!("no list {list}"),
    };
    for (column, value) in cells {
        apply(
            run,
            RunChange::SetRowValue {
                step: step.into(),
                field: list.into(),
                row,
                column: (*column).into(),
                value: Some(value.clone()),
            },
        );
    }
    row
}

/// A program run with settings, two references, consent, one interaction and one escalation.
fn program(id: &str) -> Run {
    let mut run = Run::start(template(), id.into(), "Q3 references".into(), "Ada", now());
    set(&mut run, "criteria", "usage-limit", FieldValue::Number(2.0));
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
    add(
        &mut run,
        "candidates",
        "candidates",
        &[
            ("company", text("Fintrust")),
            ("health", choice("healthy")),
            ("recent-win", FieldValue::Bool(true)),
            (
                "criteria-met",
                choices(&["product-fit", "industry-relevance"]),
            ),
        ],
    );
    for (who, use_, status) in [
        ("Fintrust", "sales-call", "verified"),
        ("Fintrust", "logo", "verified"),
        ("Globex", "sales-call", "verified"),
    ] {
        add(
            &mut run,
            "consent",
            "consents",
            &[
                ("reference", text(who)),
                ("use", choice(use_)),
                ("status", choice(status)),
                ("date", FieldValue::Date(day(2026, 5, 1))),
            ],
        );
    }
    for (name, company, industry) in [
        ("Ada Park", "Fintrust", "Financial services"),
        ("Gus Lee", "Globex", "Logistics"),
    ] {
        add(
            &mut run,
            "profile",
            "references",
            &[
                ("name", text(name)),
                ("email", text("x@example.com")),
                ("company", text(company)),
                ("title", text("CTO")),
                ("industry", text(industry)),
                ("product", text("Payments")),
                ("approved-types", choices(&["live-sales-call", "logo"])),
                ("time-zone", text("Europe/Berlin")),
                ("region", text("EMEA")),
                ("availability", choice("available")),
                ("status", choice("active")),
            ],
        );
    }
    add(
        &mut run,
        "tracking",
        "interactions",
        &[
            ("reference", text("Ada Park")),
            ("request-type", choice("live-sales-call")),
            ("request-date", FieldValue::Date(day(2026, 6, 1))),
            ("response-status", choice("completed")),
            ("completed-on", FieldValue::Date(day(2026, 6, 10))),
        ],
    );
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
    add(
        &mut run,
        "matching",
        "requests",
        &[
            ("requester", text("Sam Sales")),
            ("type", choice("live-sales-call")),
            ("industry", text("Financial services")),
            ("geography", text("EMEA")),
            ("product", text("Payments")),
            ("audience", text("CFO")),
            ("status", choice("open")),
        ],
    );
    run
}

#[test]
fn extraction_reads_every_list_of_the_run() {
    let runs = [program("run-a")];
    let out = extract(&runs, template());
    assert!(out.problems.is_empty(), "{:?}", out.problems);
    let d = &out.directory;
    let settings = d.settings("run-a").expect("tolerance set");
    assert_eq!(
        (
            settings.usage_limit,
            settings.window_days,
            settings.retention_months
        ),
        (2, 30, Some(24))
    );
    assert_eq!(
        settings.eligible_types,
        [ReferenceType::LiveSalesCall, ReferenceType::Logo]
    );
    assert_eq!(d.candidates.len(), 1);
    assert_eq!(d.candidates[0].health, Some(Health::Healthy));
    assert_eq!(d.candidates[0].recent_positive_outcome, Some(true));
    assert_eq!(
        d.candidates[0].criteria_met,
        [Criterion::ProductFit, Criterion::IndustryRelevance]
    );
    assert_eq!(d.consents.len(), 3);
    assert_eq!(d.consents[1].consent_use, ConsentUse::Logo);
    assert_eq!(d.consents[1].status, ConsentStatus::Verified);
    let names: Vec<&str> = d.references.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Ada Park", "Gus Lee"]);
    assert_eq!(d.references[0].key.run_id, "run-a");
    assert_eq!(d.references[0].availability, Availability::Available);
    assert_eq!(d.interactions[0].response, ResponseStatus::Completed);
    assert_eq!(d.interactions[0].completed_on, Some(day(2026, 6, 10)));
    assert_eq!(d.escalations[0].kind, EscalationType::ConsentWithdrawn);
    assert_eq!(
        d.escalations[0].escalated_to,
        Some(EscalationTarget::LegalReviewer)
    );
    assert_eq!(d.requests[0].kind, ReferenceType::LiveSalesCall);
    assert_eq!(d.requests[0].status, Some(RequestStatus::Open));
}

#[test]
fn matching_on_extracted_runs_applies_consent_escalations_and_tolerance() {
    let runs = [program("run-a")];
    let d = extract(&runs, template()).directory;
    let settings = d.settings("run-a").expect("settings");
    let result = rank(
        &d.requests[0],
        &d.references,
        d.history(),
        settings,
        day(2026, 6, 30),
    );
    assert_eq!(result.ranked.len(), 1);
    assert_eq!(result.ranked[0].reference.name, "Ada Park");
    let excluded = &result.excluded[0];
    assert_eq!(excluded.reference.name, "Gus Lee");
    assert_eq!(
        excluded.why,
        [Exclusion::ConsentWithdrawn {
            consent_use: ConsentUse::SalesCall
        }]
    );
}

#[test]
fn the_directory_is_the_union_of_every_run_of_the_template() {
    let other = Run::start(
        find("customer-story-production").expect("story template"),
        "story".into(),
        "A story".into(),
        "Ada",
        now(),
    );
    let mut run_b = program("run-b");
    apply(
        &mut run_b,
        RunChange::RemoveRow {
            step: "tracking".into(),
            field: "interactions".into(),
            row: 1,
        },
    );
    let runs = [program("run-a"), other, run_b];
    let d = extract(&runs, template()).directory;
    let keys: Vec<(&str, u32)> = d
        .references
        .iter()
        .map(|r| (r.key.run_id.as_str(), r.key.row_id))
        .collect();
    assert_eq!(
        keys,
        [("run-a", 1), ("run-a", 2), ("run-b", 1), ("run-b", 2)]
    );
    assert_eq!(d.programs.len(), 2, "runs of other templates are ignored");
    // Each run keeps its own history: run-b's copy of Ada is not charged for run-a's call.
    let mut settings = d.settings("run-a").expect("settings").clone();
    settings.usage_limit = 1;
    let result = rank(
        &d.requests[0],
        &d.references,
        d.history(),
        &settings,
        day(2026, 6, 30),
    );
    let ranked: Vec<&str> = result
        .ranked
        .iter()
        .map(|r| r.reference.key.run_id.as_str())
        .collect();
    assert_eq!(ranked, ["run-b"]);
    assert!(
        result
            .excluded
            .iter()
            .any(|e| e.reference.key.run_id == "run-a" && e.reference.name == "Ada Park")
    );
}

#[test]
fn half_filled_rows_are_skipped_and_reported() {
    let mut run = program("run-a");
    add(
        &mut run,
        "profile",
        "references",
        &[("email", text("nobody@example.com"))],
    );
    add(
        &mut run,
        "consent",
        "consents",
        &[("reference", text("Fintrust"))],
    );
    add(
        &mut run,
        "tracking",
        "interactions",
        &[("reference", text("Ada Park"))],
    );
    set(&mut run, "criteria", "usage-limit", FieldValue::Number(2.5));
    let out = extract(&[run], template());
    assert_eq!(out.directory.references.len(), 2);
    assert_eq!(out.directory.consents.len(), 3);
    assert_eq!(out.directory.interactions.len(), 1);
    assert_eq!(
        out.directory.programs[0].settings, None,
        "a bad limit disables the settings"
    );
    let messages: Vec<String> = out.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "“Q3 references” · Most activities of one type per customer: must be a whole number of zero or more, not 2.5",
            "“Q3 references” · Consent per use, record 4: left out, needs Reference, Use and Status",
            "“Q3 references” · References, record 3: left out, needs Contact name or Company",
            "“Q3 references” · Interactions, record 2: left out, needs Reference and Reference type",
        ]
    );
    assert!(matches!(out.problems[1].issue, Issue::Skipped { .. }));
    assert_eq!(out.problems[2].row_id, Some(3));
}

/// Fills in and completes the close-out step with "Archived: yes".
fn archive(run: &mut Run) {
    for check in ["status-updated", "records-archived"] {
        apply(
            run,
            RunChange::SetCheck {
                step: "closure".into(),
                check: check.into(),
                ticked: true,
            },
        );
    }
    set(run, "closure", "final-status", choice("completed"));
    set(
        run,
        "closure",
        "closed-on",
        FieldValue::Date(day(2026, 6, 30)),
    );
    set(run, "closure", "archived", FieldValue::Bool(true));
    set(
        run,
        "closure",
        "retain-until",
        FieldValue::Date(day(2028, 6, 30)),
    );
    set(
        run,
        "closure",
        "retention-reference",
        text("Records policy 4.2"),
    );
    apply(
        run,
        RunChange::Complete {
            step: "closure".into(),
        },
    );
}

#[test]
fn an_archived_run_refuses_every_change_but_reopening_close_out() {
    let mut run = program("run-a");
    set(&mut run, "closure", "archived", FieldValue::Bool(true));
    assert!(
        !is_archived(&run),
        "not locked while the close-out step is still being filled in"
    );
    archive(&mut run);
    assert!(is_archived(&run));
    for change in [
        RunChange::Rename("New".into()),
        RunChange::AddRow {
            step: "profile".into(),
            field: "references".into(),
        },
        RunChange::SetNotes {
            step: "closure".into(),
            notes: "later".into(),
        },
        RunChange::Reopen {
            step: "profile".into(),
        },
    ] {
        assert!(permits(&run, &change).is_err(), "{change:?}");
    }
    let reopen = RunChange::Reopen {
        step: "closure".into(),
    };
    assert_eq!(permits(&run, &reopen), Ok(()));
    apply(&mut run, reopen);
    assert!(!is_archived(&run));
    assert_eq!(permits(&run, &RunChange::Rename("New".into())), Ok(()));
    // References of an archived run stay in the directory but are never matched.
    apply(
        &mut run,
        RunChange::Complete {
            step: "closure".into(),
        },
    );
    let d = extract(&[run], template()).directory;
    assert!(d.references.iter().all(|r| r.archived));
    let closure = &d.programs[0].closure;
    assert!(closure.archived);
    assert_eq!(closure.closed_on, Some(day(2026, 6, 30)));
    assert_eq!(closure.retain_until, Some(day(2028, 6, 30)));
    assert_eq!(closure.retention_rule, "Records policy 4.2");
}

// Regression: the archive lock used to be checked only by the app's state
// and the reference actions, so any other caller of `Run::apply` (a component,
// an import, a test harness) could still change an archived program run.
#[test]
fn run_apply_itself_refuses_changes_to_an_archived_run() {
    let mut run = program("run-a");
    archive(&mut run);
    let snapshot = run.clone();
    for change in [
        RunChange::Rename("New".into()),
        RunChange::Assign {
            role: "reference-program-owner".into(),
            person: "Mallory".into(),
        },
        RunChange::SetTargetDate(Some(day(2030, 1, 1))),
        RunChange::SetDue {
            step: "closure".into(),
            due: None,
        },
    ] {
        let refused = run.apply(template(), change.clone(), "Ada", now());
        assert!(
            matches!(refused, Err(ChangeError::ReadOnly(_))),
            "{change:?}: {refused:?}"
        );
    }
    assert_eq!(run, snapshot, "nothing of an archived run changed");
    let reopen = RunChange::Reopen {
        step: "closure".into(),
    };
    assert!(run.apply(template(), reopen, "Ada", now()).is_ok());
}

#[test]
fn sending_a_request_logs_an_interaction_awaiting_confirmation() {
    let mut run = program("run-a");
    let d = extract(std::slice::from_ref(&run), template()).directory;
    let editor = Editor {
        template: template(),
        who: "Ada",
        now: now().fixed_offset(),
    };
    let before = run.activity.len();
    let row = send_request(
        &mut run,
        &editor,
        &d.requests[0],
        &d.references[0],
        &MatchedWith::default(),
    )
    .expect("sent");
    assert!(run.activity.len() > before, "the log records the change");
    let d = extract(std::slice::from_ref(&run), template()).directory;
    let sent = d
        .interactions
        .iter()
        .find(|i| i.key.row_id == row)
        .expect("interaction recorded");
    assert_eq!(sent.reference, "Ada Park");
    assert_eq!(sent.kind, ReferenceType::LiveSalesCall);
    assert_eq!(sent.response, ResponseStatus::AwaitingConfirmation);
    assert_eq!(sent.requested_on, Some(day(2026, 6, 30)));
    assert_eq!(sent.audience, "CFO");
    assert_eq!(d.requests[0].status, Some(RequestStatus::Sent));
    assert_eq!(d.requests[0].chosen_reference, "Ada Park (Fintrust)");

    // Refused, and the run left untouched, when the run is archived...
    archive(&mut run);
    let snapshot = run.clone();
    assert_eq!(
        send_request(
            &mut run,
            &editor,
            &d.requests[0],
            &d.references[0],
            &MatchedWith::default()
        ),
        Err(EditError::Archived)
    );
    assert_eq!(run, snapshot);
    // ...or when the reference lives in another run.
    let mut other = program("run-b");
    assert!(matches!(
        send_request(
            &mut other,
            &editor,
            &d.requests[0],
            &d.references[0],
            &MatchedWith::default()
        ),
        Err(EditError::WrongRun { .. })
    ));
}

#[test]
fn sending_into_a_closed_tracking_step_fails_without_a_trace() {
    let mut run = program("run-a");
    apply(
        &mut run,
        RunChange::MarkNotApplicable {
            step: "tracking".into(),
            reason: "paused".into(),
        },
    );
    let d = extract(std::slice::from_ref(&run), template()).directory;
    let editor = Editor {
        template: template(),
        who: "Ada",
        now: now().fixed_offset(),
    };
    let snapshot = run.clone();
    let result = send_request(
        &mut run,
        &editor,
        &d.requests[0],
        &d.references[0],
        &MatchedWith::default(),
    );
    assert!(matches!(
        result,
        Err(EditError::Change(ChangeError::StepClosed(_)))
    ));
    assert_eq!(run, snapshot, "all or nothing");
}

#[test]
fn imported_candidates_land_in_the_list_with_their_values() {
    let mut run = program("run-a");
    let csv = "Account Name,Industry,Health Score,Recent Win,Champion\r\n\
               Initech,Software,green,yes,Peter Gibbons\r\n\
               ,Retail,red,no,Nobody\r\n\
               Umbrella,Pharma,amber,maybe,Alice\r\n";
    let import = CsvImport::parse(csv).expect("has a header");
    let preview = import.preview(&import.guess_mapping());
    assert_eq!(preview.rows.len(), 1);
    assert_eq!(preview.rejected.len(), 2);
    let editor = Editor {
        template: template(),
        who: "Ada",
        now: now().fixed_offset(),
    };
    let ids = add_candidates(&mut run, &editor, &preview.rows).expect("imported");
    assert_eq!(ids, [2]);
    let d = extract(std::slice::from_ref(&run), template()).directory;
    let initech = d.candidates.last().expect("candidate added");
    assert_eq!(initech.company, "Initech");
    assert_eq!(initech.contact, "Peter Gibbons");
    assert_eq!(initech.industry, "Software");
    assert_eq!(initech.health, Some(Health::Healthy));
    assert_eq!(initech.recent_positive_outcome, Some(true));
    assert_eq!(initech.source, Some(CandidateSource::Crm));
}

// Every id the engine reads must exist in the template with the kind the
// engine expects, and every choice enum must list exactly the template's options.
#[test]
fn the_engine_ids_match_the_template() {
    let t = template();
    let kind_of = |step: &str, field: &str, column: Option<&str>| -> Option<String> {
        let f = t.step(step)?.field(field)?;
        let f = match column {
            Some(c) => f.sub_fields().iter().find(|s| s.id == c)?,
            None => f,
        };
        Some(
            serde_json::to_value(&f.kind).ok()?["type"]
                .as_str()?
                .to_owned(),
        )
    };
    let lists = [
        (
            ids::candidates::STEP,
            ids::candidates::LIST,
            &[
                ids::candidates::COMPANY,
                ids::candidates::CONTACT,
                ids::candidates::INDUSTRY,
                ids::candidates::PRODUCT,
                ids::candidates::SOURCE,
                ids::candidates::HEALTH,
                ids::candidates::RECENT_WIN,
                ids::candidates::MEASURABLE_VALUE,
                ids::candidates::ADVOCACY_POTENTIAL,
                ids::candidates::CRITERIA_MET,
                ids::candidates::NOTES,
            ][..],
        ),
        (
            ids::consents::STEP,
            ids::consents::LIST,
            &[
                ids::consents::REFERENCE,
                ids::consents::USE,
                ids::consents::STATUS,
                ids::consents::DATE,
                ids::consents::EVIDENCE,
                ids::consents::APPROVALS,
                ids::consents::RESTRICTIONS,
            ][..],
        ),
        (
            ids::outreach::STEP,
            ids::outreach::LIST,
            &[ids::outreach::REFERENCE, ids::outreach::REFERENCE_TYPES][..],
        ),
        (
            ids::references::STEP,
            ids::references::LIST,
            &[
                ids::references::NAME,
                ids::references::EMAIL,
                ids::references::PHONE,
                ids::references::COMPANY,
                ids::references::TITLE,
                ids::references::INDUSTRY,
                ids::references::PRODUCT,
                ids::references::APPROVED_TYPES,
                ids::references::PREFERRED_TOPICS,
                ids::references::REGION,
                ids::references::TIME_ZONE,
                ids::references::AVAILABILITY,
                ids::references::AVAILABILITY_NOTES,
                ids::references::STATUS,
            ][..],
        ),
        (
            ids::requests::STEP,
            ids::requests::LIST,
            &[
                ids::requests::REQUESTER,
                ids::requests::TYPE,
                ids::requests::AUDIENCE,
                ids::requests::INDUSTRY,
                ids::requests::USE_CASE,
                ids::requests::GEOGRAPHY,
                ids::requests::PRODUCT,
                ids::requests::NEEDED_BY,
                ids::requests::CHOSEN_REFERENCE,
                ids::requests::MATCH_REASON,
                ids::requests::STATUS,
            ][..],
        ),
        (
            ids::interactions::STEP,
            ids::interactions::LIST,
            &[
                ids::interactions::REFERENCE,
                ids::interactions::REQUEST_TYPE,
                ids::interactions::AUDIENCE,
                ids::interactions::REQUEST_DATE,
                ids::interactions::RESPONSE_STATUS,
                ids::interactions::COMPLETED_ON,
                ids::interactions::ACTIVITY,
                ids::interactions::FEEDBACK,
                ids::interactions::ISSUES,
            ][..],
        ),
        (
            ids::usage::STEP,
            ids::usage::LIST,
            &[
                ids::usage::REFERENCE,
                ids::usage::REQUEST_TYPE,
                ids::usage::AUDIENCE,
                ids::usage::USES,
                ids::usage::SAME_AUDIENCE,
                ids::usage::DECISION,
                ids::usage::DECISION_REASON,
                ids::usage::REVIEWED_ON,
            ][..],
        ),
        (
            ids::approvals::STEP,
            ids::approvals::LIST,
            &[
                ids::approvals::REFERENCE,
                ids::approvals::REQUEST_TYPE,
                ids::approvals::DECISION,
                ids::approvals::DECIDED_ON,
                ids::approvals::NOTES,
            ][..],
        ),
        (
            ids::escalations::STEP,
            ids::escalations::LIST,
            &[
                ids::escalations::REFERENCE,
                ids::escalations::TYPE,
                ids::escalations::DETAILS,
                ids::escalations::ESCALATED_TO,
                ids::escalations::DATE,
                ids::escalations::OUTCOME,
            ][..],
        ),
    ];
    for (step, list, columns) in lists {
        assert_eq!(
            kind_of(step, list, None).as_deref(),
            Some("list"),
            "{step}.{list}"
        );
        for column in columns {
            assert!(
                kind_of(step, list, Some(column)).is_some(),
                "{step}.{list}.{column}"
            );
        }
    }
    for (field, kind) in [
        (ids::criteria::USAGE_LIMIT, "number"),
        (ids::criteria::USAGE_WINDOW, "number"),
        (ids::criteria::RETENTION_PERIOD, "number"),
        (ids::criteria::REFERENCE_TYPES, "multiple_choice"),
        (ids::criteria::PRODUCT_FIT, "long_text"),
    ] {
        assert_eq!(
            kind_of(ids::criteria::STEP, field, None).as_deref(),
            Some(kind),
            "{field}"
        );
    }
    for (field, kind) in [
        (ids::closure::FINAL_STATUS, "single_choice"),
        (ids::closure::CLOSED_ON, "date"),
        (ids::closure::ARCHIVED, "yes_no"),
        (ids::closure::RETAIN_UNTIL, "date"),
        (ids::closure::RETENTION_REFERENCE, "short_text"),
        (ids::closure::RETAIN_UNTIL_REASON, "long_text"),
    ] {
        assert_eq!(
            kind_of(ids::closure::STEP, field, None).as_deref(),
            Some(kind),
            "{field}"
        );
    }

    let options = |step: &str, field: &str, column: Option<&str>| -> Vec<(String, String)> {
        let f = t.step(step).and_then(|s| s.field(field)).expect("field");
        let f = match column {
            Some(c) => f.sub_fields().iter().find(|s| s.id == c).expect("column"),
            None => f,
        };
        assert!(matches!(
            f.kind,
            FieldKind::SingleChoice { .. } | FieldKind::MultipleChoice { .. }
        ));
        f.kind
            .options()
            .iter()
            .map(|o| (o.id.clone(), o.label.clone()))
            .collect()
    };
    fn pairs<T: Copy>(
        all: &[T],
        f: impl Fn(T) -> (&'static str, &'static str),
    ) -> Vec<(String, String)> {
        all.iter()
            .map(|x| {
                let (a, b) = f(*x);
                (a.to_owned(), b.to_owned())
            })
            .collect()
    }
    let types = pairs(ReferenceType::ALL, |x| (x.id(), x.label()));
    assert_eq!(options("criteria", "reference-types", None), types);
    assert_eq!(
        options("profile", "references", Some("approved-types")),
        types
    );
    assert_eq!(options("matching", "requests", Some("type")), types);
    assert_eq!(
        options("tracking", "interactions", Some("request-type")),
        types
    );
    assert_eq!(
        options("outreach", "invitations", Some("reference-types")),
        types
    );
    assert_eq!(
        options("consent", "consents", Some("use")),
        pairs(ConsentUse::ALL, |x| (x.id(), x.label()))
    );
    assert_eq!(
        options("consent", "consents", Some("status")),
        pairs(ConsentStatus::ALL, |x| (x.id(), x.label()))
    );
    assert_eq!(
        options("profile", "references", Some("availability")),
        pairs(Availability::ALL, |x| (x.id(), x.label()))
    );
    assert_eq!(
        options("profile", "references", Some("status")),
        pairs(ReferenceStatus::ALL, |x| (x.id(), x.label()))
    );
    assert_eq!(
        options("matching", "requests", Some("status")),
        pairs(RequestStatus::ALL, |x| (x.id(), x.label()))
    );
    assert_eq!(
        options("tracking", "interactions", Some("response-status")),
        pairs(ResponseStatus::ALL, |x| (x.id(), x.label()))
    );
    assert_eq!(
        options("escalation", "escalations", Some("type")),
        pairs(EscalationType::ALL, |x| (x.id(), x.label()))
    );
    assert_eq!(
        options("escalation", "escalations", Some("escalated-to")),
        pairs(EscalationTarget::ALL, |x| (x.id(), x.label()))
    );
    assert_eq!(
        options("candidates", "candidates", Some("health")),
        pairs(Health::ALL, |x| (x.id(), x.label()))
    );
    assert_eq!(
        options("candidates", "candidates", Some("source")),
        pairs(CandidateSource::ALL, |x| (x.id(), x.label()))
    );
    assert_eq!(
        options(
            ids::approvals::STEP,
            ids::approvals::LIST,
            Some(ids::approvals::DECISION)
        ),
        pairs(Decision::ALL, |x| (x.id(), x.label()))
    );
    assert_eq!(
        options(
            ids::usage::STEP,
            ids::usage::LIST,
            Some(ids::usage::DECISION)
        ),
        pairs(UsageVerdict::ALL, |x| (x.id(), x.label()))
    );
    let criteria = options("candidates", "candidates", Some("criteria-met"));
    assert_eq!(criteria, pairs(Criterion::ALL, |x| (x.id(), x.label())));
}

#[test]
fn approval_is_recorded_only_when_eligible_available_and_within_tolerance() {
    use runsheet::domain::reference::actions::approve::{ApproveError, approve_request};
    use runsheet::domain::reference::approval_rule::Condition;
    let mut run = program("run-a");
    let editor = Editor {
        template: template(),
        who: "Ada",
        now: now().fixed_offset(),
    };
    let d = extract(std::slice::from_ref(&run), template()).directory;
    let settings = d.settings("run-a").unwrap().clone();
    let ada = d
        .references
        .iter()
        .find(|r| r.name == "Ada Park")
        .unwrap()
        .clone();
    let gus = d
        .references
        .iter()
        .find(|r| r.name == "Gus Lee")
        .unwrap()
        .clone();
    let request = d.requests[0].clone();

    // Gus's consent was withdrawn: not eligible, nothing written.
    let before = run.clone();
    let err = approve_request(
        &mut run,
        &editor,
        &request,
        &gus,
        d.history(),
        &settings,
        day(2026, 6, 30),
    )
    .unwrap_err();
    match &err {
        ApproveError::Blocked(blocks) => assert_eq!(blocks[0].condition, Condition::Eligible),
        other => panic!("{other:?}"),
    }
    assert!(
        err.to_string().starts_with("Not approved: Eligible"),
        "{err}"
    );
    assert_eq!(run, before);

    // Ada has one completed call of the two allowed in the window: approved.
    let row = approve_request(
        &mut run,
        &editor,
        &request,
        &ada,
        d.history(),
        &settings,
        day(2026, 6, 30),
    )
    .unwrap();
    let Some(FieldValue::Rows(rows)) = run.step("approval").unwrap().values.get("approvals") else {
        panic!("approvals list")
    };
    let decision = rows.iter().find(|r| r.id == row).unwrap();
    assert_eq!(decision.values.get("decision"), Some(&choice("approved")));
    assert_eq!(decision.values.get("reference"), Some(&text("Ada Park")));

    // A second completed call reaches the limit: the next approval says which condition fails.
    add(
        &mut run,
        "tracking",
        "interactions",
        &[
            ("reference", text("Ada Park")),
            ("request-type", choice("live-sales-call")),
            ("request-date", FieldValue::Date(day(2026, 6, 20))),
            ("response-status", choice("completed")),
            ("completed-on", FieldValue::Date(day(2026, 6, 25))),
        ],
    );
    let d = extract(std::slice::from_ref(&run), template()).directory;
    let ada = d
        .references
        .iter()
        .find(|r| r.name == "Ada Park")
        .unwrap()
        .clone();
    // Another request of the same type (this one is approved already).
    let another = Request {
        key: None,
        ..request.clone()
    };
    match approve_request(
        &mut run,
        &editor,
        &another,
        &ada,
        d.history(),
        &settings,
        day(2026, 6, 30),
    ) {
        Err(ApproveError::Blocked(blocks)) => {
            assert_eq!(blocks[0].condition, Condition::WithinTolerance)
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn outreach_cannot_be_completed_before_consent_for_the_offered_type_is_verified() {
    use runsheet::domain::completion::missing_for_completion;
    let mut run = program("run-a");
    let outreach = template().step_index("outreach").unwrap();
    add(
        &mut run,
        "outreach",
        "invitations",
        &[
            ("reference", text("Fintrust")),
            (
                "reference-types",
                choices(&["live-sales-call", "case-study"]),
            ),
        ],
    );
    let rules: Vec<String> = missing_for_completion(template(), &run, outreach)
        .iter()
        .map(ToString::to_string)
        .filter(|m| m.starts_with("Outreach"))
        .collect();
    assert_eq!(
        rules,
        vec!["Outreach needs verified consent first — Fintrust: Consent for public case study is not verified (needed for Case study)".to_string()]
    );
    add(
        &mut run,
        "consent",
        "consents",
        &[
            ("reference", text("Fintrust")),
            ("use", choice("public-case-study")),
            ("status", choice("verified")),
        ],
    );
    let still: Vec<String> = missing_for_completion(template(), &run, outreach)
        .iter()
        .map(ToString::to_string)
        .filter(|m| m.starts_with("Outreach"))
        .collect();
    assert!(still.is_empty(), "{still:?}");
}
