//! One tab's save session: which runs wait for a write, the revision each was
//! stored at, conflicts with other tabs and the person's choice between
//! versions, imports, deletions, the person's name, and what to report.
//!
//! The runs' live content stays with the caller (the UI keeps it in signals);
//! a flush borrows each pending run through [`LiveRuns`] and never keeps a copy.
//! Plain Rust over [`KeyValueStore`], so every case is tested natively.
//!
//! [`SaveSession::load`] reads every run at once (the tests, and a small
//! store); the app uses [`SaveSession::open_listing`], which reads only the
//! index: a run's summary is read when the Runs page asks
//! ([`SaveSession::summary`]) and the run itself when it is opened
//! ([`SaveSession::open_run`]). Records found unreadable on the way are
//! collected for the Recovery page ([`SaveSession::take_found`]).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use super::codec;
use super::keys;
use super::kv::{KeyValueStore, StoreError};
use super::memory::MemoryStore;
use super::outcome::{
    Conflict, DeleteError, FromOtherTab, KeptCopy, NewerSchema, SaveStatus, StorageMode,
};
use super::pack::sorted::SortedMap;
use super::repository::{
    LoadReport, LoadedRun, Opened, Read, RunRepository, SaveError, Unreadable,
};
use super::settings::{Settings, load_settings, save_settings};
use super::summary::RunSummary;
use super::usage::usage;
use crate::domain::change::Touched;
use crate::domain::ids::run_id_from;
use crate::domain::run::Run;

/// The runs as on screen, which a flush writes.
pub trait LiveRuns {
    /// Calls `f` with run `id` as shown now; `None` when it is not shown.
    fn with_run<R>(&self, id: &str, f: impl FnOnce(&Run) -> R) -> Option<R>;
}

impl LiveRuns for [Run] {
    fn with_run<R>(&self, id: &str, f: impl FnOnce(&Run) -> R) -> Option<R> {
        self.iter().find(|run| run.id == id).map(f)
    }
}

impl LiveRuns for Vec<Run> {
    fn with_run<R>(&self, id: &str, f: impl FnOnce(&Run) -> R) -> Option<R> {
        self.as_slice().with_run(id, f)
    }
}

/// What the session knows of a run this tab shows.
#[derive(Clone, Copy, Debug)]
struct Shown {
    /// Revision of the last successful read or write.
    revision: u64,
    /// Set for a run saved by a newer app: never written, never deleted here.
    newer_schema: Option<u64>,
    /// Whether this tab has the whole run (opened, started or imported here),
    /// or only lists it (its revision is then known once its summary is read).
    opened: bool,
    /// Whether its record has been read at all (its revision is known).
    read: bool,
}

impl Shown {
    fn opened(revision: u64, newer_schema: Option<u64>) -> Shown {
        Shown {
            revision,
            newer_schema,
            opened: true,
            read: true,
        }
    }
}

/// A run as the Runs page lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct Listed {
    /// Its summary.
    pub summary: RunSummary,
    /// Why it is read-only (saved by a newer app), if it is.
    pub read_only: Option<NewerSchema>,
}

/// The save session of one tab. See the module documentation.
pub struct SaveSession<S = Box<dyn KeyValueStore>> {
    repo: RunRepository<S>,
    mode: StorageMode,
    /// Every run this tab shows, in no particular order.
    shown: BTreeMap<String, Shown>,
    /// Runs changed since their last write, with what may have changed.
    pending: BTreeSet<String>,
    touched: SortedMap<String, Touched>,
    /// Unreadable records found after start-up, not yet taken.
    found: Vec<Unreadable>,
    /// Runs found outside the index when listing, not read yet (the codec
    /// that reads them was not installed then; see [`SaveSession::read_strays`]).
    strays: BTreeSet<String>,
    /// Whether runs are read when asked for (the app) or all at once.
    lazy: bool,
    /// Runs changed here and in another tab, waiting for the person's choice.
    conflicts: Vec<Conflict>,
    status: SaveStatus,
    /// The person's name for activity logs.
    name: String,
}

impl SaveSession {
    /// Opens the browser's store, or memory when the browser refused it (the
    /// reason is reported as [`StorageMode::MemoryOnly`]), and loads every run.
    pub fn open<S: KeyValueStore + 'static>(opened: Result<S, StoreError>) -> (Self, LoadReport) {
        match opened {
            Ok(store) => Self::start(Box::new(store), StorageMode::Persistent),
            Err(e) => Self::start(Box::new(MemoryStore::new()), StorageMode::MemoryOnly(e)),
        }
    }

    /// Opens the browser's store like [`SaveSession::open`], but reads only the
    /// index and the records missing from it: start-up does not grow with the
    /// number of runs. `tag` names this tab's new keys apart from other tabs'.
    pub fn open_listing<S: KeyValueStore + 'static>(
        opened: Result<S, StoreError>,
        tag: &str,
    ) -> (Self, LoadReport) {
        match opened {
            Ok(store) => Self::start_listing(Box::new(store), StorageMode::Persistent, tag),
            Err(e) => Self::start_listing(
                Box::new(MemoryStore::new()),
                StorageMode::MemoryOnly(e),
                tag,
            ),
        }
    }
}

impl<S: KeyValueStore> SaveSession<S> {
    /// Loads every run from `store`.
    pub fn load(store: S) -> (Self, LoadReport) {
        Self::start(store, StorageMode::Persistent)
    }

    /// A store that cannot even be listed shows no run and says "memory only";
    /// it is still the store written to (as before this session existed).
    fn start(store: S, mode: StorageMode) -> (Self, LoadReport) {
        let mut repo = RunRepository::new(store);
        let (report, mode) = match repo.load_all() {
            Ok(report) => (report, mode),
            Err(e) => (LoadReport::default(), StorageMode::MemoryOnly(e)),
        };
        let shown = report
            .runs
            .iter()
            .map(|loaded| {
                let shown = Shown::opened(loaded.revision, loaded.newer_schema);
                (loaded.run.id.clone(), shown)
            })
            .collect();
        (Self::with(repo, mode, shown, false), report)
    }

    /// Lists the runs of `store` (see [`SaveSession::open_listing`]): the
    /// report's runs are empty, its unreadable records are those of the index
    /// and of records missing from it (read at once: they are few).
    pub fn list(store: S, tag: &str) -> (Self, LoadReport) {
        Self::start_listing(store, StorageMode::Persistent, tag)
    }

    fn start_listing(store: S, mode: StorageMode, tag: &str) -> (Self, LoadReport) {
        let mut repo = RunRepository::new(store);
        repo.set_tag(tag);
        let (listing, mode) = match repo.list() {
            Ok(listing) => (listing, mode),
            Err(e) => (Default::default(), StorageMode::MemoryOnly(e)),
        };
        let shown = listing
            .ids
            .iter()
            .map(|id| {
                let shown = Shown {
                    revision: 0,
                    newer_schema: None,
                    opened: false,
                    read: false,
                };
                (id.clone(), shown)
            })
            .collect();
        let mut session = Self::with(repo, mode, shown, true);
        let mut report = LoadReport {
            runs: Vec::new(),
            unreadable: listing.unreadable,
        };
        session.strays = listing.strays;
        session.read_strays();
        report.unreadable.append(&mut session.found);
        (session, report)
    }

    fn with(
        repo: RunRepository<S>,
        mode: StorageMode,
        shown: BTreeMap<String, Shown>,
        lazy: bool,
    ) -> Self {
        let name = load_settings(repo.store()).name;
        SaveSession {
            repo,
            mode,
            shown,
            pending: BTreeSet::new(),
            touched: SortedMap::default(),
            found: Vec::new(),
            strays: BTreeSet::new(),
            lazy,
            conflicts: Vec::new(),
            status: SaveStatus::Idle,
            name,
        }
    }

    /// Reads the summary of each run found outside the index when listing
    /// (a half-finished write, a record put there by hand: few, and worth
    /// reading at once), as soon as the codec is installed; returns what it
    /// read, `None` for a run gone or unreadable (see [`SaveSession::take_found`]).
    pub fn read_strays(&mut self) -> Vec<(String, Option<Listed>)> {
        if codec::installed().is_none() {
            return Vec::new();
        }
        std::mem::take(&mut self.strays)
            .into_iter()
            .map(|id| {
                let listed = self.summary(&id);
                (id, listed)
            })
            .collect()
    }

    /// Whether runs found outside the index wait to be read.
    pub fn has_strays(&self) -> bool {
        !self.strays.is_empty()
    }

    /// Every run this tab shows or lists, in creation order as far as this
    /// tab knows it (the index, then runs found or added later).
    pub fn ids(&self) -> Vec<String> {
        self.repo.order(self.shown.keys())
    }

    /// What the Runs page shows of run `id`, reading its record's heading if
    /// this tab has not yet. A record found unreadable is taken off the list
    /// (see [`SaveSession::take_found`]); a record of the previous storage
    /// encoding is rewritten in the current one, checked, first.
    pub fn summary(&mut self, id: &str) -> Option<Listed> {
        let read = match self.repo.read(id) {
            Ok(read) => read,
            Err(_) => return None,
        };
        match read {
            Read::Listed {
                summary,
                revision,
                newer_schema,
                unreadable,
            } => {
                self.found.extend(unreadable);
                let shown = self.shown.entry(id.to_owned()).or_insert(Shown {
                    revision,
                    newer_schema,
                    opened: false,
                    read: true,
                });
                if !shown.opened {
                    shown.revision = revision;
                    shown.newer_schema = newer_schema;
                    shown.read = true;
                }
                if newer_schema.is_none() && self.mode == StorageMode::Persistent {
                    let _ = self.repo.upgrade(id);
                }
                Some(Listed {
                    summary: *summary,
                    read_only: newer_schema.map(NewerSchema),
                })
            }
            Read::Absent => {
                if !self.is_opened(id) {
                    self.shown.remove(id);
                }
                None
            }
            Read::Unreadable(unreadable) => {
                if !self.is_opened(id) {
                    self.shown.remove(id);
                }
                self.found.push(unreadable);
                None
            }
        }
    }

    /// Reads run `id` whole, for a tab that lists it and now shows it (its
    /// page, an export, the reference directory). `None` when it is gone or
    /// unreadable (then listed for Recovery, see [`SaveSession::take_found`]).
    pub fn open_run(&mut self, id: &str) -> Option<(Run, Option<NewerSchema>)> {
        let opened = self.repo.open(id).ok()?;
        match opened {
            Opened::Run(loaded, unreadable) => {
                if let Some(unreadable) = unreadable
                    && !self.found.iter().any(|f| f.key == unreadable.key)
                    && !self
                        .shown
                        .get(id)
                        .is_some_and(|s| s.read && s.newer_schema.is_some())
                {
                    self.found.push(unreadable);
                }
                self.shown.insert(
                    id.to_owned(),
                    Shown::opened(loaded.revision, loaded.newer_schema),
                );
                if loaded.newer_schema.is_none() && self.mode == StorageMode::Persistent {
                    let _ = self.repo.upgrade(id);
                }
                Some((loaded.run, loaded.newer_schema.map(NewerSchema)))
            }
            Opened::Absent => None,
            Opened::Unreadable(unreadable) => {
                self.shown.remove(id);
                self.found.push(unreadable);
                None
            }
        }
    }

    /// Reads run `id` whole without showing it (a backup of every run).
    pub fn read_whole(&mut self, id: &str) -> Option<Run> {
        match self.repo.open(id).ok()? {
            Opened::Run(loaded, _) => Some(loaded.run),
            _ => None,
        }
    }

    /// Unreadable records found since start-up and not yet taken (a record
    /// may come again each time it is read).
    pub fn take_found(&mut self) -> Vec<Unreadable> {
        std::mem::take(&mut self.found)
    }

    /// Whether this tab has run `id` whole.
    pub fn is_opened(&self, id: &str) -> bool {
        self.shown.get(id).is_some_and(|s| s.opened)
    }

    /// Whether storage works at all.
    pub fn mode(&self) -> &StorageMode {
        &self.mode
    }

    /// Outcome of the latest save.
    pub fn status(&self) -> &SaveStatus {
        &self.status
    }

    /// Runs waiting for the person's choice between this tab's version and another's.
    pub fn conflicts(&self) -> &[Conflict] {
        &self.conflicts
    }

    /// The person's name, as stored in the settings.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The underlying store, for tests and diagnostics.
    pub fn store(&self) -> &S {
        self.repo.store()
    }

    /// Whether this tab shows run `id`.
    pub fn shows(&self, id: &str) -> bool {
        self.shown.contains_key(id)
    }

    /// The revision run `id` was last read or written at, if shown.
    pub fn revision(&self, id: &str) -> Option<u64> {
        self.shown.get(id).map(|s| s.revision)
    }

    /// Whether run `id` has changes not yet written.
    pub fn is_pending(&self, id: &str) -> bool {
        self.pending.contains(id)
    }

    /// Why run `id` is read-only, if it is (saved by a newer app).
    pub fn read_only(&self, id: &str) -> Option<NewerSchema> {
        self.shown.get(id)?.newer_schema.map(NewerSchema)
    }

    /// An id neither stored nor shown, drawn from `random`, so new and copied
    /// runs never reuse a key.
    pub fn fresh_id(&self, mut random: impl FnMut() -> u64) -> String {
        loop {
            let id = run_id_from(random());
            let free = self.repo.is_free(&id).unwrap_or(true);
            if free && !self.shows(&id) {
                return id;
            }
        }
    }

    /// A new run is shown (started, duplicated, restored); the next flush writes it.
    pub fn add(&mut self, id: &str) {
        self.shown.insert(id.to_owned(), Shown::opened(0, None));
        self.mark_changed(id);
    }

    /// Run `id` changed on screen, anywhere; the next flush writes it. Cheap:
    /// called per keystroke.
    pub fn mark_changed(&mut self, id: &str) {
        self.mark_touched(id, Touched::Everything);
    }

    /// Run `id` changed on screen where `touched` says; the next flush writes
    /// those parts of it (a large run is then not read whole to save it).
    pub fn mark_touched(&mut self, id: &str, touched: Touched) {
        if self.read_only(id).is_some() || !self.is_opened(id) {
            return;
        }
        if !self.pending.contains(id) {
            self.pending.insert(id.to_owned());
        }
        let mut all = self.touched.remove(id).unwrap_or_else(Touched::nothing);
        all.add(touched);
        self.touched.insert(id.to_owned(), all);
        self.status = SaveStatus::Pending;
    }

    /// Writes every pending run, read from `live`. A run whose save fails stays
    /// pending and the failure is reported; the stored copy keeps its previous
    /// version. A run another tab saved meanwhile is not written: it is taken
    /// off the pending list and raised as a conflict. With nothing pending,
    /// nothing happens (the status stays as it is).
    pub fn flush<L: LiveRuns + ?Sized>(&mut self, now: DateTime<Utc>, live: &L) {
        if self.pending.is_empty() {
            return;
        }
        let ids: Vec<String> = self.pending.iter().cloned().collect();
        let mut failure = None;
        for id in ids {
            let Some(revision) = self.revision(&id).map(|r| r + 1) else {
                self.forget_pending(&id);
                continue;
            };
            let repo = &mut self.repo;
            let touched = self.touched.get(&id).cloned().unwrap_or_default();
            let Some(result) = live.with_run(&id, |run| repo.save_touched(run, revision, &touched))
            else {
                self.forget_pending(&id);
                continue;
            };
            match result {
                Ok(()) => {
                    self.set_revision(&id, revision);
                    self.forget_pending(&id);
                }
                Err(SaveError::Conflict(theirs)) => {
                    // Never retried blindly: the person decides which version wins.
                    self.forget_pending(&id);
                    self.raise_conflict(id, *theirs);
                }
                Err(e) => failure = Some(e),
            }
        }
        self.status = match failure {
            Some(SaveError::Store(StoreError::QuotaExceeded)) => {
                let used = usage(self.repo.store(), keys::PREFIX)
                    .map_or_else(|e| e.to_string(), |u| u.describe());
                SaveStatus::StorageFull(used)
            }
            Some(e) => SaveStatus::Failed(e),
            // A run in conflict was not written: "Saved" would be untrue.
            None if !self.conflicts.is_empty() => SaveStatus::InConflict,
            None => SaveStatus::Saved(now),
        };
    }

    fn forget_pending(&mut self, id: &str) {
        self.pending.remove(id);
        self.touched.remove(id);
    }

    fn set_revision(&mut self, id: &str, revision: u64) {
        if let Some(shown) = self.shown.get_mut(id) {
            shown.revision = revision;
        }
    }

    fn raise_conflict(&mut self, id: String, theirs: LoadedRun) {
        self.conflicts.retain(|c| c.id != id);
        self.conflicts.push(Conflict { id, theirs });
    }

    /// Another tab wrote or removed `key`: its version is shown where this tab
    /// has no unsaved change, and the person is asked where it has. A run this
    /// tab only lists is not read: the outcome is `Nothing` (or `Removed`), and
    /// its summary is read again when asked for.
    pub fn other_tab_changed(&mut self, key: &str) -> FromOtherTab {
        let Some(id) = keys::run_id_of(key) else {
            return FromOtherTab::Nothing;
        };
        if self.lazy && !self.is_opened(id) {
            return self.listed_changed(id, key);
        }
        let Ok(theirs) = self.repo.reload(id) else {
            return FromOtherTab::Nothing;
        };
        // A run already in conflict has unsaved changes too (a save that found
        // the conflict takes it off the pending list): its screen is never replaced.
        let unsaved = self.pending.contains(id) || self.conflicts.iter().any(|c| c.id == id);
        match (self.revision(id), theirs) {
            (Some(mine), Some(theirs)) if theirs.revision > mine => {
                if unsaved {
                    self.raise_conflict(id.to_owned(), theirs);
                    FromOtherTab::Conflict
                } else {
                    self.set_revision(id, theirs.revision);
                    FromOtherTab::Replaced(theirs.run)
                }
            }
            // Removed there (not merely unreadable here): gone from this tab too.
            (Some(_), None) if !unsaved && self.is_absent(key) => {
                self.shown.remove(id);
                FromOtherTab::Removed(id.to_owned())
            }
            (None, Some(theirs)) => {
                self.repo.adopt(id);
                self.shown
                    .insert(id.to_owned(), Shown::opened(theirs.revision, None));
                FromOtherTab::Added(theirs.run)
            }
            _ => FromOtherTab::Nothing,
        }
    }

    /// Another tab wrote or removed the record of a run this tab only lists
    /// (or did not know): nothing is read now.
    fn listed_changed(&mut self, id: &str, key: &str) -> FromOtherTab {
        if self.is_absent(key) {
            return match self.shown.remove(id) {
                Some(_) => FromOtherTab::Removed(id.to_owned()),
                None => FromOtherTab::Nothing,
            };
        }
        self.repo.adopt(id);
        let shown = self.shown.entry(id.to_owned()).or_insert(Shown {
            revision: 0,
            newer_schema: None,
            opened: false,
            read: false,
        });
        shown.read = false;
        FromOtherTab::Nothing
    }

    /// Whether `key` holds nothing at all in storage.
    fn is_absent(&self, key: &str) -> bool {
        self.repo.store().get(key).is_ok_and(|raw| raw.is_none())
    }

    /// Takes the conflict on `id` out: this tab now stands at the other tab's
    /// revision and has nothing to write for it. Returns their run when it is
    /// shown here, or `None`.
    fn settle(&mut self, id: &str) -> Option<Option<Run>> {
        let at = self.conflicts.iter().position(|c| c.id == id)?;
        let theirs = self.conflicts.remove(at).theirs;
        self.forget_pending(id);
        let shown = self.shows(id);
        self.set_revision(id, theirs.revision);
        Some(shown.then_some(theirs.run))
    }

    /// Resolves a conflict by taking the other tab's version, returned to be
    /// shown under `id` (`None` when there was no conflict or the run is no
    /// longer shown). Other pending runs are written now; "Saved" comes back
    /// only once nothing else waits for a write or a choice.
    pub fn take_theirs<L: LiveRuns + ?Sized>(
        &mut self,
        id: &str,
        now: DateTime<Utc>,
        live: &L,
    ) -> Option<Run> {
        let theirs = self.settle(id)?;
        if !self.pending.is_empty() {
            self.flush(now, live);
        } else if self.conflicts.is_empty() {
            self.status = SaveStatus::Saved(now);
        }
        theirs
    }

    /// Resolves a conflict by keeping this tab's version (`mine`, with its whole
    /// log) as a new run under `copy_id`, and the other tab's under `id`. The copy
    /// is pending: show it, then flush.
    pub fn keep_mine_as_copy(&mut self, id: &str, mine: Run, copy_id: String) -> KeptCopy {
        let theirs = self.settle(id).flatten();
        let mut copy = mine;
        copy.id = copy_id;
        copy.title = format!("{} (my copy)", copy.title);
        self.add(&copy.id);
        KeptCopy { theirs, copy }
    }

    /// Writes imported runs as one change, all or nothing, each one revision past
    /// what this tab shows, so a run another tab saved meanwhile is never replaced
    /// (the whole import then fails with the conflict). On success the runs are
    /// returned to be shown (replacing or added) and nothing is pending for them.
    pub fn import(&mut self, runs: Vec<Run>, now: DateTime<Utc>) -> Result<Vec<Run>, SaveError> {
        for run in &runs {
            if self.shown.get(&run.id).is_some_and(|s| !s.read) {
                self.summary(&run.id);
            }
        }
        let writes: Vec<(Run, u64)> = runs
            .into_iter()
            .map(|run| {
                let revision = self.revision(&run.id).unwrap_or(0) + 1;
                (run, revision)
            })
            .collect();
        self.repo.save_all(&writes)?;
        for (run, revision) in &writes {
            self.forget_pending(&run.id);
            self.shown
                .insert(run.id.clone(), Shown::opened(*revision, None));
        }
        // As before this session existed: says "Saved" even while other runs
        // are pending or in conflict.
        self.status = SaveStatus::Saved(now);
        Ok(writes.into_iter().map(|(run, _)| run).collect())
    }

    /// Deletes a run from storage; it is no longer shown. A run from a newer app
    /// is refused: the repository keeps its record, so "deleted" would be
    /// untrue; [`SaveSession::delete_unreadable`] deletes it explicitly.
    pub fn delete(&mut self, id: &str) -> Result<(), DeleteError> {
        if self.shown.get(id).is_some_and(|s| !s.read) {
            self.summary(id);
        }
        let shown = self
            .shown
            .get(id)
            .ok_or_else(|| DeleteError::NoSuchRun(id.to_owned()))?;
        if let Some(schema) = shown.newer_schema {
            return Err(DeleteError::NewerSchema(NewerSchema(schema)));
        }
        self.repo.delete(id).map_err(DeleteError::Store)?;
        self.forget_pending(id);
        self.shown.remove(id);
        Ok(())
    }

    /// Deletes an unreadable record, on the person's explicit request only.
    /// When it held a run shown read-only (a newer app's), that run is no longer
    /// shown and its id is returned.
    pub fn delete_unreadable(&mut self, key: &str) -> Result<Option<String>, StoreError> {
        self.repo.delete_unreadable(key)?;
        let Some(id) = keys::run_id_of(key) else {
            return Ok(None);
        };
        if self.read_only(id).is_none() {
            return Ok(None);
        }
        self.shown.remove(id);
        Ok(Some(id.to_owned()))
    }

    /// Another app on the origin cleared storage: every run this tab has whole
    /// (except read-only ones) becomes pending so the next flush writes it
    /// back, and the person's name is written back now. Runs it only listed,
    /// never read, are gone: their ids are returned.
    pub fn storage_cleared_elsewhere(&mut self) -> Vec<String> {
        self.repo.forget_index();
        let gone: Vec<String> = self
            .shown
            .iter()
            .filter(|(_, s)| !s.opened)
            .map(|(id, _)| id.clone())
            .collect();
        for id in &gone {
            self.shown.remove(id);
        }
        let ids: Vec<String> = self
            .shown
            .iter()
            .filter(|(_, s)| s.newer_schema.is_none())
            .map(|(id, _)| id.clone())
            .collect();
        for id in &ids {
            self.mark_changed(id);
        }
        if !self.name.is_empty() {
            let settings = Settings {
                name: self.name.clone(),
            };
            let _ = save_settings(self.repo.store_mut(), &settings);
        }
        gone
    }

    /// Remembers the person's name for future log entries; a failed write is
    /// reported as the save status too.
    pub fn set_name(&mut self, name: String) -> Result<(), StoreError> {
        self.name = name;
        let settings = Settings {
            name: self.name.clone(),
        };
        let result = save_settings(self.repo.store_mut(), &settings);
        if let Err(e) = &result {
            self.status = SaveStatus::Failed(SaveError::Store(e.clone()));
        }
        result
    }
}
