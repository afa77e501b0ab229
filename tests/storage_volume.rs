//! Storage at real volumes, natively over the in-memory store: whole runs come
//! back exactly (values, versions, log, hash chain, export fingerprint), a save
//! writes only what changed and never rewrites a full log segment, a save that
//! fails half way leaves the stored run as it was, and a store written by the
//! previous encoding is upgraded with nothing lost.

#[path = "workloads/storage.rs"]
mod workload;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, TimeZone, Utc};
use runsheet::domain::activity::chain::first_broken_link;
use runsheet::domain::change::RunChange;
use runsheet::domain::change::Touched;
use runsheet::domain::export::run_fingerprint;
use runsheet::domain::run::Run;
use runsheet::domain::value::FieldValue;
use runsheet::storage::kv::KeyValueStore;
use runsheet::storage::record::decode_run;
use runsheet::storage::repository::{Opened, SaveError};
use runsheet::storage::usage::usage;
use runsheet::storage::{MemoryStore, RunRepository, SaveSession, StoreError, keys};
use serde_json::Value;
use workload::{
    Detail, program_run_built, program_template, story_run, story_run_with, story_template,
};

fn saved(run: &Run) -> RunRepository<MemoryStore> {
    let mut repo = RunRepository::new(MemoryStore::new());
    repo.list().unwrap();
    repo.save(run, 1).unwrap();
    repo
}

fn reopened(store: &MemoryStore, id: &str) -> Run {
    let mut repo = RunRepository::new(store.clone());
    repo.list().unwrap();
    match repo.open(id).unwrap() {
        Opened::Run(loaded, None) => loaded.run,
        other => panic!("{id} did not open: {other:?}"),
    }
}

/// A program small enough for a debug build, with long lists all the same.
fn program() -> Run {
    program_run_built(5, "program1", 80, 400, true)
}

#[test]
fn whole_runs_come_back_exactly_with_their_chain_and_fingerprint() {
    for run in [
        story_run(1, "story1"),
        story_run_with(2, "story2", Detail::Thorough),
        program(),
    ] {
        let repo = saved(&run);
        let back = reopened(repo.store(), &run.id);
        assert_eq!(back, run, "{} round trip", run.id);
        assert_eq!(first_broken_link(&back.activity), None, "{} chain", run.id);
        assert_eq!(
            run_fingerprint(&back),
            run_fingerprint(&run),
            "{} fingerprint",
            run.id
        );
        let versions: usize = back.steps.iter().map(|s| s.versions.len()).sum();
        assert!(
            run.id != "story1" || versions == 2,
            "both draft versions are kept"
        );
    }
}

#[test]
fn a_typical_story_takes_a_seventh_of_its_plain_record_and_five_keys() {
    let run = story_run(1, "story1");
    let repo = saved(&run);
    let plain = runsheet::storage::record::encode_run(&run, 1)
        .encode_utf16()
        .count();
    let units = usage(repo.store(), keys::PREFIX).unwrap().app_units;
    println!("typical story: {plain} units as one plain record, {units} stored");
    assert!(units * 6 < plain, "{units} of {plain}");
    assert!(units < 10_485, "500 fit in the origin's budget: {units}");
    let keys: Vec<&String> = repo.store().entries().keys().collect();
    assert!(keys.len() <= 6, "{keys:?}");
}

#[test]
fn the_record_says_in_plain_json_what_the_runs_page_lists() {
    let run = story_run(1, "story1");
    let repo = saved(&run);
    let raw = repo.store().get(&keys::run_key("story1")).unwrap().unwrap();
    let record: Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(record["schema"], 1, "the run's model is unchanged");
    assert_eq!(record["encoding"], 2);
    assert_eq!(record["run"]["title"], Value::from(run.title.as_str()));
    assert_eq!(record["run"]["template_id"], "customer-story-production");
    assert!(
        record["run"].get("steps").is_none(),
        "an older app cannot take it for a run"
    );
    assert_eq!(record["outline"].as_array().unwrap().len(), 8);
    assert!(raw.encode_utf16().count() < 1_500, "the heading is small");
}

#[test]
fn the_runs_page_reads_a_records_heading_whatever_its_title_says() {
    use runsheet::storage::repository::Read;
    use runsheet::storage::summary::RunSummary;
    for title in [
        r#"Story ,"body":{"steps":"1"}, "log": ]}"#,
        "Story \\\" quoted",
        "Plain",
    ] {
        for run in [story_run(3, "story3"), program()] {
            let mut run = run;
            run.title = title.to_owned();
            let mut repo = saved(&run);
            match repo.read(&run.id).unwrap() {
                Read::Listed {
                    summary,
                    revision: 1,
                    newer_schema: None,
                    unreadable: None,
                } => assert_eq!(*summary, RunSummary::of(&run), "{title}"),
                other => panic!("{title}: {other:?}"),
            }
            assert_eq!(reopened(repo.store(), &run.id), run, "{title}");
        }
    }
}

/// A session whose every change says what it touched, flushed after each.
struct Editing {
    session: SaveSession<MemoryStore>,
    screen: Vec<Run>,
    clock: chrono::DateTime<Utc>,
}

impl Editing {
    fn open(store: MemoryStore, id: &str) -> Editing {
        let (mut session, _) = SaveSession::list(store, "tab");
        let (run, _) = session.open_run(id).expect("the run opens");
        Editing {
            session,
            screen: vec![run],
            clock: Utc.with_ymd_and_hms(2026, 9, 1, 9, 0, 0).unwrap(),
        }
    }

    fn change(&mut self, change: RunChange) {
        let template = if self.screen[0].template_id == program_template().id {
            program_template()
        } else {
            story_template()
        };
        self.clock += Duration::minutes(11);
        let applied = self.screen[0]
            .apply(template, change, "Bo", self.clock)
            .unwrap();
        let id = self.screen[0].id.clone();
        self.session.mark_touched(&id, applied.touched);
        // In a debug build the save checks that nothing else changed.
        self.session.flush(self.clock, &self.screen);
    }

    fn store(&self) -> &MemoryStore {
        self.session.store()
    }
}

fn interaction_cell(run: &Run, position: usize) -> RunChange {
    let rows = workload::rows(run, program_template(), "tracking", "interactions");
    RunChange::SetRowValue {
        step: "tracking".into(),
        field: "interactions".into(),
        row: rows[position].id,
        column: "feedback".into(),
        value: Some(FieldValue::Text(format!("Went well, {position}"))),
    }
}

#[test]
fn an_edit_in_a_large_program_writes_its_record_its_page_and_the_log_tail_only() {
    let run = program();
    let repo = saved(&run);
    let mut tab = Editing::open(repo.store().clone(), "program1");
    tab.session.store();
    let before: BTreeMap<String, String> = tab.store().entries().clone();
    let change = interaction_cell(&tab.screen[0], 200);
    tab.change(change);
    let after = tab.store().entries();
    let written: BTreeSet<&String> = after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(*v))
        .map(|(k, _)| k)
        .collect();
    let pages: Vec<&&String> = written
        .iter()
        .filter(|k| k.starts_with("runsheet:part:"))
        .collect();
    assert!(written.contains(&keys::run_key("program1")), "{written:?}");
    assert_eq!(pages.len(), 1, "one page of interactions: {written:?}");
    assert!(pages[0].contains(".r7.") && pages[0].ends_with(".interactions"));
    assert_eq!(
        written.len(),
        3,
        "the record, the page and the log's tail: {written:?}"
    );
    let unit_count = |keys: &BTreeSet<&String>| -> usize {
        keys.iter().map(|k| after[*k].encode_utf16().count()).sum()
    };
    let total: usize = after.values().map(|v| v.encode_utf16().count()).sum();
    println!("a save wrote {} of {total} units", unit_count(&written));
    assert!(
        unit_count(&written) * 10 < total,
        "a save writes a small part of the run"
    );
    assert_eq!(reopened(tab.store(), "program1"), tab.screen[0]);
}

#[test]
fn full_log_segments_are_written_once_and_never_again() {
    let run = story_run(3, "story3");
    let repo = saved(&run);
    let mut tab = Editing::open(repo.store().clone(), "story3");
    let earlier = tab.store().writes.len();
    let sealed_before: BTreeSet<String> = tab
        .store()
        .entries()
        .keys()
        .filter(|k| k.starts_with("runsheet:log:") && !k.ends_with(".t"))
        .cloned()
        .collect();
    assert!(!sealed_before.is_empty());
    for i in 0..150 {
        tab.change(RunChange::Rename(format!("Story, take {i}")));
        if i % 3 == 0 {
            tab.change(RunChange::SetNotes {
                step: "publication".into(),
                notes: format!("Notes {i}"),
            });
        }
    }
    let writes = &tab.store().writes[earlier..];
    let sealed_writes: Vec<&String> = writes
        .iter()
        .filter(|k| k.starts_with("runsheet:log:") && !k.ends_with(".t"))
        .collect();
    let distinct: BTreeSet<&&String> = sealed_writes.iter().collect();
    assert_eq!(
        sealed_writes.len(),
        distinct.len(),
        "no full segment is written twice"
    );
    for key in &sealed_before {
        assert!(
            tab.store().entries().contains_key(key),
            "{key} is kept as it was"
        );
        assert!(!writes.contains(key), "{key} is never rewritten");
    }
    let back = reopened(tab.store(), "story3");
    assert_eq!(back, tab.screen[0]);
    assert_eq!(first_broken_link(&back.activity), None);
}

#[test]
fn every_change_of_a_whole_story_and_program_says_what_it_touched() {
    // Replays both SOPs change by change through a session told only what each
    // change touched; in a debug build every save compares with a full one.
    let values = |run: &Run| -> Vec<_> {
        run.steps
            .iter()
            .map(|s| {
                (
                    s.status.clone(),
                    s.checks.clone(),
                    s.values.clone(),
                    s.versions.len(),
                )
            })
            .collect()
    };
    let story = workload::story_driver(4, "story4", Detail::Typical);
    let story = (story.initial.clone(), story.changes.clone(), story.run);
    // A program whose lists of references are long, then interactions added
    // one by one until theirs is long too: records land in buckets.
    let program = workload::program_driver(4, "program4", 49, 60, false);
    let first = program
        .changes
        .iter()
        .position(|c| matches!(c, RunChange::AddRow { step, .. } if step == "tracking"))
        .unwrap();
    let mut references = program.initial.clone();
    let clock = Utc.with_ymd_and_hms(2026, 8, 1, 9, 0, 0).unwrap();
    for change in &program.changes[..first] {
        references
            .apply(program_template(), change.clone(), "Ada", clock)
            .unwrap();
    }
    let program = (references, program.changes[first..].to_vec(), program.run);
    for (initial, changes, built) in [story, program] {
        let id = built.id.clone();
        let repo = saved(&initial);
        let mut tab = Editing::open(repo.store().clone(), &id);
        for change in changes {
            tab.change(change);
        }
        assert_eq!(reopened(tab.store(), &id), tab.screen[0]);
        assert_eq!(
            values(&tab.screen[0]),
            values(&built),
            "{id}: the same run, change by change"
        );
    }
}

#[test]
fn a_save_that_fails_half_way_leaves_the_stored_run_as_it_was() {
    let run = program();
    let stored = saved(&run).store().clone();
    let template = program_template();
    let mut changed = run.clone();
    changed
        .apply(
            template,
            interaction_cell(&run, 10),
            "Bo",
            Utc.with_ymd_and_hms(2026, 10, 2, 9, 0, 0).unwrap(),
        )
        .unwrap();
    changed
        .apply(
            template,
            interaction_cell(&run, 390),
            "Bo",
            Utc.with_ymd_and_hms(2026, 10, 2, 9, 0, 0).unwrap(),
        )
        .unwrap();
    for step in ["candidates", "profile"] {
        let notes = RunChange::SetNotes {
            step: step.into(),
            notes: "x".repeat(3_000),
        };
        changed
            .apply(
                template,
                notes,
                "Bo",
                Utc.with_ymd_and_hms(2026, 10, 2, 9, 0, 0).unwrap(),
            )
            .unwrap();
    }
    let mut failed = 0;
    for allowed in 0..10 {
        let mut repo = RunRepository::new(FailsAfter {
            inner: stored.clone(),
            allowed,
        });
        repo.list().unwrap();
        repo.open("program1").unwrap();
        match repo.save_touched(&changed, 2, &Touched::Everything) {
            Ok(()) => {
                assert_eq!(reopened(&repo.store().inner, "program1"), changed);
                break;
            }
            Err(e) => {
                assert_eq!(e, SaveError::Store(StoreError::QuotaExceeded));
                assert_eq!(
                    repo.store().inner.entries(),
                    stored.entries(),
                    "{allowed} writes allowed: nothing changed"
                );
                failed += 1;
            }
        }
    }
    assert!(
        failed >= 3,
        "the save writes several keys before its record"
    );
}

/// A store whose writes fail with a full quota after `allowed` of them.
#[derive(Default)]
struct FailsAfter {
    inner: MemoryStore,
    allowed: usize,
}

impl KeyValueStore for FailsAfter {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.inner.get(key)
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        if self.allowed == 0 {
            return Err(StoreError::QuotaExceeded);
        }
        self.allowed -= 1;
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
fn a_broken_chain_from_an_altered_file_is_stored_exactly_as_broken() {
    let mut run = story_run(6, "story6");
    run.activity[40].new = Some("changed by hand".into());
    run.altered_outside_app = Some("Imported from a file changed outside Runsheet".into());
    let broken = first_broken_link(&run.activity);
    assert_eq!(broken, Some(40));
    let repo = saved(&run);
    let back = reopened(repo.store(), "story6");
    assert_eq!(back, run);
    assert_eq!(first_broken_link(&back.activity), broken);
    assert_eq!(run_fingerprint(&back), run_fingerprint(&run));
}

#[test]
fn a_log_changed_in_storage_is_recognised_and_the_record_kept() {
    let run = story_run(7, "story7");
    let mut repo = saved(&run);
    let key = repo
        .store()
        .entries()
        .keys()
        .find(|k| k.starts_with("runsheet:log:") && k.ends_with(".0"))
        .cloned()
        .unwrap();
    // Hand-edit an entry: unpack the segment, change a name, pack it again.
    let packed: String = serde_json::from_str(&repo.store().entries()[&key]).unwrap();
    let text = runsheet::storage::pack::lz::unpack(&packed).unwrap();
    let edited = text.replacen("Ada Park", "Mallory", 1);
    assert_ne!(edited, text);
    let value = serde_json::to_string(&runsheet::storage::pack::lz::pack(&edited)).unwrap();
    repo.store_mut().set(&key, &value).unwrap();
    let record = repo.store().get(&keys::run_key("story7")).unwrap().unwrap();
    let mut fresh = RunRepository::new(repo.store().clone());
    fresh.list().unwrap();
    match fresh.open("story7").unwrap() {
        Opened::Unreadable(u) => {
            assert!(
                u.problem.contains("changed outside Runsheet"),
                "{}",
                u.problem
            );
            assert_eq!(u.raw, record);
        }
        other => panic!("expected it unreadable, got {other:?}"),
    }
    assert!(matches!(
        fresh.save(&run, 2),
        Err(SaveError::WouldOverwriteUnreadable(_))
    ));
}

#[test]
fn two_tabs_saving_the_same_revision_never_share_a_key() {
    let run = program();
    let repo = saved(&run);
    let store = repo.store().clone();
    let mut a = RunRepository::new(store.clone());
    a.set_tag("aaaa");
    let mut b = RunRepository::new(store);
    b.set_tag("bbbb");
    a.list().unwrap();
    b.list().unwrap();
    let Opened::Run(mine, _) = a.open("program1").unwrap() else {
        panic!()
    };
    let Opened::Run(theirs, _) = b.open("program1").unwrap() else {
        panic!()
    };
    let mut mine = mine.run;
    let mut theirs = theirs.run;
    let template = program_template();
    mine.apply(
        template,
        interaction_cell(&mine.clone(), 3),
        "A",
        Utc.with_ymd_and_hms(2026, 10, 2, 9, 0, 0).unwrap(),
    )
    .unwrap();
    theirs
        .apply(
            template,
            interaction_cell(&theirs.clone(), 300),
            "B",
            Utc.with_ymd_and_hms(2026, 10, 2, 9, 0, 0).unwrap(),
        )
        .unwrap();
    a.save(&mine, 2).unwrap();
    // B saves "at the same time": it writes its parts under its own keys, and
    // then finds A's revision and stops.
    *b.store_mut() = a.store().clone();
    let before = b.store().entries().clone();
    assert!(matches!(b.save(&theirs, 2), Err(SaveError::Conflict(_))));
    assert_eq!(b.store().entries(), &before);
    assert_eq!(reopened(b.store(), "program1"), mine);
}

#[test]
fn a_store_written_by_the_previous_release_is_upgraded_with_nothing_lost() {
    let fixture: BTreeMap<String, String> =
        serde_json::from_str(include_str!("fixtures/schema/v1-store.json")).unwrap();
    let mut store = MemoryStore::new();
    for (key, value) in &fixture {
        store.set(key, value).unwrap();
    }
    let originals: BTreeMap<String, Run> = fixture
        .iter()
        .filter_map(|(k, v)| {
            keys::run_id_of(k).map(|id| (id.to_owned(), decode_run(v).unwrap().run))
        })
        .collect();
    assert_eq!(originals.len(), 3);
    let (mut session, report) = SaveSession::list(store, "tab");
    assert!(report.unreadable.is_empty());
    for id in session.ids() {
        assert!(session.summary(&id).is_some(), "{id} is listed");
    }
    let store = session.store().clone();
    for (id, original) in &originals {
        let record: Value = serde_json::from_str(&store.entries()[&keys::run_key(id)]).unwrap();
        assert_eq!(record["encoding"], 2, "{id} is in the compact encoding");
        let back = reopened(&store, id);
        assert_eq!(&back, original, "{id}: every value and log entry");
        assert_eq!(
            first_broken_link(&back.activity),
            None,
            "{id}: the chain verifies"
        );
        assert_eq!(
            run_fingerprint(&back),
            run_fingerprint(original),
            "{id}: the fingerprint"
        );
    }
    assert!(
        !store
            .entries()
            .keys()
            .any(|k| k.starts_with("runsheet:backup:")),
        "no backup is left once the new records read back identical"
    );
    assert_eq!(
        store.entries()[keys::INDEX],
        fixture[keys::INDEX],
        "the index is as it was"
    );
    let before: usize = fixture.values().map(|v| v.encode_utf16().count()).sum();
    let after = usage(&store, keys::PREFIX).unwrap().app_units;
    println!("the previous release's store: {before} units, now {after}");
    assert!(after * 3 < before);
}

#[test]
fn a_plain_record_holding_what_this_version_does_not_know_is_not_rewritten() {
    // Written by a build whose steps know a field this one does not: reading
    // it drops that field, so rewriting it would lose it. It stays as it is.
    let run = story_run(8, "story8");
    let plain = runsheet::storage::record::encode_run(&run, 3);
    let with_more = plain.replacen(
        r#""notes":"#,
        r#""a_field_of_a_later_version":2,"notes":"#,
        1,
    );
    assert_ne!(plain, with_more);
    let mut store = MemoryStore::new();
    store.set(&keys::run_key("story8"), &with_more).unwrap();
    let (mut session, _) = SaveSession::list(store, "tab");
    assert!(session.summary("story8").is_some());
    assert_eq!(
        session.store().entries()[&keys::run_key("story8")],
        with_more,
        "kept as it was written"
    );
    assert_eq!(session.open_run("story8").unwrap().0, run);

    // The same run as this version writes it is rewritten in the compact encoding.
    let mut store = MemoryStore::new();
    store.set(&keys::run_key("story8"), &plain).unwrap();
    let (mut session, _) = SaveSession::list(store, "tab");
    assert!(session.summary("story8").is_some());
    let record: Value =
        serde_json::from_str(&session.store().entries()[&keys::run_key("story8")]).unwrap();
    assert_eq!(record["encoding"], 2);
}

#[test]
fn a_newer_apps_record_in_the_compact_encoding_opens_read_only_and_is_never_written() {
    let run = story_run(9, "story9");
    let repo = saved(&run);
    let raw = repo.store().entries()[&keys::run_key("story9")].clone();
    let newer = raw.replacen(
        r#"{"schema":1,"#,
        r#"{"schema":2,"only_a_newer_app_knows":[1,2],"#,
        1,
    );
    let mut store = repo.store().clone();
    store.set(&keys::run_key("story9"), &newer).unwrap();
    let (mut session, report) = SaveSession::list(store, "tab");
    assert!(
        report.unreadable.is_empty(),
        "listed runs are read when asked for"
    );
    let (shown, read_only) = session.open_run("story9").unwrap();
    assert_eq!(shown, run);
    assert_eq!(read_only, Some(runsheet::storage::outcome::NewerSchema(2)));
    let found = session.take_found();
    assert_eq!(found.len(), 1, "listed for Recovery with its exact text");
    assert_eq!(found[0].raw, newer);
    session.mark_changed("story9");
    assert!(!session.is_pending("story9"), "never written");
}
