//! Appending to the log: consecutive edits of one thing merge into one entry,
//! and every entry is sealed into the hash chain as it is written.

use chrono::Duration;

use super::chain::{entry_hash, seal};
use super::entry::ActivityEntry;

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
                last.hash = entry_hash(last);
            }
            return;
        }
    }
    seal(&mut entry, log.last());
    log.push(entry);
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::super::chain::first_broken_link;
    use super::super::subject::Subject;
    use super::*;

    /// A field subject whose key is exactly `key` ("" for none).
    fn subject_of(key: &str) -> Subject<'_> {
        match key.split_once('.') {
            None if key.is_empty() => Subject::None,
            None => Subject::Field {
                step: "s",
                field: key,
            },
            Some((step, field)) => Subject::Field { step, field },
        }
    }

    fn edit(minute: i64, who: &str, subject: &str, old: &str, new: &str) -> ActivityEntry {
        ActivityEntry::new(
            DateTime::<Utc>::from_timestamp(1_700_000_000 + minute * 60, 0).unwrap(),
            who,
            "Notes".into(),
            subject_of(subject),
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
        assert_eq!(first_broken_link(&log), None);
        assert_eq!(log[1].prev, log[0].hash);
        assert_eq!(
            log[1].new.as_deref(),
            Some("3"),
            "merged edits are resealed"
        );
        let mut altered = log.clone();
        altered[1].who = "Mallory".into();
        assert_eq!(first_broken_link(&altered), Some(1));
        let mut removed = log.clone();
        removed.remove(1);
        assert_eq!(first_broken_link(&removed), Some(1));
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
