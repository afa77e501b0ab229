//! Starting a program's next period from the archived run of the one before:
//! the domain works out the new run (`reference::next_period`); here it is
//! shown and written like any new run.

use crate::browser::clock;
use crate::domain::catalogue;
use crate::domain::reference::next_period::{NextPeriod, next_period};
use leptos::prelude::*;

use super::AppState;

/// What starting the next period did: the new run, and what it carried and left behind.
#[derive(Debug, Clone, PartialEq)]
pub struct Started {
    /// The new run's id.
    pub id: String,
    /// The new run's title.
    pub title: String,
    /// What was carried, in words.
    pub carried: Vec<String>,
    /// What was left behind, and why.
    pub left_behind: Vec<String>,
}

impl AppState {
    /// Starts the next period of the archived program run `id`, under the
    /// newest version of its template, and writes it; or says why not.
    pub fn start_next_period(&self, id: &str) -> Result<Started, String> {
        let handle = self
            .handle(id)
            .ok_or_else(|| "This run is no longer in this browser.".to_owned())?;
        let (new_id, who) = (self.fresh_id(), self.actor.get_untracked());
        let period = handle.run.with_untracked(|previous| {
            let (Some(old), Some(newest)) = (
                catalogue::find_version(&previous.template_id, previous.template_version),
                catalogue::find(&previous.template_id),
            ) else {
                return Err("This run's procedure is not in this version of Runsheet.".to_owned());
            };
            let title = format!("{} (next period)", previous.title);
            next_period(previous, old, newest, new_id, title, &who, clock::now())
                .map_err(|e| e.to_string())
        })?;
        let NextPeriod {
            run,
            carried,
            left_behind,
        } = period;
        let title = run.title.clone();
        let id = self.add(run);
        Ok(Started {
            id,
            title,
            carried,
            left_behind,
        })
    }
}
