//! Stored records of every released schema load in this version; older ones are
//! migrated forward with a backup kept until the migrated record is saved.

use runsheet::storage::kv::KeyValueStore;
use runsheet::storage::migrate::{MIGRATIONS, Migration, backup_key};
use runsheet::storage::record::SCHEMA_VERSION;
use runsheet::storage::{MemoryStore, RunRepository, StoreError, keys};
use serde_json::Value;

/// Every released schema version, with its fixture.
const FIXTURES: &[(u64, &str)] = &[(1, include_str!("fixtures/schema/v1-run.json"))];

#[test]
fn there_is_a_fixture_for_every_released_schema_and_a_migration_for_every_older_one() {
    let versions: Vec<u64> = FIXTURES.iter().map(|(v, _)| *v).collect();
    assert_eq!(
        versions,
        (1..=u64::from(SCHEMA_VERSION)).collect::<Vec<_>>()
    );
    for version in 1..u64::from(SCHEMA_VERSION) {
        assert!(
            MIGRATIONS.iter().any(|m| m.from == version),
            "no migration from schema {version}"
        );
    }
}

#[test]
fn every_fixture_loads_and_keeps_its_content() {
    for (version, raw) in FIXTURES {
        let mut store = MemoryStore::new();
        store.set(&keys::run_key("v1fixture"), raw).unwrap();
        let report = RunRepository::new(store).load_all().unwrap();
        assert!(
            report.unreadable.is_empty(),
            "schema {version}: {:?}",
            report.unreadable
        );
        let run = &report.runs[0].run;
        assert_eq!(run.title, "Schema 1 fixture");
        assert_eq!(
            run.assignments.get("content-owner").map(String::as_str),
            Some("Dee")
        );
        assert_eq!(run.step("consent").unwrap().notes, "Waiting");
        assert_eq!(report.runs[0].revision, 4);
    }
}

/// A stand-in for a future schema step: renames a field of schema 0 records.
fn rename_label_to_title(mut v: Value) -> Result<Value, String> {
    let run = v
        .get_mut("run")
        .and_then(Value::as_object_mut)
        .ok_or("no run")?;
    let title = run.remove("label").ok_or("no label")?;
    run.insert("title".into(), title);
    Ok(v)
}

const TEST_CHAIN: &[Migration] = &[Migration {
    from: 0,
    step: rename_label_to_title,
}];

#[test]
fn an_older_record_is_migrated_with_a_backup_kept_until_it_is_saved() {
    let v1: Value = serde_json::from_str(FIXTURES[0].1).unwrap();
    let mut v0 = v1.clone();
    v0["schema"] = Value::from(0);
    let title = v0["run"].as_object_mut().unwrap().remove("title").unwrap();
    v0["run"]["label"] = title;
    let raw_v0 = v0.to_string();
    let key = keys::run_key("v1fixture");
    let mut store = MemoryStore::new();
    store.set(&key, &raw_v0).unwrap();

    let mut repo = RunRepository::with_migrations(store, TEST_CHAIN);
    let report = repo.load_all().unwrap();
    assert_eq!(report.runs[0].run.title, "Schema 1 fixture");
    let backup = backup_key(&key, 0);
    assert_eq!(
        repo.store().entries().get(&backup),
        Some(&raw_v0),
        "the original is backed up"
    );
    assert_eq!(
        repo.store().entries().get(&key),
        Some(&raw_v0),
        "loading alone writes nothing over it"
    );

    repo.save(&report.runs[0].run, 5).unwrap();
    assert_eq!(
        repo.store().entries().get(&backup),
        None,
        "the backup goes once the migrated record is saved"
    );
    let saved: Value = serde_json::from_str(repo.store().entries().get(&key).unwrap()).unwrap();
    assert_eq!(saved["schema"], u64::from(SCHEMA_VERSION));
    assert_eq!(saved["run"]["title"], "Schema 1 fixture");
}

#[test]
fn a_record_with_no_way_forward_is_kept_unreadable() {
    let mut v0: Value = serde_json::from_str(FIXTURES[0].1).unwrap();
    v0["schema"] = Value::from(0);
    let mut store = MemoryStore::new();
    store
        .set(&keys::run_key("v1fixture"), &v0.to_string())
        .unwrap();
    let report = RunRepository::new(store).load_all().unwrap();
    assert_eq!(report.unreadable.len(), 1);
    assert!(
        report.unreadable[0]
            .problem
            .contains("unknown schema version 0")
    );
}

#[test]
fn a_backup_that_cannot_be_written_does_not_stop_the_load() {
    // Regression: a full quota made writing the migration backup fail, and the
    // `?` abandoned the whole load, so the app showed no runs at all.
    let mut v0: Value = serde_json::from_str(FIXTURES[0].1).unwrap();
    v0["schema"] = Value::from(0);
    let title = v0["run"].as_object_mut().unwrap().remove("title").unwrap();
    v0["run"]["label"] = title;
    let mut store = MemoryStore::new();
    store
        .set(&keys::run_key("v1fixture"), &v0.to_string())
        .unwrap();
    store.fail_writes = Some(StoreError::QuotaExceeded);
    let before = store.entries().clone();
    let mut repo = RunRepository::with_migrations(store, TEST_CHAIN);
    let report = repo.load_all().expect("the load goes on");
    assert_eq!(report.runs[0].run.title, "Schema 1 fixture");
    assert_eq!(
        repo.store().entries(),
        &before,
        "the original stays under its own key"
    );
}

// Stored runs written before Runsheet kept who decided with each decision
// (issue 19) open as they were: the new fields are read as absent, no schema
// step is needed, and the record reads as before, marked where a name can
// only come from today's Roles form.
#[test]
fn a_run_stored_before_decisions_kept_their_names_opens_and_reads_as_before() {
    use chrono::FixedOffset;
    use runsheet::domain::catalogue::find_version;
    use runsheet::domain::summary::summarize;
    use std::collections::BTreeMap;

    let fixture: BTreeMap<String, String> =
        serde_json::from_str(include_str!("fixtures/schema/v1-store.json")).unwrap();
    let mut store = MemoryStore::new();
    for (key, value) in &fixture {
        store.set(key, value).unwrap();
    }
    let report = RunRepository::new(store).load_all().unwrap();
    assert!(report.unreadable.is_empty(), "{:?}", report.unreadable);
    let story = report
        .runs
        .iter()
        .map(|loaded| &loaded.run)
        .find(|run| run.id == "ms0wk944t3zf")
        .expect("the finished story of the fixture");
    let template = find_version(&story.template_id, story.template_version).unwrap();
    let s = summarize(story, template, FixedOffset::east_opt(0).unwrap(), false);
    let line = |role: &str| {
        s.sign_off
            .iter()
            .find(|l| l.role == role)
            .map(|l| (l.name.clone(), l.decision.clone()))
            .unwrap()
    };
    // Typed into the record: shown as it always was.
    assert_eq!(
        line("Legal reviewer"),
        ("Lee Legal".to_owned(), "Approved".to_owned())
    );
    // Read from the Roles form today: marked so.
    assert_eq!(
        line("Content owner"),
        (
            "Olivia Owner (on the Roles form now; not recorded at the time)".to_owned(),
            "Responsible for steps 1, 8".to_owned()
        )
    );
}
