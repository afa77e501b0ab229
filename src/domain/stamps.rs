//! What the app stamps on a decision when it is given: the version of the
//! step it was given on (an approval's draft version) and the name of the
//! person it records (who approved), and on a step when it is closed, the
//! person named for its role. The change gate writes them; everything that
//! shows a decision reads them here, so a later change on the Roles form
//! changes who is asked next, never who decided.

use super::run::Run;
use super::template::{Field, Template};
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

/// The person `row` names now, by the first of `columns` that names someone:
/// a name as typed, or the person the Roles form names for a role chosen there.
pub fn named_person<'a>(
    template: &Template,
    run: &Run,
    row: &Row,
    columns: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    columns.into_iter().find_map(|column| {
        let name = match row.values.get(column)? {
            FieldValue::Text(name) => name,
            FieldValue::Choice(role) if template.role(role).is_some() => {
                run.assignments.get(role)?
            }
            _ => return None,
        };
        Some(name.trim().to_owned()).filter(|n| !n.is_empty())
    })
}

/// The name kept with the decision in `column` of `row`: who it recorded when
/// it was given. `None` when there is no decision, or it was given before
/// Runsheet kept names (or with nobody named).
pub fn kept_name(list: &Field, row: &Row, column: &str) -> Option<String> {
    if !row.values.contains_key(column) {
        return None;
    }
    list.sub_fields().iter().find_map(|stamped| {
        if stamped.stamp_name_from.is_empty() || stamped.stamp_on.as_deref() != Some(column) {
            return None;
        }
        match row.values.get(&stamped.id)? {
            FieldValue::Text(name) if !name.trim().is_empty() => Some(name.clone()),
            _ => None,
        }
    })
}

/// A name read from the Roles form now, for a decision or a closed step whose
/// own name was not kept (given before Runsheet kept them): marked, so nobody
/// takes the person named today for the one who decided.
pub fn named_now(name: &str) -> String {
    format!("{name} (on the Roles form now; not recorded at the time)")
}

/// Who answers for step `index`: for a closed step, the person named for its
/// role when it was closed (a step closed before Runsheet kept that shows
/// today's name, marked so); for an open step, the person named now, who is
/// asked next. `None` when nobody is or was named.
pub fn step_responsible(template: &Template, run: &Run, index: usize) -> Option<String> {
    let step = template.steps.get(index)?;
    let state = run.steps.get(index)?;
    let now = run
        .assignments
        .get(&step.role)
        .map(|n| n.trim())
        .filter(|n| !n.is_empty());
    if !state.status.is_closed() {
        return now.map(str::to_owned);
    }
    match &state.responsible {
        Some(kept) => Some(kept.clone()).filter(|k| !k.is_empty()),
        None => now.map(named_now),
    }
}
