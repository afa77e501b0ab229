//! Loading and saving runs: one record per run (in the compact encoding of
//! `pack`, with the parts of a large run under keys of their own) plus a small
//! index, so saving one run never rewrites another, saving a large run writes
//! only what changed, and nothing unreadable is ever written over.
//!
//! Reading is in three depths, so start-up does not grow with the data:
//! [`RunRepository::list`] reads the index and the list of keys; [`RunRepository::read`]
//! one record's heading (what the Runs page shows); [`RunRepository::open`]
//! the whole run. [`RunRepository::load_all`] does all three for every run.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::codec::{self, Codec, Kind};
use super::keys;
use super::kv::{KeyValueStore, StoreError};
use super::migrate::{MIGRATIONS, Migration, backup_key};
use super::pack::sorted::SortedMap;
use super::pack::{self, Packed, Unpacked};
use super::record::{DecodeProblem, decode_index, encode_index};
use super::summary::RunSummary;
use crate::domain::change::Touched;
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

/// What [`RunRepository::list`] finds: run ids without reading their records.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Listing {
    /// Every run id, in index order, then ids found only by their key.
    pub ids: Vec<String>,
    /// Of those, the ids missing from the index (a half-finished write, or a
    /// record put there by hand): worth reading at once.
    pub strays: BTreeSet<String>,
    /// An index that could not be read.
    pub unreadable: Vec<Unreadable>,
}

/// One record's heading, as the Runs page needs it.
#[derive(Debug, Clone, PartialEq)]
pub enum Read {
    /// No such record.
    Absent,
    /// The run's summary, revision and (for a newer app's run) its schema.
    Listed {
        /// What the Runs page shows (boxed: it is most of the value).
        summary: Box<RunSummary>,
        /// Revision of the stored record.
        revision: u64,
        /// Set when a newer Runsheet wrote it.
        newer_schema: Option<u64>,
        /// A newer app's record, also listed for Recovery.
        unreadable: Option<Unreadable>,
    },
    /// The record cannot be read (it is kept as it is).
    Unreadable(Unreadable),
}

/// One whole run, read.
#[derive(Debug, Clone, PartialEq)]
pub enum Opened {
    /// No such record.
    Absent,
    /// The run; a newer app's run also comes with its record for Recovery.
    Run(Box<LoadedRun>, Option<Unreadable>),
    /// The record cannot be read (it is kept as it is).
    Unreadable(Unreadable),
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

/// What is stored of one run this tab read or wrote: its record as it was,
/// and what that record names.
#[derive(Debug, Clone)]
struct Known {
    record: String,
    revision: u64,
    packed: Packed,
}

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
    /// What is stored of each run this tab read or wrote, by id.
    known: SortedMap<String, Known>,
    /// Names this tab's new keys apart from another tab's.
    tag: String,
    /// Runs read here from a record of the plain encoding, not yet upgraded.
    plain: BTreeSet<String>,
}

impl<S: KeyValueStore> RunRepository<S> {
    /// Wraps a store; call [`RunRepository::list`] or [`RunRepository::load_all`] before saving.
    pub fn new(store: S) -> Self {
        Self::with_migrations(store, MIGRATIONS)
    }

    /// Wraps a store with migrations of its own, tried before the released
    /// ones; tests use it to exercise migrations from schemas never released.
    pub fn with_migrations(store: S, migrations: &'static [Migration]) -> Self {
        RunRepository {
            store,
            index: Vec::new(),
            protected: BTreeSet::new(),
            migrations,
            migrated: BTreeMap::new(),
            known: SortedMap::default(),
            tag: "t".into(),
            plain: BTreeSet::new(),
        }
    }

    /// Names the keys this repository writes apart from another tab's (a few
    /// random letters; two tabs saving the same revision never share a key).
    pub fn set_tag(&mut self, tag: &str) {
        let tag: String = tag.chars().filter(char::is_ascii_alphanumeric).collect();
        if !tag.is_empty() {
            self.tag = tag;
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

    /// Notes what is stored of run `id` now, as this tab read or wrote it:
    /// the next save compares with it and writes only what changed.
    fn remember(&mut self, id: &str, record: String, revision: u64, packed: Packed) {
        self.known.insert(
            id.to_owned(),
            Known {
                record,
                revision,
                packed,
            },
        );
    }

    /// The codec that reads and writes records (see `storage::codec`).
    fn codec(&self) -> Result<&'static dyn Codec, StoreError> {
        codec::installed().ok_or_else(codec::not_loaded)
    }

    /// Every run id, without reading any run: the index, then runs found by
    /// their key prefix only, so a half-finished write cannot hide a run.
    pub fn list(&mut self) -> Result<Listing, StoreError> {
        let mut listing = Listing::default();
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
                    listing.unreadable.push(Unreadable {
                        key: keys::INDEX.to_owned(),
                        raw,
                        problem: problem.to_string(),
                    });
                }
            }
        }
        let mut seen: BTreeSet<String> = BTreeSet::new();
        ids.retain(|id| seen.insert(id.clone()));
        let stored: BTreeSet<String> = self
            .store
            .keys()?
            .into_iter()
            .filter_map(|k| keys::run_id_of(&k).map(str::to_owned))
            .collect();
        ids.retain(|id| stored.contains(id));
        for id in stored {
            if !seen.contains(&id) {
                listing.strays.insert(id.clone());
                ids.push(id);
            }
        }
        self.index = ids.clone();
        listing.ids = ids;
        Ok(listing)
    }

    /// Reads every run, as [`RunRepository::list`] then [`RunRepository::open`] of each.
    pub fn load_all(&mut self) -> Result<LoadReport, StoreError> {
        let listing = self.list()?;
        let mut report = LoadReport {
            runs: Vec::new(),
            unreadable: listing.unreadable,
        };
        for id in &listing.ids {
            match self.open(id)? {
                Opened::Absent => {}
                Opened::Run(run, unreadable) => {
                    report.runs.push(*run);
                    report.unreadable.extend(unreadable);
                }
                Opened::Unreadable(unreadable) => report.unreadable.push(unreadable),
            }
        }
        Ok(report)
    }

    fn unreadable(&mut self, key: String, raw: String, problem: String) -> Unreadable {
        self.protected.insert(key.clone());
        Unreadable { key, raw, problem }
    }

    /// Reads what the Runs page shows of run `id`: for a record in this
    /// encoding its heading only, never its body or log.
    pub fn read(&mut self, id: &str) -> Result<Read, StoreError> {
        let key = keys::run_key(id);
        let Some(raw) = self.store.get(&key)? else {
            return Ok(Read::Absent);
        };
        match self.codec()?.heading(&raw) {
            Some(Ok((run, revision))) if run.id == id => Ok(Read::Listed {
                summary: Box::new(RunSummary::from_outline(run)),
                revision,
                newer_schema: None,
                unreadable: None,
            }),
            Some(Ok((run, _))) => Ok(Read::Unreadable(self.unreadable(
                key,
                raw,
                format!("its run id “{}” does not match its key", run.id),
            ))),
            Some(Err(why)) => Ok(Read::Unreadable(self.unreadable(
                key,
                raw,
                DecodeProblem::WrongShape(why).to_string(),
            ))),
            // Older and newer records (and text that is no record) are read
            // whole: they are few, and soon written in this encoding.
            None => Ok(match self.open(id)? {
                Opened::Absent => Read::Absent,
                Opened::Run(loaded, unreadable) => Read::Listed {
                    summary: Box::new(RunSummary::of(&loaded.run)),
                    revision: loaded.revision,
                    newer_schema: loaded.newer_schema,
                    unreadable,
                },
                Opened::Unreadable(unreadable) => Read::Unreadable(unreadable),
            }),
        }
    }

    /// Reads run `id` whole. A record of an older schema is migrated, with its
    /// original backed up until the migrated record is saved; one of a newer
    /// app is shown read-only and listed for Recovery too.
    pub fn open(&mut self, id: &str) -> Result<Opened, StoreError> {
        let key = keys::run_key(id);
        let Some(raw) = self.store.get(&key)? else {
            return Ok(Opened::Absent);
        };
        let codec = self.codec()?;
        let mismatch = |found: &str| format!("its run id “{found}” does not match its key");
        match codec.kind(&raw) {
            Ok(Kind::Packed) => match codec.decode(&raw, &|k| self.store.get(k)) {
                Ok((run, revision, packed)) if run.id == id => {
                    self.remember(id, raw, revision, packed);
                    Ok(Opened::Run(
                        Box::new(LoadedRun {
                            run,
                            revision,
                            newer_schema: None,
                        }),
                        None,
                    ))
                }
                Ok((run, _, _)) => Ok(Opened::Unreadable(self.unreadable(
                    key,
                    raw,
                    mismatch(&run.id),
                ))),
                Err(Unpacked::Store(e)) => Err(e),
                Err(Unpacked::Damaged(why)) => Ok(Opened::Unreadable(self.unreadable(
                    key,
                    raw,
                    DecodeProblem::WrongShape(why).to_string(),
                ))),
            },
            Ok(Kind::Plain(value)) => {
                let decoded = codec.decode_plain(value, self.migrations);
                match decoded {
                    Ok((stored, from)) if stored.run.id == id => {
                        self.plain.insert(id.to_owned());
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
                        self.known.remove(id);
                        Ok(Opened::Run(
                            Box::new(LoadedRun {
                                run: stored.run,
                                revision: stored.revision,
                                newer_schema: None,
                            }),
                            None,
                        ))
                    }
                    Ok((stored, _)) => Ok(Opened::Unreadable(self.unreadable(
                        key,
                        raw,
                        mismatch(&stored.run.id),
                    ))),
                    Err(problem) => Ok(Opened::Unreadable(self.unreadable(
                        key,
                        raw,
                        problem.to_string(),
                    ))),
                }
            }
            Ok(Kind::Newer(schema, value)) => {
                let problem = DecodeProblem::NewerSchema(schema);
                // As far as this version understands it: the compact encoding
                // as it reads it, or one plain record.
                let shown = codec
                    .decode_newer(&raw, &value, &|k| self.store.get(k))
                    .filter(|s| s.run.id == id);
                let unreadable = match &shown {
                    // Shown read-only, and also listed for Recovery: only the raw
                    // text keeps what this version does not know.
                    Some(_) => self.unreadable(key, raw, format!("{problem}; it opens read-only")),
                    None => self.unreadable(key, raw, problem.to_string()),
                };
                Ok(match shown {
                    Some(stored) => Opened::Run(
                        Box::new(LoadedRun {
                            run: stored.run,
                            revision: stored.revision,
                            newer_schema: Some(schema),
                        }),
                        Some(unreadable),
                    ),
                    None => Opened::Unreadable(unreadable),
                })
            }
            Err(problem) => Ok(Opened::Unreadable(self.unreadable(
                key,
                raw,
                problem.to_string(),
            ))),
        }
    }

    /// Saves one run at `revision`, writing every part that changed. Touches
    /// only that run's keys, plus the index when the run is new to it.
    ///
    /// `revision` must be one more than the revision this tab last read or
    /// wrote; when the stored record is already at `revision` or beyond, another
    /// tab saved in between, and its version is returned instead of overwritten.
    pub fn save(&mut self, run: &Run, revision: u64) -> Result<(), SaveError> {
        self.save_touched(run, revision, &Touched::Everything)
    }

    /// [`RunRepository::save`], told what can have changed since this tab's
    /// last save of the run: the other parts are not even read.
    pub fn save_touched(
        &mut self,
        run: &Run,
        revision: u64,
        touched: &Touched,
    ) -> Result<(), SaveError> {
        let key = keys::run_key(&run.id);
        if self.protected.contains(&key) {
            return Err(SaveError::WouldOverwriteUnreadable(key));
        }
        let codec = self.codec()?;
        let stored = self.check_not_behind(codec, &key, revision)?;
        let (encoded, trusted) = self.encode(codec, run, revision, touched, stored.as_ref());
        let mut written: Vec<String> = Vec::new();
        let result = self
            .write_parts(&encoded, &mut written)
            .and_then(|()| self.store.set(&key, &encoded.record));
        if let Err(e) = result {
            self.remove_all(&written);
            return Err(SaveError::Store(e));
        }
        self.settle(codec, &run.id, &key, encoded, stored.as_ref(), trusted);
        if !self.index.contains(&run.id) {
            let mut ids = self.index.clone();
            ids.push(run.id.clone());
            self.store.set(keys::INDEX, &encode_index(&ids))?;
            self.index = ids;
        }
        Ok(())
    }

    /// Prepares the save of `run`: reuses what this tab knows is stored only
    /// when the stored record is the one it knows (and says whether it did).
    fn encode(
        &self,
        codec: &dyn Codec,
        run: &Run,
        revision: u64,
        touched: &Touched,
        stored: Option<&Stored>,
    ) -> (pack::Encoded, bool) {
        let before = self
            .known
            .get(&run.id)
            .filter(|k| stored.is_some_and(|s| s.raw == k.record))
            .map(|k| &k.packed);
        let stamp = format!("{revision}.{}", self.tag);
        let encoded = codec.encode(run, revision, touched, before, &stamp);
        #[cfg(debug_assertions)]
        if before.is_some() && *touched != Touched::Everything {
            let full = codec.encode(run, revision, &Touched::Everything, before, &stamp);
            assert_eq!(
                full.record, encoded.record,
                "a save was told less than what changed in run {}",
                run.id
            );
        }
        (encoded, before.is_some())
    }

    fn write_parts(
        &mut self,
        encoded: &pack::Encoded,
        written: &mut Vec<String>,
    ) -> Result<(), StoreError> {
        for (key, value) in &encoded.writes {
            self.store.set(key, value)?;
            written.push(key.clone());
        }
        Ok(())
    }

    fn remove_all(&mut self, keys: &[String]) {
        for key in keys {
            let _ = self.store.remove(key);
        }
    }

    /// After the record is written: the keys it replaced go, so does the
    /// backup of a migrated original, and this tab knows what is stored.
    fn settle(
        &mut self,
        codec: &dyn Codec,
        id: &str,
        key: &str,
        encoded: pack::Encoded,
        stored: Option<&Stored>,
        trusted: bool,
    ) {
        let mut packed = match self.known.remove(id) {
            Some(known) if trusted => known.packed,
            _ => Packed::default(),
        };
        packed.apply(encoded.change);
        let mut obsolete = encoded.obsolete;
        if !trusted && let Some(stored) = stored.filter(|s| s.packed) {
            // Written by another tab (or before this tab knew it): what its
            // record named and this one does not goes.
            let kept = packed.keys();
            obsolete.extend(codec.named_keys(&stored.raw).difference(&kept).cloned());
        }
        for old in obsolete {
            let _ = self.store.remove(&old);
        }
        self.plain.remove(id);
        if let Some(backup) = self.migrated.remove(key) {
            // The migrated record is safely stored; its original can go.
            let _ = self.store.remove(&backup);
        }
        self.remember(id, encoded.record, encoded.revision, packed);
    }

    /// Compare before write: refuses when the stored record is already at
    /// `revision` or beyond (another tab saved in between; its version is
    /// returned) or when it holds something this version cannot read.
    fn check_not_behind(
        &mut self,
        codec: &dyn Codec,
        key: &str,
        revision: u64,
    ) -> Result<Option<Stored>, SaveError> {
        let Some(raw) = self.store.get(key)? else {
            return Ok(None);
        };
        let id = keys::run_id_of(key).unwrap_or_default().to_owned();
        // The record this tab wrote or read last: its revision is known.
        let known = self
            .known
            .get(&id)
            .filter(|k| k.record == raw)
            .map(|k| Some(k.revision));
        let found = match known {
            Some(revision) => revision.map(|r| (r, true)),
            None => match codec.kind(&raw) {
                Ok(Kind::Packed) => codec.revision_of(&raw).ok().map(|r| (r, true)),
                Ok(Kind::Plain(value)) => codec
                    .decode_plain(value, self.migrations)
                    .ok()
                    .map(|(s, _)| (s.revision, false)),
                _ => None,
            },
        };
        match found {
            Some((stored, _)) if stored >= revision => match self.reload(&id)? {
                Some(theirs) => Err(SaveError::Conflict(Box::new(theirs))),
                None => {
                    self.protected.insert(key.to_owned());
                    Err(SaveError::WouldOverwriteUnreadable(key.to_owned()))
                }
            },
            Some((_, packed)) => Ok(Some(Stored { raw, packed })),
            // Written meanwhile by something this version cannot read: keep it.
            None => {
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
        let codec = self.codec()?;
        let mut stored = Vec::with_capacity(runs.len());
        for (run, revision) in runs {
            stored.push(self.check_not_behind(codec, &keys::run_key(&run.id), *revision)?);
        }
        let index_before = self.store.get(keys::INDEX)?;
        let mut previous: Vec<(String, Option<String>)> = Vec::with_capacity(runs.len());
        let mut written: Vec<String> = Vec::new();
        let mut ids = self.index.clone();
        let mut result: Result<(), StoreError> = Ok(());
        let mut done: Vec<(usize, pack::Encoded, bool)> = Vec::new();
        // New runs first: undoing them is a removal, which always succeeds and
        // frees space for putting replaced runs back.
        let mut ordered: Vec<usize> = (0..runs.len()).collect();
        ordered.sort_by_key(|i| self.index.contains(&runs[*i].0.id));
        for i in ordered {
            let (run, revision) = &runs[i];
            let key = keys::run_key(&run.id);
            match self.store.get(&key) {
                Ok(before) => previous.push((key.clone(), before)),
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
            let (encoded, trusted) = self.encode(
                codec,
                run,
                *revision,
                &Touched::Everything,
                stored[i].as_ref(),
            );
            if let Err(e) = self
                .write_parts(&encoded, &mut written)
                .and_then(|()| self.store.set(&key, &encoded.record))
            {
                result = Err(e);
                break;
            }
            done.push((i, encoded, trusted));
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
            self.remove_all(&written);
            let _ = match index_before {
                Some(raw) => self.store.set(keys::INDEX, &raw),
                None => self.store.remove(keys::INDEX),
            };
            return Err(SaveError::Store(e));
        }
        for (i, encoded, trusted) in done {
            let run = &runs[i].0;
            self.settle(
                codec,
                &run.id,
                &keys::run_key(&run.id),
                encoded,
                stored[i].as_ref(),
                trusted,
            );
        }
        self.index = ids;
        Ok(())
    }

    /// Deletes one run: its index entry, its record and every key it names.
    pub fn delete(&mut self, id: &str) -> Result<(), StoreError> {
        let codec = self.codec()?;
        let key = keys::run_key(id);
        if self.protected.contains(&key) {
            return Ok(());
        }
        if self.index.iter().any(|i| i == id) {
            let ids: Vec<String> = self.index.iter().filter(|i| *i != id).cloned().collect();
            self.store.set(keys::INDEX, &encode_index(&ids))?;
            self.index = ids;
        }
        let parts = self
            .store
            .get(&key)?
            .map(|raw| codec.named_keys(&raw))
            .unwrap_or_default();
        self.store.remove(&key)?;
        self.known.remove(id);
        for part in parts {
            let _ = self.store.remove(&part);
        }
        Ok(())
    }

    /// Deletes an unreadable record, on the person's explicit request only,
    /// with the keys of its parts.
    pub fn delete_unreadable(&mut self, key: &str) -> Result<(), StoreError> {
        if !key.starts_with(keys::PREFIX) {
            return Ok(());
        }
        let codec = self.codec()?;
        let parts = self
            .store
            .get(key)?
            .map(|raw| codec.named_keys(&raw))
            .unwrap_or_default();
        self.store.remove(key)?;
        self.protected.remove(key);
        for part in parts {
            let _ = self.store.remove(&part);
        }
        Ok(())
    }

    /// Reads one run as stored now, for another tab's change announced by the
    /// browser's `storage` event.
    pub fn reload(&mut self, id: &str) -> Result<Option<LoadedRun>, StoreError> {
        let key = keys::run_key(id);
        let Some(raw) = self.store.get(&key)? else {
            return Ok(None);
        };
        let codec = self.codec()?;
        Ok(match codec.kind(&raw) {
            Ok(Kind::Packed) => match codec.decode(&raw, &|k| self.store.get(k)) {
                Ok((run, revision, packed)) if run.id == id => {
                    self.remember(id, raw, revision, packed);
                    Some(LoadedRun {
                        run,
                        revision,
                        newer_schema: None,
                    })
                }
                Err(Unpacked::Store(e)) => return Err(e),
                _ => None,
            },
            Ok(Kind::Plain(value)) => codec
                .decode_plain(value, self.migrations)
                .ok()
                .map(|(s, _)| s)
                .filter(|s| s.run.id == id)
                .map(|s| LoadedRun {
                    run: s.run,
                    revision: s.revision,
                    newer_schema: None,
                }),
            _ => None,
        })
    }

    /// Rewrites a record of the plain encoding in this one, keeping its
    /// revision: the original is backed up first, and removed only once the
    /// new record has been read back identical. Only for a run this
    /// repository has read as plain; returns whether it did.
    pub fn upgrade(&mut self, id: &str) -> Result<bool, StoreError> {
        if !self.plain.remove(id) {
            return Ok(false);
        }
        let key = keys::run_key(id);
        let Some(raw) = self.store.get(&key)? else {
            return Ok(false);
        };
        let codec = self.codec()?;
        let Ok(Kind::Plain(value)) = codec.kind(&raw) else {
            return Ok(false);
        };
        let Ok((stored, from)) = codec.decode_plain(value, self.migrations) else {
            return Ok(false);
        };
        if stored.run.id != id || self.protected.contains(&key) {
            return Ok(false);
        }
        // Only a record this version reads completely: written again as it
        // was written, it is the same text. One holding fields this version
        // does not know (or written by hand) stays as it is.
        if from.is_none() && codec.encode_plain(&stored.run, stored.revision) != raw {
            return Ok(false);
        }
        let backup = backup_key(&key, from.unwrap_or(1));
        if self.store.get(&backup)?.is_none() && self.store.set(&backup, &raw).is_err() {
            return Ok(false);
        }
        let stamp = format!("{}.{}", stored.revision, self.tag);
        let encoded = codec.encode(
            &stored.run,
            stored.revision,
            &Touched::Everything,
            None,
            &stamp,
        );
        let mut written = Vec::new();
        let result = self
            .write_parts(&encoded, &mut written)
            .and_then(|()| self.store.set(&key, &encoded.record));
        let read_back = match result {
            Ok(()) => self.store.get(&key).ok().flatten().and_then(|now| {
                codec
                    .decode(&now, &|k| self.store.get(k))
                    .ok()
                    .filter(|(run, rev, _)| *run == stored.run && *rev == stored.revision)
                    .map(|(_, _, packed)| (now, packed))
            }),
            Err(_) => None,
        };
        let Some((record, packed)) = read_back else {
            let _ = self.store.set(&key, &raw);
            self.remove_all(&written);
            return Ok(false);
        };
        // A migration from an older schema keeps its backup until the person
        // saves the run, as every migration does; a new encoding of the same
        // run needs none once it reads back identical.
        match from {
            Some(_) => {
                self.migrated.insert(key, backup);
            }
            None => {
                let _ = self.store.remove(&backup);
            }
        }
        self.remember(id, record, stored.revision, packed);
        Ok(true)
    }

    /// Adds a run another tab created to this tab's index, so this tab's next
    /// index write keeps it.
    pub fn adopt(&mut self, id: &str) {
        if !self.index.iter().any(|i| i == id) {
            self.index.push(id.to_owned());
        }
    }

    /// `ids` in index order, then those the index does not hold yet.
    pub fn order<'a>(&self, ids: impl Iterator<Item = &'a String>) -> Vec<String> {
        let wanted: BTreeSet<String> = ids.cloned().collect();
        let indexed: BTreeSet<String> = self.index.iter().cloned().collect();
        let mut ordered: Vec<String> = self
            .index
            .iter()
            .filter(|id| wanted.contains(*id))
            .cloned()
            .collect();
        ordered.extend(wanted.into_iter().filter(|id| !indexed.contains(id)));
        ordered
    }

    /// Another app on the origin cleared storage: nothing this tab knew about
    /// the index is true any more, so the next saves write it again.
    pub fn forget_index(&mut self) {
        self.index.clear();
        self.known.clear();
    }

    /// Whether a run id is free, so new and duplicated runs never reuse a key.
    pub fn is_free(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self.store.get(&keys::run_key(id))?.is_none())
    }
}

/// The stored record a save replaces.
#[derive(Debug, Clone)]
struct Stored {
    raw: String,
    /// Packed (else the plain encoding, which names no other key).
    packed: bool,
}
