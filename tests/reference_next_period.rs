//! A program that runs for years: the next period starts from the archived
//! run of the one before, carrying its customers, consents, profiles,
//! briefings, open requests and the uses inside the usage window.

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use runsheet::domain::catalogue::{find, find_version};
use runsheet::domain::change::RunChange;
use runsheet::domain::procedure::registry::REFERENCE_PROGRAM;
use runsheet::domain::reference::customer::CustomerId;
use runsheet::domain::reference::extract::extract;
use runsheet::domain::reference::ids::{
    candidates, consents, criteria, interactions, references, requests,
};
use runsheet::domain::reference::matching::{Exclusion, rank};
use runsheet::domain::reference::next_period::{NextPeriodError, next_period};
use runsheet::domain::reference::periods::successor_id;
use runsheet::domain::run::{Run, StepStatus};
use runsheet::domain::template::Template;
use runsheet::domain::value::FieldValue;

#[path = "common/program_run.rs"]
mod program_run;
use program_run::{Changes, archive, choice, pick, text};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 30, 9, 0, 0).unwrap()
}

fn today() -> NaiveDate {
    now().date_naive()
}

fn days_ago(n: u64) -> FieldValue {
    FieldValue::Date(today().checked_sub_days(Days::new(n)).unwrap())
}

fn apply(run: &mut Run, t: &'static Template, change: RunChange) {
    Changes {
        template: t,
        now: now().fixed_offset(),
    }
    .apply(run, change);
}

/// Adds a record with `cells` to `list` of `step`; returns its row id.
fn add(
    run: &mut Run,
    t: &'static Template,
    step: &str,
    list: &str,
    cells: Vec<(&str, FieldValue)>,
) -> u32 {
    Changes {
        template: t,
        now: now().fixed_offset(),
    }
    .add(run, (step, list), cells)
}

fn settings(run: &mut Run, t: &'static Template, limit: f64) {
    for (field, value) in [
        (criteria::USAGE_LIMIT, FieldValue::Number(limit)),
        (criteria::USAGE_WINDOW, FieldValue::Number(90.0)),
        (
            criteria::REFERENCE_TYPES,
            FieldValue::Choices(vec!["live-sales-call".into()]),
        ),
    ] {
        apply(
            run,
            t,
            RunChange::SetValue {
                step: criteria::STEP.into(),
                field: field.into(),
                value: Some(value),
            },
        );
    }
}

fn profile_cells(who: Vec<(&'static str, FieldValue)>) -> Vec<(&'static str, FieldValue)> {
    let mut cells = who;
    cells.extend([
        (references::INDUSTRY, text("Financial services")),
        (
            references::APPROVED_TYPES,
            FieldValue::Choices(vec!["live-sales-call".into()]),
        ),
        (references::AVAILABILITY, choice("available")),
        (references::STATUS, choice("active")),
    ]);
    cells
}

/// A period of the current version: Fintrust (used 10 days ago, and 200 days
/// ago) and Globex; a request still open and one cancelled.
fn closed_period() -> (Run, u32, u32) {
    let t = find(REFERENCE_PROGRAM).unwrap();
    let mut run = Run::start(t, "p2025".into(), "2025".into(), "Ada", now());
    settings(&mut run, t, 1.0);
    let mut customer = |company: &str, contact: &str| {
        add(
            &mut run,
            t,
            candidates::STEP,
            candidates::LIST,
            vec![
                (candidates::COMPANY, text(company)),
                (candidates::CONTACT, text(contact)),
            ],
        )
    };
    let (fintrust, globex) = (
        customer("Fintrust", "Ada Park"),
        customer("Globex", "Gus Lee"),
    );
    for who in [fintrust, globex] {
        add(
            &mut run,
            t,
            consents::STEP,
            consents::LIST,
            vec![
                (consents::CUSTOMER, pick(who)),
                (consents::USE, choice("sales-call")),
                (consents::STATUS, choice("verified")),
            ],
        );
        add(
            &mut run,
            t,
            references::STEP,
            references::LIST,
            profile_cells(vec![(references::CUSTOMER, pick(who))]),
        );
    }
    for (status, audience) in [("open", "CFO of a bank"), ("cancelled", "CTO of a shop")] {
        add(
            &mut run,
            t,
            requests::STEP,
            requests::LIST,
            vec![
                (requests::REQUESTER, text("Sam Sales")),
                (requests::TYPE, choice("live-sales-call")),
                (requests::AUDIENCE, text(audience)),
                (requests::INDUSTRY, text("Financial services")),
                (requests::STATUS, choice(status)),
            ],
        );
    }
    for ago in [10, 200] {
        add(
            &mut run,
            t,
            interactions::STEP,
            interactions::LIST,
            vec![
                (interactions::CUSTOMER, pick(fintrust)),
                (interactions::REQUEST_TYPE, choice("live-sales-call")),
                (interactions::REQUEST_DATE, days_ago(ago + 1)),
                (interactions::RESPONSE_STATUS, choice("completed")),
                (interactions::COMPLETED_ON, days_ago(ago)),
            ],
        );
    }
    (run, fintrust, globex)
}

/// The id the period after "p2025" gets.
fn new_id() -> String {
    successor_id("p2025")
}

fn next(
    previous: &Run,
    previous_template: &Template,
) -> Result<runsheet::domain::reference::next_period::NextPeriod, NextPeriodError> {
    next_period(
        previous,
        previous_template,
        find(REFERENCE_PROGRAM).unwrap(),
        |_| false,
        "2026".into(),
        "Ada",
        now().fixed_offset(),
    )
}

#[test]
fn only_a_closed_and_archived_period_starts_the_next() {
    let (run, _, _) = closed_period();
    assert_eq!(
        next(&run, find(REFERENCE_PROGRAM).unwrap()),
        Err(NextPeriodError::NotArchived)
    );
}

#[test]
fn the_next_period_carries_customers_consents_profiles_open_requests_and_recent_uses() {
    let (mut old, fintrust, globex) = closed_period();
    archive(&mut old);
    let before = old.clone();
    let t = find(REFERENCE_PROGRAM).unwrap();
    let period = next(&old, t).expect("carried");
    assert_eq!(
        old, before,
        "the previous period's record is left as it was"
    );
    let new = &period.run;
    assert_eq!(
        period.carried,
        [
            "2 customers",
            "2 consent lines",
            "2 profiles",
            "1 open requests",
            "1 interactions inside the usage window"
        ]
    );
    assert!(period.left_behind.is_empty(), "{:?}", period.left_behind);
    // Each customer keeps the identity it was given in the first period.
    let carried = new.rows(t.step_index(candidates::STEP).unwrap(), candidates::LIST);
    assert_eq!(
        carried.iter().map(|r| r.id).collect::<Vec<_>>(),
        [fintrust, globex]
    );
    assert_eq!(
        CustomerId::from_value(carried[0].values.get(candidates::CUSTOMER_ID)),
        Some(CustomerId::first_entered("p2025", fintrust))
    );
    let settings = new.step(criteria::STEP).unwrap();
    assert_eq!(
        settings.values.get(criteria::USAGE_LIMIT),
        Some(&FieldValue::Number(1.0))
    );
    assert_eq!(
        settings.status,
        StepStatus::InProgress,
        "for the person to check and complete"
    );
    let open = new.rows(t.step_index(requests::STEP).unwrap(), requests::LIST);
    assert_eq!(open.len(), 1);
    assert_eq!(
        open[0].values.get(requests::AUDIENCE),
        Some(&text("CFO of a bank"))
    );
}

#[test]
fn usage_from_the_previous_period_counts_in_the_new_one_and_only_once() {
    let (mut old, _, _) = closed_period();
    archive(&mut old);
    let t = find(REFERENCE_PROGRAM).unwrap();
    let new = next(&old, t).unwrap().run;
    let runs = [old, new];
    let e = extract(&runs, t);
    let d = &e.directory;
    let request = d
        .requests
        .iter()
        .find(|r| r.key.as_ref().is_some_and(|k| k.run_id == new_id()))
        .expect("the carried request");
    let result = rank(
        request,
        &d.references,
        d.history(),
        d.settings(&new_id()).unwrap(),
        today(),
    );
    // The new period's Fintrust is over its limit of 1 from last period's call;
    // its Globex is free; the old period's profiles are archived.
    let why = |company: &str, run: &str| {
        result
            .excluded
            .iter()
            .find(|x| x.reference.company == company && x.reference.key.run_id == run)
            .map(|x| x.why.clone())
    };
    let over = why("Fintrust", &new_id()).expect("Fintrust is excluded");
    assert!(
        over.iter()
            .any(|w| matches!(w, Exclusion::OverTolerance { used: 1, .. })),
        "{over:?}"
    );
    // The old period's Fintrust is history, not a second entry (issue 20).
    assert!(why("Fintrust", "p2025").is_none());
    // The request is worked on in the new period only.
    let to_work: Vec<_> = d
        .requests_to_work()
        .map(|r| r.key.as_ref().unwrap().run_id.as_str())
        .collect();
    assert_eq!(to_work, [new_id().as_str()]);
    let free: Vec<_> = result
        .ranked
        .iter()
        .map(|r| {
            (
                r.reference.company.as_str(),
                r.reference.key.run_id.as_str(),
            )
        })
        .collect();
    assert_eq!(free, [("Globex", new_id().as_str())]);
}

#[test]
fn a_period_of_version_1_is_carried_with_each_typed_name_linked_to_its_customer() {
    let v1 = find_version(REFERENCE_PROGRAM, 1).unwrap();
    let mut old = Run::start(v1, "p2024".into(), "2024".into(), "Ada", now());
    settings(&mut old, v1, 2.0);
    let fintrust = add(
        &mut old,
        v1,
        candidates::STEP,
        candidates::LIST,
        vec![
            (candidates::COMPANY, text("Fintrust")),
            (candidates::CONTACT, text("Ada Park")),
        ],
    );
    for name in ["Ada Park", "Nobody Known"] {
        add(
            &mut old,
            v1,
            consents::STEP,
            consents::LIST,
            vec![
                (consents::REFERENCE, text(name)),
                (consents::USE, choice("sales-call")),
                (consents::STATUS, choice("verified")),
            ],
        );
    }
    add(
        &mut old,
        v1,
        references::STEP,
        references::LIST,
        profile_cells(vec![
            (references::NAME, text("Ada Park")),
            (references::COMPANY, text("Fintrust")),
        ]),
    );
    archive(&mut old);
    let t = find(REFERENCE_PROGRAM).unwrap();
    let period = next(&old, v1).expect("carried");
    assert_eq!(period.run.template_version, t.version);
    let consent_rows = period
        .run
        .rows(t.step_index(consents::STEP).unwrap(), consents::LIST);
    assert_eq!(consent_rows.len(), 1);
    assert_eq!(
        consent_rows[0].values.get(consents::CUSTOMER),
        Some(&pick(fintrust))
    );
    assert!(
        !consent_rows[0].values.contains_key(consents::REFERENCE),
        "no column the new version lacks"
    );
    assert_eq!(
        period.left_behind,
        ["consent lines: “Nobody Known” names no single customer of step 2"]
    );
    let profile = &period
        .run
        .rows(t.step_index(references::STEP).unwrap(), references::LIST)[0];
    assert_eq!(
        profile.values.get(references::CUSTOMER),
        Some(&pick(fintrust))
    );
    let e = extract(std::slice::from_ref(&period.run), t);
    assert_eq!(
        e.directory.references[0].display_name(),
        "Ada Park (Fintrust)"
    );
}
