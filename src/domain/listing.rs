//! Finding runs on the Runs page: filter by SOP and status, search titles.

use super::progress::{RunStatus, run_status};
use super::run::Run;

/// What the person asked the Runs page to show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunFilter {
    /// Only runs of this template id.
    pub template_id: Option<String>,
    /// Only runs with this overall status.
    pub status: Option<RunStatus>,
    /// Words that must all appear in the title, ignoring case.
    pub text: String,
}

impl RunFilter {
    /// Whether a run should be listed.
    pub fn matches(&self, run: &Run) -> bool {
        if self
            .template_id
            .as_ref()
            .is_some_and(|t| *t != run.template_id)
        {
            return false;
        }
        if self.status.is_some_and(|s| s != run_status(run)) {
            return false;
        }
        let title = run.title.to_lowercase();
        self.text
            .split_whitespace()
            .all(|word| title.contains(&word.to_lowercase()))
    }

    /// Whether any filter is set, so the page can tell "no runs yet" from "none match".
    pub fn is_active(&self) -> bool {
        self.template_id.is_some() || self.status.is_some() || !self.text.trim().is_empty()
    }
}

/// The default title of a new run, so a list of runs is never a list of blanks.
pub fn default_title(template_title: &str, today: chrono::NaiveDate) -> String {
    format!("{template_title} — {}", today.format("%Y-%m-%d"))
}
