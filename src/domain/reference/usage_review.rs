//! The usage review of step 9 shows the engine's own count: for each record
//! (a reference, the type and audience of the request under review) the
//! program's rules fill in the uses of that type inside the window and whether
//! a use in the window had the same audience, from the same records and the
//! same rule as matching and approval ([`super::tolerance::Load::counted`]).
//! Those two columns cannot be typed. A decision that goes against the count
//! ("within tolerance" at or over the limit, "used too often" below it) needs
//! a reason before the step can be completed.
//!
//! The window ends on the record's review date, filled in with the day of the
//! first count when empty, so the record says what it was counted against.

use std::fmt;

use chrono::NaiveDate;

use crate::domain::change::request::RunChange;
use crate::domain::run::Run;
use crate::domain::template::Template;
use crate::domain::value::{FieldValue, Row};

use super::extract::{Directory, extract, named_in_row, rows_of};
use super::ids::{approvals, criteria, interactions, references, usage as ids};
use super::join::normalize;
use super::matching::MatchIndex;
use super::model::{ReferenceType, UsageVerdict};
use super::tolerance::{Use, UseKind, Window, is_over};

/// What the engine finds for one review record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Finding {
    /// Uses of the type inside the window, besides the request's own booking.
    pub uses: u32,
    /// The usage limit of the run.
    pub limit: u32,
    /// The window's length in days.
    pub window_days: u32,
    /// Whether another use inside the window had the same audience; `None`
    /// when the record names no audience.
    pub same_audience: Option<bool>,
    /// What the count says.
    pub verdict: UsageVerdict,
}

/// Why the engine cannot count for a review record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewProblem {
    /// The run's usage tolerance is not set in step 1.
    NoSettings,
    /// No profile of the run is named so.
    NoProfile {
        /// The name as typed.
        name: String,
    },
}

impl fmt::Display for ReviewProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReviewProblem::NoSettings => {
                f.write_str("set the usage tolerance in step 1 first: the review counts against it")
            }
            ReviewProblem::NoProfile { name } => {
                write!(f, "no reference profile in step 5 is named “{name}”")
            }
        }
    }
}

/// One review record as typed.
struct Review {
    reference: String,
    kind: Option<ReferenceType>,
    audience: String,
    reviewed_on: Option<NaiveDate>,
    decision: Option<UsageVerdict>,
    reason: String,
}

impl Review {
    fn read(run: &Run, row: &Row) -> Review {
        let text = |column: &str| match row.values.get(column) {
            Some(FieldValue::Text(s)) => s.trim().to_owned(),
            _ => String::new(),
        };
        let choice = |column: &str| match row.values.get(column) {
            Some(FieldValue::Choice(id)) => Some(id.clone()),
            _ => None,
        };
        Review {
            reference: named_in_row(run, row, ids::REFERENCE),
            kind: choice(ids::REQUEST_TYPE).and_then(|id| ReferenceType::from_id(&id)),
            audience: text(ids::AUDIENCE),
            reviewed_on: match row.values.get(ids::REVIEWED_ON) {
                Some(FieldValue::Date(d)) => Some(*d),
                _ => None,
            },
            decision: choice(ids::DECISION).and_then(|id| UsageVerdict::from_id(&id)),
            reason: text(ids::DECISION_REASON),
        }
    }
}

/// What the engine finds for `reference` (as typed) and `kind`, with the
/// request's `audience`, in the window ending `on`, from the records of run
/// `run_id` in `directory`. A name that several profiles answer to (a company
/// with two contacts) is counted for the busiest of them.
pub fn finding(
    directory: &Directory,
    run_id: &str,
    reference: &str,
    kind: ReferenceType,
    audience: &str,
    on: NaiveDate,
) -> Result<Finding, ReviewProblem> {
    let index = MatchIndex::new(&directory.references, directory.history());
    finding_in(&index, directory, run_id, reference, kind, audience, on)
}

/// [`finding`] with the directory's index built once for many records.
fn finding_in(
    index: &MatchIndex<'_>,
    directory: &Directory,
    run_id: &str,
    reference: &str,
    kind: ReferenceType,
    audience: &str,
    on: NaiveDate,
) -> Result<Finding, ReviewProblem> {
    let settings = directory
        .settings(run_id)
        .ok_or(ReviewProblem::NoSettings)?;
    let window = Window::ending(on, settings.window_days);
    let named: Vec<usize> = directory
        .references
        .iter()
        .enumerate()
        .filter(|(_, r)| r.key.run_id == run_id && r.is_named(reference))
        .map(|(p, _)| p)
        .collect();
    if named.is_empty() {
        return Err(ReviewProblem::NoProfile {
            name: reference.to_owned(),
        });
    }
    let uses = named
        .iter()
        .map(|p| index.load(*p, Some(kind), window).counted(true))
        .max()
        .unwrap_or(0);
    let wanted = normalize(audience);
    let same_audience = (!wanted.is_empty()).then(|| {
        named.iter().any(|p| {
            let profile = &directory.references[*p];
            let mut same = 0u32;
            let mut own = false;
            for interaction in directory
                .interactions
                .iter()
                .filter(|i| i.key.run_id == run_id && profile.is_named(&i.reference))
                .filter(|i| normalize(&i.audience) == wanted)
            {
                let Some(used) = Use::of_interaction(interaction) else {
                    continue;
                };
                let inside =
                    window.is_some_and(|w| used.day(w.last).is_some_and(|d| w.contains(d)));
                if !inside {
                    continue;
                }
                same += 1;
                own |= used.what == UseKind::Booked && used.kind == kind;
            }
            same > u32::from(own)
        })
    });
    Ok(Finding {
        uses,
        limit: settings.usage_limit,
        window_days: settings.window_days,
        same_audience,
        verdict: if is_over(uses, settings.usage_limit) {
            UsageVerdict::Overused
        } else {
            UsageVerdict::WithinTolerance
        },
    })
}

/// Whether `change` can change what the reviews count.
fn touches_the_count(change: &RunChange) -> bool {
    // What was done, the feedback and the issues of an interaction never change
    // a count: typing them must not recount every review (a whole extraction).
    if let RunChange::SetRowValue { step, column, .. } = change
        && step == interactions::STEP
        && [
            interactions::ACTIVITY,
            interactions::FEEDBACK,
            interactions::ISSUES,
        ]
        .contains(&column.as_str())
    {
        return false;
    }
    let step = match change {
        RunChange::SetValue { step, .. }
        | RunChange::SetRowValue { step, .. }
        | RunChange::AddRow { step, .. }
        | RunChange::RemoveRow { step, .. } => step,
        RunChange::Reopen { step } => return step == ids::STEP,
        _ => return false,
    };
    [
        criteria::STEP,
        references::STEP,
        interactions::STEP,
        approvals::STEP,
        ids::STEP,
    ]
    .contains(&step.as_str())
}

/// The follow-up changes that keep every review record of `run` showing the
/// engine's count after `change`, while step 9 is open. `today` dates a record
/// counted for the first time.
pub fn recount(
    template: &Template,
    run: &Run,
    change: &RunChange,
    today: NaiveDate,
) -> Vec<RunChange> {
    let open = run.step(ids::STEP).is_some_and(|s| !s.status.is_closed());
    let rows = rows_of(run, ids::STEP, ids::LIST);
    if !open || rows.is_empty() || !touches_the_count(change) {
        return Vec::new();
    }
    let directory = extract(std::slice::from_ref(run), template).directory;
    let index = MatchIndex::new(&directory.references, directory.history());
    let mut changes = Vec::new();
    for row in rows {
        let review = Review::read(run, row);
        let mut set = |column: &str, value: Option<FieldValue>| {
            if row.values.get(column) != value.as_ref() {
                changes.push(RunChange::SetRowValue {
                    step: ids::STEP.to_owned(),
                    field: ids::LIST.to_owned(),
                    row: row.id,
                    column: column.to_owned(),
                    value,
                });
            }
        };
        let (Some(kind), false) = (review.kind, review.reference.is_empty()) else {
            set(ids::USES, None);
            set(ids::SAME_AUDIENCE, None);
            continue;
        };
        let on = review.reviewed_on.unwrap_or(today);
        if review.reviewed_on.is_none() {
            set(ids::REVIEWED_ON, Some(FieldValue::Date(on)));
        }
        match finding_in(
            &index,
            &directory,
            &run.id,
            &review.reference,
            kind,
            &review.audience,
            on,
        ) {
            Ok(found) => {
                set(ids::USES, Some(FieldValue::Number(f64::from(found.uses))));
                set(
                    ids::SAME_AUDIENCE,
                    found.same_audience.map(FieldValue::Bool),
                );
            }
            Err(_) => {
                set(ids::USES, None);
                set(ids::SAME_AUDIENCE, None);
            }
        }
    }
    changes
}

/// The completion gate of step 9: each record the engine cannot count, and
/// each decision against the count that gives no reason, one message each.
pub fn gate(template: &Template, run: &Run) -> Vec<String> {
    let rows = rows_of(run, ids::STEP, ids::LIST);
    if rows.is_empty() {
        return Vec::new();
    }
    let directory = extract(std::slice::from_ref(run), template).directory;
    let index = MatchIndex::new(&directory.references, directory.history());
    let label = |column: &str| {
        template
            .step(ids::STEP)
            .and_then(|s| s.field(ids::LIST))
            .and_then(|f| f.sub_fields().iter().find(|c| c.id == column))
            .map_or_else(|| column.to_owned(), |c| c.label.clone())
    };
    let mut messages = Vec::new();
    for (position, row) in rows.iter().enumerate() {
        let review = Review::read(run, row);
        let place = format!("Usage reviews, record {}", position + 1);
        let (Some(kind), false) = (review.kind, review.reference.is_empty()) else {
            continue;
        };
        let Some(on) = review.reviewed_on else {
            messages.push(format!(
                "{place}: fill in “{}”: the count runs back from it",
                label(ids::REVIEWED_ON)
            ));
            continue;
        };
        match finding_in(
            &index,
            &directory,
            &run.id,
            &review.reference,
            kind,
            &review.audience,
            on,
        ) {
            Err(problem) => messages.push(format!("{place}: {problem}")),
            Ok(found) => {
                let against = review.decision.is_some_and(|d| d != found.verdict);
                if against && review.reason.is_empty() {
                    messages.push(format!(
                        "{place}: {} of {} {} uses in the {} days to {on} means “{}”, the decision says “{}”: give the reason in “{}”",
                        found.uses,
                        found.limit,
                        kind.label().to_lowercase(),
                        found.window_days,
                        found.verdict.label(),
                        review.decision.map_or("", |d| d.label()),
                        label(ids::DECISION_REASON),
                    ));
                }
            }
        }
    }
    messages
}
