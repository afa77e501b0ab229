//! Export then import gives back the identical run; bad files are refused with a
//! message naming what is wrong; files edited outside the app are recognised.

use chrono::{DateTime, TimeZone, Utc};
use runsheet::domain::catalogue;
use runsheet::domain::change::RunChange;
use runsheet::domain::export::{export_backup, export_run, to_pretty_json};
use runsheet::domain::import::{
    ClashChoice, ImportError, Integrity, MAX_IMPORT_BYTES, parse_import, plan, resolve,
};
use runsheet::domain::run::Run;
use runsheet::domain::value::FieldValue;

#[path = "common/numbers.rs"]
mod numbers;
use numbers::AWKWARD;

fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 9, minute, 0).unwrap()
}

fn story_run(id: &str) -> Run {
    let t = catalogue::find("customer-story-production").unwrap();
    let mut run = Run::start(t, id.into(), "Acme “launch” story 🚀".into(), "Ada", at(0));
    run.apply(
        t,
        RunChange::Assign {
            role: "content-owner".into(),
            person: "Dee".into(),
        },
        "Ada",
        at(1),
    )
    .unwrap();
    run.apply(
        t,
        RunChange::SetValue {
            step: "intake".into(),
            field: "request".into(),
            value: Some(FieldValue::Text("Line 1\nLine 2 <script>".into())),
        },
        "Ada",
        at(2),
    )
    .unwrap();
    run.apply(
        t,
        RunChange::AddRow {
            step: "intake".into(),
            field: "candidates".into(),
        },
        "Ada",
        at(3),
    )
    .unwrap();
    run.apply(
        t,
        RunChange::SetNotes {
            step: "consent".into(),
            notes: "Call Friday".into(),
        },
        "Bo",
        at(4),
    )
    .unwrap();
    run.apply(
        t,
        RunChange::SetValue {
            step: "interview-plan".into(),
            field: "duration".into(),
            value: Some(FieldValue::Number(0.1 + 0.2)),
        },
        "Bo",
        at(5),
    )
    .unwrap();
    run
}

fn run_file(run: &Run) -> String {
    let t = catalogue::find_version(&run.template_id, run.template_version).unwrap();
    to_pretty_json(&export_run(run, t, at(30)))
}

#[test]
fn a_run_survives_export_and_import_identically() {
    let run = story_run("abc123");
    let file = run_file(&run);
    let incoming = parse_import(file.len(), &file).unwrap();
    assert_eq!(incoming.len(), 1);
    assert_eq!(incoming[0].integrity, Integrity::Intact);
    assert_eq!(incoming[0].run, run);
    let written = resolve(plan(incoming, &[]), &[], unreachable_id, at(40));
    assert_eq!(written, vec![run]);
}

fn unreachable_id() -> String {
    panic!("no new id is needed without a clash")
}

#[test]
fn the_file_holds_the_documented_fields() {
    let run = story_run("abc123");
    let value: serde_json::Value = serde_json::from_str(&run_file(&run)).unwrap();
    assert_eq!(value["format"], "runsheet-run");
    assert_eq!(value["schema"], 1);
    assert_eq!(value["record_id"], "abc123");
    assert_eq!(value["template"]["id"], "customer-story-production");
    assert_eq!(value["template"]["version"], 1);
    assert_eq!(value["run"]["assignments"]["content-owner"], "Dee");
    assert_eq!(
        value["run"]["steps"][0]["values"]["request"]["value"],
        "Line 1\nLine 2 <script>"
    );
    assert_eq!(value["fingerprint"].as_str().unwrap().len(), 64);
    assert!(value["run"]["activity"].as_array().unwrap().len() >= 5);
}

#[test]
fn a_backup_round_trips_every_run() {
    let runs = vec![story_run("one"), story_run("two")];
    let exports = runs
        .iter()
        .map(|r| {
            export_run(
                r,
                catalogue::find("customer-story-production").unwrap(),
                at(30),
            )
        })
        .collect();
    let file = to_pretty_json(&export_backup(exports, at(30)));
    let incoming = parse_import(file.len(), &file).unwrap();
    let back: Vec<Run> = incoming.into_iter().map(|i| i.run).collect();
    assert_eq!(back, runs);
}

#[test]
fn clashing_ids_can_be_replaced_kept_both_or_skipped() {
    let existing = vec![story_run("same")];
    let file = run_file(&story_run("same"));
    let plan_of = || plan(parse_import(file.len(), &file).unwrap(), &existing);
    assert_eq!(
        plan_of()[0].clashes_with.as_deref(),
        Some("Acme “launch” story 🚀")
    );
    let replaced = resolve(plan_of(), &[ClashChoice::Replace], || "x".into(), at(40));
    assert_eq!(replaced[0].id, "same");
    let both = resolve(
        plan_of(),
        &[ClashChoice::KeepBoth],
        || "fresh".into(),
        at(40),
    );
    assert_eq!(
        (both[0].id.as_str(), both[0].title.as_str()),
        ("fresh", "Acme “launch” story 🚀 (imported)")
    );
    assert!(resolve(plan_of(), &[ClashChoice::Skip], || "x".into(), at(40)).is_empty());
}

#[test]
fn a_file_edited_outside_the_app_is_recognised_and_marked() {
    let run = story_run("abc123");
    let edited = run_file(&run).replace("Call Friday", "Call Monday");
    let incoming = parse_import(edited.len(), &edited).unwrap();
    match &incoming[0].integrity {
        Integrity::Altered(why) => assert!(
            why.contains("fingerprint") && why.contains("activity log"),
            "{why}"
        ),
        Integrity::Intact => panic!("the edit went unnoticed"),
    }
    let written = resolve(plan(incoming, &[]), &[], || "x".into(), at(40));
    assert!(
        written[0]
            .altered_outside_app
            .as_deref()
            .unwrap()
            .contains("changed outside Runsheet")
    );

    // Editing only the log (and fixing up the fingerprint) is still caught by the chain.
    let mut forged = run.clone();
    forged.activity[1].who = "Mallory".into();
    let file = run_file(&forged);
    match &parse_import(file.len(), &file).unwrap()[0].integrity {
        Integrity::Altered(why) => assert!(why.contains("from entry 2"), "{why}"),
        Integrity::Intact => panic!("the forged log went unnoticed"),
    }
}

// Regression: import messages spoke serde ("invalid type: string \"not a
// number\", expected f64"); they name the run, step and field in plain words.
#[test]
fn an_unreadable_value_is_named_by_its_run_step_and_field_in_plain_words() {
    let good = run_file(&story_run("abc123"));
    let mut file: serde_json::Value = serde_json::from_str(&good).unwrap();
    let plan = &mut file["run"]["steps"][2]["values"];
    plan["duration"] = serde_json::json!({"type": "number", "value": "not a number"});
    let text = file.to_string();
    let message = parse_import(text.len(), &text).unwrap_err().to_string();
    assert_eq!(
        message,
        "The run: step 3 “Plan the interview”, field “Expected duration” holds the text “not a number” where a number belongs."
    );
    assert!(!message.contains("f64") && !message.contains("invalid type"));

    // Inside a list: the record and the column are named too.
    let mut file: serde_json::Value = serde_json::from_str(&good).unwrap();
    file["run"]["steps"][0]["values"]["candidates"] = serde_json::json!({
        "type": "rows",
        "value": [{"id": 1, "values": {"customer": {"type": "text", "value": 7}}}]
    });
    let text = file.to_string();
    let message = parse_import(text.len(), &text).unwrap_err().to_string();
    assert_eq!(
        message,
        "The run: step 1 “Review the request and pick a customer”, field “Candidates”, record 1, column “Customer” holds the number 7 where text belongs."
    );
}

#[test]
fn bad_files_are_refused_with_a_message_naming_the_problem() {
    let good = run_file(&story_run("abc123"));
    let newer = good.replacen("\"schema\": 1", "\"schema\": 7", 1);
    let cases: Vec<(String, &str)> = vec![
        ("".into(), "The file is empty."),
        (
            "{ not json".into(),
            "The file is not valid JSON (first problem at line 1, column 3).",
        ),
        ("[1,2]".into(), "is not a Runsheet run or backup"),
        (
            r#"{"format":"something-else"}"#.into(),
            "is not a Runsheet run or backup",
        ),
        (newer, "written by a newer version of Runsheet (schema 7"),
        (
            good.replacen("\"title\": \"Acme", "\"title\": 5, \"x\": \"Acme", 1),
            "The run: its “title” holds the number 5 where text belongs.",
        ),
        (
            good.replacen("\"record_id\"", "\"record\"", 1),
            "The run: the entry “record” is not one Runsheet knows.",
        ),
        (
            good.replacen("\"template_version\": 1", "\"template_version\": 99", 1),
            "version 99, which this version of Runsheet does not include",
        ),
        (
            good.replace("\"step_id\": \"consent\"", "\"step_id\": \"gossip\""),
            "step “gossip” is where “consent” should be",
        ),
        (
            good.replacen("\"id\": \"abc123\"", "\"id\": \"../etc\"", 1),
            "is not a valid run id",
        ),
    ];
    for (text, expected) in cases {
        let message = parse_import(text.len(), &text).unwrap_err().to_string();
        assert!(
            message.contains(expected),
            "expected “{expected}” in “{message}”"
        );
    }
    let huge = MAX_IMPORT_BYTES + 1;
    assert_eq!(
        parse_import(huge, "{}"),
        Err(ImportError::TooLarge { bytes: huge })
    );
}

#[test]
fn a_value_of_the_wrong_kind_names_the_step_and_field() {
    let mut value: serde_json::Value =
        serde_json::from_str(&run_file(&story_run("abc123"))).unwrap();
    value["run"]["steps"][2]["values"]["duration"] =
        serde_json::json!({"type": "text", "value": "long"});
    let bad = value.to_string();
    let message = parse_import(bad.len(), &bad).unwrap_err().to_string();
    assert_eq!(
        message,
        "The run: step “Plan the interview”, field “Expected duration” holds a value of the wrong kind."
    );
}

#[test]
fn every_download_is_named_and_typed_in_one_place() {
    use chrono::NaiveDate;
    use runsheet::domain::export::Download;
    let day = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let t = catalogue::find("customer-story-production").unwrap();
    let run = story_run("r1");
    let one = Download::run(&run, t, at(9), day);
    assert_eq!(
        (one.file_name.as_str(), one.mime),
        (
            "customer-story-production_acme-launch-story_2026-11-22.json",
            "application/json"
        )
    );
    assert_eq!(one.contents, to_pretty_json(&export_run(&run, t, at(9))));
    let backup = Download::backup(vec![export_run(&run, t, at(9))], at(9), day);
    assert_eq!(
        (backup.file_name.as_str(), backup.mime),
        ("runsheet-backup_2026-11-22.json", "application/json")
    );
    assert_eq!(
        backup.contents,
        to_pretty_json(&export_backup(vec![export_run(&run, t, at(9))], at(9)))
    );
    let directory = Download::reference_directory("a,b\r\n".into(), day);
    assert_eq!(
        (
            directory.file_name.as_str(),
            directory.mime,
            directory.contents.as_str()
        ),
        (
            "reference-directory_2026-11-22.csv",
            "text/csv;charset=utf-8",
            "a,b\r\n"
        )
    );
    let interactions = Download::reference_interactions(String::new(), day);
    assert_eq!(
        interactions.file_name,
        "reference-interactions_2026-11-22.csv"
    );
    let record = Download::stored_record("runsheet:run:broken", "{not json");
    assert_eq!(
        (
            record.file_name.as_str(),
            record.mime,
            record.contents.as_str()
        ),
        ("runsheet_run_broken.txt", "text/plain", "{not json")
    );
}

/// Numbers a float holds awkwardly came back one digit off: serde_json's
/// default float parsing is fast but not exact, and a run's fingerprint is a
/// hash of its JSON, so one changed digit read as a file altered outside the
/// app. Every value, the sign of zero included, survives the file.
#[test]
fn awkward_numbers_export_and_import_bit_for_bit_with_the_same_fingerprint() {
    let t = catalogue::find("customer-reference-program").unwrap();
    for &number in AWKWARD {
        let mut run = Run::start(t, "numbers".into(), "Numbers".into(), "Ada", at(0));
        run.apply(
            t,
            RunChange::SetValue {
                step: "criteria".into(),
                field: "usage-limit".into(),
                value: Some(FieldValue::Number(number)),
            },
            "Ada",
            at(1),
        )
        .unwrap();
        let export = export_run(&run, t, at(2));
        let text = to_pretty_json(&export);
        let incoming = parse_import(text.len(), &text).expect("the file imports");
        assert_eq!(incoming[0].integrity, Integrity::Intact, "{number:e}");
        let Some(FieldValue::Number(back)) = incoming[0].run.steps[0].values.get("usage-limit")
        else {
            panic!("{number:e} came back as something else");
        };
        assert_eq!(
            back.to_bits(),
            number.to_bits(),
            "{number:e} came back as {back:e}"
        );
        assert_eq!(
            runsheet::domain::export::run_fingerprint(&incoming[0].run),
            export.fingerprint,
            "{number:e}"
        );
    }
}
