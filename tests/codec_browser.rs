//! In the browser the code that reads and writes records is installed by the
//! pages that need it (`storage::codec`). Before that, runs are listed from
//! the index and the keys; reading or saving one is refused with an error to
//! retry, which leaves storage exactly as it was, loses nothing from the list
//! and marks nothing unreadable; once installed, the same repository reads
//! and saves. One test: the codec is installed once per page.
#![cfg(target_arch = "wasm32")]

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use runsheet::browser::local_store::LocalStore;
use runsheet::domain::catalogue;
use runsheet::domain::run::Run;
use runsheet::storage::codec::{self, Pack};
use runsheet::storage::repository::{Opened, Read, SaveError};
use runsheet::storage::{KeyValueStore, RunRepository, SaveSession, keys};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn app_keys() -> BTreeMap<String, String> {
    let store = LocalStore::open().unwrap();
    store
        .keys()
        .unwrap()
        .into_iter()
        .filter(|k| k.starts_with(keys::PREFIX))
        .map(|k| {
            let v = store.get(&k).unwrap().unwrap_or_default();
            (k, v)
        })
        .collect()
}

fn run(id: &str) -> Run {
    Run::start(
        catalogue::find("customer-story-production").unwrap(),
        id.into(),
        format!("Run {id}"),
        "Ada",
        Utc.with_ymd_and_hms(2026, 5, 1, 9, 0, 0).unwrap(),
    )
}

#[wasm_bindgen_test]
fn before_the_codec_is_installed_runs_are_listed_and_nothing_is_read_written_or_lost() {
    let mut store = LocalStore::open().unwrap();
    for key in store.keys().unwrap() {
        if key.starts_with(keys::PREFIX) {
            store.remove(&key).unwrap();
        }
    }
    // A run stored by a tab that had the codec: the plain encoding needs none
    // to be written here.
    let stored = run("stored");
    store
        .set(
            &keys::run_key("stored"),
            &runsheet::storage::record::encode_run(&stored, 1),
        )
        .unwrap();
    store
        .set(
            keys::INDEX,
            &runsheet::storage::record::encode_index(&["stored".to_owned()]),
        )
        .unwrap();
    let before = app_keys();

    assert!(
        codec::installed().is_none(),
        "nothing installs it in a test"
    );
    let mut repo = RunRepository::new(LocalStore::open().unwrap());
    assert_eq!(repo.list().unwrap().ids, vec!["stored".to_owned()]);
    assert_eq!(repo.read("stored"), Err(codec::not_loaded()));
    assert_eq!(repo.open("stored"), Err(codec::not_loaded()));
    assert_eq!(
        repo.save(&run("new"), 1),
        Err(SaveError::Store(codec::not_loaded()))
    );
    assert_eq!(repo.delete("stored"), Err(codec::not_loaded()));
    assert_eq!(app_keys(), before, "storage is as it was");

    // A session lists the run, keeps a change pending and says it is not saved.
    let (mut session, report) = SaveSession::list(LocalStore::open().unwrap(), "tabA");
    assert!(
        report.unreadable.is_empty(),
        "nothing is taken for unreadable"
    );
    assert_eq!(session.ids(), vec!["stored".to_owned()]);
    assert!(session.summary("stored").is_none());
    assert_eq!(session.ids(), vec!["stored".to_owned()], "still listed");
    assert!(session.take_found().is_empty());
    assert_eq!(app_keys(), before);

    codec::install(&Pack);
    assert!(matches!(repo.read("stored").unwrap(), Read::Listed { .. }));
    match repo.open("stored").unwrap() {
        Opened::Run(loaded, None) => assert_eq!(loaded.run, stored),
        other => panic!("{other:?}"),
    }
    repo.save(&run("new"), 1).unwrap();
    let listed = session.summary("stored").expect("read once installed");
    assert_eq!(listed.summary.outline().title, "Run stored");
}
