//! A generated corpus of malformed and hostile files fed to the import path:
//! never a panic, storage never touched, and a message every time.

use chrono::{TimeZone, Utc};
use runsheet::domain::catalogue;
use runsheet::domain::change::RunChange;
use runsheet::domain::export::{export_backup, export_run, to_pretty_json};
use runsheet::domain::import::{
    ImportError, Integrity, MAX_IMPORT_BYTES, MAX_TEXT_CHARS, parse_import, plan,
};
use runsheet::domain::run::Run;
use runsheet::domain::value::FieldValue;
use runsheet::storage::{MemoryStore, RunRepository};
use serde_json::{Value, json};

fn valid_file() -> String {
    let t = catalogue::find("customer-story-production").unwrap();
    let at = Utc.with_ymd_and_hms(2026, 5, 1, 9, 0, 0).unwrap();
    let mut run = Run::start(t, "abc123".into(), "Hostile test".into(), "Ada", at);
    run.apply(
        t,
        RunChange::SetNotes {
            step: "intake".into(),
            notes: "Notes".into(),
        },
        "Ada",
        at,
    )
    .unwrap();
    run.apply(
        t,
        RunChange::AddRow {
            step: "intake".into(),
            field: "candidates".into(),
        },
        "Ada",
        at,
    )
    .unwrap();
    run.apply(
        t,
        RunChange::SetRowValue {
            step: "intake".into(),
            field: "candidates".into(),
            row: 1,
            column: "customer".into(),
            value: Some(FieldValue::Text("Acme".into())),
        },
        "Ada",
        at,
    )
    .unwrap();
    to_pretty_json(&export_run(&run, t, at))
}

/// Every path to a leaf or container in a JSON value.
fn paths(value: &Value, prefix: Vec<Value>, out: &mut Vec<Vec<Value>>) {
    out.push(prefix.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let mut p = prefix.clone();
                p.push(json!(k));
                paths(v, p, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let mut p = prefix.clone();
                p.push(json!(i));
                paths(v, p, out);
            }
        }
        _ => {}
    }
}

fn at_mut<'v>(value: &'v mut Value, path: &[Value]) -> Option<&'v mut Value> {
    let mut current = value;
    for step in path {
        current = match step {
            Value::String(k) => current.get_mut(k.as_str())?,
            Value::Number(i) => current.get_mut(i.as_u64()? as usize)?,
            _ => return None,
        };
    }
    Some(current)
}

/// Replacement values that are wrong, hostile, or both.
fn poisons() -> Vec<Value> {
    vec![
        Value::Null,
        json!(-1),
        json!(1e308),
        json!(true),
        json!("<script>alert(1)</script>"),
        json!("javascript:alert(1)"),
        json!("\u{202e}evil\u{0000}"),
        json!([]),
        json!({}),
        json!([[[[[]]]]]),
        json!("🚀".repeat(10)),
    ]
}

/// The corpus: structural mutations of a valid file at every path, hostile and
/// broken texts, and limits.
fn corpus() -> Vec<(String, String)> {
    let good = valid_file();
    let value: Value = serde_json::from_str(&good).unwrap();
    let mut all = Vec::new();
    let mut every = Vec::new();
    paths(&value, vec![], &mut every);
    for path in every.iter().filter(|p| !p.is_empty()) {
        let name = path
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join(".");
        for (i, poison) in poisons().into_iter().enumerate() {
            let mut v = value.clone();
            if let Some(slot) = at_mut(&mut v, path) {
                if *slot == poison {
                    continue;
                }
                *slot = poison;
                all.push((format!("{name} := poison {i}"), v.to_string()));
            }
        }
        // Remove the key or item.
        let mut v = value.clone();
        let (last, parent) = path.split_last().unwrap();
        if let Some(container) = at_mut(&mut v, parent) {
            match (container, last) {
                (Value::Object(map), Value::String(k)) => {
                    map.remove(k);
                }
                (Value::Array(items), Value::Number(i)) => {
                    items.remove(i.as_u64().unwrap() as usize);
                }
                _ => {}
            }
            all.push((format!("{name} removed"), v.to_string()));
        }
    }
    // Truncations and byte-level damage of the text itself.
    for cut in (0..good.len()).step_by(97) {
        if good.is_char_boundary(cut) {
            all.push((format!("truncated at {cut}"), good[..cut].to_owned()));
        }
    }
    for (i, pos) in (10..good.len()).step_by(151).enumerate() {
        if good.is_char_boundary(pos) && good.is_char_boundary(pos + 1) {
            let mut damaged = good.clone();
            damaged.replace_range(pos..pos + 1, ["{", "]", "\"", ",", "\\"][i % 5]);
            all.push((format!("damaged at {pos}"), damaged));
        }
    }
    // Limits and odd shapes.
    all.push((
        "deep nesting".into(),
        format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
    ));
    all.push(("long text".into(), {
        let mut v = value.clone();
        v["run"]["steps"][0]["notes"] = json!("x".repeat(MAX_TEXT_CHARS + 1));
        v.to_string()
    }));
    all.push((
        "a backup of nothing but numbers".into(),
        json!({"format": "runsheet-backup", "schema": 1, "runs": [1, 2, 3]}).to_string(),
    ));
    all.push(("a backup with the same run twice".into(), {
        let run: Value = value.clone();
        let backup = json!({"format": "runsheet-backup", "schema": 1, "exported_at": value["exported_at"], "app_version": "x", "fingerprint": "0", "runs": [run.clone(), run]});
        backup.to_string()
    }));
    all.push(("null bytes".into(), "\u{0}\u{0}\u{0}".into()));
    all.push(("only BOM".into(), "\u{feff}".into()));
    all.push((
        "duplicate keys".into(),
        good.replacen("\"schema\": 1,", "\"schema\": 1, \"schema\": 2,", 1),
    ));
    all
}

#[test]
fn at_least_a_thousand_hostile_files_never_panic_never_touch_storage_and_always_say_why() {
    let corpus = corpus();
    assert!(
        corpus.len() >= 1_000,
        "the corpus has {} files",
        corpus.len()
    );
    let mut repo = RunRepository::new(MemoryStore::new());
    repo.load_all().unwrap();
    let before = repo.store().entries().clone();
    let existing: Vec<Run> = Vec::new();
    let good = valid_file();
    let original = parse_import(good.len(), &good).unwrap().remove(0).run;
    let (mut refused, mut altered) = (0, 0);
    for (name, text) in &corpus {
        let outcome = std::panic::catch_unwind(|| parse_import(text.len(), text));
        let result = outcome.unwrap_or_else(|_| panic!("{name}: the import path panicked"));
        match result {
            Err(e) => {
                assert!(!e.to_string().trim().is_empty(), "{name}: an empty message");
                refused += 1;
            }
            Ok(incoming) => {
                // A file that still parses was changed outside the app: it must say so.
                let plan = plan(incoming, &existing);
                for item in &plan {
                    match &item.incoming.integrity {
                        Integrity::Altered(why) => assert!(!why.is_empty(), "{name}"),
                        // Taken as intact only when the run itself is unchanged (the
                        // edit touched the envelope, or restated a default).
                        Integrity::Intact => assert_eq!(
                            item.incoming.run, original,
                            "{name}: an edited run was taken as intact"
                        ),
                    }
                }
                altered += 1;
            }
        }
        assert_eq!(
            repo.store().entries(),
            &before,
            "{name}: storage was touched"
        );
    }
    println!(
        "hostile corpus: {} files, {refused} refused with a message, {altered} accepted as altered or harmless",
        corpus.len()
    );
    assert!(refused > 900, "most of the corpus is refused ({refused})");
}

#[test]
fn limits_name_the_offending_item() {
    let mut v: Value = serde_json::from_str(&valid_file()).unwrap();
    v["run"]["steps"][0]["notes"] = json!("x".repeat(MAX_TEXT_CHARS + 1));
    let text = v.to_string();
    assert_eq!(
        parse_import(text.len(), &text).unwrap_err().to_string(),
        format!(
            "The file is refused: a text of {} characters (the limit is {MAX_TEXT_CHARS}) at file.run.steps[0].notes.",
            MAX_TEXT_CHARS + 1
        )
    );
    assert!(matches!(
        parse_import(MAX_IMPORT_BYTES + 1, "{}"),
        Err(ImportError::TooLarge { .. })
    ));
}

#[test]
fn hostile_text_survives_import_as_plain_text() {
    let hostile = "<script>alert(1)</script> javascript:alert(1) \u{202e}gnp.exe \u{0} 🚀";
    let t = catalogue::find("customer-story-production").unwrap();
    let at = Utc.with_ymd_and_hms(2026, 5, 1, 9, 0, 0).unwrap();
    let mut run = Run::start(t, "hostile".into(), hostile.into(), "Ada", at);
    run.apply(
        t,
        RunChange::SetValue {
            step: "publication".into(),
            field: "final-link".into(),
            value: Some(FieldValue::Text("javascript:alert(1)".into())),
        },
        "Ada",
        at,
    )
    .unwrap();
    let file = to_pretty_json(&export_backup(vec![export_run(&run, t, at)], at));
    let back = parse_import(file.len(), &file).unwrap();
    assert_eq!(
        back[0].run, run,
        "stored byte for byte, to be shown as text"
    );
}
