//! One entry of the activity log and the author it carries.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::subject::Subject;

/// One recorded change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityEntry {
    /// When the change happened (UTC; shown in local time).
    pub at: DateTime<Utc>,
    /// The person's name as they entered it, or "Anonymous".
    pub who: String,
    /// What changed, in words, e.g. "Step 3 · Interview format".
    pub what: String,
    /// Key of the thing edited ([`Subject::key`]); consecutive edits of the same key merge.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub subject: String,
    /// Value before the change, as displayed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    /// Value after the change, as displayed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    /// Hash of the previous entry ("" for the first): links the chain.
    #[serde(default)]
    pub prev: String,
    /// SHA-256 over this entry's content and `prev`; see [`super::chain`].
    #[serde(default)]
    pub hash: String,
}

impl ActivityEntry {
    /// A new, not yet sealed entry; [`super::log::record`] links and seals it.
    pub fn new(
        at: DateTime<Utc>,
        who: &str,
        what: String,
        subject: Subject<'_>,
        old: Option<String>,
        new: Option<String>,
    ) -> Self {
        ActivityEntry {
            at,
            who: who.to_owned(),
            what,
            subject: subject.key(),
            old,
            new,
            prev: String::new(),
            hash: String::new(),
        }
    }
}

/// The name a log entry carries: as typed, or "Anonymous" when none was given,
/// so no entry is ever without an author.
pub fn author(who: &str) -> &str {
    match who.trim() {
        "" => "Anonymous",
        name => name,
    }
}
