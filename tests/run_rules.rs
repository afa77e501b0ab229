//! Completion rules, progress, the activity log and due dates, on a small fixture SOP.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use runsheet::domain::change::{ChangeError, RunChange};
use runsheet::domain::completion::Missing;
use runsheet::domain::progress::{RunStatus, progress, run_status};
use runsheet::domain::run::{Run, StepStatus};
use runsheet::domain::schedule::{due_date, is_run_overdue, is_step_overdue};
use runsheet::domain::template::Template;
use runsheet::domain::value::FieldValue;

fn template() -> Template {
    serde_json::from_str(include_str!("fixtures/mini-sop.json")).expect("fixture parses")
}

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, hour, 0, 0).unwrap()
}

fn new_run(t: &Template) -> Run {
    Run::start(t, "r1".into(), "Acme story".into(), "Ada", at(1, 9))
}

fn text(s: &str) -> Option<FieldValue> {
    Some(FieldValue::Text(s.into()))
}

fn fill_pick(run: &mut Run, t: &Template) {
    run.apply(
        t,
        RunChange::SetValue {
            step: "pick".into(),
            field: "name".into(),
            value: text("Acme"),
        },
        "Ada",
        at(1, 10),
    )
    .unwrap();
    run.apply(
        t,
        RunChange::SetCheck {
            step: "pick".into(),
            check: "fit".into(),
            ticked: true,
        },
        "Ada",
        at(1, 10),
    )
    .unwrap();
}

#[test]
fn a_new_run_is_pinned_to_its_template_version_and_logs_its_start() {
    let t = template();
    let run = new_run(&t);
    assert_eq!(
        (run.template_id.as_str(), run.template_version),
        ("mini", 2)
    );
    assert_eq!(run.steps.len(), 3);
    assert_eq!(run_status(&run), RunStatus::NotStarted);
    assert_eq!(run.activity.len(), 1);
    assert_eq!(run.activity[0].who, "Ada");
}

#[test]
fn completing_lists_exactly_what_is_missing_and_changes_nothing() {
    let t = template();
    let mut run = new_run(&t);
    let before = run.clone();
    let err = run
        .apply(
            &t,
            RunChange::Complete {
                step: "pick".into(),
            },
            "Ada",
            at(1, 11),
        )
        .unwrap_err();
    assert_eq!(
        err,
        ChangeError::Incomplete(vec![
            Missing::Check {
                label: "Candidate fits".into()
            },
            Missing::Field {
                label: "Candidate".into()
            },
        ])
    );
    assert_eq!(
        err.to_string(),
        "This step cannot be completed yet: Tick “Candidate fits”; Fill in “Candidate”."
    );
    assert_eq!(run, before, "a refused change leaves the run untouched");
}

#[test]
fn a_list_needs_a_record_with_its_required_columns() {
    let t = template();
    let mut run = new_run(&t);
    let consent = || "consent".to_string();
    run.apply(
        &t,
        RunChange::SetValue {
            step: consent(),
            field: "format".into(),
            value: Some(FieldValue::Choice("video".into())),
        },
        "Bo",
        at(2, 9),
    )
    .unwrap();
    let err = run
        .apply(&t, RunChange::Complete { step: consent() }, "Bo", at(2, 9))
        .unwrap_err();
    assert_eq!(
        err,
        ChangeError::Incomplete(vec![Missing::Field {
            label: "Participants".into()
        }])
    );
    run.apply(
        &t,
        RunChange::AddRow {
            step: consent(),
            field: "people".into(),
        },
        "Bo",
        at(2, 9),
    )
    .unwrap();
    let err = run
        .apply(&t, RunChange::Complete { step: consent() }, "Bo", at(2, 9))
        .unwrap_err();
    assert_eq!(
        err,
        ChangeError::Incomplete(vec![Missing::RowField {
            list: "Participants".into(),
            row: 1,
            label: "Name".into()
        }])
    );
    run.apply(
        &t,
        RunChange::SetRowValue {
            step: consent(),
            field: "people".into(),
            row: 1,
            column: "who".into(),
            value: text("Cy"),
        },
        "Bo",
        at(2, 9),
    )
    .unwrap();
    run.apply(&t, RunChange::Complete { step: consent() }, "Bo", at(2, 10))
        .unwrap();
    let state = run.step("consent").unwrap();
    assert_eq!(state.status, StepStatus::Done);
    assert_eq!(state.completed_by.as_deref(), Some("Bo"));
    assert_eq!(state.completed_at, Some(at(2, 10)));
}

#[test]
fn values_of_the_wrong_kind_are_refused() {
    let t = template();
    let mut run = new_run(&t);
    let err = run
        .apply(
            &t,
            RunChange::SetValue {
                step: "consent".into(),
                field: "format".into(),
                value: Some(FieldValue::Choice("fax".into())),
            },
            "Bo",
            at(2, 9),
        )
        .unwrap_err();
    assert_eq!(err, ChangeError::WrongValue("Format".into()));
    assert_eq!(run.step("consent").unwrap().status, StepStatus::NotStarted);
}

#[test]
fn progress_counts_done_and_not_applicable_and_the_run_completes() {
    let t = template();
    let mut run = new_run(&t);
    fill_pick(&mut run, &t);
    run.apply(
        &t,
        RunChange::Complete {
            step: "pick".into(),
        },
        "Ada",
        at(1, 12),
    )
    .unwrap();
    assert_eq!(progress(&run).closed, 1);
    assert_eq!(run_status(&run), RunStatus::InProgress);
    let err = run
        .apply(
            &t,
            RunChange::MarkNotApplicable {
                step: "consent".into(),
                reason: "  ".into(),
            },
            "Ada",
            at(1, 12),
        )
        .unwrap_err();
    assert_eq!(
        err,
        ChangeError::TextRequired("the reason the step does not apply")
    );
    run.apply(
        &t,
        RunChange::MarkNotApplicable {
            step: "consent".into(),
            reason: "Internal story".into(),
        },
        "Ada",
        at(1, 12),
    )
    .unwrap();
    run.apply(
        &t,
        RunChange::Complete {
            step: "publish".into(),
        },
        "Ada",
        at(1, 13),
    )
    .unwrap();
    let p = progress(&run);
    assert_eq!((p.closed, p.total, p.percent()), (3, 3, 100));
    assert_eq!(run_status(&run), RunStatus::Complete);
}

#[test]
fn blocking_needs_a_reason_and_a_recipient_and_shows_on_the_run() {
    let t = template();
    let mut run = new_run(&t);
    run.apply(
        &t,
        RunChange::Block {
            step: "consent".into(),
            reason: "Legal hold".into(),
            escalated_to: "Owner".into(),
        },
        "Bo",
        at(2, 9),
    )
    .unwrap();
    assert_eq!(run_status(&run), RunStatus::Blocked);
    assert_eq!(
        run.step("consent").unwrap().status,
        StepStatus::Blocked {
            reason: "Legal hold".into(),
            escalated_to: "Owner".into()
        }
    );
    run.apply(
        &t,
        RunChange::Reopen {
            step: "consent".into(),
        },
        "Bo",
        at(2, 10),
    )
    .unwrap();
    assert_eq!(run.step("consent").unwrap().status, StepStatus::InProgress);
}

#[test]
fn closed_steps_refuse_edits_until_reopened() {
    let t = template();
    let mut run = new_run(&t);
    fill_pick(&mut run, &t);
    run.apply(
        &t,
        RunChange::Complete {
            step: "pick".into(),
        },
        "Ada",
        at(1, 12),
    )
    .unwrap();
    let err = run
        .apply(
            &t,
            RunChange::SetValue {
                step: "pick".into(),
                field: "name".into(),
                value: text("Other"),
            },
            "Ada",
            at(1, 13),
        )
        .unwrap_err();
    assert_eq!(err, ChangeError::StepClosed("Pick a candidate".into()));
    run.apply(
        &t,
        RunChange::Reopen {
            step: "pick".into(),
        },
        "Ada",
        at(1, 13),
    )
    .unwrap();
    run.apply(
        &t,
        RunChange::SetValue {
            step: "pick".into(),
            field: "name".into(),
            value: text("Other"),
        },
        "Ada",
        at(1, 13),
    )
    .unwrap();
    assert_eq!(run.step("pick").unwrap().completed_by, None);
}

#[test]
fn the_activity_log_records_who_what_old_and_new() {
    let t = template();
    let mut run = new_run(&t);
    run.apply(
        &t,
        RunChange::Assign {
            role: "owner".into(),
            person: "Dee".into(),
        },
        "Ada",
        at(1, 9),
    )
    .unwrap();
    run.apply(
        &t,
        RunChange::SetValue {
            step: "pick".into(),
            field: "name".into(),
            value: text("Ac"),
        },
        "Ada",
        at(1, 10),
    )
    .unwrap();
    run.apply(
        &t,
        RunChange::SetValue {
            step: "pick".into(),
            field: "name".into(),
            value: text("Acme"),
        },
        "Ada",
        at(1, 10),
    )
    .unwrap();
    let entries: Vec<(String, String, Option<String>, Option<String>)> = run
        .activity
        .iter()
        .map(|e| (e.who.clone(), e.what.clone(), e.old.clone(), e.new.clone()))
        .collect();
    assert_eq!(
        entries[1],
        (
            "Ada".into(),
            "Role · Owner".into(),
            None,
            Some("Dee".into())
        )
    );
    assert_eq!(entries[2].1, "Step 1 · Pick a candidate · status");
    assert_eq!(
        entries[3],
        (
            "Ada".into(),
            "Step 1 · Pick a candidate · Candidate".into(),
            None,
            Some("Acme".into())
        ),
        "typing is merged into one entry"
    );
    assert_eq!(entries.len(), 4);
    assert_eq!(run.updated_at, at(1, 10));
}

#[test]
fn an_unchanged_value_logs_nothing_and_keeps_the_update_time() {
    let t = template();
    let mut run = new_run(&t);
    let same = run
        .apply(&t, RunChange::Rename("Acme story".into()), "Ada", at(5, 9))
        .unwrap();
    assert!(!same.changed, "nothing to save");
    assert_eq!(run.activity.len(), 1);
    assert_eq!(run.updated_at, at(1, 9));
    let renamed = run
        .apply(&t, RunChange::Rename("Beta story".into()), "Ada", at(5, 9))
        .unwrap();
    assert!(renamed.changed);
}

#[test]
fn an_empty_name_is_logged_as_anonymous() {
    let t = template();
    let mut run = new_run(&t);
    run.apply(&t, RunChange::Rename("New".into()), "  ", at(1, 9))
        .unwrap();
    assert_eq!(run.activity.last().unwrap().who, "Anonymous");
}

#[test]
fn the_consent_branch_escalates_and_loops_back_keeping_history() {
    let t = template();
    let mut run = new_run(&t);
    run.apply(
        &t,
        RunChange::Assign {
            role: "owner".into(),
            person: "Dee".into(),
        },
        "Ada",
        at(1, 9),
    )
    .unwrap();
    fill_pick(&mut run, &t);
    run.apply(
        &t,
        RunChange::Complete {
            step: "pick".into(),
        },
        "Ada",
        at(1, 12),
    )
    .unwrap();
    let err = run
        .apply(
            &t,
            RunChange::TakeOutcome {
                step: "consent".into(),
                outcome: "no-consent".into(),
                note: "".into(),
            },
            "Bo",
            at(2, 9),
        )
        .unwrap_err();
    assert_eq!(err, ChangeError::TextRequired("a note on what happened"));
    let applied = run
        .apply(
            &t,
            RunChange::TakeOutcome {
                step: "consent".into(),
                outcome: "no-consent".into(),
                note: "Acme declined".into(),
            },
            "Bo",
            at(2, 9),
        )
        .unwrap();
    assert_eq!(applied.focus_step.as_deref(), Some("pick"));
    assert_eq!(run.step("pick").unwrap().status, StepStatus::InProgress);
    assert_eq!(
        run.step("pick").unwrap().values.get("name"),
        text("Acme").as_ref(),
        "earlier values stay"
    );
    let taken = &run.step("consent").unwrap().outcomes_taken;
    assert_eq!(
        (taken.len(), taken[0].note.as_str(), taken[0].who.as_str()),
        (1, "Acme declined", "Bo")
    );
    let log: Vec<String> = run
        .activity
        .iter()
        .map(|e| format!("{} = {}", e.what, e.new.clone().unwrap_or_default()))
        .collect();
    assert!(
        log.contains(
            &"Step 2 · Get consent · outcome: Consent missing = Acme declined".to_string()
        ),
        "{log:#?}"
    );
    assert!(
        log.contains(&"Step 2 · Get consent · escalated = Escalated to Owner (Dee)".to_string()),
        "{log:#?}"
    );
    assert!(
        log.contains(
            &"Step 2 · Get consent · next = Back to Step 1 · Pick a candidate".to_string()
        ),
        "{log:#?}"
    );
}

#[test]
fn rows_keep_their_ids_when_others_are_removed() {
    let t = template();
    let mut run = new_run(&t);
    for _ in 0..3 {
        run.apply(
            &t,
            RunChange::AddRow {
                step: "consent".into(),
                field: "people".into(),
            },
            "Bo",
            at(2, 9),
        )
        .unwrap();
    }
    run.apply(
        &t,
        RunChange::RemoveRow {
            step: "consent".into(),
            field: "people".into(),
            row: 2,
        },
        "Bo",
        at(2, 9),
    )
    .unwrap();
    run.apply(
        &t,
        RunChange::AddRow {
            step: "consent".into(),
            field: "people".into(),
        },
        "Bo",
        at(2, 9),
    )
    .unwrap();
    let Some(FieldValue::Rows(rows)) = run.step("consent").unwrap().values.get("people") else {
        panic!("list exists")
    };
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), vec![1, 3, 4]);
}

#[test]
fn due_dates_derive_from_run_start_and_previous_step_or_are_set_by_hand() {
    let t = template();
    let utc = FixedOffset::east_opt(0).unwrap();
    let mut run = new_run(&t);
    let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
    assert_eq!(due_date(&t, &run, 0, utc), Some(day(3)));
    assert_eq!(
        due_date(&t, &run, 1, utc),
        None,
        "no anchor until step 1 closes"
    );
    assert_eq!(due_date(&t, &run, 2, utc), None, "no rule");
    fill_pick(&mut run, &t);
    run.apply(
        &t,
        RunChange::Complete {
            step: "pick".into(),
        },
        "Ada",
        at(4, 12),
    )
    .unwrap();
    assert_eq!(due_date(&t, &run, 1, utc), Some(day(7)));
    run.apply(
        &t,
        RunChange::SetDue {
            step: "publish".into(),
            due: Some(day(10)),
        },
        "Ada",
        at(4, 12),
    )
    .unwrap();
    assert_eq!(due_date(&t, &run, 2, utc), Some(day(10)));
    assert!(
        !is_step_overdue(&t, &run, 1, day(7), utc),
        "due today is not overdue"
    );
    assert!(is_step_overdue(&t, &run, 1, day(8), utc));
    assert!(
        !is_step_overdue(&t, &run, 0, day(30), utc),
        "closed steps are never overdue"
    );
    assert!(is_run_overdue(&t, &run, day(8), utc));
}

#[test]
fn local_offset_decides_the_calendar_day() {
    let t = template();
    let run = Run::start(
        &t,
        "r".into(),
        "Late".into(),
        "Ada",
        Utc.with_ymd_and_hms(2026, 3, 1, 23, 30, 0).unwrap(),
    );
    let tokyo = FixedOffset::east_opt(9 * 3600).unwrap();
    assert_eq!(
        due_date(&t, &run, 0, tokyo),
        NaiveDate::from_ymd_opt(2026, 3, 4)
    );
}

#[test]
fn a_run_past_its_target_date_is_overdue_until_complete() {
    let t = template();
    let utc = FixedOffset::east_opt(0).unwrap();
    let mut run = new_run(&t);
    let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
    run.apply(&t, RunChange::SetTargetDate(Some(day(2))), "Ada", at(1, 9))
        .unwrap();
    run.apply(
        &t,
        RunChange::SetDue {
            step: "pick".into(),
            due: Some(day(20)),
        },
        "Ada",
        at(1, 9),
    )
    .unwrap();
    assert!(!is_run_overdue(&t, &run, day(2), utc));
    assert!(is_run_overdue(&t, &run, day(3), utc));
}

#[test]
fn duplicating_keeps_values_and_starts_a_fresh_log() {
    let t = template();
    let mut run = new_run(&t);
    fill_pick(&mut run, &t);
    let copy = run.duplicate("r2".into(), "Bo", at(3, 9));
    assert_eq!(copy.title, "Acme story (copy)");
    assert_eq!(copy.steps, run.steps);
    assert_eq!(copy.activity.len(), 1);
    assert!(copy.activity[0].what.contains("duplicated"));
}

#[test]
fn the_runs_filter_combines_sop_status_and_words_in_the_title() {
    use runsheet::domain::listing::RunFilter;
    let t = template();
    let mut run = new_run(&t);
    let all = RunFilter::default();
    assert!(all.matches(&run) && !all.is_active());
    let words = RunFilter {
        text: "story ACME".into(),
        ..Default::default()
    };
    assert!(words.matches(&run));
    let other_words = RunFilter {
        text: "acme beta".into(),
        ..Default::default()
    };
    assert!(!other_words.matches(&run));
    let other_sop = RunFilter {
        template_id: Some("other".into()),
        ..Default::default()
    };
    assert!(!other_sop.matches(&run));
    let blocked = RunFilter {
        status: Some(RunStatus::Blocked),
        ..Default::default()
    };
    assert!(!blocked.matches(&run));
    run.apply(
        &t,
        RunChange::Block {
            step: "pick".into(),
            reason: "r".into(),
            escalated_to: "e".into(),
        },
        "Ada",
        at(1, 9),
    )
    .unwrap();
    assert!(blocked.matches(&run));
}

#[test]
fn a_run_started_without_a_name_is_started_by_anonymous() {
    let t = template();
    let run = Run::start(&t, "r".into(), "T".into(), " ", at(1, 9));
    assert_eq!(run.activity[0].who, "Anonymous");
    assert_eq!(
        run.duplicate("r2".into(), "", at(1, 9)).activity[0].who,
        "Anonymous"
    );
}
