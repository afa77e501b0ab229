//! What a change may write, saved before it runs, so a refused change leaves
//! the run exactly as it was without copying the whole run: copying a program
//! run of 5,000 interactions took about 13 ms, and as long again to drop, on
//! every keystroke. A change of one record saves that record and the rest of
//! its step without the list; other changes of one step save that step;
//! completing a versioned step (which reopens the steps reviewing it) and
//! taking a branch or escalation save every step.
//!
//! The same analysis is the change's report of what it wrote ([`Touched`]),
//! which the save encodes from: one answer for the rollback and the save.

use crate::domain::run::{Run, StepState};
use crate::domain::template::{FieldKind, Template};
use crate::domain::value::{FieldValue, Row};

use super::request::RunChange;
use super::touched::{Spot, Touched};

/// The run's own fields, and an undo record for each part a change (and its
/// follow-ups) may write, undone newest first.
pub(super) struct Snapshot {
    /// The run with no steps and no log (title, assignments, dates…).
    head: Run,
    /// What to put back, oldest first.
    undo: Vec<Undo>,
    /// Every step is saved already.
    all: bool,
    /// Where the change and its follow-ups may have written, for the save.
    touched: Touched,
}

/// One part of the run as it was.
enum Undo {
    /// Every step.
    Steps(Vec<StepState>),
    /// One step, whole.
    Step(usize, StepState),
    /// One step without one of its lists, and how to put that list back.
    List {
        index: usize,
        field: String,
        /// The step as it was, without the list.
        rest: StepState,
        /// The step had no value for the list yet.
        absent: bool,
        list: ListUndo,
    },
}

/// How a list is put back.
enum ListUndo {
    /// The record at this position was this.
    Record(usize, Row),
    /// The list had this many records (a record was added at its end).
    Length(usize),
    /// This record was at this position (it was removed).
    Removed(usize, Row),
}

impl Snapshot {
    /// Saves what `change` may write in `run` (whose log has been taken out).
    pub(super) fn take(run: &mut Run, template: &Template, change: &RunChange) -> Snapshot {
        let steps = std::mem::take(&mut run.steps);
        let head = run.clone();
        run.steps = steps;
        let mut snapshot = Snapshot {
            head,
            undo: Vec::new(),
            all: false,
            touched: Touched::nothing(),
        };
        snapshot.include(run, template, change);
        snapshot
    }

    /// Also saves what `change`, a follow-up about to run, may write.
    pub(super) fn include(&mut self, run: &mut Run, template: &Template, change: &RunChange) {
        let step_of = |step: &str| template.step_index(step).filter(|i| *i < run.steps.len());
        match change {
            RunChange::Rename(_) | RunChange::Assign { .. } | RunChange::SetTargetDate(_) => {}
            RunChange::SetValue { step, field, .. } => {
                if let Some(index) = step_of(step) {
                    // A whole list set at once can move every one of its
                    // records, and so every part the save cut it into.
                    let list = template
                        .steps
                        .get(index)
                        .and_then(|s| s.field(field))
                        .is_none_or(|f| matches!(f.kind, FieldKind::List { .. }));
                    if list {
                        self.touched = Touched::Everything;
                    }
                    self.save_step(run, index);
                }
            }
            RunChange::SetCheck { step, .. }
            | RunChange::SetNotes { step, .. }
            | RunChange::SetDue { step, .. }
            | RunChange::Block { step, .. }
            | RunChange::MarkNotApplicable { step, .. }
            | RunChange::Reopen { step } => {
                if let Some(index) = step_of(step) {
                    self.save_step(run, index);
                }
            }
            RunChange::AddRow { step, field } => {
                if let Some(index) = step_of(step) {
                    let length = rows(&run.steps[index], field).map_or(0, <[Row]>::len);
                    self.save_list(run, index, field, ListUndo::Length(length));
                }
            }
            RunChange::SetRowValue {
                step, field, row, ..
            }
            | RunChange::RemoveRow { step, field, row } => {
                let Some(index) = step_of(step) else {
                    return;
                };
                let found = rows(&run.steps[index], field).and_then(|rows| {
                    rows.iter()
                        .position(|r| r.id == *row)
                        .map(|p| (p, rows[p].clone()))
                });
                // An unknown record is refused before anything is written.
                if let Some((position, record)) = found {
                    let list = match change {
                        RunChange::RemoveRow { .. } => ListUndo::Removed(position, record),
                        _ => ListUndo::Record(position, record),
                    };
                    self.save_list(run, index, field, list);
                }
            }
            // Completing a versioned step keeps a new version, which reopens
            // every closed step that reviewed an earlier one.
            RunChange::Complete { step } => match step_of(step) {
                Some(index) if !template.steps[index].versioned => self.save_step(run, index),
                Some(_) => self.save_every_step(run),
                None => {}
            },
            RunChange::TakeOutcome { .. } => self.save_every_step(run),
        }
    }

    /// What the change and its follow-ups may have written: the spots saved
    /// for the rollback.
    pub(super) fn touched(&self) -> Touched {
        self.touched.clone()
    }

    /// Saves step `index`, whole.
    fn save_step(&mut self, run: &Run, index: usize) {
        self.touched.add_spot(Spot::Step(index));
        if !self.all {
            self.undo.push(Undo::Step(index, run.steps[index].clone()));
        }
    }

    /// Saves every step (a change that may write anywhere).
    fn save_every_step(&mut self, run: &Run) {
        self.touched = Touched::Everything;
        if !self.all {
            self.undo.push(Undo::Steps(run.steps.clone()));
            self.all = true;
        }
    }

    /// Saves step `index` without its list `field` (taken out for the copy and
    /// put back), and how to put the list back.
    fn save_list(&mut self, run: &mut Run, index: usize, field: &str, list: ListUndo) {
        self.touched.add_spot(Spot::Step(index));
        let row = |step: usize, record: &Row| Spot::Row {
            step,
            field: field.to_owned(),
            row: record.id,
        };
        let end = Spot::ListEnd {
            step: index,
            field: field.to_owned(),
        };
        match &list {
            ListUndo::Record(_, record) => self.touched.add_spot(row(index, record)),
            ListUndo::Length(_) => self.touched.add_spot(end),
            ListUndo::Removed(_, record) => {
                self.touched.add_spot(row(index, record));
                self.touched.add_spot(end);
            }
        }
        if self.all {
            return;
        }
        let state = &mut run.steps[index];
        let value = state.values.remove(field);
        let rest = state.clone();
        let absent = value.is_none();
        if let Some(value) = value {
            state.values.insert(field.to_owned(), value);
        }
        self.undo.push(Undo::List {
            index,
            field: field.to_owned(),
            rest,
            absent,
            list,
        });
    }

    /// Puts the run back as it was; its log is the caller's.
    pub(super) fn restore(self, run: &mut Run) {
        let mut steps = std::mem::take(&mut run.steps);
        for undo in self.undo.into_iter().rev() {
            match undo {
                Undo::Steps(all) => steps = all,
                Undo::Step(index, state) => {
                    if let Some(slot) = steps.get_mut(index) {
                        *slot = state;
                    }
                }
                Undo::List {
                    index,
                    field,
                    rest,
                    absent,
                    list,
                } => {
                    let Some(slot) = steps.get_mut(index) else {
                        continue;
                    };
                    let mut value = slot.values.remove(&field);
                    *slot = rest;
                    if absent {
                        continue;
                    }
                    if let Some(FieldValue::Rows(rows)) = &mut value {
                        match list {
                            ListUndo::Record(position, record) => {
                                if let Some(r) = rows.get_mut(position) {
                                    *r = record;
                                }
                            }
                            ListUndo::Length(length) => rows.truncate(length),
                            // A removal refused before it was made left
                            // the record where it was.
                            ListUndo::Removed(position, record) => {
                                if rows.get(position).is_none_or(|r| r.id != record.id) {
                                    rows.insert(position.min(rows.len()), record);
                                }
                            }
                        }
                    }
                    if let Some(value) = value {
                        slot.values.insert(field, value);
                    }
                }
            }
        }
        let activity = std::mem::take(&mut run.activity);
        *run = self.head;
        run.steps = steps;
        run.activity = activity;
    }
}

/// The records of list `field` in a step, when it holds a list.
fn rows<'s>(state: &'s StepState, field: &str) -> Option<&'s [Row]> {
    match state.values.get(field) {
        Some(FieldValue::Rows(rows)) => Some(rows),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;

    fn template() -> Template {
        serde_json::from_str(include_str!("../../../tests/fixtures/mini-sop.json"))
            .expect("the fixture parses")
    }

    fn apply(run: &mut Run, t: &Template, change: RunChange) {
        run.apply(
            t,
            change,
            "Ada",
            Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap(),
        )
        .expect("the change is allowed");
    }

    fn row_value(row: u32, value: &str) -> RunChange {
        RunChange::SetRowValue {
            step: "consent".into(),
            field: "people".into(),
            row,
            column: "who".into(),
            value: Some(FieldValue::Text(value.into())),
        }
    }

    fn add_row() -> RunChange {
        RunChange::AddRow {
            step: "consent".into(),
            field: "people".into(),
        }
    }

    /// Saves what `changes` may write, applies them, restores, and compares
    /// with the run as it was (the log is the caller's, so it is left aside).
    fn undone(run: &Run, t: &Template, changes: Vec<RunChange>) {
        let original = run.clone();
        let mut changed = run.clone();
        let log = std::mem::take(&mut changed.activity);
        let mut snapshot = Snapshot::take(&mut changed, t, &changes[0]);
        changed.activity = log;
        for (i, change) in changes.into_iter().enumerate() {
            if i > 0 {
                snapshot.include(&mut changed, t, &change);
            }
            apply(&mut changed, t, change);
        }
        assert_ne!(changed.steps, original.steps, "the changes wrote something");
        snapshot.restore(&mut changed);
        changed.activity = original.activity.clone();
        assert_eq!(changed, original);
    }

    fn with_two_people(t: &Template) -> Run {
        let mut run = Run::start(
            t,
            "r1".into(),
            "Run".into(),
            "Ada",
            Utc.with_ymd_and_hms(2026, 3, 1, 8, 0, 0).unwrap(),
        );
        apply(&mut run, t, add_row());
        apply(&mut run, t, row_value(1, "Ada"));
        apply(&mut run, t, add_row());
        apply(&mut run, t, row_value(2, "Bo"));
        run
    }

    #[test]
    fn a_record_edit_a_new_record_and_a_removed_one_are_put_back() {
        let t = template();
        let run = with_two_people(&t);
        undone(&run, &t, vec![row_value(2, "Cy")]);
        undone(&run, &t, vec![add_row()]);
        undone(
            &run,
            &t,
            vec![RunChange::RemoveRow {
                step: "consent".into(),
                field: "people".into(),
                row: 1,
            }],
        );
        // Follow-ups on the same list are undone newest first.
        undone(
            &run,
            &t,
            vec![row_value(1, "Di"), add_row(), row_value(3, "Ed")],
        );
    }

    #[test]
    fn the_first_record_of_a_list_never_written_and_the_step_it_started_are_put_back() {
        let t = template();
        let run = Run::start(
            &t,
            "r1".into(),
            "Run".into(),
            "Ada",
            Utc.with_ymd_and_hms(2026, 3, 1, 8, 0, 0).unwrap(),
        );
        undone(&run, &t, vec![add_row(), row_value(1, "Ada")]);
    }

    #[test]
    fn step_values_status_changes_and_the_runs_own_fields_are_put_back() {
        let t = template();
        let run = with_two_people(&t);
        undone(
            &run,
            &t,
            vec![RunChange::SetValue {
                step: "pick".into(),
                field: "name".into(),
                value: Some(FieldValue::Text("Acme".into())),
            }],
        );
        undone(
            &run,
            &t,
            vec![RunChange::SetCheck {
                step: "pick".into(),
                check: "fit".into(),
                ticked: true,
            }],
        );
        let mut done = run.clone();
        apply(
            &mut done,
            &t,
            RunChange::SetValue {
                step: "consent".into(),
                field: "format".into(),
                value: Some(FieldValue::Choice("video".into())),
            },
        );
        undone(
            &done,
            &t,
            vec![RunChange::Complete {
                step: "consent".into(),
            }],
        );
        let mut renamed = run.clone();
        let log = std::mem::take(&mut renamed.activity);
        let snapshot = Snapshot::take(&mut renamed, &t, &RunChange::Rename("Other".into()));
        renamed.activity = log;
        apply(&mut renamed, &t, RunChange::Rename("Other".into()));
        assert_eq!(renamed.title, "Other");
        snapshot.restore(&mut renamed);
        assert_eq!(renamed.title, run.title);
        assert_eq!(renamed.updated_at, run.updated_at);
    }
}
