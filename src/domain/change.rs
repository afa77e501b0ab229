//! Every change a person can make to a run, applied in one place so that the
//! rules and the activity log can never be bypassed by the UI.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};

use super::activity::{ActivityEntry, author, record};
use super::rules::{Missing, missing_for_completion, picked_texts};
use super::run::{OutcomeTaken, Run, StepStatus, StepVersion};
use super::template::{Effect, Field, FieldKind, Step, Template};
use super::value::{FieldValue, Row, holds, value_for};

/// A change a person asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum RunChange {
    /// Give the run a new title.
    Rename(String),
    /// Set (or clear, with an empty name) the person in a role.
    Assign {
        /// Role id.
        role: String,
        /// Person's name as typed.
        person: String,
    },
    /// Set or clear the run's target date.
    SetTargetDate(Option<NaiveDate>),
    /// Tick or untick a check.
    SetCheck {
        /// Step id.
        step: String,
        /// Check id.
        check: String,
        /// Ticked or not.
        ticked: bool,
    },
    /// Set or clear a field's value.
    SetValue {
        /// Step id.
        step: String,
        /// Field id.
        field: String,
        /// New value, `None` to clear.
        value: Option<FieldValue>,
    },
    /// Add an empty record to a list field.
    AddRow {
        /// Step id.
        step: String,
        /// List field id.
        field: String,
    },
    /// Set or clear one column of a record.
    SetRowValue {
        /// Step id.
        step: String,
        /// List field id.
        field: String,
        /// Record id.
        row: u32,
        /// Column id.
        column: String,
        /// New value, `None` to clear.
        value: Option<FieldValue>,
    },
    /// Remove a record from a list field.
    RemoveRow {
        /// Step id.
        step: String,
        /// List field id.
        field: String,
        /// Record id.
        row: u32,
    },
    /// Replace the step's notes.
    SetNotes {
        /// Step id.
        step: String,
        /// Full notes text.
        notes: String,
    },
    /// Set or clear a due date by hand.
    SetDue {
        /// Step id.
        step: String,
        /// The date, `None` to return to the derived date.
        due: Option<NaiveDate>,
    },
    /// Mark a step done; refused while anything required is missing.
    Complete {
        /// Step id.
        step: String,
    },
    /// Mark a step blocked and say who it was escalated to.
    Block {
        /// Step id.
        step: String,
        /// Why it cannot go on.
        reason: String,
        /// Person or role the problem went to.
        escalated_to: String,
    },
    /// Skip a step on purpose.
    MarkNotApplicable {
        /// Step id.
        step: String,
        /// Why it does not apply.
        reason: String,
    },
    /// Open a closed or blocked step again.
    Reopen {
        /// Step id.
        step: String,
    },
    /// Take a branch or escalation the template names for the step.
    TakeOutcome {
        /// Step id.
        step: String,
        /// Outcome id.
        outcome: String,
        /// What happened.
        note: String,
    },
}

/// Why a change was refused. Shown to the person as is.
#[derive(Debug, Clone, PartialEq)]
pub enum ChangeError {
    /// The template has no such step.
    UnknownStep(String),
    /// The step has no such field, check, outcome or record.
    UnknownItem(String),
    /// The value does not fit the field.
    WrongValue(String),
    /// A closed step cannot be edited before it is reopened.
    StepClosed(String),
    /// The step cannot be completed yet.
    Incomplete(Vec<Missing>),
    /// A reason, note or title is required and was empty.
    TextRequired(&'static str),
    /// The run cannot be changed at all (archived, or from a newer app); says why.
    ReadOnly(String),
}

impl fmt::Display for ChangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChangeError::UnknownStep(id) => write!(f, "This SOP has no step “{id}”."),
            ChangeError::UnknownItem(id) => write!(f, "This step has no item “{id}”."),
            ChangeError::WrongValue(label) => write!(f, "That value does not fit “{label}”."),
            ChangeError::StepClosed(title) => {
                write!(f, "“{title}” is closed; reopen it to change it.")
            }
            ChangeError::Incomplete(missing) => {
                write!(f, "This step cannot be completed yet: ")?;
                let items: Vec<String> = missing.iter().map(ToString::to_string).collect();
                write!(f, "{}.", items.join("; "))
            }
            ChangeError::TextRequired(what) => write!(f, "Please give {what}."),
            ChangeError::ReadOnly(why) => f.write_str(why),
        }
    }
}

/// What the UI should do after a change that moves the run elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Applied {
    /// Step to put in focus, when the change sends the run to another step.
    pub focus_step: Option<String>,
    /// Whether anything changed; an unchanged run needs no save and no re-render.
    pub changed: bool,
}

impl Run {
    /// Applies `change` by `who` at `now`: checks the rules, updates the run and
    /// appends to the activity log. On error the run is left exactly as it was.
    pub fn apply(
        &mut self,
        template: &Template,
        change: RunChange,
        who: &str,
        now: DateTime<Utc>,
    ) -> Result<Applied, ChangeError> {
        let who = author(who);
        // Snapshot for an all-or-nothing change: the run without its log is small,
        // and the log itself only ever grows at its end.
        let log_len = self.activity.len();
        let log_last = self.activity.last().cloned();
        let entries = std::mem::take(&mut self.activity);
        let before = self.clone();
        let mut log = Log {
            entries,
            who,
            now,
            touched: false,
        };
        let mut result = apply_change(self, template, change, &mut log);
        let mut entries = log.entries;
        match &mut result {
            Ok(applied) if log.touched => {
                self.updated_at = now;
                applied.changed = true;
            }
            Ok(_) => {}
            Err(_) => {
                *self = before;
                entries.truncate(log_len);
                if let (Some(last), Some(original)) = (entries.last_mut(), log_last) {
                    *last = original;
                }
            }
        }
        self.activity = entries;
        result
    }
}

/// Collects the log entries of one change; every real change goes through `add`,
/// so `touched` tells whether anything changed at all.
struct Log<'a> {
    entries: Vec<ActivityEntry>,
    who: &'a str,
    now: DateTime<Utc>,
    touched: bool,
}

impl Log<'_> {
    fn add(&mut self, what: String, subject: String, old: Option<String>, new: Option<String>) {
        self.touched = true;
        record(
            &mut self.entries,
            ActivityEntry::new(self.now, self.who, what, subject, old, new),
        );
    }
}

fn step_of<'t>(template: &'t Template, id: &str) -> Result<(usize, &'t Step), ChangeError> {
    template
        .step_index(id)
        .map(|i| (i, &template.steps[i]))
        .ok_or_else(|| ChangeError::UnknownStep(id.to_owned()))
}

fn step_label(index: usize, step: &Step) -> String {
    format!("Step {} · {}", index + 1, step.title)
}

fn field_of<'t>(step: &'t Step, id: &str) -> Result<&'t Field, ChangeError> {
    step.field(id)
        .ok_or_else(|| ChangeError::UnknownItem(id.to_owned()))
}

fn show(value: Option<&FieldValue>, field: &Field) -> Option<String> {
    value.map(|v| v.display(field))
}

/// Refuses edits to closed steps and moves a not-started step to in progress.
fn begin_edit(run: &mut Run, index: usize, step: &Step, log: &mut Log) -> Result<(), ChangeError> {
    let state = &mut run.steps[index];
    if state.status.is_closed() {
        return Err(ChangeError::StepClosed(step.title.clone()));
    }
    if state.status == StepStatus::NotStarted {
        state.status = StepStatus::InProgress;
        log.add(
            format!("{} · status", step_label(index, step)),
            String::new(),
            Some(StepStatus::NotStarted.label().to_owned()),
            Some(StepStatus::InProgress.label().to_owned()),
        );
    }
    Ok(())
}

fn set_status(run: &mut Run, index: usize, step: &Step, status: StepStatus, log: &mut Log) {
    let state = &mut run.steps[index];
    let old = state.status.label().to_owned();
    let detail = match &status {
        StepStatus::Blocked {
            reason,
            escalated_to,
        } => format!(
            "{} (reason: {reason}; escalated to {escalated_to})",
            status.label()
        ),
        StepStatus::NotApplicable { reason } => {
            format!("{} (reason: {reason})", status.label())
        }
        other => other.label().to_owned(),
    };
    if status.is_closed() {
        state.completed_by = Some(log.who.to_owned());
        state.completed_at = Some(log.now);
    } else {
        state.completed_by = None;
        state.completed_at = None;
    }
    state.status = status;
    log.add(
        format!("{} · status", step_label(index, step)),
        String::new(),
        Some(old),
        Some(detail),
    );
}

fn required_text(text: &str, what: &'static str) -> Result<String, ChangeError> {
    let text = text.trim();
    if text.is_empty() {
        Err(ChangeError::TextRequired(what))
    } else {
        Ok(text.to_owned())
    }
}

fn apply_change(
    run: &mut Run,
    template: &Template,
    change: RunChange,
    log: &mut Log,
) -> Result<Applied, ChangeError> {
    match change {
        RunChange::Rename(title) => {
            let title = required_text(&title, "a title")?;
            if title != run.title {
                let old = std::mem::replace(&mut run.title, title.clone());
                log.add("Title".into(), "title".into(), Some(old), Some(title));
            }
        }
        RunChange::Assign { role, person } => {
            let role_def = template
                .role(&role)
                .ok_or_else(|| ChangeError::UnknownItem(role.clone()))?;
            let person = person.trim().to_owned();
            let old = run.assignments.get(&role).cloned();
            let new = (!person.is_empty()).then_some(person.clone());
            if old != new {
                match &new {
                    Some(p) => run.assignments.insert(role.clone(), p.clone()),
                    None => run.assignments.remove(&role),
                };
                log.add(
                    format!("Role · {}", role_def.name),
                    format!("role.{role}"),
                    old,
                    new,
                );
            }
        }
        RunChange::SetTargetDate(date) => {
            if date != run.target_date {
                let old = run.target_date.map(|d| d.to_string());
                run.target_date = date;
                log.add(
                    "Target date".into(),
                    "target".into(),
                    old,
                    date.map(|d| d.to_string()),
                );
            }
        }
        RunChange::SetCheck {
            step,
            check,
            ticked,
        } => {
            let (index, step) = step_of(template, &step)?;
            let check_def = step
                .check(&check)
                .ok_or_else(|| ChangeError::UnknownItem(check.clone()))?;
            if run.steps[index].checks.contains(&check) == ticked {
                return Ok(Applied::default());
            }
            begin_edit(run, index, step, log)?;
            let checks = &mut run.steps[index].checks;
            if ticked {
                checks.insert(check.clone());
            } else {
                checks.remove(&check);
            }
            let yes_no = |b: bool| if b { "Ticked" } else { "Not ticked" }.to_owned();
            log.add(
                format!("{} · {}", step_label(index, step), check_def.label),
                format!("{}.check.{check}", step.id),
                Some(yes_no(!ticked)),
                Some(yes_no(ticked)),
            );
        }
        RunChange::SetValue { step, field, value } => {
            let (index, step) = step_of(template, &step)?;
            let field_def = field_of(step, &field)?;
            if let Some(v) = &value
                && !v.fits(&field_def.kind)
            {
                return Err(ChangeError::WrongValue(field_def.label.clone()));
            }
            let current = run.steps[index].values.get(&field);
            if current == value.as_ref() {
                return Ok(Applied::default());
            }
            begin_edit(run, index, step, log)?;
            let (old, new) = if let FieldKind::Pick { .. } = field_def.kind {
                let texts = |v: Option<&FieldValue>| match v {
                    Some(FieldValue::Picks(ids)) => {
                        Some(picked_texts(template, run, field_def, ids).join("; "))
                    }
                    _ => None,
                };
                (
                    texts(run.steps[index].values.get(&field)),
                    texts(value.as_ref()),
                )
            } else {
                (
                    show(run.steps[index].values.get(&field), field_def),
                    show(value.as_ref(), field_def),
                )
            };
            match value {
                Some(v) => run.steps[index].values.insert(field.clone(), v),
                None => run.steps[index].values.remove(&field),
            };
            log.add(
                format!("{} · {}", step_label(index, step), field_def.label),
                format!("{}.field.{field}", step.id),
                old,
                new,
            );
        }
        RunChange::AddRow { step, field } => {
            let (index, step) = step_of(template, &step)?;
            let field_def = list_field(step, &field)?;
            begin_edit(run, index, step, log)?;
            let rows = rows_mut(run, index, field_def)?;
            let id = rows.iter().map(|r| r.id).max().unwrap_or(0) + 1;
            rows.push(Row {
                id,
                values: Default::default(),
            });
            let count = rows.len();
            log.add(
                format!("{} · {}", step_label(index, step), field_def.label),
                String::new(),
                None,
                Some(format!("Record {count} added")),
            );
        }
        RunChange::SetRowValue {
            step,
            field,
            row,
            column,
            value,
        } => {
            let (index, step) = step_of(template, &step)?;
            let field_def = list_field(step, &field)?;
            let column_def = field_def
                .sub_fields()
                .iter()
                .find(|f| f.id == column)
                .ok_or_else(|| ChangeError::UnknownItem(column.clone()))?;
            let wrong_kind = value.as_ref().is_some_and(|v| !v.fits(&column_def.kind));
            // Stamped columns are the app's to fill, never the person's.
            if wrong_kind || column_def.stamp_version_of.is_some() {
                return Err(ChangeError::WrongValue(column_def.label.clone()));
            }
            if run.steps[index].status.is_closed() {
                return Err(ChangeError::StepClosed(step.title.clone()));
            }
            let position = rows_mut(run, index, field_def)?
                .iter()
                .position(|r| r.id == row)
                .ok_or_else(|| ChangeError::UnknownItem(format!("record {row}")))?;
            let current = rows_mut(run, index, field_def)?[position]
                .values
                .get(&column)
                .cloned();
            if current == value {
                return Ok(Applied::default());
            }
            begin_edit(run, index, step, log)?;
            let record = &mut rows_mut(run, index, field_def)?[position];
            match value.clone() {
                Some(v) => record.values.insert(column.clone(), v),
                None => record.values.remove(&column),
            };
            log.add(
                format!(
                    "{} · {}, record {} · {}",
                    step_label(index, step),
                    field_def.label,
                    position + 1,
                    column_def.label
                ),
                format!("{}.field.{field}.{row}.{column}", step.id),
                show(current.as_ref(), column_def),
                show(value.as_ref(), column_def),
            );
            stamp_versions(run, template, index, field_def, position, log)?;
        }
        RunChange::RemoveRow { step, field, row } => {
            let (index, step) = step_of(template, &step)?;
            let field_def = list_field(step, &field)?;
            if run.steps[index].status.is_closed() {
                return Err(ChangeError::StepClosed(step.title.clone()));
            }
            let rows = rows_mut(run, index, field_def)?;
            let position = rows
                .iter()
                .position(|r| r.id == row)
                .ok_or_else(|| ChangeError::UnknownItem(format!("record {row}")))?;
            let removed = rows.remove(position);
            let summary = field_def
                .sub_fields()
                .iter()
                .filter_map(|f| removed.values.get(&f.id).map(|v| v.display(f)))
                .collect::<Vec<_>>()
                .join(" · ");
            log.add(
                format!("{} · {}", step_label(index, step), field_def.label),
                String::new(),
                Some(format!("Record {}: {summary}", position + 1)),
                Some("Removed".into()),
            );
        }
        RunChange::SetNotes { step, notes } => {
            let (index, step) = step_of(template, &step)?;
            if run.steps[index].notes == notes {
                return Ok(Applied::default());
            }
            // Notes stay editable on closed steps: they explain, they do not change the record.
            let old = std::mem::replace(&mut run.steps[index].notes, notes.clone());
            log.add(
                format!("{} · notes", step_label(index, step)),
                format!("{}.notes", step.id),
                Some(old),
                Some(notes),
            );
        }
        RunChange::SetDue { step, due } => {
            let (index, step) = step_of(template, &step)?;
            let state = &mut run.steps[index];
            if state.due_override != due {
                let old = state.due_override.map(|d| d.to_string());
                state.due_override = due;
                log.add(
                    format!("{} · due date", step_label(index, step)),
                    format!("{}.due", step.id),
                    old,
                    Some(due.map_or("Default".to_owned(), |d| d.to_string())),
                );
            }
        }
        RunChange::Complete { step } => {
            let (index, step) = step_of(template, &step)?;
            if run.steps[index].status == StepStatus::Done {
                return Ok(Applied::default());
            }
            let missing = missing_for_completion(template, run, index);
            if !missing.is_empty() {
                return Err(ChangeError::Incomplete(missing));
            }
            set_status(run, index, step, StepStatus::Done, log);
            if step.versioned {
                let state = &mut run.steps[index];
                let number = state.current_version() + 1;
                state.versions.push(StepVersion {
                    number,
                    at: log.now,
                    who: log.who.to_owned(),
                    values: state.values.clone(),
                });
                log.add(
                    format!("{} · version", step_label(index, step)),
                    String::new(),
                    None,
                    Some(format!("Version {number} saved")),
                );
            }
            let next = template.steps.get(index + 1).map(|s| s.id.clone());
            return Ok(Applied {
                focus_step: next,
                ..Applied::default()
            });
        }
        RunChange::Block {
            step,
            reason,
            escalated_to,
        } => {
            let (index, step) = step_of(template, &step)?;
            let reason = required_text(&reason, "the reason the step is blocked")?;
            let escalated_to = required_text(&escalated_to, "who it was escalated to")?;
            set_status(
                run,
                index,
                step,
                StepStatus::Blocked {
                    reason,
                    escalated_to,
                },
                log,
            );
        }
        RunChange::MarkNotApplicable { step, reason } => {
            let (index, step) = step_of(template, &step)?;
            let reason = required_text(&reason, "the reason the step does not apply")?;
            set_status(run, index, step, StepStatus::NotApplicable { reason }, log);
            let next = template.steps.get(index + 1).map(|s| s.id.clone());
            return Ok(Applied {
                focus_step: next,
                ..Applied::default()
            });
        }
        RunChange::Reopen { step } => {
            let (index, step) = step_of(template, &step)?;
            if matches!(
                run.steps[index].status,
                StepStatus::NotStarted | StepStatus::InProgress
            ) {
                return Ok(Applied::default());
            }
            set_status(run, index, step, StepStatus::InProgress, log);
        }
        RunChange::TakeOutcome {
            step,
            outcome,
            note,
        } => {
            let (index, step) = step_of(template, &step)?;
            let outcome_def = step
                .outcome(&outcome)
                .ok_or_else(|| ChangeError::UnknownItem(outcome.clone()))?;
            let note = required_text(&note, "a note on what happened")?;
            let note = note.as_str();
            let target = match &outcome_def.go_to {
                Some(id) => Some(step_of(template, id)?),
                None => None,
            };
            run.steps[index].outcomes_taken.push(OutcomeTaken {
                outcome_id: outcome.clone(),
                at: log.now,
                who: log.who.to_owned(),
                note: note.to_owned(),
            });
            log.add(
                format!(
                    "{} · outcome: {}",
                    step_label(index, step),
                    outcome_def.label
                ),
                String::new(),
                None,
                Some(note.to_owned()),
            );
            if let Some(role) = &outcome_def.escalate_to {
                let name = template.role_name(role);
                let person = run
                    .assignments
                    .get(role)
                    .map(|p| format!(" ({p})"))
                    .unwrap_or_default();
                log.add(
                    format!("{} · escalated", step_label(index, step)),
                    String::new(),
                    None,
                    Some(format!("Escalated to {name}{person}")),
                );
            }
            for effect in &outcome_def.effects {
                apply_effect(run, template, effect, note, log)?;
            }
            if run.steps[index].status == StepStatus::NotStarted {
                set_status(run, index, step, StepStatus::InProgress, log);
            }
            if let Some((target_index, target_step)) = target {
                // Going back reopens the target and everything after it that was
                // closed, because those steps relied on what is now being redone.
                for i in target_index..template.steps.len() {
                    let reopen = i == target_index || run.steps[i].status.is_closed();
                    if reopen && run.steps[i].status != StepStatus::InProgress {
                        set_status(run, i, &template.steps[i], StepStatus::InProgress, log);
                    }
                }
                log.add(
                    format!("{} · next", step_label(index, step)),
                    String::new(),
                    None,
                    Some(format!("Back to {}", step_label(target_index, target_step))),
                );
                return Ok(Applied {
                    focus_step: Some(target_step.id.clone()),
                    ..Applied::default()
                });
            }
        }
    }
    Ok(Applied::default())
}

/// After a record changes, fills its stamped columns with the current version of
/// the step they follow (so an approval always says which draft it approved).
fn stamp_versions(
    run: &mut Run,
    template: &Template,
    index: usize,
    list: &Field,
    position: usize,
    log: &mut Log,
) -> Result<(), ChangeError> {
    for column in list.sub_fields() {
        let Some(versioned) = &column.stamp_version_of else {
            continue;
        };
        let version = template
            .step_index(versioned)
            .and_then(|i| run.steps.get(i))
            .map_or(0, |s| s.current_version());
        let stamp = (version > 0).then(|| FieldValue::Number(f64::from(version)));
        let record = &mut rows_mut(run, index, list)?[position];
        if record.values.get(&column.id) != stamp.as_ref() {
            let old = record.values.get(&column.id).map(|v| v.display(column));
            match &stamp {
                Some(v) => record.values.insert(column.id.clone(), v.clone()),
                None => record.values.remove(&column.id),
            };
            log.add(
                format!(
                    "{} · {}, record {} · {}",
                    step_label(index, &template.steps[index]),
                    list.label,
                    position + 1,
                    column.label
                ),
                String::new(),
                old,
                stamp.map(|v| v.display(column)),
            );
        }
    }
    Ok(())
}

/// Carries out one effect of an outcome on the run's records, logging each change.
fn apply_effect(
    run: &mut Run,
    template: &Template,
    effect: &Effect,
    note: &str,
    log: &mut Log,
) -> Result<(), ChangeError> {
    let list_ref = match effect {
        Effect::UpdateRows { list, .. }
        | Effect::ClearColumns { list, .. }
        | Effect::AddRow { list, .. } => list,
    };
    let (index, step) = step_of(template, &list_ref.step)?;
    let list = list_field(step, &list_ref.field)?;
    let column = |id: &str| {
        list.sub_fields()
            .iter()
            .find(|f| f.id == id)
            .ok_or_else(|| ChangeError::UnknownItem(id.to_owned()))
    };
    let where_ = format!("{} · {}", step_label(index, step), list.label);
    match effect {
        Effect::UpdateRows {
            when,
            set_column,
            to,
            note_column,
            ..
        } => {
            let target = column(set_column)?;
            let value = value_for(&target.kind, to)
                .ok_or_else(|| ChangeError::WrongValue(target.label.clone()))?;
            let note_def = note_column.as_deref().map(column).transpose()?;
            for (position, record) in rows_mut(run, index, list)?.iter_mut().enumerate() {
                if !holds(when, &record.values) {
                    continue;
                }
                let old = record.values.insert(target.id.clone(), value.clone());
                if let Some(note_def) = note_def {
                    record
                        .values
                        .insert(note_def.id.clone(), FieldValue::Text(note.to_owned()));
                }
                log.add(
                    format!("{where_}, record {} · {}", position + 1, target.label),
                    String::new(),
                    old.map(|v| v.display(target)),
                    Some(value.display(target)),
                );
            }
        }
        Effect::ClearColumns { columns, .. } => {
            let defs = columns
                .iter()
                .map(|c| column(c))
                .collect::<Result<Vec<_>, _>>()?;
            let mut cleared = 0;
            for record in rows_mut(run, index, list)?.iter_mut() {
                for def in &defs {
                    cleared += usize::from(record.values.remove(&def.id).is_some());
                }
            }
            if cleared > 0 {
                let names: Vec<&str> = defs.iter().map(|d| d.label.as_str()).collect();
                log.add(
                    where_,
                    String::new(),
                    None,
                    Some(format!("Cleared {} on every record", names.join(", "))),
                );
            }
        }
        Effect::AddRow { note_column, .. } => {
            let note_def = column(note_column)?;
            let rows = rows_mut(run, index, list)?;
            let id = rows.iter().map(|r| r.id).max().unwrap_or(0) + 1;
            let mut values = std::collections::BTreeMap::new();
            values.insert(note_def.id.clone(), FieldValue::Text(note.to_owned()));
            rows.push(Row { id, values });
            let count = rows.len();
            log.add(
                where_,
                String::new(),
                None,
                Some(format!("Record {count} added: {note}")),
            );
        }
    }
    Ok(())
}

fn list_field<'t>(step: &'t Step, id: &str) -> Result<&'t Field, ChangeError> {
    let field = field_of(step, id)?;
    match field.kind {
        FieldKind::List { .. } => Ok(field),
        _ => Err(ChangeError::WrongValue(field.label.clone())),
    }
}

/// The records of a list field, creating the empty list on first use. A value of
/// another kind already stored there (from a hand-edited file) is never overwritten.
fn rows_mut<'r>(
    run: &'r mut Run,
    index: usize,
    field: &Field,
) -> Result<&'r mut Vec<Row>, ChangeError> {
    let slot = run.steps[index]
        .values
        .entry(field.id.clone())
        .or_insert_with(|| FieldValue::Rows(Vec::new()));
    match slot {
        FieldValue::Rows(rows) => Ok(rows),
        _ => Err(ChangeError::WrongValue(field.label.clone())),
    }
}
