//! The run as a finished document: one model that the printable page and the
//! Markdown copy both render, so paper and chat always say the same thing.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use super::activity::entry::ActivityEntry;
use super::approvals::spec::ApprovalSpec;
use super::approvals::state::ApprovalState;
use super::export::run_fingerprint;
use super::integrity::{INTEGRITY_NOTE, short_fingerprint};
use super::picks::{self, picked_texts, rows_at};
use super::progress::{Progress, progress, run_status};
use super::run::{Run, StepStatus};
use super::schedule::{due_date, local_date};
use super::stamps::step_responsible;
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
    /// What the fingerprint and the log's hash chain show, and what they cannot.
    pub integrity_note: &'static str,
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
    /// Everyone who signs: the role owning each step, then every required
    /// approver with their decision.
    pub sign_off: Vec<SignOff>,
    /// Newest first; empty when left out.
    pub activity: Vec<ActivityLine>,
    /// Warning that the run came from an altered file.
    pub altered: Option<String>,
    /// The finished product (e.g. the customer story), when the SOP declares one.
    pub document: Option<DocumentSummary>,
}

/// One line of the sign-off block.
#[derive(Debug, Clone, PartialEq)]
pub struct SignOff {
    /// The role, e.g. "Legal reviewer".
    pub role: String,
    /// The person, when known.
    pub name: String,
    /// What they sign for: the steps they own, or their decision.
    pub decision: String,
    /// The draft version a decision was made on.
    pub version: Option<u32>,
    /// When: the decision's date, or when their last step was closed.
    pub date: Option<String>,
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
    /// Approval record: one row per approver (name, role, decision, version, date).
    pub approvals: Option<SummaryValue>,
    /// Whether every required approver approved the version shown.
    pub approved: bool,
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

/// A UTC instant in the person's local time, at the offset `zone` had at that
/// instant (summer time included), with that offset printed so paper is
/// unambiguous: "2026-03-06 23:30 (UTC-08:00)".
pub fn local_stamp<Tz: TimeZone>(at: DateTime<Utc>, zone: &Tz) -> String {
    at.with_timezone(zone)
        .fixed_offset()
        .format("%Y-%m-%d %H:%M (UTC%:z)")
        .to_string()
}

fn activity_line<Tz: TimeZone>(entry: &ActivityEntry, zone: &Tz) -> ActivityLine {
    let change = match (&entry.old, &entry.new) {
        (Some(old), Some(new)) if !old.is_empty() => format!("{old} → {new}"),
        (_, Some(new)) => new.clone(),
        (Some(old), None) => format!("{old} → (cleared)"),
        (None, None) => String::new(),
    };
    ActivityLine {
        at: local_stamp(entry.at, zone),
        who: entry.who.clone(),
        what: entry.what.clone(),
        change,
    }
}

/// Builds the summary of `run`. Times and dates are shown in `zone`, each at
/// its own offset; the activity log is included only when asked for.
pub fn summarize<Tz: TimeZone>(
    run: &Run,
    template: &Template,
    zone: Tz,
    with_activity: bool,
) -> Summary {
    let zone = &zone;
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
    let sign_off = sign_off(run, template, zone);
    let steps = template
        .steps
        .iter()
        .enumerate()
        .filter_map(|(i, step)| {
            let state = run.steps.get(i)?;
            let responsible = match step_responsible(template, run, i) {
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
                    Some(format!("{by}, {}", local_stamp(at, zone)))
                }
                _ => None,
            };
            let values = step
                .fields
                .iter()
                .filter_map(|field| {
                    let value = state.values.get(&field.id)?;
                    match (value, &field.kind) {
                        (FieldValue::Rows(rows), FieldKind::List { .. }) => {
                            table(template, run, field, rows)
                        }
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
                        local_stamp(o.at, zone)
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
                due: due_date(template, run, i, zone.clone()),
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
        integrity_note: INTEGRITY_NOTE,
        status: run_status(run).label().to_owned(),
        progress: progress(run),
        started: local_stamp(run.created_at, zone),
        updated: local_stamp(run.updated_at, zone),
        target: run.target_date,
        roles,
        steps,
        sign_off,
        activity: if with_activity {
            run.activity
                .iter()
                .rev()
                .map(|e| activity_line(e, zone))
                .collect()
        } else {
            Vec::new()
        },
        altered: run.altered_outside_app.clone(),
        document: template
            .document
            .as_ref()
            .map(|spec| document(spec, run, template, zone)),
    }
}

/// The run's product alone, for outside readers ("Print the story"): the
/// latest version as it was completed, with its approval record; none of the
/// working record (interview notes, uncleared quotes, the activity log).
pub fn product_document<Tz: TimeZone>(
    run: &Run,
    template: &Template,
    zone: Tz,
) -> Option<DocumentSummary> {
    template
        .document
        .as_ref()
        .map(|spec| document(spec, run, template, &zone))
}

/// Everyone who signs the record: each step-owning role with the steps it
/// owns, one line per person who answered for them (who held the role when a
/// step was closed; who holds it now for the steps still open), then each
/// required approver with the decision on record and who gave it.
fn sign_off<Tz: TimeZone>(run: &Run, template: &Template, zone: &Tz) -> Vec<SignOff> {
    let mut lines: Vec<SignOff> = Vec::new();
    for role in &template.roles {
        let mut by_person: Vec<(String, Vec<usize>)> = Vec::new();
        for (i, _) in template
            .steps
            .iter()
            .enumerate()
            .filter(|(_, s)| s.role == role.id)
        {
            let name = step_responsible(template, run, i).unwrap_or_default();
            match by_person.iter_mut().find(|(n, _)| *n == name) {
                Some((_, steps)) => steps.push(i),
                None => by_person.push((name, vec![i])),
            }
        }
        for (name, owned) in by_person {
            lines.push(owner_line(run, role.name.clone(), name, &owned, zone));
        }
    }
    if let Some(spec) = ApprovalSpec::in_template(template) {
        let state = ApprovalState::read(&spec, template, run);
        for approver in state.approvers.iter().filter(|a| a.required) {
            lines.push(SignOff {
                role: approver
                    .role
                    .clone()
                    .unwrap_or_else(|| "Approver".to_owned()),
                name: approver.shown_name().unwrap_or_default(),
                decision: approver
                    .decision_label
                    .clone()
                    .unwrap_or_else(|| "No decision yet".to_owned()),
                version: approver.version,
                date: approver.date.clone(),
            });
        }
        for role in &state.missing_roles {
            lines.push(SignOff {
                role: role.clone(),
                name: String::new(),
                decision: "Not on the approvers list".to_owned(),
                version: None,
                date: None,
            });
        }
    }
    lines
}

/// The sign-off line of one person for the steps of `role` they answer for,
/// dated when the last of them was closed.
fn owner_line<Tz: TimeZone>(
    run: &Run,
    role: String,
    name: String,
    owned: &[usize],
    zone: &Tz,
) -> SignOff {
    let numbers: Vec<String> = owned.iter().map(|i| (i + 1).to_string()).collect();
    let closed = owned
        .iter()
        .filter_map(|&i| run.steps.get(i))
        .filter(|s| s.status.is_closed())
        .filter_map(|s| s.completed_at)
        .max();
    SignOff {
        role,
        name,
        decision: format!(
            "Responsible for step{} {}",
            if numbers.len() == 1 { "" } else { "s" },
            numbers.join(", ")
        ),
        version: None,
        date: closed.map(|at| local_date(at, zone).format("%Y-%m-%d").to_string()),
    }
}

/// A list field's records as a table, one column per sub-field; none when empty.
fn table(template: &Template, run: &Run, field: &Field, rows: &[Row]) -> Option<SummaryValue> {
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
                            .map(|v| picks::value_text(template, run, f, v))
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
/// of the versioned step as it was completed (its picked quotes and figures
/// included), or the work in progress before the first one.
fn document<Tz: TimeZone>(
    spec: &DocumentSpec,
    run: &Run,
    template: &Template,
    zone: &Tz,
) -> DocumentSummary {
    let versioned = spec
        .versioned_step
        .as_deref()
        .and_then(|id| template.step_index(id))
        .and_then(|i| run.steps.get(i));
    let latest = versioned.and_then(|s| s.versions.last());
    let version = versioned.map(|s| match latest {
        Some(v) => format!(
            "Version {} of {} ({}, {})",
            v.number,
            s.versions.len(),
            v.who,
            local_stamp(v.at, zone)
        ),
        None => "Work in progress: no version completed yet".to_owned(),
    });
    let in_version =
        |at: &FieldRef| latest.filter(|_| spec.versioned_step.as_deref() == Some(at.step.as_str()));
    let value_of = |at: &FieldRef| -> Option<(&Field, FieldValue)> {
        let field = template.field_at(at)?;
        let value = match in_version(at) {
            Some(v) => v.values.get(&at.field).cloned(),
            None => {
                let i = template.step_index(&at.step)?;
                run.steps.get(i)?.values.get(&at.field).cloned()
            }
        }?;
        Some((field, value))
    };
    // The records a pick field chose: as the version kept them, else as they are now.
    let chosen = |at: &FieldRef, field: &Field, ids: &[u32]| -> Vec<Row> {
        if let Some(rows) = in_version(at).and_then(|v| v.picked.get(&at.field)) {
            return rows.clone();
        }
        let FieldKind::Pick { source, .. } = &field.kind else {
            return Vec::new();
        };
        let rows = rows_at(template, run, source);
        ids.iter()
            .filter_map(|id| rows.iter().find(|r| r.id == *id).cloned())
            .collect()
    };
    let headline = value_of(&spec.headline)
        .map(|(f, v)| value_text(template, run, f, &v).join(" "))
        .unwrap_or_default();
    let sections = spec
        .sections
        .iter()
        .filter_map(|s| {
            let (field, value) = value_of(&s.field)?;
            let body = match (&value, &field.kind) {
                (
                    FieldValue::Picks(ids),
                    FieldKind::Pick {
                        source,
                        label_column,
                        detail_column,
                        ..
                    },
                ) => {
                    let columns = template
                        .field_at(source)
                        .map(Field::sub_fields)
                        .unwrap_or_default();
                    chosen(&s.field, field, ids)
                        .iter()
                        .map(|row| match &s.item {
                            Some(pattern) => fill(pattern, row, columns),
                            None => {
                                let default = match detail_column {
                                    Some(d) => format!("{{{label_column}}}[ — {{{d}}}]"),
                                    None => format!("{{{label_column}}}"),
                                };
                                fill(&default, row, columns)
                            }
                        })
                        .collect()
                }
                _ => value_text(template, run, field, &value),
            };
            (!body.is_empty()).then(|| (s.heading.clone(), body))
        })
        .collect();
    let quote = spec.quote.as_ref().and_then(|at| {
        let (field, value) = value_of(at)?;
        let FieldValue::Picks(ids) = value else {
            return None;
        };
        let FieldKind::Pick {
            label_column,
            detail_column,
            ..
        } = &field.kind
        else {
            return None;
        };
        let row = chosen(at, field, &ids).into_iter().next()?;
        let text = |id: &str| match row.values.get(id) {
            Some(FieldValue::Text(t)) => t.clone(),
            _ => String::new(),
        };
        Some((
            text(label_column),
            detail_column.as_deref().map(text).unwrap_or_default(),
        ))
    });
    let state =
        ApprovalSpec::in_template(template).map(|spec| ApprovalState::read(&spec, template, run));
    let approvals = state
        .as_ref()
        .filter(|_| spec.approvals.is_some())
        .and_then(approval_record);
    DocumentSummary {
        title: spec.title.clone(),
        version,
        headline,
        sections,
        quote,
        approvals,
        approved: state
            .as_ref()
            .is_some_and(|s| latest.is_some() && s.complete()),
    }
}

/// The approval record as a table: who, in which role, decided what on which version, when.
fn approval_record(state: &ApprovalState) -> Option<SummaryValue> {
    (!state.approvers.is_empty()).then(|| SummaryValue::Table {
        label: "Approvers".to_owned(),
        columns: [
            "Approver",
            "Role",
            "Required",
            "Decision",
            "Draft version",
            "Date",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: state
            .approvers
            .iter()
            .map(|a| {
                vec![
                    a.shown_name().unwrap_or_default(),
                    a.role.clone().unwrap_or_default(),
                    if a.required { "Yes" } else { "No" }.to_owned(),
                    a.decision_label.clone().unwrap_or_default(),
                    a.version.map(|v| v.to_string()).unwrap_or_default(),
                    a.date.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    })
}

/// Fills a record pattern: `{column}` becomes the column's value as shown;
/// a `[…]` part is dropped when any column in it is empty.
fn fill(pattern: &str, row: &Row, columns: &[Field]) -> String {
    let value = |id: &str| {
        let def = columns.iter().find(|c| c.id == id)?;
        let text = row.values.get(id)?.display(def);
        (!text.trim().is_empty()).then_some(text)
    };
    // Replaces every `{column}` of `part`; `None` when one of them is empty.
    let expand = |part: &str| -> Option<String> {
        let mut out = String::new();
        let mut rest = part;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = rest[open..].find('}').map(|c| open + c)?;
            out.push_str(&value(&rest[open + 1..close])?);
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        Some(out)
    };
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('[') {
        out.push_str(&expand(&rest[..open]).unwrap_or_default());
        let close = rest[open..].find(']').map_or(rest.len(), |c| open + c);
        out.push_str(&expand(&rest[open + 1..close]).unwrap_or_default());
        rest = rest.get(close + 1..).unwrap_or_default();
    }
    out.push_str(&expand(rest).unwrap_or_default());
    out.trim().to_owned()
}
