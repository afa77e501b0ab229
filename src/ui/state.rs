//! The app's shared state: the runs on screen, and the one place that saves them.
//!
//! Components read signals and send [`RunChange`]s here; the domain decides,
//! and this module only schedules saves and reports how they went.

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::browser::persistence::Persistence;
use crate::browser::{clock, local_store::LocalStore, random};
use crate::domain::catalogue;
use crate::domain::change::{Applied, ChangeError, RunChange};
use crate::domain::export::{
    backup_file_name, export_backup, export_run, run_file_name, to_pretty_json,
};
use crate::domain::ids::run_id_from;
use crate::domain::import::{ClashChoice, ImportError, PlanItem, parse_import, plan, resolve};
use crate::domain::listing::default_title;
use crate::domain::run::Run;
use crate::domain::template::Template;
use crate::storage::keys;
use crate::storage::repository::LoadedRun;
use crate::storage::repository::SaveError;
use crate::storage::settings::{Settings, load_settings, save_settings};
use crate::storage::usage::usage;
use crate::storage::{KeyValueStore, MemoryStore, RunRepository, StoreError, Unreadable};

/// Saves wait this long after the first unsaved change, so a burst of typing is one write.
pub const SAVE_DELAY: Duration = Duration::from_millis(300);

type Repo = RunRepository<Box<dyn KeyValueStore>>;

/// One run on screen. Each run has its own signal so editing one run only
/// re-renders what shows that run.
#[derive(Clone, Debug)]
pub struct RunHandle {
    /// The run id.
    pub id: String,
    /// The run as on screen (may be ahead of storage until the next save).
    pub run: RwSignal<Run>,
    /// Revision of the last successful save.
    pub revision: StoredValue<u64>,
    /// Why the run cannot be changed here (written by a newer Runsheet), if so.
    pub read_only: Option<String>,
}

/// Download name of a run's JSON: SOP, run title and today's date.
fn export_run_file_name(template: &Template, run: &Run) -> String {
    run_file_name(&template.title, &run.title, clock::today())
}

/// Whether what is on screen is in storage.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveStatus {
    /// Nothing changed since start-up.
    Idle,
    /// Changes are waiting for the next save.
    Pending,
    /// Every change is stored; shown only after a successful write.
    Saved(DateTime<Utc>),
    /// The last save failed; the edit is still on screen.
    Failed(String),
    /// The last save failed because the origin's storage is full; says how full.
    StorageFull(String),
    /// A run was changed here and in another tab; nothing of it is saved until
    /// the person chooses (the conflict banner asks).
    InConflict,
}

/// A run changed both here and in another tab: the person chooses.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    /// The run id.
    pub id: String,
    /// The other tab's saved version.
    pub theirs: LoadedRun,
}

/// Whether runs outlive the tab.
#[derive(Clone, Debug, PartialEq)]
pub enum StorageMode {
    /// Runs are kept in localStorage.
    Persistent,
    /// The browser refused storage: runs live in memory only, with the reason.
    MemoryOnly(String),
}

/// Shared app state, provided as context. `Copy`, so components capture it freely.
#[derive(Clone, Copy)]
pub struct AppState {
    /// Every readable run, in creation order.
    pub runs: RwSignal<Vec<RunHandle>>,
    /// Stored records that could not be read (kept untouched).
    pub unreadable: RwSignal<Vec<Unreadable>>,
    /// The person's name for the activity log.
    pub actor: RwSignal<String>,
    /// Outcome of the latest save.
    pub save_status: RwSignal<SaveStatus>,
    /// Whether storage works at all.
    pub storage_mode: RwSignal<StorageMode>,
    /// The browser's answer to the request for persistent storage, once known.
    pub persistence: RwSignal<Option<Persistence>>,
    /// Runs changed in this tab and in another one, waiting for the person's choice.
    pub conflicts: RwSignal<Vec<Conflict>>,
    repo: StoredValue<Repo, LocalStorage>,
    pending: StoredValue<BTreeSet<String>>,
    timer_set: StoredValue<bool>,
    /// The app's root owner: signals of runs created later (by a button on some
    /// page) must belong to the app, or they would vanish with that page.
    owner: StoredValue<Owner>,
}

impl AppState {
    /// Opens storage and loads every run. Never panics: blocked storage falls
    /// back to memory, and unreadable records are listed, not dropped.
    pub fn load() -> AppState {
        let (store, mode): (Box<dyn KeyValueStore>, StorageMode) = match LocalStore::open() {
            Ok(store) => (Box::new(store), StorageMode::Persistent),
            Err(e) => (
                Box::new(MemoryStore::new()),
                StorageMode::MemoryOnly(e.to_string()),
            ),
        };
        let mut repo: Repo = RunRepository::new(store);
        let (runs, unreadable, mode) = match repo.load_all() {
            Ok(report) => (report.runs, report.unreadable, mode),
            Err(e) => (
                Vec::new(),
                Vec::new(),
                StorageMode::MemoryOnly(e.to_string()),
            ),
        };
        let settings = load_settings(repo.store());
        let handles = runs
            .into_iter()
            .map(|loaded| RunHandle {
                id: loaded.run.id.clone(),
                read_only: loaded.newer_schema.map(|schema| {
                    format!("This run was saved by a newer version of Runsheet (schema {schema}); it is shown read-only so nothing it holds is lost. Update the app to edit it.")
                }),
                run: RwSignal::new(loaded.run),
                revision: StoredValue::new(loaded.revision),
            })
            .collect();
        AppState {
            runs: RwSignal::new(handles),
            unreadable: RwSignal::new(unreadable),
            actor: RwSignal::new(settings.name),
            save_status: RwSignal::new(SaveStatus::Idle),
            storage_mode: RwSignal::new(mode),
            persistence: RwSignal::new(None),
            conflicts: RwSignal::new(Vec::new()),
            repo: StoredValue::new_local(repo),
            pending: StoredValue::new(BTreeSet::new()),
            timer_set: StoredValue::new(false),
            owner: StoredValue::new(Owner::current().unwrap_or_default()),
        }
    }

    /// The handle of a run, if it exists.
    pub fn handle(&self, id: &str) -> Option<RunHandle> {
        self.runs
            .with_untracked(|runs| runs.iter().find(|h| h.id == id).cloned())
    }

    /// The template a run follows, at the version it is pinned to.
    pub fn template_of(run: &Run) -> Option<&'static Template> {
        catalogue::find_version(&run.template_id, run.template_version)
    }

    fn fresh_id(&self) -> String {
        loop {
            let id = run_id_from(random::random_u64());
            let free = self
                .repo
                .with_value(|repo| repo.is_free(&id).unwrap_or(true));
            if free && self.handle(&id).is_none() {
                return id;
            }
        }
    }

    fn add(&self, run: Run) -> String {
        let id = run.id.clone();
        let handle = self.owner.with_value(|owner| {
            owner.with(|| RunHandle {
                id: id.clone(),
                run: RwSignal::new(run),
                revision: StoredValue::new(0),
                read_only: None,
            })
        });
        self.runs.update(|runs| runs.push(handle));
        self.mark_changed(&id);
        self.flush();
        id
    }

    /// Starts a run of a template and returns its id.
    pub fn start_run(&self, template: &Template) -> String {
        let id = self.fresh_id();
        let title = default_title(&template.title, clock::today());
        let run = Run::start(
            template,
            id,
            title,
            &self.actor.get_untracked(),
            clock::now(),
        );
        self.add(run)
    }

    /// Applies a change to a run and schedules its save.
    pub fn apply(&self, id: &str, change: RunChange) -> Result<Applied, ChangeError> {
        let handle = self
            .handle(id)
            .ok_or_else(|| ChangeError::UnknownItem(id.to_owned()))?;
        let template = handle
            .run
            .with_untracked(Self::template_of)
            .ok_or_else(|| ChangeError::UnknownItem(id.to_owned()))?;
        if let Some(why) = &handle.read_only {
            return Err(ChangeError::ReadOnly(why.clone()));
        }
        let who = self.actor.get_untracked();
        let now = clock::now();
        // The domain applies a change all or nothing, so the run is changed in
        // place (no copy per keystroke) and subscribers hear only of real changes.
        let applied = handle
            .run
            .try_update_untracked(|run| run.apply(template, change, &who, now))
            .unwrap_or_else(|| Err(ChangeError::UnknownItem(id.to_owned())))?;
        if applied.changed {
            handle.run.notify();
            self.mark_changed(id);
        }
        Ok(applied)
    }

    /// Runs a domain operation that changes a run in several steps (sending a
    /// request, importing candidates…). Such operations are all or nothing, so
    /// the run is saved once when it succeeds and untouched when it fails.
    pub fn apply_with<T, E: std::fmt::Display>(
        &self,
        id: &str,
        work: impl FnOnce(&mut Run, &'static Template) -> Result<T, E>,
    ) -> Result<T, String> {
        let handle = self.handle(id).ok_or("This run no longer exists.")?;
        if let Some(why) = &handle.read_only {
            return Err(why.clone());
        }
        let template = handle
            .run
            .with_untracked(Self::template_of)
            .ok_or("This run follows a template this version does not include.")?;
        let result = handle
            .run
            .try_update_untracked(|run| work(run, template))
            .ok_or("The app is shutting down.")?
            .map_err(|e| e.to_string())?;
        handle.run.notify();
        self.mark_changed(id);
        Ok(result)
    }

    fn raise_conflict(&self, id: String, theirs: LoadedRun) {
        self.conflicts.update(|c| {
            c.retain(|x| x.id != id);
            c.push(Conflict { id, theirs });
        });
    }

    /// Another tab wrote or removed `key`: show its version where this tab has
    /// no unsaved change, and ask the person where it has.
    pub fn other_tab_changed(&self, key: &str) {
        let Some(id) = keys::run_id_of(key) else {
            return;
        };
        let theirs = match self.repo.with_value(|repo| repo.reload(id)) {
            Ok(theirs) => theirs,
            Err(_) => return,
        };
        // A run already in conflict has unsaved changes too (a save that found
        // the conflict takes it off the pending list): its screen is never replaced.
        let unsaved = self.pending.with_value(|p| p.contains(id))
            || self
                .conflicts
                .with_untracked(|c| c.iter().any(|x| x.id == id));
        match (self.handle(id), theirs) {
            (Some(handle), Some(theirs)) if theirs.revision > handle.revision.get_value() => {
                if unsaved {
                    self.raise_conflict(id.to_owned(), theirs);
                } else {
                    handle.revision.set_value(theirs.revision);
                    handle.run.set(theirs.run);
                }
            }
            // Removed there (not merely unreadable here): gone from this tab too.
            (Some(_), None) if !unsaved && self.is_absent(key) => {
                self.runs.update(|runs| runs.retain(|h| h.id != id))
            }
            (None, Some(theirs)) => {
                self.repo.update_value(|repo| repo.adopt(id));
                let handle = self.owner.with_value(|owner| {
                    owner.with(|| RunHandle {
                        id: id.to_owned(),
                        run: RwSignal::new(theirs.run),
                        revision: StoredValue::new(theirs.revision),
                        read_only: None,
                    })
                });
                self.runs.update(|runs| runs.push(handle));
            }
            _ => {}
        }
    }

    /// Whether `key` holds nothing at all in storage.
    fn is_absent(&self, key: &str) -> bool {
        self.repo
            .with_value(|repo| repo.store().get(key))
            .is_ok_and(|raw| raw.is_none())
    }

    /// Resolves a conflict by taking the other tab's version.
    pub fn take_theirs(&self, id: &str) {
        let Some(conflict) = self
            .conflicts
            .with_untracked(|c| c.iter().find(|x| x.id == id).cloned())
        else {
            return;
        };
        if let Some(handle) = self.handle(id) {
            handle.revision.set_value(conflict.theirs.revision);
            handle.run.set(conflict.theirs.run);
        }
        self.pending.update_value(|p| {
            p.remove(id);
        });
        self.conflicts.update(|c| c.retain(|x| x.id != id));
        // What is on screen for this run is now what is stored; "Saved" may only
        // come back once nothing else waits for a write or a choice.
        if self.pending.with_value(|p| !p.is_empty()) {
            self.flush();
        } else if self.conflicts.with_untracked(Vec::is_empty) {
            self.save_status.set(SaveStatus::Saved(clock::now()));
        }
    }

    /// Resolves a conflict by keeping this tab's version as a new run (with its
    /// whole log) and showing the other tab's version under the original id.
    pub fn keep_mine_as_copy(&self, id: &str) -> Option<String> {
        let mine = self.handle(id)?.run.get_untracked();
        let mut copy = mine;
        copy.id = self.fresh_id();
        copy.title = format!("{} (my copy)", copy.title);
        self.take_theirs(id);
        Some(self.add(copy))
    }

    /// Deletes an unreadable record, on the person's explicit request only.
    pub fn delete_unreadable(&self, key: &str) -> Result<(), String> {
        self.with_repo(|repo| repo.delete_unreadable(key))
            .map_err(|e| e.to_string())?;
        self.unreadable.update(|u| u.retain(|r| r.key != key));
        // A newer app's run is also shown read-only; it is gone now.
        if let Some(id) = keys::run_id_of(key) {
            self.runs
                .update(|runs| runs.retain(|h| h.id != id || h.read_only.is_none()));
        }
        Ok(())
    }

    /// Another app on the origin cleared storage (a `storage` event without a
    /// key): every run this tab shows is written back, so nothing on screen is lost.
    pub fn storage_cleared_elsewhere(&self) {
        self.repo.update_value(|repo| repo.forget_index());
        let ids: Vec<String> = self.runs.with_untracked(|runs| {
            runs.iter()
                .filter(|h| h.read_only.is_none())
                .map(|h| h.id.clone())
                .collect()
        });
        for id in &ids {
            self.mark_changed(id);
        }
        let name = self.actor.get_untracked();
        if !name.is_empty() {
            let _ = self.with_repo(|repo| save_settings(repo.store_mut(), &Settings { name }));
        }
        self.flush();
    }

    /// Copies a run under a new id and returns the copy's id.
    pub fn duplicate(&self, id: &str) -> Option<String> {
        let source = self.handle(id)?.run.get_untracked();
        let copy = source.duplicate(self.fresh_id(), &self.actor.get_untracked(), clock::now());
        Some(self.add(copy))
    }

    /// Deletes a run from screen and storage, returning it so the person can undo.
    /// A run from a newer app is refused: the repository keeps its record, so
    /// "deleted" would be untrue; the Recovery page deletes it explicitly.
    pub fn delete(&self, id: &str) -> Result<Run, String> {
        let handle = self
            .handle(id)
            .ok_or_else(|| format!("There is no run {id} in this browser."))?;
        if handle.read_only.is_some() {
            return Err("Not deleted: this run was saved by a newer version of Runsheet and is kept exactly as it is. To remove it, download it and delete it on the Recovery page.".to_owned());
        }
        self.with_repo(|repo| repo.delete(id))
            .map_err(|e: StoreError| e.to_string())?;
        self.pending.update_value(|p| {
            p.remove(id);
        });
        let run = handle.run.get_untracked();
        self.runs.update(|runs| runs.retain(|h| h.id != id));
        Ok(run)
    }

    /// Puts a deleted run back (the "Undo" of a delete).
    pub fn restore(&self, run: Run) {
        if self.handle(&run.id).is_none() {
            self.add(run);
        }
    }

    /// The downloadable JSON of one run: file name and pretty-printed contents.
    pub fn run_export(&self, id: &str) -> Option<(String, String)> {
        let run = self.handle(id)?.run.get_untracked();
        let template = Self::template_of(&run)?;
        let file = export_run_file_name(template, &run);
        Some((
            file,
            to_pretty_json(&export_run(&run, template, clock::now())),
        ))
    }

    /// One JSON file with every run that can be read.
    pub fn backup_export(&self) -> (String, String) {
        let now = clock::now();
        let exports = self.runs.with_untracked(|runs| {
            runs.iter()
                .filter_map(|h| {
                    let run = h.run.get_untracked();
                    Self::template_of(&run).map(|t| export_run(&run, t, now))
                })
                .collect()
        });
        (
            backup_file_name(clock::today()),
            to_pretty_json(&export_backup(exports, now)),
        )
    }

    /// Reads and checks a file, and says what importing it would do. Touches nothing.
    pub fn plan_import(&self, size: usize, text: &str) -> Result<Vec<PlanItem>, ImportError> {
        let incoming = parse_import(size, text)?;
        let existing: Vec<Run> = self
            .runs
            .with_untracked(|runs| runs.iter().map(|h| h.run.get_untracked()).collect());
        Ok(plan(incoming, &existing))
    }

    /// Applies an import plan with the person's clash choices, all or nothing.
    /// Returns how many runs were added or replaced.
    pub fn apply_import(
        &self,
        items: Vec<PlanItem>,
        choices: &[ClashChoice],
    ) -> Result<usize, String> {
        let now = clock::now();
        let runs = resolve(items, choices, || self.fresh_id(), now);
        let writes: Vec<(Run, u64)> = runs
            .iter()
            .map(|run| {
                let revision = self.handle(&run.id).map_or(0, |h| h.revision.get_value()) + 1;
                (run.clone(), revision)
            })
            .collect();
        self.with_repo(|repo| repo.save_all(&writes))
            .map_err(|e| e.to_string())?;
        let count = writes.len();
        for (run, revision) in writes {
            match self.handle(&run.id) {
                Some(handle) => {
                    handle.run.set(run);
                    handle.revision.set_value(revision);
                    self.pending.update_value(|p| {
                        p.remove(&handle.id);
                    });
                }
                None => {
                    let handle = self.owner.with_value(|owner| {
                        owner.with(|| RunHandle {
                            id: run.id.clone(),
                            run: RwSignal::new(run),
                            revision: StoredValue::new(revision),
                            read_only: None,
                        })
                    });
                    self.runs.update(|runs| runs.push(handle));
                }
            }
        }
        self.save_status.set(SaveStatus::Saved(now));
        Ok(count)
    }

    /// Remembers the person's name for future log entries.
    pub fn set_actor(&self, name: String) {
        self.actor.set(name.clone());
        let result = self.with_repo(|repo| save_settings(repo.store_mut(), &Settings { name }));
        if let Err(e) = result {
            self.save_status.set(SaveStatus::Failed(e.to_string()));
        }
    }

    /// Runs `f` on the repository; a disposed state (only during teardown) reports an error.
    fn with_repo<R, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&mut Repo) -> Result<R, E>,
    ) -> Result<R, E> {
        self.repo
            .try_update_value(f)
            .unwrap_or_else(|| Err(StoreError::Other("the app is shutting down".into()).into()))
    }

    fn mark_changed(&self, id: &str) {
        self.pending.update_value(|p| {
            p.insert(id.to_owned());
        });
        self.save_status.set(SaveStatus::Pending);
        if !self.timer_set.get_value() {
            self.timer_set.set_value(true);
            let state = *self;
            set_timeout(move || state.flush(), SAVE_DELAY);
        }
    }

    /// Writes every pending run now. Runs whose save fails stay pending and the
    /// failure is shown; the stored copy keeps its previous version.
    pub fn flush(&self) {
        self.timer_set.set_value(false);
        let ids: Vec<String> = self.pending.with_value(|p| p.iter().cloned().collect());
        if ids.is_empty() {
            return;
        }
        let mut failure = None;
        for id in ids {
            let Some(handle) = self.handle(&id) else {
                self.pending.update_value(|p| {
                    p.remove(&id);
                });
                continue;
            };
            let revision = handle.revision.get_value() + 1;
            let result = handle
                .run
                .with_untracked(|run| self.with_repo(|repo| repo.save(run, revision)));
            match result {
                Ok(()) => {
                    handle.revision.set_value(revision);
                    self.pending.update_value(|p| {
                        p.remove(&id);
                    });
                }
                Err(SaveError::Conflict(theirs)) => {
                    // Never retried blindly: the person decides which version wins.
                    self.pending.update_value(|p| {
                        p.remove(&id);
                    });
                    self.raise_conflict(id, *theirs);
                }
                Err(e) => failure = Some(e),
            }
        }
        self.save_status.set(match failure {
            Some(SaveError::Store(StoreError::QuotaExceeded)) => {
                let used = self
                    .repo
                    .with_value(|repo| usage(repo.store(), keys::PREFIX))
                    .map_or_else(|e| e.to_string(), |u| u.describe());
                SaveStatus::StorageFull(used)
            }
            Some(e) => SaveStatus::Failed(e.to_string()),
            // A run in conflict was not written: "Saved" would be untrue.
            None if self.conflicts.with_untracked(|c| !c.is_empty()) => SaveStatus::InConflict,
            None => SaveStatus::Saved(clock::now()),
        });
    }
}
