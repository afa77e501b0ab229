//! The list of runs and opening a run: start-up reads only the index; the
//! Runs page reads each run's summary (a record's heading); a run is read
//! whole when something shows or exports it. The session reads; this module
//! mirrors what it found into signals.

use leptos::prelude::*;

use crate::domain::procedure::registry::is_reference_program;
use crate::storage::keys;
use crate::storage::summary::RunSummary;
use crate::ui::codec;

use super::{AppState, RunEntry, RunHandle};

/// Summaries read per background task (each one record read and its heading
/// parsed: about a millisecond for twenty in Chromium at 4x throttling).
const SUMMARIES_PER_TASK: usize = 40;

impl AppState {
    /// The handle of run `id`, reading the run whole the first time it is
    /// asked for; `None` when there is no such run or it cannot be read (it
    /// is then listed on the Recovery page).
    pub fn handle(&self, id: &str) -> Option<RunHandle> {
        if let Some(handle) = self.opened.get(id) {
            return Some(handle);
        }
        if !codec::is_ready()
            || !self
                .runs
                .with_untracked(|runs| runs.iter().any(|e| e.id == id))
        {
            return None;
        }
        let opened = self.session(|s| s.open_run(id)).flatten();
        let handle = opened.map(|(run, read_only)| {
            let handle = self
                .owner
                .with_value(|owner| RunHandle::new(owner, run, read_only));
            self.opened.insert(handle.clone());
            self.follow(&handle);
            handle
        });
        if handle.is_none() {
            self.runs.update(|runs| runs.retain(|e| e.id != id));
        }
        self.take_found();
        handle
    }

    /// Makes the list's summary of an open run what the run on screen is;
    /// called wherever a run on screen changes (an edit, another tab's
    /// version, an import).
    pub(super) fn follow(&self, handle: &RunHandle) {
        let summary = handle.run.with_untracked(RunSummary::of);
        let entry = self
            .runs
            .with_untracked(|r| r.iter().find(|e| e.id == handle.id).cloned());
        if let Some(entry) = entry {
            entry.summary.set(Some((summary, handle.read_only)));
        }
    }

    /// The handle of run `id` if it is already read whole.
    pub fn opened_handle(&self, id: &str) -> Option<RunHandle> {
        self.opened.get(id)
    }

    /// Reads the summary of every listed run not read yet (what a filter or
    /// a search looks at), taking off the list the runs whose record turns
    /// out unreadable.
    pub fn read_summaries(&self) {
        while self.read_unread(usize::MAX, usize::MAX) {}
    }

    /// Reads the summaries of the first `count` listed runs, in the order the
    /// Runs page draws them, so it draws those at once without reading every
    /// record (a thousand of them take longer than a frame).
    pub fn read_first_summaries(&self, count: usize) {
        while self.read_unread(count, usize::MAX) {}
    }

    /// Reads the other summaries a few at a time, each batch in its own task,
    /// so counts and filters soon cover every run while the page stays
    /// responsive.
    pub fn read_summaries_soon(self) {
        set_timeout(
            move || {
                if self.read_unread(usize::MAX, SUMMARIES_PER_TASK) {
                    self.read_summaries_soon();
                }
            },
            std::time::Duration::ZERO,
        );
    }

    /// Reads up to `most` unread summaries among the first `within` listed
    /// runs; returns whether it read or dropped any and more may be unread
    /// there (a run dropped as gone moves the ones after it up).
    fn read_unread(&self, within: usize, most: usize) -> bool {
        let unread: Vec<RunEntry> = self.runs.with_untracked(|runs| {
            runs.iter()
                .take(within)
                .filter(|e| e.summary.with_untracked(Option::is_none))
                .take(most)
                .cloned()
                .collect()
        });
        if unread.is_empty() || !codec::is_ready() {
            return false;
        }
        let mut gone = Vec::new();
        let mut read = 0;
        let taken = unread.len();
        for entry in unread {
            match self.session(|s| s.summary(&entry.id)).flatten() {
                Some(listed) => {
                    entry.summary.set(Some((listed.summary, listed.read_only)));
                    read += 1;
                }
                None if self.opened.get(&entry.id).is_none() => gone.push(entry.id),
                None => {}
            }
        }
        let dropped = !gone.is_empty();
        if dropped {
            self.runs
                .update(|runs| runs.retain(|e| !gone.contains(&e.id)));
        }
        self.take_found();
        dropped || (read > 0 && taken == most)
    }

    /// Reads the runs found outside the index at start-up as soon as the code
    /// that reads them is loaded (see [`crate::storage::SaveSession::read_strays`]).
    pub(super) fn read_strays_soon(self) {
        leptos::task::spawn_local(async move {
            // Without the codec (its chunk could not be fetched) they stay
            // listed by id and are read on the next start-up.
            if codec::ready().await.is_ok() {
                self.read_strays();
            }
        });
    }

    fn read_strays(&self) {
        let read = self.session(|s| s.read_strays()).unwrap_or_default();
        if read.is_empty() {
            return;
        }
        let mut gone = Vec::new();
        for (id, listed) in read {
            let entry = self
                .runs
                .with_untracked(|runs| runs.iter().find(|e| e.id == id).cloned());
            match (entry, listed) {
                (Some(entry), Some(listed)) => {
                    entry.summary.set(Some((listed.summary, listed.read_only)));
                }
                (_, None) if self.opened.get(&id).is_none() => gone.push(id),
                _ => {}
            }
        }
        if !gone.is_empty() {
            self.runs
                .update(|runs| runs.retain(|e| !gone.contains(&e.id)));
        }
        self.take_found();
    }

    /// What the Runs page shows of run `id`: its summary, read if need be.
    pub fn summary(&self, id: &str) -> Option<RunSummary> {
        if let Some(handle) = self.opened.get(id) {
            return Some(handle.run.with_untracked(RunSummary::of));
        }
        let entry = self
            .runs
            .with_untracked(|runs| runs.iter().find(|e| e.id == id).cloned())?;
        if entry.summary.with_untracked(Option::is_none) {
            self.read_summaries();
        }
        entry
            .summary
            .with_untracked(|s| s.as_ref().map(|(summary, _)| summary.clone()))
    }

    /// Every run of the reference program, read whole; subscribes to the
    /// list, so the caller hears of added and removed runs.
    pub fn program_handles(&self) -> Vec<RunHandle> {
        let ids: Vec<String> = self
            .runs
            .with(|runs| runs.iter().map(|e| e.id.clone()).collect());
        ids.iter()
            .filter(|id| {
                self.summary(id)
                    .is_some_and(|s| is_reference_program(&s.outline().template_id))
            })
            .filter_map(|id| self.handle(id))
            .collect()
    }

    /// Another tab changed the record behind `key` of a run this tab lists
    /// without having it open: a new run joins the list, a listed one has
    /// its summary read again if the Runs page had read it.
    pub(super) fn refresh_listed(&self, key: &str) {
        let Some(id) = keys::run_id_of(key) else {
            return;
        };
        let listed = self.session(|s| s.shows(id)).unwrap_or(false);
        let entry = self
            .runs
            .with_untracked(|runs| runs.iter().find(|e| e.id == id).cloned());
        match entry {
            None if listed => {
                let entry = self
                    .owner
                    .with_value(|owner| RunEntry::new(owner, id.to_owned()));
                self.runs.update(|runs| runs.push(entry));
            }
            // Read again when the Runs page next asks, if it cannot be now.
            Some(entry) if !codec::is_ready() => entry.summary.set(None),
            Some(entry) if entry.summary.with_untracked(Option::is_some) => {
                if let Some(listed) = self.session(|s| s.summary(id)).flatten() {
                    entry.summary.set(Some((listed.summary, listed.read_only)));
                }
            }
            _ => {}
        }
        self.take_found();
    }

    /// Records the session found unreadable since the last look go to the
    /// Recovery page.
    fn take_found(&self) {
        let found = self.session(|s| s.take_found()).unwrap_or_default();
        if !found.is_empty() {
            self.unreadable.update(|u| {
                for record in found {
                    if !u.iter().any(|r| r.key == record.key) {
                        u.push(record);
                    }
                }
            });
        }
    }
}
