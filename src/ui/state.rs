//! The app's shared state: the runs on screen as signals, and the save timer.
//!
//! Components read signals and send changes here (`edit`); the domain decides,
//! and the [`SaveSession`] decides what is written and reports how it went.
//! This module only mirrors its outcomes into signals; `transfer` turns the
//! runs on screen into downloads and writes imports through the session, and
//! `listing` keeps the list of runs (read from the index at start-up, each
//! run's summary when the Runs page asks) and opens a run when it is shown.

use std::time::Duration;

use leptos::prelude::*;

use crate::browser::persistence::Persistence;
use crate::browser::{clock, local_store::LocalStore, random};
use crate::domain::catalogue;
use crate::domain::change::Touched;
use crate::domain::ids::run_id_from;
use crate::domain::listing::default_title;
use crate::domain::run::Run;
use crate::domain::template::Template;
use crate::storage::outcome::{DeleteError, FromOtherTab};
use crate::storage::{Conflict, SaveSession, SaveStatus, StorageMode, StoreError, Unreadable};
pub use crate::ui::run_handle::{Opened, RunEntry, RunHandle};

mod edit;
mod listing;
mod next_period;
pub use next_period::Started;
mod transfer;

/// Saves wait this long after the first unsaved change, so a burst of typing is one write.
pub const SAVE_DELAY: Duration = Duration::from_millis(300);

/// Shared app state, provided as context. `Copy`, so components capture it freely.
#[derive(Clone, Copy)]
pub struct AppState {
    /// Every run in this browser, in creation order, as the Runs page lists
    /// it; a run is read whole only when it is opened (see [`AppState::handle`]).
    pub runs: RwSignal<Vec<RunEntry>>,
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
    session: StoredValue<SaveSession, LocalStorage>,
    /// The runs read whole, by id.
    opened: Opened,
    timer_set: StoredValue<bool>,
    owner: StoredValue<Owner>,
}

impl AppState {
    /// Opens storage and reads the list of runs (not the runs themselves).
    /// Never panics: blocked storage falls back to memory, and unreadable
    /// records are listed, not dropped.
    pub fn load() -> AppState {
        let tag = run_id_from(random::random_u64());
        let (session, report) = SaveSession::open_listing(LocalStore::open(), &tag[..4]);
        let owner = Owner::current().unwrap_or_default();
        let entries = session
            .ids()
            .into_iter()
            .map(|id| RunEntry::new(&owner, id))
            .collect();
        let strays = session.has_strays();
        let state = AppState {
            runs: RwSignal::new(entries),
            unreadable: RwSignal::new(report.unreadable),
            actor: RwSignal::new(session.name().to_owned()),
            save_status: RwSignal::new(session.status().clone()),
            storage_mode: RwSignal::new(session.mode().clone()),
            persistence: RwSignal::new(None),
            conflicts: RwSignal::new(Vec::new()),
            session: StoredValue::new_local(session),
            opened: Opened::default(),
            timer_set: StoredValue::new(false),
            owner: StoredValue::new(owner),
        };
        if strays {
            state.read_strays_soon();
        }
        state
    }

    /// The template a run follows, at the version it is pinned to.
    pub fn template_of(run: &Run) -> Option<&'static Template> {
        catalogue::find_version(&run.template_id, run.template_version)
    }

    /// Runs `f` on the session; `None` only while the app is torn down.
    fn session<R>(&self, f: impl FnOnce(&mut SaveSession) -> R) -> Option<R> {
        self.session.try_update_value(f)
    }

    /// Mirrors the session's status into its signal (all a keystroke can change).
    fn sync_status(&self) {
        if let Some(status) = self.session.try_with_value(|s| s.status().clone()) {
            set_if_changed(self.save_status, status);
        }
    }

    /// Mirrors the session's status and conflicts into their signals.
    fn sync(&self) {
        self.sync_status();
        if let Some(conflicts) = self.session.try_with_value(|s| s.conflicts().to_vec()) {
            set_if_changed(self.conflicts, conflicts);
        }
    }

    /// Runs `f` under the app's root owner: for what pages share and no one
    /// page may own (the reference directory, read by three of them).
    pub fn at_root<T>(&self, f: impl FnOnce() -> T) -> T {
        self.owner.with_value(|owner| owner.with(f))
    }

    fn fresh_id(&self) -> String {
        self.session(|s| s.fresh_id(random::random_u64))
            .unwrap_or_else(|| run_id_from(random::random_u64()))
    }

    fn show(&self, run: Run) {
        let id = run.id.clone();
        let handle = self
            .owner
            .with_value(|owner| RunHandle::new(owner, run, None));
        self.opened.insert(handle.clone());
        if !self
            .runs
            .with_untracked(|runs| runs.iter().any(|e| e.id == id))
        {
            let entry = self.owner.with_value(|owner| RunEntry::new(owner, id));
            self.runs.update(|runs| runs.push(entry));
        }
        self.follow(&handle);
    }

    /// Shows a new run and writes it now.
    fn add(&self, run: Run) -> String {
        let id = run.id.clone();
        self.show(run);
        self.session(|s| s.add(&id));
        self.write_now();
        id
    }

    /// Starts a run of a template and returns its id.
    pub fn start_run(&self, template: &Template) -> String {
        // One reading of the clock: the title's date is the person's today,
        // the run's start the same instant in UTC.
        let now = clock::now();
        let title = default_title(&template.title, now.date_naive());
        let who = self.actor.get_untracked();
        self.add(Run::start(
            template,
            self.fresh_id(),
            title,
            &who,
            now.to_utc(),
        ))
    }

    /// Another tab wrote or removed `key`: the session says what changes on screen.
    pub fn other_tab_changed(&self, key: &str) {
        match self.session(|s| s.other_tab_changed(key)) {
            Some(FromOtherTab::Replaced(run)) => {
                if let Some(handle) = self.handle(&run.id) {
                    handle.run.set(run);
                    self.follow(&handle);
                }
            }
            Some(FromOtherTab::Added(run)) => self.show(run),
            Some(FromOtherTab::Removed(id)) => self.forget(&id),
            Some(FromOtherTab::Nothing) => self.refresh_listed(key),
            Some(FromOtherTab::Conflict) | None => {}
        }
        self.sync();
    }

    /// Takes run `id` off the screen and the list.
    fn forget(&self, id: &str) {
        self.opened.remove(id);
        self.runs.update(|runs| runs.retain(|e| e.id != id));
    }

    /// Resolves a conflict by taking the other tab's version.
    pub fn take_theirs(&self, id: &str) {
        let opened = self.opened;
        if let Some(Some(theirs)) =
            self.session(|s| s.take_theirs(id, clock::now().to_utc(), &opened))
            && let Some(handle) = self.handle(id)
        {
            handle.run.set(theirs);
            self.follow(&handle);
        }
        self.sync();
    }

    /// Resolves a conflict by keeping this tab's version as a new run (with its
    /// whole log) and showing the other tab's version under the original id.
    pub fn keep_mine_as_copy(&self, id: &str) -> Option<String> {
        let handle = self.handle(id)?;
        let copy_id = self.fresh_id();
        let mine = handle.run.get_untracked();
        let kept = self.session(|s| s.keep_mine_as_copy(id, mine, copy_id))?;
        if let Some(theirs) = kept.theirs {
            handle.run.set(theirs);
            self.follow(&handle);
        }
        let copy_id = kept.copy.id.clone();
        self.show(kept.copy);
        self.write_now();
        Some(copy_id)
    }

    /// Deletes an unreadable record, on the person's explicit request only.
    pub fn delete_unreadable(&self, key: &str) -> Result<(), StoreError> {
        let gone = self
            .session(|s| s.delete_unreadable(key))
            .unwrap_or_else(|| Err(shutting_down()))?;
        self.unreadable.update(|u| u.retain(|r| r.key != key));
        // A newer app's run is also shown read-only; it is gone now.
        if let Some(id) = gone {
            self.forget(&id);
        }
        Ok(())
    }

    /// Another app on the origin cleared storage (a `storage` event without a
    /// key): every run this tab shows is written back, so nothing on screen is lost.
    pub fn storage_cleared_elsewhere(&self) {
        // Runs only listed here, never read, cannot be written back.
        for id in self
            .session(SaveSession::storage_cleared_elsewhere)
            .unwrap_or_default()
        {
            self.forget(&id);
        }
        self.write_now();
    }

    /// Copies a run under a new id and returns the copy's id.
    pub fn duplicate(&self, id: &str) -> Option<String> {
        let source = self.handle(id)?.run;
        let (copy_id, who) = (self.fresh_id(), self.actor.get_untracked());
        let copy = source.with_untracked(|run| run.duplicate(copy_id, &who, clock::now().to_utc()));
        Some(self.add(copy))
    }

    /// Deletes a run from screen and storage, returning it so the person can undo.
    pub fn delete(&self, id: &str) -> Result<Run, DeleteError> {
        let handle = self
            .handle(id)
            .ok_or_else(|| DeleteError::NoSuchRun(id.to_owned()))?;
        self.session(|s| s.delete(id))
            .unwrap_or_else(|| Err(DeleteError::Store(shutting_down())))?;
        self.forget(id);
        Ok(handle.run.get_untracked())
    }

    /// Puts a deleted run back (the "Undo" of a delete).
    pub fn restore(&self, run: Run) {
        if self.handle(&run.id).is_none() {
            self.add(run);
        }
    }

    /// Remembers the person's name for future log entries.
    pub fn set_actor(&self, name: String) {
        self.actor.set(name.clone());
        self.session(|s| s.set_name(name));
        self.sync();
    }

    fn mark_changed(&self, id: &str, touched: Touched) {
        if let Some(handle) = self.opened.get(id) {
            self.follow(&handle);
        }
        self.session(|s| s.mark_touched(id, touched));
        self.sync_status();
        self.schedule();
    }

    /// Sets the save timer unless one is already waiting.
    fn schedule(&self) {
        if !self.timer_set.get_value() {
            self.timer_set.set_value(true);
            let state = *self;
            set_timeout(move || state.flush(), SAVE_DELAY);
        }
    }

    /// Writes now, and once more when the timer fires if this write fails.
    fn write_now(&self) {
        self.sync();
        self.schedule();
        self.flush();
    }

    /// Writes every pending run now. Runs whose save fails stay pending and the
    /// failure is shown; the stored copy keeps its previous version.
    pub fn flush(&self) {
        self.timer_set.set_value(false);
        let opened = self.opened;
        self.session(|s| s.flush(clock::now().to_utc(), &opened));
        self.sync();
    }
}

/// Notifies subscribers only of a real change.
fn set_if_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    if signal.with_untracked(|v| *v != value) {
        signal.set(value);
    }
}

/// The error of a store used while the app is torn down.
fn shutting_down() -> StoreError {
    StoreError::Other("the app is shutting down".into())
}
