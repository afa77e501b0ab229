//! The save session over a shared in-memory "browser" storage: several tabs are
//! several sessions over the same store, and a wrapper injects the browser's
//! failures (full quota, blocked or broken storage).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use chrono::{DateTime, TimeZone, Utc};
use runsheet::domain::ids::run_id_from;
use runsheet::domain::run::Run;
use runsheet::domain::template::Template;
use runsheet::storage::keys;
use runsheet::storage::outcome::{DeleteError, FromOtherTab, NewerSchema};
use runsheet::storage::record::decode_run;
use runsheet::storage::repository::SaveError;
use runsheet::storage::settings::load_settings;
use runsheet::storage::usage::usage;
use runsheet::storage::{
    KeyValueStore, MemoryStore, SaveSession, SaveStatus, StorageMode, StoreError,
};

fn template() -> Template {
    serde_json::from_str(include_str!("fixtures/mini-sop.json")).expect("fixture parses")
}

fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 9, minute, 0).unwrap()
}

fn run(id: &str) -> Run {
    Run::start(&template(), id.into(), format!("Run {id}"), "Ada", at(0))
}

/// One origin's localStorage, shared by every tab opened on it, with the
/// failures a browser can throw at the app.
#[derive(Clone, Default)]
struct Browser(Rc<RefCell<Origin>>);

#[derive(Default)]
struct Origin {
    store: MemoryStore,
    /// Every write and removal fails with this.
    fail_writes: Option<StoreError>,
    /// Every read and listing fails with this.
    fail_reads: Option<StoreError>,
}

impl KeyValueStore for Browser {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        let origin = self.0.borrow();
        match &origin.fail_reads {
            Some(e) => Err(e.clone()),
            None => origin.store.get(key),
        }
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        let mut origin = self.0.borrow_mut();
        match &origin.fail_writes {
            Some(e) => Err(e.clone()),
            None => origin.store.set(key, value),
        }
    }
    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        let mut origin = self.0.borrow_mut();
        match &origin.fail_writes {
            Some(e) => Err(e.clone()),
            None => origin.store.remove(key),
        }
    }
    fn keys(&self) -> Result<Vec<String>, StoreError> {
        let origin = self.0.borrow();
        match &origin.fail_reads {
            Some(e) => Err(e.clone()),
            None => origin.store.keys(),
        }
    }
}

impl Browser {
    fn fail_writes(&self, error: Option<StoreError>) {
        self.0.borrow_mut().fail_writes = error;
    }
    fn fail_reads(&self, error: Option<StoreError>) {
        self.0.borrow_mut().fail_reads = error;
    }
    fn entries(&self) -> BTreeMap<String, String> {
        self.0.borrow().store.entries().clone()
    }
    fn raw(&self, key: &str) -> Option<String> {
        self.0.borrow().store.entries().get(key).cloned()
    }
    /// Another app (or the page's developer tools) writes a key directly.
    fn put(&self, key: &str, value: &str) {
        self.0.borrow_mut().store.set(key, value).unwrap();
    }
    /// Another app on the origin calls `localStorage.clear()`.
    fn clear(&self) {
        self.0.borrow_mut().store = MemoryStore::new();
    }
    /// The stored title and revision of a run.
    fn stored(&self, id: &str) -> Option<(String, u64)> {
        let raw = self.raw(&keys::run_key(id))?;
        let stored = decode_run(&raw).expect("stored run decodes");
        Some((stored.run.title, stored.revision))
    }
    fn index(&self) -> Option<String> {
        self.raw(keys::INDEX)
    }
}

/// One tab as the UI runs it: a session and the runs on screen.
struct Tab {
    session: SaveSession<Browser>,
    screen: Vec<Run>,
}

impl Tab {
    fn open(browser: &Browser) -> Tab {
        let (session, report) = SaveSession::load(browser.clone());
        Tab {
            session,
            screen: report.runs.into_iter().map(|l| l.run).collect(),
        }
    }
    fn start(&mut self, id: &str) {
        self.screen.push(run(id));
        self.session.add(id);
    }
    fn shown(&self, id: &str) -> Option<&Run> {
        self.screen.iter().find(|r| r.id == id)
    }
    fn title(&self, id: &str) -> Option<&str> {
        self.shown(id).map(|r| r.title.as_str())
    }
    /// The person edits a run (only the title here: the session does not care what).
    fn edit(&mut self, id: &str, title: &str) {
        let run = self.screen.iter_mut().find(|r| r.id == id).unwrap();
        run.title = title.into();
        self.session.mark_changed(id);
    }
    fn flush(&mut self, now: DateTime<Utc>) {
        self.session.flush(now, &self.screen);
    }
    /// The browser's `storage` event for `key`, applied to the screen as the UI does.
    fn hear(&mut self, key: &str) -> FromOtherTab {
        let outcome = self.session.other_tab_changed(key);
        match &outcome {
            FromOtherTab::Replaced(run) => {
                let shown = self.screen.iter_mut().find(|r| r.id == run.id).unwrap();
                *shown = run.clone();
            }
            FromOtherTab::Added(run) => self.screen.push(run.clone()),
            FromOtherTab::Removed(id) => self.screen.retain(|r| &r.id != id),
            FromOtherTab::Nothing | FromOtherTab::Conflict => {}
        }
        outcome
    }
    fn take_theirs(&mut self, id: &str, now: DateTime<Utc>) {
        if let Some(theirs) = self.session.take_theirs(id, now, &self.screen) {
            *self.screen.iter_mut().find(|r| r.id == id).unwrap() = theirs;
        }
    }
}

/// A browser where tab A and tab B both show run "r", saved once at revision 1.
fn two_tabs() -> (Browser, Tab, Tab) {
    let browser = Browser::default();
    let mut first = Tab::open(&browser);
    first.start("r");
    first.flush(at(1));
    let a = Tab::open(&browser);
    let b = Tab::open(&browser);
    (browser, a, b)
}

#[test]
fn a_flush_writes_each_pending_run_once_at_its_next_revision() {
    let browser = Browser::default();
    let mut tab = Tab::open(&browser);
    assert_eq!(tab.session.status(), &SaveStatus::Idle);
    tab.start("a");
    tab.start("b");
    assert_eq!(tab.session.status(), &SaveStatus::Pending);
    assert_eq!(
        browser.stored("a"),
        None,
        "nothing is written before the flush"
    );
    tab.flush(at(1));
    assert_eq!(tab.session.status(), &SaveStatus::Saved(at(1)));
    assert_eq!(browser.stored("a"), Some(("Run a".into(), 1)));
    assert_eq!(browser.stored("b"), Some(("Run b".into(), 1)));

    tab.edit("a", "Renamed");
    tab.edit("a", "Renamed again");
    tab.flush(at(2));
    assert_eq!(browser.stored("a"), Some(("Renamed again".into(), 2)));
    assert_eq!(
        browser.stored("b"),
        Some(("Run b".into(), 1)),
        "b was not pending"
    );
    assert_eq!(tab.session.revision("a"), Some(2));
    assert!(!tab.session.is_pending("a"));

    // Nothing pending: a flush (the timer, the page being hidden) changes nothing.
    let before = browser.entries();
    tab.flush(at(3));
    assert_eq!(tab.session.status(), &SaveStatus::Saved(at(2)));
    assert_eq!(browser.entries(), before);

    // A run gone from the screen is dropped from the pending list, not written.
    tab.edit("b", "Edited then gone");
    tab.screen.retain(|r| r.id != "b");
    tab.flush(at(4));
    assert!(!tab.session.is_pending("b"));
    assert_eq!(browser.stored("b"), Some(("Run b".into(), 1)));
}

#[test]
fn a_full_quota_says_storage_full_keeps_the_stored_copy_and_the_run_pending() {
    let browser = Browser::default();
    let mut tab = Tab::open(&browser);
    tab.start("a");
    tab.flush(at(1));
    browser.fail_writes(Some(StoreError::QuotaExceeded));
    tab.edit("a", "Not yet stored");
    tab.flush(at(2));
    let used = usage(&browser, keys::PREFIX).unwrap().describe();
    assert_eq!(tab.session.status(), &SaveStatus::StorageFull(used));
    assert_eq!(browser.stored("a"), Some(("Run a".into(), 1)));
    assert!(tab.session.is_pending("a"));
    assert_eq!(
        tab.title("a"),
        Some("Not yet stored"),
        "the edit stays on screen"
    );

    // Space freed: the next flush writes the edit.
    browser.fail_writes(None);
    tab.flush(at(3));
    assert_eq!(tab.session.status(), &SaveStatus::Saved(at(3)));
    assert_eq!(browser.stored("a"), Some(("Not yet stored".into(), 2)));
}

#[test]
fn any_other_store_failure_is_reported_as_failed_with_the_browsers_words() {
    let browser = Browser::default();
    let mut tab = Tab::open(&browser);
    tab.start("a");
    browser.fail_writes(Some(StoreError::Other("InvalidStateError: gone".into())));
    tab.flush(at(1));
    let status = tab.session.status().clone();
    assert_eq!(
        status,
        SaveStatus::Failed(SaveError::Store(StoreError::Other(
            "InvalidStateError: gone".into()
        )))
    );
    let SaveStatus::Failed(e) = status else {
        unreachable!()
    };
    assert_eq!(e.to_string(), "Saving failed: InvalidStateError: gone");
    assert!(tab.session.is_pending("a"));
    assert_eq!(browser.stored("a"), None);
}

#[test]
fn blocked_storage_falls_back_to_memory_and_says_why() {
    let blocked: Result<Browser, StoreError> = Err(StoreError::Unavailable("SecurityError".into()));
    let (mut session, report) = SaveSession::open(blocked);
    assert_eq!(
        session.mode(),
        &StorageMode::MemoryOnly(StoreError::Unavailable("SecurityError".into()))
    );
    let StorageMode::MemoryOnly(reason) = session.mode() else {
        unreachable!()
    };
    assert_eq!(
        reason.to_string(),
        "This browser does not allow saving data here (SecurityError)."
    );
    assert!(report.runs.is_empty());
    // The app still works: runs are "saved" to memory for the tab's life.
    let screen = vec![run("a")];
    session.add("a");
    session.flush(at(1), &screen);
    assert_eq!(session.status(), &SaveStatus::Saved(at(1)));
    assert!(session.store().get(&keys::run_key("a")).unwrap().is_some());
}

#[test]
fn a_store_that_opens_but_cannot_be_read_shows_nothing_and_says_memory_only() {
    let browser = Browser::default();
    let mut seed = Tab::open(&browser);
    seed.start("a");
    seed.flush(at(1));
    browser.fail_reads(Some(StoreError::Other("UnknownError: disk".into())));
    let (session, report) = SaveSession::load(browser.clone());
    assert_eq!(
        session.mode(),
        &StorageMode::MemoryOnly(StoreError::Other("UnknownError: disk".into()))
    );
    assert!(report.runs.is_empty());
    assert!(!session.shows("a"));
}

#[test]
fn a_newer_revision_from_another_tab_replaces_a_run_without_unsaved_changes() {
    let (browser, mut a, mut b) = two_tabs();
    b.edit("r", "Theirs");
    b.flush(at(2));
    let outcome = a.hear(&keys::run_key("r"));
    assert!(matches!(&outcome, FromOtherTab::Replaced(run) if run.title == "Theirs"));
    assert_eq!(a.title("r"), Some("Theirs"));
    assert_eq!(a.session.revision("r"), Some(2));
    assert!(a.session.conflicts().is_empty());
    // Tab A's next edit goes on top of theirs.
    a.edit("r", "Mine after theirs");
    a.flush(at(3));
    assert_eq!(a.session.status(), &SaveStatus::Saved(at(3)));
    assert_eq!(browser.stored("r"), Some(("Mine after theirs".into(), 3)));
}

#[test]
fn a_newer_revision_from_another_tab_on_a_run_with_unsaved_changes_is_a_conflict() {
    let (browser, mut a, mut b) = two_tabs();
    a.edit("r", "Mine");
    b.edit("r", "Theirs");
    b.flush(at(2));
    assert_eq!(a.hear(&keys::run_key("r")), FromOtherTab::Conflict);
    assert_eq!(
        a.title("r"),
        Some("Mine"),
        "the screen keeps this tab's edit"
    );
    let conflicts = a.session.conflicts();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(
        (
            conflicts[0].theirs.run.title.as_str(),
            conflicts[0].theirs.revision
        ),
        ("Theirs", 2)
    );
    // The save that follows finds the newer revision and writes nothing.
    a.flush(at(3));
    assert_eq!(a.session.status(), &SaveStatus::InConflict);
    assert_eq!(browser.stored("r"), Some(("Theirs".into(), 2)));
    assert!(!a.session.is_pending("r"));
    assert_eq!(a.session.conflicts().len(), 1);
}

#[test]
fn a_run_already_in_conflict_is_never_replaced_when_the_other_save_is_announced_late() {
    // Regression: a save that found the conflict took the run off the pending
    // list, so the late `storage` event saw "no unsaved change" and replaced
    // this tab's edit on screen with theirs before the person chose.
    let (browser, mut a, mut b) = two_tabs();
    a.edit("r", "Mine");
    b.edit("r", "Theirs");
    b.flush(at(2));
    a.flush(at(3)); // before the event arrives
    assert_eq!(a.session.status(), &SaveStatus::InConflict);
    assert_eq!(a.hear(&keys::run_key("r")), FromOtherTab::Conflict);
    assert_eq!(a.title("r"), Some("Mine"));
    assert_eq!(browser.stored("r"), Some(("Theirs".into(), 2)));
}

#[test]
fn taking_theirs_shows_their_version_and_says_saved_only_when_nothing_else_waits() {
    // Regression: "Saved" came back after one choice while another run was
    // still in conflict, i.e. not stored.
    let browser = Browser::default();
    let mut first = Tab::open(&browser);
    first.start("r");
    first.start("s");
    first.flush(at(1));
    let mut a = Tab::open(&browser);
    let mut b = Tab::open(&browser);
    a.edit("r", "Mine r");
    a.edit("s", "Mine s");
    b.edit("r", "Theirs r");
    b.edit("s", "Theirs s");
    b.flush(at(2));
    a.flush(at(3));
    assert_eq!(a.session.conflicts().len(), 2);

    a.take_theirs("r", at(4));
    assert_eq!(a.title("r"), Some("Theirs r"));
    assert_eq!(a.session.status(), &SaveStatus::InConflict, "s still waits");
    a.take_theirs("s", at(5));
    assert_eq!(a.title("s"), Some("Theirs s"));
    assert!(a.session.conflicts().is_empty());
    assert_eq!(a.session.status(), &SaveStatus::Saved(at(5)));
    assert_eq!(browser.stored("r"), Some(("Theirs r".into(), 2)));

    // This tab now stands at their revision: its next edit is written on top.
    a.edit("r", "Mine on theirs");
    a.flush(at(6));
    assert_eq!(browser.stored("r"), Some(("Mine on theirs".into(), 3)));
}

#[test]
fn taking_theirs_writes_other_pending_runs_now() {
    let browser = Browser::default();
    let mut first = Tab::open(&browser);
    first.start("r");
    first.flush(at(1));
    let mut a = Tab::open(&browser);
    let mut b = Tab::open(&browser);
    a.edit("r", "Mine");
    b.edit("r", "Theirs");
    b.flush(at(2));
    a.flush(at(3));
    a.start("new");
    a.take_theirs("r", at(4));
    assert_eq!(browser.stored("new"), Some(("Run new".into(), 1)));
    assert_eq!(a.session.status(), &SaveStatus::Saved(at(4)));
}

#[test]
fn keeping_mine_as_a_copy_stores_both_versions() {
    let (browser, mut a, mut b) = two_tabs();
    a.edit("r", "Mine");
    b.edit("r", "Theirs");
    b.flush(at(2));
    a.flush(at(3));
    let mine = a.shown("r").unwrap().clone();
    let copy_id = a.session.fresh_id(|| 42);
    let kept = a
        .session
        .keep_mine_as_copy("r", mine.clone(), copy_id.clone());
    assert_eq!(
        kept.theirs.as_ref().map(|r| r.title.as_str()),
        Some("Theirs")
    );
    assert_eq!(
        (kept.copy.id.as_str(), kept.copy.title.as_str()),
        (copy_id.as_str(), "Mine (my copy)")
    );
    assert_eq!(
        kept.copy.activity, mine.activity,
        "the copy keeps the whole log"
    );
    assert!(a.session.is_pending(&copy_id));
    *a.screen.iter_mut().find(|r| r.id == "r").unwrap() = kept.theirs.unwrap();
    a.screen.push(kept.copy);
    a.flush(at(4));
    assert_eq!(a.session.status(), &SaveStatus::Saved(at(4)));
    assert!(a.session.conflicts().is_empty());
    assert_eq!(browser.stored("r"), Some(("Theirs".into(), 2)));
    assert_eq!(browser.stored(&copy_id), Some(("Mine (my copy)".into(), 1)));
    assert_eq!(
        browser.index(),
        Some(format!(r#"{{"schema":1,"runs":["r","{copy_id}"]}}"#))
    );
}

#[test]
fn fresh_ids_skip_ids_already_stored_or_shown() {
    let browser = Browser::default();
    let mut tab = Tab::open(&browser);
    let mut draws = [1_u64, 1, 2, 2, 3].into_iter();
    let mut draw = || draws.next().unwrap();
    let first = tab.session.fresh_id(&mut draw);
    assert_eq!(first, run_id_from(1));
    tab.screen.push(run(&first));
    tab.session.add(&first);
    // Shown but not yet stored: still taken.
    let second = tab.session.fresh_id(&mut draw);
    assert_eq!(second, run_id_from(2));
    // Stored (by another tab) but not shown here: taken too.
    browser.put(&keys::run_key(&second), "stored by someone");
    let third = tab.session.fresh_id(&mut draw);
    assert_eq!(third, run_id_from(3));
}

#[test]
fn after_another_app_clears_storage_every_run_and_the_name_are_written_back() {
    // Another app on a shared origin may call localStorage.clear(); what this
    // tab shows must not be lost with it.
    let browser = Browser::default();
    let mut tab = Tab::open(&browser);
    tab.session.set_name("Ada".into()).unwrap();
    tab.start("a");
    tab.start("b");
    tab.flush(at(1));
    browser.clear();
    tab.session.storage_cleared_elsewhere();
    assert_eq!(tab.session.status(), &SaveStatus::Pending);
    tab.flush(at(2));
    assert_eq!(tab.session.status(), &SaveStatus::Saved(at(2)));
    assert_eq!(browser.stored("a"), Some(("Run a".into(), 2)));
    assert_eq!(browser.stored("b"), Some(("Run b".into(), 2)));
    assert_eq!(
        browser.index().as_deref(),
        Some(r#"{"schema":1,"runs":["a","b"]}"#)
    );
    assert_eq!(load_settings(&browser).name, "Ada");
}

#[test]
fn another_tabs_removal_removes_a_run_only_when_its_key_is_really_empty() {
    // Regression: a run whose key another app had made unreadable was removed
    // from the screen as if it had been deleted.
    let (browser, mut a, _b) = two_tabs();
    // Unreadable now (another app wrote garbage): kept on screen.
    browser.put(&keys::run_key("r"), "garbage");
    assert_eq!(a.hear(&keys::run_key("r")), FromOtherTab::Nothing);
    assert!(a.shown("r").is_some());
    // Really removed, but this tab has an unsaved change: kept.
    browser
        .0
        .borrow_mut()
        .store
        .remove(&keys::run_key("r"))
        .unwrap();
    a.edit("r", "Mine");
    assert_eq!(a.hear(&keys::run_key("r")), FromOtherTab::Nothing);
    assert!(a.shown("r").is_some());
    // Written back by the flush; then deleted in another tab: gone here too.
    a.flush(at(2));
    let mut b = Tab::open(&browser);
    b.session.delete("r").unwrap();
    assert_eq!(
        a.hear(&keys::run_key("r")),
        FromOtherTab::Removed("r".into())
    );
    assert!(a.shown("r").is_none());
    assert!(!a.session.shows("r"));
}

#[test]
fn a_run_created_in_another_tab_appears_and_stays_in_the_index() {
    let browser = Browser::default();
    let mut a = Tab::open(&browser);
    let mut b = Tab::open(&browser);
    a.start("mine");
    a.flush(at(1));
    b.start("theirs");
    b.flush(at(2));
    let outcome = a.hear(&keys::run_key("theirs"));
    assert!(matches!(&outcome, FromOtherTab::Added(run) if run.id == "theirs"));
    assert_eq!(a.session.revision("theirs"), Some(1));
    // Tab A's next index write keeps the run tab B created.
    a.start("later");
    a.flush(at(3));
    assert_eq!(
        browser.index().as_deref(),
        Some(r#"{"schema":1,"runs":["mine","theirs","later"]}"#)
    );
    // Keys that are not runs (settings, other apps) change nothing.
    assert_eq!(a.hear(keys::SETTINGS), FromOtherTab::Nothing);
    assert_eq!(a.hear("other-app:thing"), FromOtherTab::Nothing);
}

#[test]
fn an_import_writes_every_run_and_nothing_is_left_pending_for_them() {
    let browser = Browser::default();
    let mut tab = Tab::open(&browser);
    tab.start("kept");
    tab.flush(at(1));
    tab.edit("kept", "Unsaved edit");
    let mut replaced = run("kept");
    replaced.title = "From file".into();
    let written = tab
        .session
        .import(vec![replaced, run("new")], at(2))
        .unwrap();
    let titles: Vec<&str> = written.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(titles, vec!["From file", "Run new"]);
    assert_eq!(browser.stored("kept"), Some(("From file".into(), 2)));
    assert_eq!(browser.stored("new"), Some(("Run new".into(), 1)));
    assert!(!tab.session.is_pending("kept"));
    assert!(tab.session.shows("new"));
    assert_eq!(tab.session.status(), &SaveStatus::Saved(at(2)));
}

#[test]
fn an_import_never_replaces_a_newer_revision_from_another_tab() {
    // Regression: an import replaced a run another tab had saved meanwhile.
    let (browser, mut a, mut b) = two_tabs();
    b.edit("r", "Theirs");
    b.flush(at(2));
    let before = browser.entries();
    let mut from_file = run("r");
    from_file.title = "From file".into();
    match a.session.import(vec![run("new"), from_file], at(3)) {
        Err(SaveError::Conflict(theirs)) => assert_eq!(theirs.run.title, "Theirs"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(browser.entries(), before, "all or nothing: nothing");
    assert_eq!(a.session.revision("r"), Some(1));
    assert!(!a.session.shows("new"));
}

#[test]
fn an_import_the_quota_refuses_writes_nothing() {
    let browser = Browser::default();
    let mut tab = Tab::open(&browser);
    tab.start("kept");
    tab.flush(at(1));
    let before = browser.entries();
    browser.fail_writes(Some(StoreError::QuotaExceeded));
    assert_eq!(
        tab.session.import(vec![run("new")], at(2)),
        Err(SaveError::Store(StoreError::QuotaExceeded))
    );
    assert_eq!(browser.entries(), before);
    assert!(!tab.session.shows("new"));
    assert_eq!(tab.session.status(), &SaveStatus::Saved(at(1)));
}

#[test]
fn deleting_a_run_removes_its_key_and_index_entry_and_its_pending_change() {
    let browser = Browser::default();
    let mut tab = Tab::open(&browser);
    tab.start("a");
    tab.start("b");
    tab.flush(at(1));
    tab.edit("a", "Edited, then deleted");
    tab.session.delete("a").unwrap();
    tab.screen.retain(|r| r.id != "a");
    assert!(!tab.session.is_pending("a"));
    assert_eq!(browser.stored("a"), None);
    assert_eq!(
        browser.index().as_deref(),
        Some(r#"{"schema":1,"runs":["b"]}"#)
    );
    let missing = tab.session.delete("a").unwrap_err();
    assert_eq!(missing, DeleteError::NoSuchRun("a".into()));
    assert_eq!(missing.to_string(), "There is no run a in this browser.");
}

/// A browser holding run "future", saved by an app with schema 2.
fn browser_with_a_newer_run() -> (Browser, String) {
    let browser = Browser::default();
    let newer = format!(
        r#"{{"schema":2,"revision":7,"future_field":true,"run":{}}}"#,
        serde_json::to_string(&run("future")).unwrap()
    );
    browser.put(&keys::run_key("future"), &newer);
    (browser, newer)
}

#[test]
fn a_run_from_a_newer_app_is_never_written() {
    let (browser, newer) = browser_with_a_newer_run();
    let mut tab = Tab::open(&browser);
    assert_eq!(tab.session.read_only("future"), Some(NewerSchema(2)));
    assert!(
        NewerSchema(2)
            .to_string()
            .starts_with("This run was saved by a newer version of Runsheet (schema 2)")
    );
    tab.session.mark_changed("future");
    assert!(!tab.session.is_pending("future"));
    tab.start("mine");
    tab.flush(at(1));
    browser.clear();
    browser.put(&keys::run_key("future"), &newer);
    tab.session.storage_cleared_elsewhere();
    tab.flush(at(2));
    assert_eq!(browser.raw(&keys::run_key("future")), Some(newer));
    assert_eq!(browser.stored("mine"), Some(("Run mine".into(), 2)));
}

#[test]
fn a_run_from_a_newer_app_is_not_deleted_but_its_record_can_be_deleted_on_request() {
    // Regression: the Runs page said "Deleted" while the repository kept the
    // record, which came back on the next load.
    let (browser, newer) = browser_with_a_newer_run();
    let mut tab = Tab::open(&browser);
    let refused = tab.session.delete("future").unwrap_err();
    assert_eq!(refused, DeleteError::NewerSchema(NewerSchema(2)));
    assert!(refused.to_string().starts_with("Not deleted:"));
    assert_eq!(browser.raw(&keys::run_key("future")), Some(newer));
    assert!(tab.session.shows("future"));
    // The Recovery page's explicit delete.
    assert_eq!(
        tab.session.delete_unreadable(&keys::run_key("future")),
        Ok(Some("future".into()))
    );
    assert_eq!(browser.raw(&keys::run_key("future")), None);
    assert!(!tab.session.shows("future"));
}

#[test]
fn deleting_an_unreadable_record_that_is_no_run_hides_no_run() {
    let browser = Browser::default();
    browser.put(&keys::run_key("broken"), "{not json");
    let mut tab = Tab::open(&browser);
    assert_eq!(
        tab.session.delete_unreadable(&keys::run_key("broken")),
        Ok(None)
    );
    assert_eq!(browser.raw(&keys::run_key("broken")), None);
}

#[test]
fn the_persons_name_is_stored_and_a_failed_write_is_reported() {
    let browser = Browser::default();
    let mut tab = Tab::open(&browser);
    tab.session.set_name("Ada".into()).unwrap();
    assert_eq!(Tab::open(&browser).session.name(), "Ada");
    browser.fail_writes(Some(StoreError::QuotaExceeded));
    assert_eq!(
        tab.session.set_name("Grace".into()),
        Err(StoreError::QuotaExceeded)
    );
    assert_eq!(
        tab.session.status(),
        &SaveStatus::Failed(SaveError::Store(StoreError::QuotaExceeded))
    );
    assert_eq!(tab.session.name(), "Grace", "still used for this tab's log");
    assert_eq!(load_settings(&browser).name, "Ada");
}
