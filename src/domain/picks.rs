//! Pick fields: which records of another list a field may choose, and how a
//! chosen record reads wherever it is shown (step, log, summary).

use super::run::Run;
use super::template::{Field, FieldKind, FieldRef, Template};
use super::value::{FieldValue, Row, holds};

/// The records of the source list a pick field may choose from, with their labels.
pub fn pickable<'r>(template: &Template, run: &'r Run, field: &Field) -> Vec<(u32, &'r Row)> {
    let FieldKind::Pick {
        source, only_when, ..
    } = &field.kind
    else {
        return Vec::new();
    };
    let Some(index) = template.step_index(&source.step) else {
        return Vec::new();
    };
    match run
        .steps
        .get(index)
        .and_then(|s| s.values.get(&source.field))
    {
        Some(FieldValue::Rows(rows)) => rows
            .iter()
            .filter(|row| only_when.as_ref().is_none_or(|c| holds(c, &row.values)))
            .map(|row| (row.id, row))
            .collect(),
        _ => Vec::new(),
    }
}

/// The records a pick field may choose from, each with how it reads: what the
/// step offers as checkboxes or radio buttons.
pub fn offers(template: &Template, run: &Run, field: &Field) -> Vec<(u32, String)> {
    let Some(read) = RecordLabel::of(template, field) else {
        return Vec::new();
    };
    pickable(template, run, field)
        .into_iter()
        .map(|(id, row)| (id, read.label(row)))
        .collect()
}

/// How chosen records read: the label column, with the detail column after a dash.
/// Records since removed from the source list are named as such, not dropped silently.
pub fn picked_texts(template: &Template, run: &Run, field: &Field, ids: &[u32]) -> Vec<String> {
    let (Some(read), FieldKind::Pick { source, .. }) =
        (RecordLabel::of(template, field), &field.kind)
    else {
        return Vec::new();
    };
    let rows = rows_at(template, run, source);
    ids.iter()
        .map(|id| match rows.iter().find(|r| r.id == *id) {
            Some(row) => read.label(row),
            None => format!("Record {id} (removed)"),
        })
        .collect()
}

/// A value as a person reads it wherever a record's cell or a step's field is
/// shown (summary, log, tables): chosen records by their labels, a record since
/// removed as such, everything else as [`FieldValue::display`] writes it.
pub fn value_text(template: &Template, run: &Run, field: &Field, value: &FieldValue) -> String {
    match (value, &field.kind) {
        (FieldValue::Picks(ids), FieldKind::Pick { .. }) => {
            picked_texts(template, run, field, ids).join("; ")
        }
        (value, _) => value.display(field),
    }
}

/// Whether every record `value` chooses may be chosen by `field` now: it is in
/// the source list and meets the field's condition. A choice of a record that
/// does not exist (or no longer qualifies) is refused, never stored.
pub fn choosable(template: &Template, run: &Run, field: &Field, value: &FieldValue) -> bool {
    match (value, &field.kind) {
        (FieldValue::Picks(ids), FieldKind::Pick { .. }) => {
            let offered = pickable(template, run, field);
            ids.iter().all(|id| offered.iter().any(|(o, _)| o == id))
        }
        _ => true,
    }
}

/// How a record of a pick field's source list is named, wherever it is shown.
struct RecordLabel<'t> {
    columns: &'t [Field],
    label_column: &'t str,
    detail_column: Option<&'t str>,
}

impl<'t> RecordLabel<'t> {
    fn of(template: &'t Template, field: &'t Field) -> Option<Self> {
        let FieldKind::Pick {
            source,
            label_column,
            detail_column,
            ..
        } = &field.kind
        else {
            return None;
        };
        Some(RecordLabel {
            columns: template
                .field_at(source)
                .map(Field::sub_fields)
                .unwrap_or_default(),
            label_column,
            detail_column: detail_column.as_deref(),
        })
    }

    /// A cell as the person reads it (choice labels, not ids), if it holds text.
    fn cell(&self, row: &Row, id: &str) -> Option<String> {
        let value = row.values.get(id)?;
        let def = self.columns.iter().find(|c| c.id == id)?;
        Some(value.display(def)).filter(|t| !t.is_empty())
    }

    /// "Label — detail", or "Record N" for a record with no label yet.
    fn label(&self, row: &Row) -> String {
        let label = self
            .cell(row, self.label_column)
            .unwrap_or_else(|| format!("Record {}", row.id));
        match self.detail_column.and_then(|d| self.cell(row, d)) {
            Some(detail) => format!("{label} — {detail}"),
            None => label,
        }
    }
}

/// The records of a list field anywhere in the run.
pub fn rows_at<'r>(template: &Template, run: &'r Run, at: &FieldRef) -> &'r [Row] {
    template
        .step_index(&at.step)
        .map_or(&[], |index| run.rows(index, &at.field))
}
