//! The run as a finished document: one model that the printable page and the
//! Markdown copy both render, so paper and chat always say the same thing.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use super::activity::entry::ActivityEntry;
use super::export::run_fingerprint;
use super::integrity::short_fingerprint;
use super::picks::{picked_texts, rows_at};
use super::progress::{Progress, progress, run_status};
use super::run::{Run, StepStatus};
use super::schedule::due_date;
use super::template::{DocumentSpec, Field, FieldKind, FieldRef, Template};
use super::value::{FieldValue, Row};

/// Everything the summary shows, already in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// SOP title.
    pub sop_title: String,
    /// Template version followed.
    pub template_version: u32,
    /// Run title.
    pub run_title: String,
    /// Run id, printed so paper can be matched to its file.
    pub record_id: String,
    /// Short form of the content fingerprint, for reading aloud.
    pub fingerprint: String,
    /// Overall status in words.
    pub status: String,
    /// Closed steps out of all.
    pub progress: Progress,
    /// Start time, local.
    pub started: String,
    /// Last change, local.
    pub updated: String,
    /// Target date, if set.
    pub target: Option<NaiveDate>,
    /// Role name and the person in it ("Not assigned" when empty).
    pub roles: Vec<(String, String)>,
    /// Every step, in order.
    pub steps: Vec<StepSummary>,
    /// Roles that sign off: those responsible for at least one step.
    pub sign_off: Vec<(String, String)>,
    /// Newest first; empty when left out.
    pub activity: Vec<ActivityLine>,
    /// Warning that the run came from an altered file.
    pub altered: Option<String>,
    /// The finished product (e.g. the customer story), when the SOP declares one.
    pub document: Option<DocumentSummary>,
}

/// The run's product as a readable document with its approval record.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentSummary {
    /// Heading of this part, e.g. "The story".
    pub title: String,
    /// Which version is shown, e.g. "Version 2 of 2 (2026-07-04 10:00)".
    pub version: Option<String>,
    /// The headline.
    pub headline: String,
    /// Section heading and its paragraphs or items.
    pub sections: Vec<(String, Vec<String>)>,
    /// The featured quote and who said it.
    pub quote: Option<(String, String)>,
    /// Approval record: one row per approver.
    pub approvals: Option<SummaryValue>,
}

/// One step in the summary.
#[derive(Debug, Clone, PartialEq)]
pub struct StepSummary {
    /// 1-based position.
    pub number: usize,
    /// Step title.
    pub title: String,
    /// Responsible role, with the person when assigned.
    pub responsible: String,
    /// Status in words.
    pub status: String,
    /// Machine status key, for styling.
    pub status_key: &'static str,
    /// Reason and escalation of a blocked or skipped step.
    pub status_detail: Option<String>,
    /// "Completed by X on Y", when closed.
    pub completed: Option<String>,
    /// Due date, if any.
    pub due: Option<NaiveDate>,
    /// Each check with whether it was ticked.
    pub checks: Vec<(String, bool)>,
    /// Every recorded value, in template order; empty ones are left out.
    pub values: Vec<SummaryValue>,
    /// Free notes.
    pub notes: String,
    /// Branches and escalations taken, in words.
    pub outcomes: Vec<String>,
}

/// A recorded value: a single answer, or a list shown as a table.
#[derive(Debug, Clone, PartialEq)]
pub enum SummaryValue {
    /// Label and answer.
    Single {
        /// Field label.
        label: String,
        /// The answer in words.
        text: String,
    },
    /// A list of records.
    Table {
        /// Field label.
        label: String,
        /// Column labels.
        columns: Vec<String>,
        /// One row per record, one cell per column.
        rows: Vec<Vec<String>>,
    },
}

/// One activity log line, in local time.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityLine {
    /// When, local.
    pub at: String,
    /// Who.
    pub who: String,
    /// What changed.
    pub what: String,
    /// From → to, when there is a value.
    pub change: String,
}

/// A UTC instant in the person's local time, with the offset so paper is unambiguous.
pub fn local_stamp(at: DateTime<Utc>, offset: FixedOffset) -> String {
    at.with_timezone(&offset)
        .format("%Y-%m-%d %H:%M (UTC%:z)")
        .to_string()
}

fn activity_line(entry: &ActivityEntry, offset: FixedOffset) -> ActivityLine {
    let change = match (&entry.old, &entry.new) {
        (Some(old), Some(new)) if !old.is_empty() => format!("{old} → {new}"),
        (_, Some(new)) => new.clone(),
        (Some(old), None) => format!("{old} → (cleared)"),
        (None, None) => String::new(),
    };
    ActivityLine {
        at: local_stamp(entry.at, offset),
        who: entry.who.clone(),
        what: entry.what.clone(),
        change,
    }
}

/// Builds the summary of `run`. Times are shown at `offset`; the activity log is
/// included only when asked for.
pub fn summarize(
    run: &Run,
    template: &Template,
    offset: FixedOffset,
    with_activity: bool,
) -> Summary {
    let person = |role: &str| run.assignments.get(role).cloned();
    let roles = template
        .roles
        .iter()
        .map(|r| {
            (
                r.name.clone(),
                person(&r.id).unwrap_or_else(|| "Not assigned".to_owned()),
            )
        })
        .collect();
    let mut sign_off: Vec<(String, String)> = Vec::new();
    for step in &template.steps {
        let name = template.role_name(&step.role).to_owned();
        if !sign_off.iter().any(|(n, _)| *n == name) {
            sign_off.push((name, person(&step.role).unwrap_or_default()));
        }
    }
    let steps = template
        .steps
        .iter()
        .enumerate()
        .filter_map(|(i, step)| {
            let state = run.steps.get(i)?;
            let responsible = match person(&step.role) {
                Some(p) => format!("{} ({p})", template.role_name(&step.role)),
                None => template.role_name(&step.role).to_owned(),
            };
            let status_detail = match &state.status {
                StepStatus::Blocked {
                    reason,
                    escalated_to,
                } => Some(format!("Blocked: {reason}. Escalated to {escalated_to}.")),
                StepStatus::NotApplicable { reason } => Some(format!("Not applicable: {reason}.")),
                _ => None,
            };
            let completed = match (&state.completed_by, state.completed_at) {
                (Some(by), Some(at)) if state.status.is_closed() => {
                    Some(format!("{by}, {}", local_stamp(at, offset)))
                }
                _ => None,
            };
            let values = step
                .fields
                .iter()
                .filter_map(|field| {
                    let value = state.values.get(&field.id)?;
                    match (value, &field.kind) {
                        (FieldValue::Rows(rows), FieldKind::List { .. }) => table(field, rows),
                        (FieldValue::Picks(ids), _) => Some(SummaryValue::Single {
                            label: field.label.clone(),
                            text: picked_texts(template, run, field, ids).join("\n"),
                        }),
                        (value, _) => {
                            let text = value.display(field);
                            (!text.trim().is_empty()).then(|| SummaryValue::Single {
                                label: field.label.clone(),
                                text,
                            })
                        }
                    }
                })
                .collect();
            let outcomes = state
                .outcomes_taken
                .iter()
                .map(|o| {
                    let label = step
                        .outcome(&o.outcome_id)
                        .map_or(o.outcome_id.as_str(), |d| d.label.as_str());
                    format!(
                        "{label} — {} ({}, {})",
                        o.note,
                        o.who,
                        local_stamp(o.at, offset)
                    )
                })
                .collect();
            Some(StepSummary {
                number: i + 1,
                title: step.title.clone(),
                responsible,
                status: state.status.label().to_owned(),
                status_key: state.status.key(),
                status_detail,
                completed,
                due: due_date(template, run, i, offset),
                checks: step
                    .checks
                    .iter()
                    .map(|c| (c.label.clone(), state.checks.contains(&c.id)))
                    .collect(),
                values,
                notes: state.notes.clone(),
                outcomes,
            })
        })
        .collect();
    Summary {
        sop_title: template.title.clone(),
        template_version: run.template_version,
        run_title: run.title.clone(),
        record_id: run.id.clone(),
        fingerprint: short_fingerprint(&run_fingerprint(run)),
        status: run_status(run).label().to_owned(),
        progress: progress(run),
        started: local_stamp(run.created_at, offset),
        updated: local_stamp(run.updated_at, offset),
        target: run.target_date,
        roles,
        steps,
        sign_off,
        activity: if with_activity {
            run.activity
                .iter()
                .rev()
                .map(|e| activity_line(e, offset))
                .collect()
        } else {
            Vec::new()
        },
        altered: run.altered_outside_app.clone(),
        document: template
            .document
            .as_ref()
            .map(|spec| document(spec, run, template, offset)),
    }
}

/// A list field's records as a table, one column per sub-field; none when empty.
fn table(field: &Field, rows: &[Row]) -> Option<SummaryValue> {
    let columns = field.sub_fields();
    (!rows.is_empty()).then(|| SummaryValue::Table {
        label: field.label.clone(),
        columns: columns.iter().map(|f| f.label.clone()).collect(),
        rows: rows
            .iter()
            .map(|row| {
                columns
                    .iter()
                    .map(|f| {
                        row.values
                            .get(&f.id)
                            .map(|v| v.display(f))
                            .unwrap_or_default()
                    })
                    .collect()
            })
            .collect(),
    })
}

/// Text of a value for the summary: picked records by their labels, the rest as displayed.
fn value_text(template: &Template, run: &Run, field: &Field, value: &FieldValue) -> Vec<String> {
    match value {
        FieldValue::Picks(ids) => picked_texts(template, run, field, ids),
        FieldValue::Text(t) => t
            .split("\n\n")
            .map(str::to_owned)
            .filter(|p| !p.trim().is_empty())
            .collect(),
        other => vec![other.display(field)],
    }
}

/// Builds the document part from its spec, showing the latest completed version
/// of the versioned step (or the work in progress before the first one).
fn document(
    spec: &DocumentSpec,
    run: &Run,
    template: &Template,
    offset: FixedOffset,
) -> DocumentSummary {
    let versioned = spec
        .versioned_step
        .as_deref()
        .and_then(|id| template.step_index(id))
        .and_then(|i| run.steps.get(i).map(|s| (i, s)));
    let latest = versioned.and_then(|(_, s)| s.versions.last());
    let version = versioned.map(|(_, s)| match latest {
        Some(v) => format!(
            "Version {} of {} ({}, {})",
            v.number,
            s.versions.len(),
            v.who,
            local_stamp(v.at, offset)
        ),
        None => "Work in progress: no version completed yet".to_owned(),
    });
    let value_of = |at: &FieldRef| -> Option<(&Field, FieldValue)> {
        let field = template.field_at(at)?;
        let from_version =
            latest.filter(|_| spec.versioned_step.as_deref() == Some(at.step.as_str()));
        let value = match from_version {
            Some(v) => v.values.get(&at.field).cloned(),
            None => {
                let i = template.step_index(&at.step)?;
                run.steps.get(i)?.values.get(&at.field).cloned()
            }
        }?;
        Some((field, value))
    };
    let headline = value_of(&spec.headline)
        .map(|(f, v)| value_text(template, run, f, &v).join(" "))
        .unwrap_or_default();
    let sections = spec
        .sections
        .iter()
        .filter_map(|s| {
            let (field, value) = value_of(&s.field)?;
            let body = value_text(template, run, field, &value);
            (!body.is_empty()).then(|| (s.heading.clone(), body))
        })
        .collect();
    let quote = spec.quote.as_ref().and_then(|at| {
        let (field, value) = value_of(at)?;
        let FieldValue::Picks(ids) = value else {
            return None;
        };
        let FieldKind::Pick {
            source,
            label_column,
            detail_column,
            ..
        } = &field.kind
        else {
            return None;
        };
        let row = rows_at(template, run, source)
            .iter()
            .find(|r| ids.first() == Some(&r.id))?;
        let text = |id: &str| match row.values.get(id) {
            Some(FieldValue::Text(t)) => t.clone(),
            _ => String::new(),
        };
        Some((
            text(label_column),
            detail_column.as_deref().map(text).unwrap_or_default(),
        ))
    });
    let approvals = spec
        .approvals
        .as_ref()
        .and_then(|at| table(template.field_at(at)?, rows_at(template, run, at)));
    DocumentSummary {
        title: spec.title.clone(),
        version,
        headline,
        sections,
        quote,
        approvals,
    }
}
