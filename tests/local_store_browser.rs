//! localStorage in a real browser: round trip, index consistency, and a save
//! that touches one run's key only. Runs under wasm-bindgen-test in Chromium.
#![cfg(target_arch = "wasm32")]

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use runsheet::browser::local_store::LocalStore;
use runsheet::domain::catalogue;
use runsheet::domain::change::RunChange;
use runsheet::domain::run::Run;
use runsheet::storage::{KeyValueStore, RunRepository, keys};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Every key and value in localStorage, to compare before and after.
fn snapshot() -> BTreeMap<String, String> {
    let store = LocalStore::open().expect("localStorage works in the test browser");
    store
        .keys()
        .unwrap()
        .into_iter()
        .map(|k| {
            let v = store.get(&k).unwrap().unwrap_or_default();
            (k, v)
        })
        .collect()
}

fn clear_app_keys() {
    // The app installs the codec from its pages; a test installs it itself.
    runsheet::storage::codec::install(&runsheet::storage::codec::Pack);
    let mut store = LocalStore::open().unwrap();
    for key in store.keys().unwrap() {
        if key.starts_with(keys::PREFIX) {
            store.remove(&key).unwrap();
        }
    }
}

fn run(id: &str) -> Run {
    let template = catalogue::find("customer-story-production").unwrap();
    Run::start(
        template,
        id.into(),
        format!("Run {id}"),
        "Ada",
        Utc.with_ymd_and_hms(2026, 5, 1, 9, 0, 0).unwrap(),
    )
}

#[wasm_bindgen_test]
fn runs_round_trip_through_local_storage_with_a_consistent_index() {
    clear_app_keys();
    let mut repo = RunRepository::new(LocalStore::open().unwrap());
    repo.load_all().unwrap();
    let template = catalogue::find("customer-story-production").unwrap();
    let mut first = run("first");
    first
        .apply(
            template,
            RunChange::SetNotes {
                step: "intake".into(),
                notes: "é 🚀 <b>".into(),
            },
            "Ada",
            Utc.with_ymd_and_hms(2026, 1, 1, 9, 30, 0).unwrap(),
        )
        .unwrap();
    repo.save(&first, 1).unwrap();
    repo.save(&run("second"), 1).unwrap();

    let mut fresh = RunRepository::new(LocalStore::open().unwrap());
    let report = fresh.load_all().unwrap();
    let ids: Vec<&str> = report.runs.iter().map(|r| r.run.id.as_str()).collect();
    assert_eq!(ids, vec!["first", "second"]);
    assert_eq!(report.runs[0].run, first, "the run comes back identical");
    let index = LocalStore::open()
        .unwrap()
        .get(keys::INDEX)
        .unwrap()
        .unwrap();
    assert_eq!(index, r#"{"schema":1,"runs":["first","second"]}"#);

    fresh.delete("first").unwrap();
    let index = LocalStore::open()
        .unwrap()
        .get(keys::INDEX)
        .unwrap()
        .unwrap();
    assert_eq!(index, r#"{"schema":1,"runs":["second"]}"#);
    assert_eq!(
        LocalStore::open()
            .unwrap()
            .get(&keys::run_key("first"))
            .unwrap(),
        None
    );
    clear_app_keys();
}

#[wasm_bindgen_test]
fn saving_one_run_changes_only_that_runs_key_and_leaves_foreign_keys_alone() {
    clear_app_keys();
    let mut raw = LocalStore::open().unwrap();
    raw.set("another-app:settings", "{\"theirs\":true}")
        .unwrap();
    let mut repo = RunRepository::new(LocalStore::open().unwrap());
    repo.load_all().unwrap();
    repo.save(&run("a"), 1).unwrap();
    repo.save(&run("b"), 1).unwrap();
    let before = snapshot();

    let mut changed = run("a");
    changed.title = "Renamed".into();
    repo.save(&changed, 2).unwrap();
    let after = snapshot();

    let differing: Vec<&String> = after
        .keys()
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert_eq!(differing, vec![&keys::run_key("a")]);
    assert_eq!(before.len(), after.len());
    assert_eq!(
        after.get("another-app:settings").map(String::as_str),
        Some("{\"theirs\":true}")
    );
    raw.remove("another-app:settings").unwrap();
    clear_app_keys();
}

#[wasm_bindgen_test]
fn unreadable_records_in_local_storage_are_kept_byte_for_byte() {
    clear_app_keys();
    let mut raw = LocalStore::open().unwrap();
    raw.set(&keys::run_key("broken"), "{\"schema\":1,\"run\":")
        .unwrap();
    let mut repo = RunRepository::new(LocalStore::open().unwrap());
    let report = repo.load_all().unwrap();
    assert_eq!(report.unreadable.len(), 1);
    assert!(repo.save(&run("broken"), 1).is_err());
    assert_eq!(
        raw.get(&keys::run_key("broken")).unwrap().as_deref(),
        Some("{\"schema\":1,\"run\":")
    );
    clear_app_keys();
}
