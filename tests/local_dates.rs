//! "Today" is the person's today (issue 19, part 4): every date a rule or a
//! default fills in is the person's local calendar day, not UTC's, and every
//! past instant is shown at the offset it had then, summer time included.
//!
//! The clock is a parameter: each test names its instant and its zone. The
//! browser passes `chrono::Local`; here a zone with Los Angeles' rules
//! ([`LosAngeles`]) stands in for it, and Auckland in December is `UTC+13`.

use chrono::{
    DateTime, Datelike, Days, FixedOffset, MappedLocalTime, NaiveDate, NaiveDateTime, TimeDelta,
    TimeZone, Utc, Weekday,
};
use runsheet::domain::catalogue::{find, find_version};
use runsheet::domain::change::{ChangeError, RunChange};
use runsheet::domain::listing::default_title;
use runsheet::domain::procedure::registry::REFERENCE_PROGRAM;
use runsheet::domain::reference::ids::{
    approvals, candidates, consents, criteria, escalations, references,
};
use runsheet::domain::run::Run;
use runsheet::domain::schedule::{due_date, is_step_overdue};
use runsheet::domain::summary::summarize;
use runsheet::domain::template::Template;
use runsheet::domain::value::FieldValue;

#[path = "common/program_run.rs"]
mod program_run;
use program_run::{Changes, choice, text};

// ── A time zone with summer time, for tests ──────────────────────────────────

/// America/Los_Angeles as its rules stand since 2007: UTC−8, and UTC−7 from
/// the second Sunday of March at 02:00 to the first Sunday of November at
/// 02:00, local time. Just enough of a time zone database to show a past
/// instant at its own offset without one.
#[derive(Debug, Clone, Copy)]
struct LosAngeles;

fn hours(h: i32) -> FixedOffset {
    FixedOffset::east_opt(h * 3600).expect("a valid offset")
}

impl LosAngeles {
    const STANDARD: i32 = -8;
    const SUMMER: i32 = -7;

    /// The `n`-th Sunday of `month` in `year`.
    fn sunday(year: i32, month: u32, n: u8) -> NaiveDate {
        NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Sun, n).expect("a Sunday")
    }

    /// The offset in force at the UTC moment `utc`.
    fn at(utc: &NaiveDateTime) -> FixedOffset {
        let year = utc.year();
        // 02:00 standard time is 10:00 UTC; 02:00 summer time is 09:00 UTC.
        let begins = Self::sunday(year, 3, 2).and_hms_opt(10, 0, 0).unwrap();
        let ends = Self::sunday(year, 11, 1).and_hms_opt(9, 0, 0).unwrap();
        hours(if (begins..ends).contains(utc) {
            Self::SUMMER
        } else {
            Self::STANDARD
        })
    }
}

impl TimeZone for LosAngeles {
    type Offset = FixedOffset;

    fn from_offset(_: &FixedOffset) -> Self {
        LosAngeles
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> MappedLocalTime<FixedOffset> {
        self.offset_from_local_datetime(&local.and_hms_opt(0, 0, 0).unwrap())
    }

    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> MappedLocalTime<FixedOffset> {
        // An offset fits a wall-clock time when the UTC moment it gives has
        // that offset: none fits in the spring gap, both in the autumn overlap.
        let fits = |offset: FixedOffset| {
            let utc = *local - TimeDelta::seconds(i64::from(offset.local_minus_utc()));
            Self::at(&utc) == offset
        };
        let (summer, standard) = (hours(Self::SUMMER), hours(Self::STANDARD));
        match (fits(summer), fits(standard)) {
            (true, true) => MappedLocalTime::Ambiguous(summer, standard),
            (true, false) => MappedLocalTime::Single(summer),
            (false, true) => MappedLocalTime::Single(standard),
            (false, false) => MappedLocalTime::None,
        }
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> FixedOffset {
        Self::at(&utc.and_hms_opt(0, 0, 0).unwrap())
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> FixedOffset {
        Self::at(utc)
    }
}

/// A wall-clock time in Los Angeles, as the person's now: the instant with
/// the offset in force then.
fn in_los_angeles(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<FixedOffset> {
    LosAngeles
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("an unambiguous Los Angeles time")
        .fixed_offset()
}

/// A wall-clock time in Auckland in December (summer time, UTC+13).
fn in_auckland_december(d: u32, h: u32, min: u32) -> DateTime<FixedOffset> {
    hours(13)
        .with_ymd_and_hms(2026, 12, d, h, min, 0)
        .single()
        .expect("a valid Auckland time")
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

#[test]
fn the_test_zone_switches_to_summer_time_and_back_on_the_published_days() {
    let utc = |m, d, h, min| Utc.with_ymd_and_hms(2026, m, d, h, min, 0).unwrap();
    let offset =
        |at: DateTime<Utc>| at.with_timezone(&LosAngeles).offset().local_minus_utc() / 3600;
    assert_eq!(
        offset(utc(3, 8, 9, 59)),
        -8,
        "01:59 on 8 March is standard time"
    );
    assert_eq!(
        offset(utc(3, 8, 10, 0)),
        -7,
        "02:00 on 8 March jumps to 03:00"
    );
    assert_eq!(
        offset(utc(11, 1, 8, 59)),
        -7,
        "01:59 summer time on 1 November"
    );
    assert_eq!(
        offset(utc(11, 1, 9, 0)),
        -8,
        "then 01:00 again, standard time"
    );
    assert!(
        LosAngeles
            .with_ymd_and_hms(2026, 3, 8, 2, 30, 0)
            .single()
            .is_none()
    );
}

// ── Los Angeles, a run started at 23:30 on 6 March ───────────────────────────

fn story() -> &'static Template {
    find("customer-story-production").expect("the story SOP is built in")
}

/// A run started as the app starts one: its default title dated by the
/// person's today, its start the same instant in UTC.
fn start(template: &Template, now: DateTime<FixedOffset>) -> Run {
    let title = default_title(&template.title, now.date_naive());
    Run::start(template, "r".into(), title, "Ada", now.to_utc())
}

// Regression: a run started in Los Angeles at 23:30 on 6 March (07:30 UTC on
// the 7th) showed step 1 "due 2026-03-09" that evening and "due 2026-03-10"
// once summer time had begun, and its summary said "Started 2026-03-07 00:30
// (UTC-07:00)" under a title dated 2026-03-06: past instants were shown at
// today's offset, not their own.
#[test]
fn a_run_started_late_in_los_angeles_keeps_its_day_across_the_switch_to_summer_time() {
    let t = story();
    let evening = in_los_angeles(2026, 3, 6, 23, 30);
    assert_eq!(evening.date_naive(), day(2026, 3, 6));
    assert_eq!(
        evening.to_utc().date_naive(),
        day(2026, 3, 7),
        "UTC is already tomorrow"
    );
    let mut run = start(t, evening);
    assert_eq!(run.title, format!("{} — 2026-03-06", t.title));
    assert_eq!(
        run.created_at,
        Utc.with_ymd_and_hms(2026, 3, 7, 7, 30, 0).unwrap()
    );

    // Step 1 is due three days after the run started: on the person's 6 March.
    let due = due_date(t, &run, 0, LosAngeles);
    assert_eq!(due, Some(day(2026, 3, 9)));
    assert_eq!(
        due,
        due_date(t, &run, 0, hours(-8)),
        "the same date as shown that evening, at that evening's offset"
    );
    // Seen after the switch (10 March, UTC−7): still due the 9th, so overdue
    // on the 10th; at the summer offset it would read the 10th.
    assert!(!is_step_overdue(t, &run, 0, day(2026, 3, 9), LosAngeles));
    assert!(is_step_overdue(t, &run, 0, day(2026, 3, 10), LosAngeles));

    // An edit in summer time, and the summary: each instant at its own offset.
    let summer = in_los_angeles(2026, 3, 10, 9, 0);
    run.apply(t, RunChange::Rename("Acme story".into()), "Ada", summer)
        .expect("renamed");
    let s = summarize(&run, t, LosAngeles, true);
    assert_eq!(s.started, "2026-03-06 23:30 (UTC-08:00)");
    assert_eq!(s.updated, "2026-03-10 09:00 (UTC-07:00)");
    assert_eq!(s.steps[0].due, Some(day(2026, 3, 9)));
    let times: Vec<&str> = s.activity.iter().map(|a| a.at.as_str()).collect();
    assert_eq!(
        times,
        [
            "2026-03-10 09:00 (UTC-07:00)",
            "2026-03-06 23:30 (UTC-08:00)"
        ],
        "newest first, each with its zone"
    );
}

#[test]
fn a_step_closed_late_in_the_evening_signs_off_on_the_persons_day() {
    let t: Template = serde_json::from_str(include_str!("fixtures/mini-sop.json")).unwrap();
    let morning = in_los_angeles(2026, 3, 7, 9, 0);
    let mut run = start(&t, morning);
    let late = in_los_angeles(2026, 3, 7, 23, 50);
    let mut apply = |change| run.apply(&t, change, "Ada", late).expect("applied");
    apply(RunChange::Assign {
        role: "owner".into(),
        person: "Dee".into(),
    });
    apply(RunChange::SetValue {
        step: "pick".into(),
        field: "name".into(),
        value: Some(FieldValue::Text("Acme".into())),
    });
    apply(RunChange::SetCheck {
        step: "pick".into(),
        check: "fit".into(),
        ticked: true,
    });
    apply(RunChange::Complete {
        step: "pick".into(),
    });
    let s = summarize(&run, &t, LosAngeles, false);
    let owner = s
        .sign_off
        .iter()
        .find(|l| l.role == "Owner")
        .expect("owner signs");
    assert_eq!(
        owner.date.as_deref(),
        Some("2026-03-07"),
        "not UTC's 8 March"
    );
    assert_eq!(
        s.steps[0].completed.as_deref(),
        Some("Ada, 2026-03-07 23:50 (UTC-08:00)")
    );
    // The next step is due three days after the first closed, on the person's day.
    assert_eq!(due_date(&t, &run, 1, LosAngeles), Some(day(2026, 3, 10)));
}

// ── The reference program's rules date and judge on the person's day ────────

/// A program run of `template` started at `now`, whose settings offer live
/// sales calls, two per customer in 90 days.
fn program(template: &Template, now: DateTime<FixedOffset>) -> Run {
    let mut run = start(template, now);
    for (field, value) in [
        (criteria::USAGE_LIMIT, FieldValue::Number(2.0)),
        (criteria::USAGE_WINDOW, FieldValue::Number(90.0)),
        (criteria::RETENTION_PERIOD, FieldValue::Number(24.0)),
        (
            criteria::REFERENCE_TYPES,
            FieldValue::Choices(vec!["live-sales-call".into()]),
        ),
    ] {
        run.apply(
            template,
            RunChange::SetValue {
                step: criteria::STEP.into(),
                field: field.into(),
                value: Some(value),
            },
            "Ada",
            now,
        )
        .expect("setting applied");
    }
    run
}

/// Takes step 11's "escalate to the legal reviewer" at `now` and returns the
/// date the escalation record was given.
fn escalate(template: &Template, run: &mut Run, now: DateTime<FixedOffset>) -> Option<FieldValue> {
    run.apply(
        template,
        RunChange::TakeOutcome {
            step: escalations::STEP.into(),
            outcome: "to-legal".into(),
            note: "Asked us to stop".into(),
        },
        "Ada",
        now,
    )
    .expect("outcome taken");
    let index = template.step_index(escalations::STEP).unwrap();
    let record = run.rows(index, escalations::LIST).last()?;
    record.values.get(escalations::DATE).cloned()
}

#[test]
fn an_escalation_taken_at_17_30_in_los_angeles_is_dated_that_day() {
    let t = find_version(REFERENCE_PROGRAM, 1).expect("version 1");
    let now = in_los_angeles(2026, 12, 7, 17, 30);
    assert_eq!(
        now.to_utc().date_naive(),
        day(2026, 12, 8),
        "UTC is tomorrow"
    );
    let mut run = program(t, now);
    assert_eq!(
        escalate(t, &mut run, now),
        Some(FieldValue::Date(day(2026, 12, 7)))
    );
}

#[test]
fn an_escalation_taken_at_08_00_in_auckland_is_dated_that_day() {
    let t = find(REFERENCE_PROGRAM).expect("the reference program");
    let now = in_auckland_december(8, 8, 0);
    assert_eq!(
        now.to_utc().date_naive(),
        day(2026, 12, 7),
        "UTC is yesterday"
    );
    let mut run = program(t, now);
    assert_eq!(
        escalate(t, &mut run, now),
        Some(FieldValue::Date(day(2026, 12, 8)))
    );
}

/// A v2 program run with one customer (Fintrust, Ada Park) whose verified
/// consent for sales calls expires on `expires_on`, an active and available
/// profile, and a decision record for a live sales call with no date yet.
/// Returns the run and the decision's row id.
fn program_with_expiring_consent(
    t: &'static Template,
    now: DateTime<FixedOffset>,
    expires_on: NaiveDate,
) -> (Run, u32) {
    let mut run = program(t, now);
    let changes = Changes { template: t, now };
    let add = |run: &mut Run, step: &str, list: &str, cells: Vec<(&str, FieldValue)>| {
        changes.add(run, (step, list), cells)
    };
    let customer = add(
        &mut run,
        candidates::STEP,
        candidates::LIST,
        vec![
            (candidates::COMPANY, text("Fintrust")),
            (candidates::CONTACT, text("Ada Park")),
        ],
    );
    let pick = FieldValue::Picks(vec![customer]);
    add(
        &mut run,
        consents::STEP,
        consents::LIST,
        vec![
            (consents::CUSTOMER, pick.clone()),
            (consents::USE, choice("sales-call")),
            (consents::STATUS, choice("verified")),
            (consents::DATE, FieldValue::Date(day(2026, 11, 1))),
            (consents::EXPIRES_ON, FieldValue::Date(expires_on)),
        ],
    );
    add(
        &mut run,
        references::STEP,
        references::LIST,
        vec![
            (references::CUSTOMER, pick.clone()),
            (references::EMAIL, text("ada@fintrust.example")),
            (references::INDUSTRY, text("Financial services")),
            (references::PRODUCT, text("Payments")),
            (
                references::APPROVED_TYPES,
                FieldValue::Choices(vec!["live-sales-call".into()]),
            ),
            (references::REGION, text("APAC")),
            (references::AVAILABILITY, choice("available")),
            (references::STATUS, choice("active")),
        ],
    );
    let decision = add(
        &mut run,
        approvals::STEP,
        approvals::LIST,
        vec![
            (approvals::CUSTOMER, pick),
            (approvals::REQUEST_TYPE, choice("live-sales-call")),
        ],
    );
    (run, decision)
}

/// Records "approved" on decision `row` at `now`, with no decision date typed,
/// so the rule judges it on the day of `now`.
fn approve(
    t: &Template,
    run: &mut Run,
    row: u32,
    now: DateTime<FixedOffset>,
) -> Result<(), ChangeError> {
    run.apply(
        t,
        RunChange::SetRowValue {
            step: approvals::STEP.into(),
            field: approvals::LIST.into(),
            row,
            column: approvals::DECISION.into(),
            value: Some(FieldValue::Choice("approved".into())),
        },
        "Ada",
        now,
    )
    .map(|_| ())
}

// In Auckland at 08:00 on 8 December it is still 7 December in UTC. A consent
// that expired on the 7th no longer holds for the person, and the approval
// rule must say so, as the Match page (which judges on the local day) does.
#[test]
fn a_consent_that_expired_yesterday_in_auckland_refuses_an_approval_though_utc_is_still_on_that_day()
 {
    let t = find(REFERENCE_PROGRAM).expect("the reference program");
    let now = in_auckland_december(8, 8, 0);
    let expired_yesterday = day(2026, 12, 7);
    assert_eq!(now.to_utc().date_naive(), expired_yesterday);

    let (mut run, row) = program_with_expiring_consent(t, now, expired_yesterday);
    let before = run.clone();
    match approve(t, &mut run, row, now) {
        Err(ChangeError::NotAllowed(why)) => assert!(
            why.contains("expired on 2026-12-07"),
            "the refusal names the expiry: {why}"
        ),
        other => panic!("expected the approval refused, got {other:?}"),
    }
    assert_eq!(run, before, "a refused change leaves the run as it was");

    // The same instant for a person in UTC: the consent holds through its last day.
    let (mut run, row) = program_with_expiring_consent(t, now, expired_yesterday);
    approve(t, &mut run, row, now.to_utc().fixed_offset()).expect("approved on its last day");

    // And in Auckland, a consent expiring today still holds.
    let (mut run, row) = program_with_expiring_consent(
        t,
        now,
        expired_yesterday.checked_add_days(Days::new(1)).unwrap(),
    );
    approve(t, &mut run, row, now).expect("a consent holds on its expiry day");
}

// ── Auckland, a run started at 08:00 on 8 December ───────────────────────────

#[test]
fn a_run_started_in_the_auckland_morning_is_dated_and_due_by_the_local_day() {
    let t = story();
    let zone = hours(13);
    let morning = in_auckland_december(8, 8, 0);
    let run = start(t, morning);
    assert_eq!(run.title, format!("{} — 2026-12-08", t.title));
    assert_eq!(due_date(t, &run, 0, zone), Some(day(2026, 12, 11)));
    // Four days on, at 08:00 on the 12th (still the 11th in UTC), step 1 is overdue.
    let later = in_auckland_december(12, 8, 0);
    assert_eq!(later.to_utc().date_naive(), day(2026, 12, 11));
    assert!(is_step_overdue(t, &run, 0, later.date_naive(), zone));
    assert!(
        !is_step_overdue(
            t,
            &run,
            0,
            in_auckland_december(11, 23, 0).date_naive(),
            zone
        ),
        "due on the 11th is not overdue that day"
    );
    let s = summarize(&run, t, zone, false);
    assert_eq!(s.started, "2026-12-08 08:00 (UTC+13:00)");
}
