//! Starting a program's next period from the archived run of the one before:
//! the domain works out the new run (`reference::next_period`); here it is
//! shown and written like any new run. A period has one successor: a second
//! press (or another tab's) finds it and changes nothing.

use crate::browser::clock;
use crate::domain::catalogue;
use crate::domain::reference::next_period::{NextPeriod, NextPeriodError, next_period, next_title};
use crate::domain::reference::periods::successor_id;
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
    /// The period was started before; nothing new was made.
    pub already: bool,
}

impl AppState {
    /// The id of the next period of program run `id`, when it is in this browser.
    pub fn next_period_of(&self, id: &str) -> Option<String> {
        let next = successor_id(id);
        self.runs
            .with(|runs| runs.iter().any(|e| e.id == next))
            .then_some(next)
    }

    /// Starts the next period of the archived program run `id`, under the
    /// newest version of its template, and writes it; or says why not.
    pub fn start_next_period(&self, id: &str) -> Result<Started, String> {
        let handle = self
            .handle(id)
            .ok_or_else(|| "This run is no longer in this browser.".to_owned())?;
        let who = self.actor.get_untracked();
        let kept = |run_id: &str| {
            self.runs
                .with_untracked(|runs| runs.iter().any(|e| e.id == run_id))
        };
        let period = handle.run.with_untracked(|previous| {
            let (Some(old), Some(newest)) = (
                catalogue::find_version(&previous.template_id, previous.template_version),
                catalogue::find(&previous.template_id),
            ) else {
                return Err(Err(
                    "This run's procedure is not in this version of Runsheet.".to_owned(),
                ));
            };
            let title = next_title(&previous.title);
            next_period(previous, old, newest, kept, title, &who, clock::now()).map_err(|e| match e
            {
                NextPeriodError::AlreadyStarted(id) => Ok(id),
                other => Err(other.to_string()),
            })
        });
        let period = match period {
            Ok(period) => period,
            Err(Ok(existing)) => {
                let title = self
                    .handle(&existing)
                    .map(|h| h.run.with_untracked(|r| r.title.clone()))
                    .unwrap_or_default();
                return Ok(Started {
                    id: existing,
                    title,
                    carried: Vec::new(),
                    left_behind: Vec::new(),
                    already: true,
                });
            }
            Err(Err(why)) => return Err(why),
        };
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
            already: false,
        })
    }
}
