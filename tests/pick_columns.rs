//! A record that picks a record of another list (a task its owner, a consent
//! its customer): entered once, chosen by id, read by its current label
//! everywhere, and named as removed when its record is gone.

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use runsheet::domain::change::{ChangeError, RunChange};
use runsheet::domain::picks::offers;
use runsheet::domain::run::Run;
use runsheet::domain::summary::{SummaryValue, summarize};
use runsheet::domain::template::Template;
use runsheet::domain::template_check::check_template;
use runsheet::domain::value::FieldValue;

const TEMPLATE: &str = r#"{
  "id": "pick-columns", "version": 1, "title": "Pick columns", "summary": "People, then tasks that pick their owner.",
  "roles": [{ "id": "owner", "name": "Owner" }],
  "steps": [
    { "id": "people", "title": "People", "role": "owner", "instruction": "Who is there.",
      "fields": [{ "id": "people", "label": "People", "kind": { "type": "list", "fields": [
        { "id": "name", "label": "Name", "kind": { "type": "person" }, "required": true },
        { "id": "team", "label": "Team", "kind": { "type": "short_text" } },
        { "id": "active", "label": "Active", "kind": { "type": "yes_no" } }
      ] } }] },
    { "id": "tasks", "depends_on": [], "title": "Tasks", "role": "owner", "instruction": "Who does what.",
      "fields": [{ "id": "tasks", "label": "Tasks", "kind": { "type": "list", "fields": [
        { "id": "what", "label": "What", "kind": { "type": "short_text" } },
        { "id": "owner", "label": "Owner", "required": true, "kind": { "type": "pick",
          "source": { "step": "people", "field": "people" }, "label_column": "name", "detail_column": "team",
          "only_when": { "field": "active", "equals": "yes" } } }
      ] } }] }
  ]
}"#;

fn template() -> Template {
    serde_json::from_str(TEMPLATE).expect("the fixture parses")
}

fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, minute, 0).unwrap()
}

fn apply(run: &mut Run, t: &Template, change: RunChange) -> Result<(), ChangeError> {
    run.apply(t, change, "Ada", at(1)).map(|_| ())
}

fn set(step: &str, field: &str, row: u32, column: &str, value: FieldValue) -> RunChange {
    RunChange::SetRowValue {
        step: step.into(),
        field: field.into(),
        row,
        column: column.into(),
        value: Some(value),
    }
}

fn add(run: &mut Run, t: &Template, step: &str) -> u32 {
    apply(
        run,
        t,
        RunChange::AddRow {
            step: step.into(),
            field: step.into(),
        },
    )
    .unwrap();
    run.rows(t.step_index(step).unwrap(), step)
        .last()
        .unwrap()
        .id
}

/// Two people (Ada active, Bo not), and one task.
fn run_with_people(t: &Template) -> (Run, u32, u32, u32) {
    let mut run = Run::start(t, "r1".into(), "Pick columns".into(), "Ada", at(0));
    let ada = add(&mut run, t, "people");
    apply(
        &mut run,
        t,
        set(
            "people",
            "people",
            ada,
            "name",
            FieldValue::Text("Ada Park".into()),
        ),
    )
    .unwrap();
    apply(
        &mut run,
        t,
        set(
            "people",
            "people",
            ada,
            "team",
            FieldValue::Text("Sales".into()),
        ),
    )
    .unwrap();
    apply(
        &mut run,
        t,
        set("people", "people", ada, "active", FieldValue::Bool(true)),
    )
    .unwrap();
    let bo = add(&mut run, t, "people");
    apply(
        &mut run,
        t,
        set(
            "people",
            "people",
            bo,
            "name",
            FieldValue::Text("Bo Lind".into()),
        ),
    )
    .unwrap();
    let task = add(&mut run, t, "tasks");
    (run, ada, bo, task)
}

fn tasks_table(run: &Run, t: &Template) -> Vec<Vec<String>> {
    let summary = summarize(run, t, FixedOffset::east_opt(0).unwrap(), false);
    summary.steps[1]
        .values
        .iter()
        .find_map(|v| match v {
            SummaryValue::Table { rows, .. } => Some(rows.clone()),
            SummaryValue::Single { .. } => None,
        })
        .expect("the tasks table")
}

#[test]
fn the_template_with_a_pick_column_is_valid_and_a_broken_one_is_reported() {
    let t = template();
    assert!(check_template(&t).is_empty(), "{:?}", check_template(&t));
    let broken: Template = serde_json::from_str(
        &TEMPLATE.replace(r#""label_column": "name""#, r#""label_column": "nickname""#),
    )
    .unwrap();
    let problems = check_template(&broken)
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("column \"owner\"") && p.contains("no column \"nickname\"")),
        "{problems:?}"
    );
}

#[test]
fn only_records_that_qualify_are_offered_by_their_label() {
    let t = template();
    let (run, ada, _bo, _) = run_with_people(&t);
    let owner = &t.steps[1].fields[0].sub_fields()[1];
    assert_eq!(
        offers(&t, &run, owner),
        vec![(ada, "Ada Park — Sales".to_owned())]
    );
}

#[test]
fn a_picked_record_reads_by_its_current_label_in_the_summary_and_the_log() {
    let t = template();
    let (mut run, ada, _, task) = run_with_people(&t);
    apply(
        &mut run,
        &t,
        set(
            "tasks",
            "tasks",
            task,
            "owner",
            FieldValue::Picks(vec![ada]),
        ),
    )
    .unwrap();
    let logged = run.activity.last().expect("the pick is logged");
    assert_eq!(logged.new.as_deref(), Some("Ada Park — Sales"));
    assert_eq!(
        tasks_table(&run, &t),
        vec![vec![String::new(), "Ada Park — Sales".to_owned()]]
    );

    // Renamed once, it reads the new way wherever it was picked.
    apply(
        &mut run,
        &t,
        set(
            "people",
            "people",
            ada,
            "name",
            FieldValue::Text("Ada Park-Lee".into()),
        ),
    )
    .unwrap();
    assert_eq!(tasks_table(&run, &t)[0][1], "Ada Park-Lee — Sales");
}

#[test]
fn a_record_removed_from_its_list_is_named_as_removed_not_matched_to_another() {
    let t = template();
    let (mut run, ada, _, task) = run_with_people(&t);
    apply(
        &mut run,
        &t,
        set(
            "tasks",
            "tasks",
            task,
            "owner",
            FieldValue::Picks(vec![ada]),
        ),
    )
    .unwrap();
    apply(
        &mut run,
        &t,
        RunChange::RemoveRow {
            step: "people".into(),
            field: "people".into(),
            row: ada,
        },
    )
    .unwrap();
    assert_eq!(
        tasks_table(&run, &t)[0][1],
        format!("Record {ada} (removed)")
    );
}

#[test]
fn picking_a_record_that_does_not_exist_or_does_not_qualify_is_refused() {
    let t = template();
    let (mut run, _, bo, task) = run_with_people(&t);
    let before = run.clone();
    for wrong in [FieldValue::Picks(vec![99]), FieldValue::Picks(vec![bo])] {
        let refused = apply(&mut run, &t, set("tasks", "tasks", task, "owner", wrong));
        assert_eq!(refused, Err(ChangeError::WrongValue("Owner".into())));
    }
    assert_eq!(run, before, "a refused pick leaves the run as it was");
}
