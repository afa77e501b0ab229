//! The activity log: the run's controlled record of who changed what, and when.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::integrity;

/// One recorded change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityEntry {
    /// When the change happened (UTC; shown in local time).
    pub at: DateTime<Utc>,
    /// The person's name as they entered it, or "Anonymous".
    pub who: String,
    /// What changed, in words, e.g. "Step 3 · Interview format".
    pub what: String,
    /// Machine key of the thing edited; consecutive edits of the same key merge.
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
    /// SHA-256 over this entry's content and `prev`; see [`super::integrity`].
    #[serde(default)]
    pub hash: String,
}

impl ActivityEntry {
    /// A new, not yet sealed entry; [`record`] links and seals it.
    pub fn new(
        at: DateTime<Utc>,
        who: &str,
        what: String,
        subject: String,
        old: Option<String>,
        new: Option<String>,
    ) -> Self {
        ActivityEntry {
            at,
            who: who.to_owned(),
            what,
            subject,
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

/// Edits of the same value by the same person within this window are one entry, so
/// typing a sentence logs the sentence rather than every keystroke.
pub const MERGE_WINDOW_MINUTES: i64 = 10;

/// Appends `entry`, or folds it into the previous entry when it continues the same edit.
/// The merged entry keeps the original old value, so the log still shows what was there before.
/// Either way the last entry is (re)sealed into the hash chain.
pub fn record(log: &mut Vec<ActivityEntry>, mut entry: ActivityEntry) {
    if let Some(last) = log.last_mut() {
        let continues = !entry.subject.is_empty()
            && last.subject == entry.subject
            && last.who == entry.who
            && entry.at - last.at <= Duration::minutes(MERGE_WINDOW_MINUTES);
        if continues {
            last.at = entry.at;
            last.new = entry.new;
            if last.old == last.new {
                log.pop();
            } else {
                last.hash = integrity::entry_hash(last);
            }
            return;
        }
    }
    integrity::seal(&mut entry, log.last());
    log.push(entry);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(minute: i64, who: &str, subject: &str, old: &str, new: &str) -> ActivityEntry {
        ActivityEntry::new(
            DateTime::<Utc>::from_timestamp(1_700_000_000 + minute * 60, 0).unwrap(),
            who,
            "Notes".into(),
            subject.into(),
            Some(old.into()),
            Some(new.into()),
        )
    }

    #[test]
    fn the_log_is_a_hash_chain_that_detects_any_edit() {
        let mut log = vec![];
        record(&mut log, edit(0, "Ada", "a", "", "1"));
        record(&mut log, edit(1, "Ada", "b", "", "2"));
        record(&mut log, edit(2, "Ada", "b", "2", "3"));
        record(&mut log, edit(3, "Bo", "", "", "4"));
        assert_eq!(integrity::first_broken_link(&log), None);
        assert_eq!(log[1].prev, log[0].hash);
        assert_eq!(
            log[1].new.as_deref(),
            Some("3"),
            "merged edits are resealed"
        );
        let mut altered = log.clone();
        altered[1].who = "Mallory".into();
        assert_eq!(integrity::first_broken_link(&altered), Some(1));
        let mut removed = log.clone();
        removed.remove(1);
        assert_eq!(integrity::first_broken_link(&removed), Some(1));
    }

    #[test]
    fn typing_into_one_field_is_one_entry_with_the_first_old_value() {
        let mut log = vec![];
        record(&mut log, edit(0, "Ada", "s1.notes", "", "H"));
        record(&mut log, edit(1, "Ada", "s1.notes", "H", "Hi"));
        assert_eq!(log.len(), 1);
        assert_eq!(log[0].old.as_deref(), Some(""));
        assert_eq!(log[0].new.as_deref(), Some("Hi"));
    }

    #[test]
    fn another_person_another_field_or_a_pause_starts_a_new_entry() {
        let mut log = vec![];
        record(&mut log, edit(0, "Ada", "s1.notes", "", "a"));
        record(&mut log, edit(1, "Bo", "s1.notes", "a", "ab"));
        record(&mut log, edit(2, "Bo", "s1.other", "", "x"));
        record(&mut log, edit(30, "Bo", "s1.other", "x", "xy"));
        assert_eq!(log.len(), 4);
    }

    #[test]
    fn an_edit_undone_within_the_window_leaves_no_entry() {
        let mut log = vec![];
        record(&mut log, edit(0, "Ada", "s1.notes", "", "a"));
        record(&mut log, edit(1, "Ada", "s1.notes", "a", ""));
        assert!(log.is_empty());
    }

    #[test]
    fn entries_without_subject_never_merge() {
        let mut log = vec![];
        record(&mut log, edit(0, "Ada", "", "", "a"));
        record(&mut log, edit(0, "Ada", "", "", "a"));
        assert_eq!(log.len(), 2);
    }
}
