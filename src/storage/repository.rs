//! Loading and saving runs: one key per run plus a small index, so saving one
//! run never rewrites another, and nothing unreadable is ever written over.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::keys;
use super::kv::{KeyValueStore, StoreError};
use super::migrate::{MIGRATIONS, Migration, backup_key};
use super::record::{
    DecodeProblem, decode_index, decode_newer_run, decode_run_migrating, encode_index, encode_run,
};
use crate::domain::run::Run;

/// A run read from storage with the revision it was saved at.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedRun {
    /// The run.
    pub run: Run,
    /// Revision of the stored record.
    pub revision: u64,
    /// Set when the record was written by a newer Runsheet: it is shown but never
    /// saved, since this version would drop what it does not understand.
    pub newer_schema: Option<u64>,
}

/// A stored record the app could not read: kept as it is and shown on the
/// Recovery page so the person can download it before deleting it.
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    /// Storage key, so it can be deleted on request.
    pub key: String,
    /// The exact stored text.
    pub raw: String,
    /// What is wrong with it, in words.
    pub problem: String,
}

/// Everything found in storage at start-up.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoadReport {
    /// Runs that loaded, in index order.
    pub runs: Vec<LoadedRun>,
    /// Records that did not.
    pub unreadable: Vec<Unreadable>,
}

/// Why a save did not happen.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveError {
    /// The browser refused the write.
    Store(StoreError),
    /// The key holds a record this app could not read; it is kept, not replaced.
    WouldOverwriteUnreadable(String),
    /// Another tab saved a newer revision this tab has not seen; nothing was written.
    Conflict(Box<LoadedRun>),
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::Store(e) => e.fmt(f),
            SaveError::Conflict(theirs) => write!(
                f,
                "Not saved: “{}” was changed in another tab (revision {}).",
                theirs.run.title, theirs.revision
            ),
            SaveError::WouldOverwriteUnreadable(key) => write!(
                f,
                "Not saved: “{key}” holds data this version cannot read, and it is kept as it is."
            ),
        }
    }
}

impl From<StoreError> for SaveError {
    fn from(e: StoreError) -> Self {
        SaveError::Store(e)
    }
}

/// Key under which an unreadable index is set aside before a new one is written.
pub const UNREADABLE_INDEX_KEY: &str = "runsheet:unreadable:index";

/// Runs in a key-value store.
#[derive(Debug)]
pub struct RunRepository<S> {
    store: S,
    /// Run ids in index order, as last read or written.
    index: Vec<String>,
    /// Keys whose content could not be read; never written by a save.
    protected: BTreeSet<String>,
    /// How older schemas are moved forward.
    migrations: &'static [Migration],
    /// Migrated keys and the backup of their original text, removed once the
    /// migrated record has been saved.
    migrated: BTreeMap<String, String>,
}

impl<S: KeyValueStore> RunRepository<S> {
    /// Wraps a store; call [`RunRepository::load_all`] before saving.
    pub fn new(store: S) -> Self {
        Self::with_migrations(store, MIGRATIONS)
    }

    /// Wraps a store with a given migration chain; tests use it to exercise
    /// migrations before a second schema exists.
    pub fn with_migrations(store: S, migrations: &'static [Migration]) -> Self {
        RunRepository {
            store,
            index: Vec::new(),
            protected: BTreeSet::new(),
            migrations,
            migrated: BTreeMap::new(),
        }
    }

    /// The underlying store, for tests and diagnostics.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// Mutable access to the underlying store, for tests that inject faults.
    pub fn store_mut(&mut self) -> &mut S {
        &mut self.store
    }

    /// Reads every run. Runs missing from the index are found by their key
    /// prefix, so a half-finished write cannot hide a run.
    pub fn load_all(&mut self) -> Result<LoadReport, StoreError> {
        let mut report = LoadReport::default();
        let mut ids: Vec<String> = Vec::new();
        if let Some(raw) = self.store.get(keys::INDEX)? {
            match decode_index(&raw) {
                Ok(index) => ids = index.runs,
                Err(problem) => {
                    // The index is derived data, but its text is still set aside
                    // before anything replaces it.
                    if self.store.get(UNREADABLE_INDEX_KEY)?.is_none() {
                        let _ = self.store.set(UNREADABLE_INDEX_KEY, &raw);
                    }
                    report.unreadable.push(Unreadable {
                        key: keys::INDEX.to_owned(),
                        raw,
                        problem: problem.to_string(),
                    });
                }
            }
        }
        let mut seen: BTreeSet<String> = BTreeSet::new();
        ids.retain(|id| seen.insert(id.clone()));
        let mut stored: Vec<String> = self
            .store
            .keys()?
            .into_iter()
            .filter_map(|k| keys::run_id_of(&k).map(str::to_owned))
            .collect();
        stored.sort();
        ids.retain(|id| stored.contains(id));
        for id in stored {
            if !seen.contains(&id) {
                ids.push(id);
            }
        }
        for id in &ids {
            let key = keys::run_key(id);
            let Some(raw) = self.store.get(&key)? else {
                continue;
            };
            match decode_run_migrating(&raw, self.migrations) {
                Ok((stored, from)) if stored.run.id == *id => {
                    if let Some(from) = from {
                        // Keep the original until the migrated record is saved.
                        // A backup that cannot be written (a full quota) must not
                        // stop the load: the original then simply stays under its
                        // own key until the migrated record replaces it.
                        let backup = backup_key(&key, from);
                        let kept = match self.store.get(&backup) {
                            Ok(Some(_)) => true,
                            Ok(None) => self.store.set(&backup, &raw).is_ok(),
                            Err(_) => false,
                        };
                        if kept {
                            self.migrated.insert(key.clone(), backup);
                        }
                    }
                    report.runs.push(LoadedRun {
                        run: stored.run,
                        revision: stored.revision,
                        newer_schema: None,
                    })
                }
                Ok((stored, _)) => {
                    self.protected.insert(key.clone());
                    report.unreadable.push(Unreadable {
                        key,
                        raw,
                        problem: format!("its run id “{}” does not match its key", stored.run.id),
                    });
                }
                Err(problem) => {
                    self.protected.insert(key.clone());
                    match (&problem, decode_newer_run(&raw)) {
                        (DecodeProblem::NewerSchema(schema), Some(stored))
                            if stored.run.id == *id =>
                        {
                            // Shown read-only, and also listed for Recovery: only
                            // the raw text keeps what this version does not know.
                            report.runs.push(LoadedRun {
                                run: stored.run,
                                revision: stored.revision,
                                newer_schema: Some(*schema),
                            });
                            report.unreadable.push(Unreadable {
                                key,
                                raw,
                                problem: format!("{problem}; it opens read-only"),
                            });
                        }
                        _ => report.unreadable.push(Unreadable {
                            key,
                            raw,
                            problem: problem.to_string(),
                        }),
                    }
                }
            }
        }
        self.index = ids;
        Ok(report)
    }

    /// Saves one run at `revision`. Touches only that run's key, plus the index
    /// when the run is new to it.
    ///
    /// `revision` must be one more than the revision this tab last read or
    /// wrote; when the stored record is already at `revision` or beyond, another
    /// tab saved in between, and its version is returned instead of overwritten.
    pub fn save(&mut self, run: &Run, revision: u64) -> Result<(), SaveError> {
        let key = keys::run_key(&run.id);
        if self.protected.contains(&key) {
            return Err(SaveError::WouldOverwriteUnreadable(key));
        }
        self.check_not_behind(&key, revision)?;
        self.store.set(&key, &encode_run(run, revision))?;
        if let Some(backup) = self.migrated.remove(&key) {
            // The migrated record is safely stored; its original can go.
            let _ = self.store.remove(&backup);
        }
        if !self.index.contains(&run.id) {
            let mut ids = self.index.clone();
            ids.push(run.id.clone());
            self.store.set(keys::INDEX, &encode_index(&ids))?;
            self.index = ids;
        }
        Ok(())
    }

    /// Compare before write: refuses when the stored record is already at
    /// `revision` or beyond (another tab saved in between; its version is
    /// returned) or when it holds something this version cannot read.
    fn check_not_behind(&mut self, key: &str, revision: u64) -> Result<(), SaveError> {
        let Some(raw) = self.store.get(key)? else {
            return Ok(());
        };
        match decode_run_migrating(&raw, self.migrations).map(|(stored, _)| stored) {
            Ok(stored) if stored.revision >= revision => {
                Err(SaveError::Conflict(Box::new(LoadedRun {
                    run: stored.run,
                    revision: stored.revision,
                    newer_schema: None,
                })))
            }
            Ok(_) => Ok(()),
            // Written meanwhile by something this version cannot read: keep it.
            Err(_) => {
                self.protected.insert(key.to_owned());
                Err(SaveError::WouldOverwriteUnreadable(key.to_owned()))
            }
        }
    }

    /// Saves several runs as one change (an import): either all are stored, or
    /// storage is put back exactly as it was and the error is returned. Like
    /// [`RunRepository::save`], it never writes over a newer revision: a run
    /// replaced by an import must still be the version the person saw.
    pub fn save_all(&mut self, runs: &[(Run, u64)]) -> Result<(), SaveError> {
        for (run, _) in runs {
            let key = keys::run_key(&run.id);
            if self.protected.contains(&key) {
                return Err(SaveError::WouldOverwriteUnreadable(key));
            }
        }
        for (run, revision) in runs {
            self.check_not_behind(&keys::run_key(&run.id), *revision)?;
        }
        let index_before = self.store.get(keys::INDEX)?;
        let mut previous: Vec<(String, Option<String>)> = Vec::with_capacity(runs.len());
        let mut ids = self.index.clone();
        let mut result: Result<(), StoreError> = Ok(());
        // New runs first: undoing them is a removal, which always succeeds and
        // frees space for putting replaced runs back.
        let mut ordered: Vec<&(Run, u64)> = runs.iter().collect();
        ordered.sort_by_key(|(run, _)| self.index.contains(&run.id));
        for (run, revision) in ordered {
            let key = keys::run_key(&run.id);
            match self.store.get(&key) {
                Ok(before) => previous.push((key.clone(), before)),
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
            if let Err(e) = self.store.set(&key, &encode_run(run, *revision)) {
                result = Err(e);
                break;
            }
            if !ids.contains(&run.id) {
                ids.push(run.id.clone());
            }
        }
        if result.is_ok() && ids != self.index {
            result = self.store.set(keys::INDEX, &encode_index(&ids));
        }
        if let Err(e) = result {
            // Put every touched key back; the first error is the one reported.
            for (key, before) in previous.into_iter().rev() {
                let _ = match before {
                    Some(raw) => self.store.set(&key, &raw),
                    None => self.store.remove(&key),
                };
            }
            let _ = match index_before {
                Some(raw) => self.store.set(keys::INDEX, &raw),
                None => self.store.remove(keys::INDEX),
            };
            return Err(SaveError::Store(e));
        }
        for (run, _) in runs {
            if let Some(backup) = self.migrated.remove(&keys::run_key(&run.id)) {
                let _ = self.store.remove(&backup);
            }
        }
        self.index = ids;
        Ok(())
    }

    /// Deletes one run and its index entry.
    pub fn delete(&mut self, id: &str) -> Result<(), StoreError> {
        let key = keys::run_key(id);
        if self.protected.contains(&key) {
            return Ok(());
        }
        if self.index.iter().any(|i| i == id) {
            let ids: Vec<String> = self.index.iter().filter(|i| *i != id).cloned().collect();
            self.store.set(keys::INDEX, &encode_index(&ids))?;
            self.index = ids;
        }
        self.store.remove(&key)
    }

    /// Deletes an unreadable record, on the person's explicit request only.
    pub fn delete_unreadable(&mut self, key: &str) -> Result<(), StoreError> {
        if !key.starts_with(keys::PREFIX) {
            return Ok(());
        }
        self.store.remove(key)?;
        self.protected.remove(key);
        Ok(())
    }

    /// Reads one run as stored now, for another tab's change announced by the
    /// browser's `storage` event.
    pub fn reload(&self, id: &str) -> Result<Option<LoadedRun>, StoreError> {
        Ok(self.store.get(&keys::run_key(id))?.and_then(|raw| {
            decode_run_migrating(&raw, self.migrations)
                .map(|(stored, _)| stored)
                .ok()
                .filter(|s| s.run.id == id)
                .map(|s| LoadedRun {
                    run: s.run,
                    revision: s.revision,
                    newer_schema: None,
                })
        }))
    }

    /// Adds a run another tab created to this tab's index, so this tab's next
    /// index write keeps it.
    pub fn adopt(&mut self, id: &str) {
        if !self.index.iter().any(|i| i == id) {
            self.index.push(id.to_owned());
        }
    }

    /// Another app on the origin cleared storage: nothing this tab knew about
    /// the index is true any more, so the next saves write it again.
    pub fn forget_index(&mut self) {
        self.index.clear();
    }

    /// Whether a run id is free, so new and duplicated runs never reuse a key.
    pub fn is_free(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self.store.get(&keys::run_key(id))?.is_none())
    }
}
