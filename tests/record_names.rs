//! Each record of a list says who or what it is: an approver the SOP starts with
//! is named from the Roles form, marked so, until a name is typed into it; other
//! lists go by their first column, a picked customer by its label.

use chrono::{TimeZone, Utc};
use runsheet::domain::catalogue;
use runsheet::domain::change::RunChange;
use runsheet::domain::record_name::{NameSource, RecordName, record_name};
use runsheet::domain::run::Run;
use runsheet::domain::template::{Field, Template};
use runsheet::domain::value::FieldValue;

fn list(template: &'static Template, step: &str, field: &str) -> (usize, &'static Field) {
    let index = template.step_index(step).expect("step");
    let field = template.steps[index]
        .fields
        .iter()
        .find(|f| f.id == field)
        .expect("list");
    (index, field)
}

fn apply(template: &Template, run: &mut Run, change: RunChange) {
    let at = Utc.with_ymd_and_hms(2026, 7, 1, 9, 0, 0).unwrap();
    run.apply(template, change, "Ada", at)
        .expect("change applies");
}

#[test]
fn an_approver_named_on_the_roles_form_goes_by_that_name_until_one_is_typed() {
    let story = catalogue::find("customer-story-production").unwrap();
    let at = Utc.with_ymd_and_hms(2026, 7, 1, 9, 0, 0).unwrap();
    let mut run = Run::start(story, "s".into(), "Story".into(), "Ada", at);
    let (index, approvers) = list(story, "approvals", "approvers");
    let first = run.rows(index, "approvers")[0].clone();
    // Nobody named on the Roles form yet: the record names nobody.
    assert_eq!(record_name(story, &run, approvers, &first), None);

    let role = match first.values.get("role") {
        Some(FieldValue::Choice(role)) => role.clone(),
        other => panic!("the first approver starts with a role, not {other:?}"),
    };
    apply(
        story,
        &mut run,
        RunChange::Assign {
            role,
            person: "Mira Sandoval".into(),
        },
    );
    let row = run.rows(index, "approvers")[0].clone();
    let named = record_name(story, &run, approvers, &row).expect("named from Roles");
    assert_eq!(named.text, "Mira Sandoval");
    assert_eq!(named.source, NameSource::Roles { column: "approver" });
    assert!(named.is_borrowed());

    apply(
        story,
        &mut run,
        RunChange::SetRowValue {
            step: "approvals".into(),
            field: "approvers".into(),
            row: row.id,
            column: "approver".into(),
            value: Some(FieldValue::Text("Ines Okafor-Lindqvist".into())),
        },
    );
    let row = run.rows(index, "approvers")[0].clone();
    assert_eq!(
        record_name(story, &run, approvers, &row),
        Some(RecordName {
            text: "Ines Okafor-Lindqvist".into(),
            source: NameSource::Record
        })
    );
}

#[test]
fn other_lists_go_by_their_first_column_and_a_picked_customer_by_its_label() {
    let program = catalogue::find("customer-reference-program").unwrap();
    let at = Utc.with_ymd_and_hms(2026, 7, 1, 9, 0, 0).unwrap();
    let mut run = Run::start(program, "p".into(), "Program".into(), "Ada", at);
    let (candidates_at, candidates) = list(program, "candidates", "candidates");
    apply(
        program,
        &mut run,
        RunChange::AddRow {
            step: "candidates".into(),
            field: "candidates".into(),
        },
    );
    let candidate = run.rows(candidates_at, "candidates")[0].id;
    for (column, text) in [("company", "Fintrust"), ("contact", "Ada Park")] {
        apply(
            program,
            &mut run,
            RunChange::SetRowValue {
                step: "candidates".into(),
                field: "candidates".into(),
                row: candidate,
                column: column.into(),
                value: Some(FieldValue::Text(text.into())),
            },
        );
    }
    let row = run.rows(candidates_at, "candidates")[0].clone();
    let named = record_name(program, &run, candidates, &row).unwrap();
    assert_eq!(named.text, "Fintrust");
    assert!(!named.is_borrowed());

    let (briefings_at, briefings) = list(program, "briefing", "briefings");
    apply(
        program,
        &mut run,
        RunChange::AddRow {
            step: "briefing".into(),
            field: "briefings".into(),
        },
    );
    let briefing = run.rows(briefings_at, "briefings")[0].clone();
    // Nothing picked yet: the record names nothing.
    assert_eq!(record_name(program, &run, briefings, &briefing), None);
    apply(
        program,
        &mut run,
        RunChange::SetRowValue {
            step: "briefing".into(),
            field: "briefings".into(),
            row: briefing.id,
            column: "customer".into(),
            value: Some(FieldValue::Picks(vec![candidate])),
        },
    );
    let briefing = run.rows(briefings_at, "briefings")[0].clone();
    let named = record_name(program, &run, briefings, &briefing).unwrap();
    assert!(
        named.text.contains("Fintrust") && named.text.contains("Ada Park"),
        "a picked customer reads as everywhere else: {}",
        named.text
    );
}
