//! The printable summary and its Markdown copy say the same, complete thing.

use chrono::{FixedOffset, TimeZone, Utc};
use runsheet::domain::change::RunChange;
use runsheet::domain::markdown::to_markdown;
use runsheet::domain::run::Run;
use runsheet::domain::summary::{SummaryValue, summarize};
use runsheet::domain::template::Template;
use runsheet::domain::value::FieldValue;

fn template() -> Template {
    serde_json::from_str(include_str!("fixtures/mini-sop.json")).unwrap()
}

fn filled_run(t: &Template) -> Run {
    let at = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
    let mut run = Run::start(t, "r1".into(), "Acme | *launch*".into(), "Ada", at);
    let apply = |run: &mut Run, c| run.apply(t, c, "Ada", at).unwrap();
    apply(
        &mut run,
        RunChange::Assign {
            role: "owner".into(),
            person: "Dee".into(),
        },
    );
    apply(
        &mut run,
        RunChange::SetValue {
            step: "pick".into(),
            field: "name".into(),
            value: Some(FieldValue::Text("Acme".into())),
        },
    );
    apply(
        &mut run,
        RunChange::SetCheck {
            step: "pick".into(),
            check: "fit".into(),
            ticked: true,
        },
    );
    apply(
        &mut run,
        RunChange::Complete {
            step: "pick".into(),
        },
    );
    apply(
        &mut run,
        RunChange::AddRow {
            step: "consent".into(),
            field: "people".into(),
        },
    );
    apply(
        &mut run,
        RunChange::SetRowValue {
            step: "consent".into(),
            field: "people".into(),
            row: 1,
            column: "who".into(),
            value: Some(FieldValue::Text("Cy\nLee".into())),
        },
    );
    apply(
        &mut run,
        RunChange::SetRowValue {
            step: "consent".into(),
            field: "people".into(),
            row: 1,
            column: "mins".into(),
            value: Some(FieldValue::Number(30.0)),
        },
    );
    apply(
        &mut run,
        RunChange::SetNotes {
            step: "consent".into(),
            notes: "Ask [legal]".into(),
        },
    );
    apply(
        &mut run,
        RunChange::MarkNotApplicable {
            step: "publish".into(),
            reason: "Internal only".into(),
        },
    );
    run
}

#[test]
fn the_summary_holds_people_steps_values_tables_and_sign_off() {
    let t = template();
    let run = filled_run(&t);
    let plus_one = FixedOffset::east_opt(3600).unwrap();
    let s = summarize(&run, &t, plus_one, false);
    assert_eq!(s.run_title, "Acme | *launch*");
    assert_eq!(
        s.roles,
        vec![
            ("Owner".into(), "Dee".into()),
            ("Helper".into(), "Not assigned".into())
        ]
    );
    assert_eq!(s.started, "2026-03-01 10:00 (UTC+01:00)");
    assert_eq!(
        s.steps[0].completed.as_deref(),
        Some("Ada, 2026-03-01 10:00 (UTC+01:00)")
    );
    assert_eq!(s.steps[0].checks, vec![("Candidate fits".into(), true)]);
    assert_eq!(
        s.steps[0].values,
        vec![SummaryValue::Single {
            label: "Candidate".into(),
            text: "Acme".into()
        }]
    );
    assert_eq!(
        s.steps[1].values,
        vec![SummaryValue::Table {
            label: "Participants".into(),
            columns: vec!["Name".into(), "Minutes".into()],
            rows: vec![vec!["Cy\nLee".into(), "30 min".into()]],
        }]
    );
    assert_eq!(
        s.steps[2].status_detail.as_deref(),
        Some("Not applicable: Internal only.")
    );
    let signers: Vec<(&str, &str)> = s
        .sign_off
        .iter()
        .map(|l| (l.role.as_str(), l.name.as_str()))
        .collect();
    assert_eq!(signers, vec![("Owner", "Dee"), ("Helper", "")]);
    assert!(
        s.activity.is_empty(),
        "the activity log is left out unless asked for"
    );
    assert_eq!(s.fingerprint.len(), 19);
    let with_log = summarize(&run, &t, plus_one, true);
    assert_eq!(with_log.activity.len(), run.activity.len());
    assert!(with_log.activity[0].what.contains("status"), "newest first");
}

#[test]
fn markdown_carries_the_same_content_with_user_text_escaped() {
    let t = template();
    let run = filled_run(&t);
    let md = to_markdown(&summarize(
        &run,
        &t,
        FixedOffset::east_opt(0).unwrap(),
        true,
    ));
    assert!(md.starts_with("# Acme \\| \\*launch\\*\n"), "{md}");
    assert!(md.contains("- [x] Candidate fits"));
    assert!(
        md.contains("| Name | Minutes |\n| --- | --- |\n| Cy Lee | 30 min |"),
        "{md}"
    );
    assert!(md.contains("**Notes:** Ask \\[legal\\]"));
    assert!(md.contains("### 3. Publish — Not applicable"));
    assert!(md.contains("## Activity log"));
    assert!(md.contains(&format!(
        "**Record:** r1 · fingerprint {}",
        summarize(&run, &t, FixedOffset::east_opt(0).unwrap(), false).fingerprint
    )));
}
