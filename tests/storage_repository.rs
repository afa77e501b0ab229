//! The run repository over the in-memory store: round trip, index, and never
//! writing over what it could not read.

use chrono::{TimeZone, Utc};
use runsheet::domain::run::Run;
use runsheet::domain::template::Template;
use runsheet::storage::kv::KeyValueStore;
use runsheet::storage::repository::SaveError;
use runsheet::storage::{MemoryStore, RunRepository, StoreError, keys};

#[path = "common/numbers.rs"]
mod numbers;
use numbers::AWKWARD;

fn template() -> Template {
    serde_json::from_str(include_str!("fixtures/mini-sop.json")).expect("fixture parses")
}

fn run(id: &str) -> Run {
    Run::start(
        &template(),
        id.into(),
        format!("Run {id}"),
        "Ada",
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
    )
}

#[test]
fn saved_runs_load_back_identically_in_creation_order() {
    let mut repo = RunRepository::new(MemoryStore::new());
    repo.load_all().unwrap();
    repo.save(&run("b"), 1).unwrap();
    repo.save(&run("a"), 1).unwrap();
    repo.save(&run("b"), 2).unwrap();
    let store = repo.store().clone();
    let mut fresh = RunRepository::new(store);
    let report = fresh.load_all().unwrap();
    let ids: Vec<&str> = report.runs.iter().map(|r| r.run.id.as_str()).collect();
    assert_eq!(ids, vec!["b", "a"]);
    assert_eq!(report.runs[0].run, run("b"));
    assert_eq!(report.runs[0].revision, 2);
    assert!(report.unreadable.is_empty());
}

#[test]
fn saving_an_existing_run_touches_only_its_key() {
    let mut repo = RunRepository::new(MemoryStore::new());
    repo.load_all().unwrap();
    repo.save(&run("a"), 1).unwrap();
    repo.save(&run("b"), 1).unwrap();
    repo.store_mut().writes.clear();
    repo.save(&run("a"), 2).unwrap();
    assert_eq!(repo.store().writes, vec![keys::run_key("a")]);
}

#[test]
fn unreadable_records_are_reported_and_never_written_over() {
    let mut store = MemoryStore::new();
    store.set(&keys::run_key("bad"), "{not json").unwrap();
    store
        .set(
            &keys::run_key("newer"),
            r#"{"schema":99,"revision":1,"run":{}}"#,
        )
        .unwrap();
    store.set("other-app:thing", "theirs").unwrap();
    let mut repo = RunRepository::new(store);
    let report = repo.load_all().unwrap();
    let problems: Vec<(&str, &str)> = report
        .unreadable
        .iter()
        .map(|u| (u.key.as_str(), u.raw.as_str()))
        .collect();
    assert_eq!(
        problems,
        vec![
            ("runsheet:run:bad", "{not json"),
            (
                "runsheet:run:newer",
                r#"{"schema":99,"revision":1,"run":{}}"#
            )
        ]
    );
    assert!(report.unreadable[1].problem.contains("newer version"));
    let mut imposter = run("bad");
    imposter.title = "would replace".into();
    assert_eq!(
        repo.save(&imposter, 1),
        Err(SaveError::WouldOverwriteUnreadable(
            "runsheet:run:bad".into()
        ))
    );
    assert_eq!(
        repo.store()
            .entries()
            .get("runsheet:run:bad")
            .map(String::as_str),
        Some("{not json")
    );
    assert_eq!(
        repo.store()
            .entries()
            .get("other-app:thing")
            .map(String::as_str),
        Some("theirs")
    );
}

#[test]
fn runs_missing_from_the_index_are_still_found() {
    let mut repo = RunRepository::new(MemoryStore::new());
    repo.load_all().unwrap();
    repo.save(&run("a"), 1).unwrap();
    let mut store = repo.store().clone();
    store.remove(keys::INDEX).unwrap();
    let report = RunRepository::new(store).load_all().unwrap();
    assert_eq!(report.runs.len(), 1);
}

#[test]
fn an_unreadable_index_is_set_aside_before_it_is_replaced() {
    let mut store = MemoryStore::new();
    store.set(keys::INDEX, "garbage").unwrap();
    let mut repo = RunRepository::new(store);
    let report = repo.load_all().unwrap();
    assert_eq!(report.unreadable[0].key, keys::INDEX);
    repo.save(&run("a"), 1).unwrap();
    assert_eq!(
        repo.store()
            .entries()
            .get("runsheet:unreadable:index")
            .map(String::as_str),
        Some("garbage")
    );
}

#[test]
fn a_failed_write_leaves_the_previous_version_intact() {
    let mut repo = RunRepository::new(MemoryStore::new());
    repo.load_all().unwrap();
    repo.save(&run("a"), 1).unwrap();
    let before = repo.store().entries().clone();
    repo.store_mut().fail_writes = Some(StoreError::QuotaExceeded);
    let mut changed = run("a");
    changed.title = "Changed".into();
    assert_eq!(
        repo.save(&changed, 2),
        Err(SaveError::Store(StoreError::QuotaExceeded))
    );
    assert_eq!(repo.store().entries(), &before);
}

#[test]
fn delete_removes_the_run_and_its_index_entry_only() {
    let mut repo = RunRepository::new(MemoryStore::new());
    repo.load_all().unwrap();
    repo.save(&run("a"), 1).unwrap();
    repo.save(&run("b"), 1).unwrap();
    repo.store_mut().set("foreign", "x").unwrap();
    repo.delete("a").unwrap();
    let keys: Vec<&String> = repo.store().entries().keys().collect();
    assert_eq!(keys, vec!["foreign", "runsheet:index", "runsheet:run:b"]);
    let report = RunRepository::new(repo.store().clone()).load_all().unwrap();
    assert_eq!(report.runs.len(), 1);
}

/// A store with a size budget like localStorage's (keys plus values): lets a
/// test fail an import half-way through.
#[derive(Debug, Clone, Default)]
struct FillsUp {
    inner: MemoryStore,
    capacity: usize,
}

impl FillsUp {
    fn used(&self) -> usize {
        self.inner
            .entries()
            .iter()
            .map(|(k, v)| k.len() + v.len())
            .sum()
    }
}

impl KeyValueStore for FillsUp {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.inner.get(key)
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        let replaced = self
            .inner
            .entries()
            .get(key)
            .map_or(0, |v| key.len() + v.len());
        if self.used() - replaced + key.len() + value.len() > self.capacity {
            return Err(StoreError::QuotaExceeded);
        }
        self.inner.set(key, value)
    }
    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        self.inner.remove(key)
    }
    fn keys(&self) -> Result<Vec<String>, StoreError> {
        self.inner.keys()
    }
}

#[test]
fn an_import_that_fails_half_way_leaves_storage_exactly_as_it_was() {
    let mut seed = RunRepository::new(MemoryStore::new());
    seed.load_all().unwrap();
    seed.save(&run("kept"), 3).unwrap();
    let before = seed.store().entries().clone();
    let one_run = before.iter().map(|(k, v)| k.len() + v.len()).max().unwrap();
    let used: usize = before.iter().map(|(k, v)| k.len() + v.len()).sum();
    // Room for about one more run: the first new run fits, the second does not.
    let capacity = used + one_run + one_run / 2;
    let mut repo = RunRepository::new(FillsUp {
        inner: seed.store().clone(),
        capacity,
    });
    repo.load_all().unwrap();
    let mut replaced = run("kept");
    replaced.title = "From file".into();
    let incoming = vec![(replaced, 4), (run("new1"), 1), (run("new2"), 1)];
    assert_eq!(
        repo.save_all(&incoming),
        Err(SaveError::Store(StoreError::QuotaExceeded))
    );
    assert_eq!(repo.store().inner.entries(), &before);

    repo.store_mut().capacity = usize::MAX;
    repo.save_all(&incoming).unwrap();
    let report = RunRepository::new(repo.store().inner.clone())
        .load_all()
        .unwrap();
    let titles: Vec<&str> = report.runs.iter().map(|r| r.run.title.as_str()).collect();
    assert_eq!(titles, vec!["From file", "Run new1", "Run new2"]);
}

#[test]
fn a_run_from_a_newer_app_is_shown_but_never_written() {
    let mut store = MemoryStore::new();
    let newer = format!(
        r#"{{"schema":2,"revision":7,"future_field":true,"run":{}}}"#,
        serde_json::to_string(&run("future")).unwrap()
    );
    store.set(&keys::run_key("future"), &newer).unwrap();
    let mut repo = RunRepository::new(store);
    let report = repo.load_all().unwrap();
    // Listed for Recovery too, with its exact text: only that keeps what this
    // version does not understand (here `future_field`).
    let listed: Vec<(&str, &str)> = report
        .unreadable
        .iter()
        .map(|u| (u.key.as_str(), u.raw.as_str()))
        .collect();
    assert_eq!(listed, vec![("runsheet:run:future", newer.as_str())]);
    assert!(report.unreadable[0].problem.contains("newer version"));
    assert_eq!(report.runs[0].newer_schema, Some(2));
    assert_eq!(report.runs[0].revision, 7);
    assert_eq!(
        repo.save(&report.runs[0].run, 8),
        Err(SaveError::WouldOverwriteUnreadable(keys::run_key("future")))
    );
    assert_eq!(
        repo.store().entries().get(&keys::run_key("future")),
        Some(&newer)
    );
}

#[test]
fn a_tab_never_saves_over_a_newer_revision_it_has_not_seen() {
    let mut tab_a = RunRepository::new(MemoryStore::new());
    tab_a.load_all().unwrap();
    tab_a.save(&run("shared"), 1).unwrap();
    // A second tab reads the same storage, edits and saves revision 2.
    let mut tab_b = RunRepository::new(tab_a.store().clone());
    tab_b.load_all().unwrap();
    let mut theirs = run("shared");
    theirs.title = "Theirs".into();
    tab_b.save(&theirs, 2).unwrap();
    // Tab A, still at revision 1, tries to save its own edit as revision 2.
    *tab_a.store_mut() = tab_b.store().clone();
    let before = tab_a.store().entries().clone();
    let mut mine = run("shared");
    mine.title = "Mine".into();
    match tab_a.save(&mine, 2) {
        Err(SaveError::Conflict(stored)) => {
            assert_eq!((stored.run.title.as_str(), stored.revision), ("Theirs", 2));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(tab_a.store().entries(), &before, "nothing was written");
    // Having taken theirs (revision 2), the next save is revision 3 and goes through.
    tab_a.save(&mine, 3).unwrap();
    assert_eq!(tab_a.reload("shared").unwrap().unwrap().run.title, "Mine");
}

#[test]
fn an_import_never_replaces_a_run_another_tab_saved_meanwhile() {
    // Regression: the compare-before-write guarded single saves only; an import
    // that replaced a run wrote over another tab's newer revision.
    let mut tab_a = RunRepository::new(MemoryStore::new());
    tab_a.load_all().unwrap();
    tab_a.save(&run("shared"), 1).unwrap();
    let mut tab_b = RunRepository::new(tab_a.store().clone());
    tab_b.load_all().unwrap();
    let mut theirs = run("shared");
    theirs.title = "Theirs".into();
    tab_b.save(&theirs, 2).unwrap();
    *tab_a.store_mut() = tab_b.store().clone();
    let before = tab_a.store().entries().clone();
    // Tab A, still at revision 1, imports a file replacing the run, plus a new one.
    let mut from_file = run("shared");
    from_file.title = "From file".into();
    match tab_a.save_all(&[(run("new"), 1), (from_file, 2)]) {
        Err(SaveError::Conflict(stored)) => assert_eq!(stored.run.title, "Theirs"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(tab_a.store().entries(), &before, "all or nothing: nothing");
}

#[test]
fn after_another_app_clears_storage_the_next_saves_write_the_index_again() {
    // Another app on the origin may call localStorage.clear(); this tab then
    // writes its runs back, and the index must come back with them.
    let mut repo = RunRepository::new(MemoryStore::new());
    repo.load_all().unwrap();
    repo.save(&run("a"), 1).unwrap();
    repo.save(&run("b"), 1).unwrap();
    *repo.store_mut() = MemoryStore::new();
    repo.forget_index();
    repo.save(&run("a"), 2).unwrap();
    repo.save(&run("b"), 2).unwrap();
    assert_eq!(
        repo.store().entries().get(keys::INDEX).map(String::as_str),
        Some(r#"{"schema":1,"runs":["a","b"]}"#)
    );
}

/// A stored number must read back as typed, bit for bit (the sign of zero
/// included): what the screen shows is what is stored.
#[test]
fn awkward_numbers_are_stored_bit_for_bit() {
    use runsheet::domain::catalogue;
    use runsheet::domain::value::FieldValue;
    let program = catalogue::find("customer-reference-program").unwrap();
    let when = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    for &number in AWKWARD {
        let mut stored = Run::start(program, "n".into(), "Numbers".into(), "Ada", when);
        stored.steps[0]
            .values
            .insert("usage-limit".into(), FieldValue::Number(number));
        let mut repo = RunRepository::new(MemoryStore::new());
        repo.load_all().unwrap();
        repo.save(&stored, 1).unwrap();
        let report = RunRepository::new(repo.store().clone()).load_all().unwrap();
        let Some(FieldValue::Number(back)) = report.runs[0].run.steps[0].values.get("usage-limit")
        else {
            panic!("{number:e} came back as something else");
        };
        assert_eq!(
            back.to_bits(),
            number.to_bits(),
            "{number:e} came back as {back:e}"
        );
    }
}
