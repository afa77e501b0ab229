//! Changes to where a step stands: completing, blocking, skipping, reopening.

use std::collections::BTreeMap;

use crate::domain::activity::subject::Subject;
use crate::domain::completion::{missing_for_completion, reviewed_version};
use crate::domain::picks::rows_at;
use crate::domain::run::{Run, StepStatus, StepVersion};
use crate::domain::template::{FieldKind, Step, Template};
use crate::domain::value::{FieldValue, Row};

use super::applied::Applied;
use super::error::ChangeError;
use super::log::ChangeLog;
use super::lookup::{StepAt, required_text};

/// Marks a step done, refused while anything required is missing. A versioned
/// step keeps a numbered copy of its values. Focus moves to the next step.
pub(super) fn complete(
    run: &mut Run,
    template: &Template,
    step: &str,
    log: &mut ChangeLog,
) -> Result<Applied, ChangeError> {
    let at = StepAt::find(template, step)?;
    if run.steps[at.index].status == StepStatus::Done {
        return Ok(Applied::default());
    }
    let missing = missing_for_completion(template, run, at.index);
    if !missing.is_empty() {
        return Err(ChangeError::Incomplete(missing));
    }
    set_status(run, at, StepStatus::Done, log);
    if let Some(reviewed) = &at.step.reviews {
        let version = reviewed_version(template, run, reviewed);
        run.steps[at.index].reviewed_version = Some(version);
        log.add(
            format!("{} · reviewed", at.label()),
            Subject::None,
            None,
            Some(format!("Version {version}")),
        );
    }
    if at.step.versioned {
        let picked = picked_records(template, run, at.step, at.index);
        let state = &mut run.steps[at.index];
        let number = state.current_version() + 1;
        state.versions.push(StepVersion {
            number,
            at: log.now,
            who: log.who.to_owned(),
            values: state.values.clone(),
            picked,
        });
        log.add(
            format!("{} · version", at.label()),
            Subject::None,
            None,
            Some(format!("Version {number} saved")),
        );
        reopen_reviews_of(run, template, at, number, log);
    }
    Ok(Applied::focus(next_step(template, at)))
}

/// The records each pick field of a versioned step chose, as they read now.
fn picked_records(
    template: &Template,
    run: &Run,
    step: &Step,
    index: usize,
) -> BTreeMap<String, Vec<Row>> {
    step.fields
        .iter()
        .filter_map(|field| {
            let FieldKind::Pick { source, .. } = &field.kind else {
                return None;
            };
            let Some(FieldValue::Picks(ids)) = run.steps[index].values.get(&field.id) else {
                return None;
            };
            let rows = rows_at(template, run, source)
                .iter()
                .filter(|r| ids.contains(&r.id))
                .cloned()
                .collect();
            Some((field.id.clone(), rows))
        })
        .collect()
}

/// A new version of a versioned step reopens every closed step that reviewed
/// an earlier one: a review is of one version, never of the next.
fn reopen_reviews_of(
    run: &mut Run,
    template: &Template,
    versioned: StepAt,
    number: u32,
    log: &mut ChangeLog,
) {
    for (index, step) in template.steps.iter().enumerate() {
        let reviews_it = step.reviews.as_deref() == Some(versioned.step.id.as_str());
        let stale = run.steps[index].reviewed_version.is_none_or(|v| v < number);
        if reviews_it && stale && run.steps[index].status.is_closed() {
            let review = StepAt { index, step };
            set_status(run, review, StepStatus::InProgress, log);
            log.add(
                format!("{} · reopened", review.label()),
                Subject::None,
                None,
                Some(format!(
                    "Version {number} of “{}” needs its own review",
                    versioned.step.title
                )),
            );
        }
    }
}

/// Marks a step blocked, with why and who it went to.
pub(super) fn block(
    run: &mut Run,
    template: &Template,
    step: &str,
    reason: &str,
    escalated_to: &str,
    log: &mut ChangeLog,
) -> Result<Applied, ChangeError> {
    let at = StepAt::find(template, step)?;
    let reason = required_text(reason, "the reason the step is blocked")?;
    let escalated_to = required_text(escalated_to, "who it was escalated to")?;
    set_status(
        run,
        at,
        StepStatus::Blocked {
            reason,
            escalated_to,
        },
        log,
    );
    Ok(Applied::default())
}

/// Skips a step on purpose, with the reason on record. Focus moves to the next step.
pub(super) fn mark_not_applicable(
    run: &mut Run,
    template: &Template,
    step: &str,
    reason: &str,
    log: &mut ChangeLog,
) -> Result<Applied, ChangeError> {
    let at = StepAt::find(template, step)?;
    if !at.step.skippable {
        return Err(ChangeError::NotSkippable(at.step.title.clone()));
    }
    let reason = required_text(reason, "the reason the step does not apply")?;
    set_status(run, at, StepStatus::NotApplicable { reason }, log);
    Ok(Applied::focus(next_step(template, at)))
}

/// Opens a closed or blocked step again; an open step stays as it is.
pub(super) fn reopen(
    run: &mut Run,
    template: &Template,
    step: &str,
    log: &mut ChangeLog,
) -> Result<Applied, ChangeError> {
    let at = StepAt::find(template, step)?;
    if matches!(
        run.steps[at.index].status,
        StepStatus::NotStarted | StepStatus::InProgress
    ) {
        return Ok(Applied::default());
    }
    set_status(run, at, StepStatus::InProgress, log);
    Ok(Applied::default())
}

fn next_step(template: &Template, at: StepAt) -> Option<String> {
    template.steps.get(at.index + 1).map(|s| s.id.clone())
}

/// Moves a step to `status`, recording who closed it and the person then
/// named for its role (or clearing both), and logging the old and new status
/// with any reason.
pub(super) fn set_status(run: &mut Run, at: StepAt, status: StepStatus, log: &mut ChangeLog) {
    let responsible = status.is_closed().then(|| {
        run.assignments
            .get(&at.step.role)
            .map_or_else(String::new, |name| name.trim().to_owned())
    });
    let state = &mut run.steps[at.index];
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
    state.responsible = responsible;
    state.status = status;
    log.add(
        format!("{} · status", at.label()),
        Subject::None,
        Some(old),
        Some(detail),
    );
}
