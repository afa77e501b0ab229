//! Columns the app stamps with a versioned step's version (an approval's draft
//! version): whether a record's decision was given on an earlier version than
//! the current one. The change gate uses it to treat giving that decision again
//! as a new decision; the view shows such a decision as one on an earlier version.

use super::run::Run;
use super::template::Field;
use super::value::{FieldValue, Row};

/// Whether `column` of `list` is a decision stamped with a version, so a
/// record's value there may have been given on an earlier one.
pub fn is_stamped_decision(list: &Field, column: &str) -> bool {
    list.sub_fields()
        .iter()
        .any(|c| c.stamp_version_of.is_some() && c.stamp_on.as_deref() == Some(column))
}

/// The version `column` of `row` was decided on, when a newer version of the
/// step it is stamped against exists (0 when it was never stamped); `None`
/// when the decision is current, absent, or `column` stamps nothing.
pub fn earlier_decision(run: &Run, list: &Field, row: &Row, column: &str) -> Option<u32> {
    list.sub_fields().iter().find_map(|stamped| {
        let versioned = stamped.stamp_version_of.as_deref()?;
        if stamped.stamp_on.as_deref() != Some(column) || !row.values.contains_key(column) {
            return None;
        }
        let current = run.step(versioned).map_or(0, |s| s.current_version());
        let given = match row.values.get(&stamped.id) {
            Some(FieldValue::Number(n)) => *n as u32,
            _ => 0,
        };
        (current > 0 && given != current).then_some(given)
    })
}
