//! A run: one pass through a template by a person or a team.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::activity::entry::{ActivityEntry, author};
use super::activity::log::record;
use super::activity::subject::Subject;
use super::approvals::spec::ApprovalSpec;
use super::template::Template;
use super::value::{FieldValue, Row};

/// Everything recorded about one pass through an SOP. Pinned to the template
/// version it started from, so a later template change never rewrites history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Run {
    /// Unique id; also the storage key suffix and the URL segment.
    pub id: String,
    /// Template followed.
    pub template_id: String,
    /// Template version followed; new template versions only affect new runs.
    pub template_version: u32,
    /// Name the team gives this run, e.g. "Acme story, Q3".
    pub title: String,
    /// When the run was started.
    pub created_at: DateTime<Utc>,
    /// Last change of any kind.
    pub updated_at: DateTime<Utc>,
    /// When the whole run should be finished.
    #[serde(default)]
    pub target_date: Option<NaiveDate>,
    /// Role id to the person responsible, as typed.
    #[serde(default)]
    pub assignments: BTreeMap<String, String>,
    /// One state per template step, in template order.
    pub steps: Vec<StepState>,
    /// Controlled record of every change that matters.
    #[serde(default)]
    pub activity: Vec<ActivityEntry>,
    /// Set when the run was imported from a file that had been changed outside
    /// Runsheet; says what did not match. Shown on the run and its summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub altered_outside_app: Option<String>,
}

/// Where one step stands and what it has recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepState {
    /// Template step this state belongs to.
    pub step_id: String,
    /// Progress of the step.
    #[serde(default)]
    pub status: StepStatus,
    /// Ids of ticked checks.
    #[serde(default)]
    pub checks: BTreeSet<String>,
    /// Field id to recorded value.
    #[serde(default)]
    pub values: BTreeMap<String, FieldValue>,
    /// Free notes about the step.
    #[serde(default)]
    pub notes: String,
    /// Who closed the step (done or not applicable).
    #[serde(default)]
    pub completed_by: Option<String>,
    /// When the step was closed.
    #[serde(default)]
    pub completed_at: Option<DateTime<Utc>>,
    /// The person the Roles form named for the step's role when it was closed
    /// (empty when nobody was), kept so the sign-off names who answered for
    /// the step then, not who holds the role today. `None` while the step is
    /// open, and for steps closed before Runsheet kept it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsible: Option<String>,
    /// Due date set by hand; overrides the template's derived date.
    #[serde(default)]
    pub due_override: Option<NaiveDate>,
    /// Every branch or escalation taken from this step, oldest first.
    #[serde(default)]
    pub outcomes_taken: Vec<OutcomeTaken>,
    /// Numbered copies of the values at each completion, for versioned steps (drafts).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<StepVersion>,
    /// For a step that reviews a versioned step: the version it was completed on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed_version: Option<u32>,
}

/// The values of a versioned step as they were when it was completed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepVersion {
    /// 1 for the first completion, then 2, 3…
    pub number: u32,
    /// When this version was completed.
    pub at: DateTime<Utc>,
    /// Who completed it.
    pub who: String,
    /// The step's values at that moment.
    pub values: BTreeMap<String, FieldValue>,
    /// The records its pick fields chose, as they read at that moment (pick
    /// field id to records), so the version keeps its quotes and figures even
    /// when the source list is edited later.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub picked: BTreeMap<String, Vec<Row>>,
}

/// Progress of one step.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum StepStatus {
    /// Nothing recorded yet.
    #[default]
    NotStarted,
    /// Work has begun.
    InProgress,
    /// Completed with every required check and field.
    Done,
    /// Cannot go on; says why and who it was escalated to.
    Blocked {
        /// Why the step cannot go on.
        reason: String,
        /// Person or role the problem went to.
        escalated_to: String,
    },
    /// Skipped on purpose, with the reason on record.
    NotApplicable {
        /// Why the step does not apply to this run.
        reason: String,
    },
}

/// A record of a branch or escalation taken, kept even after the run loops back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeTaken {
    /// Template outcome id.
    pub outcome_id: String,
    /// When it was taken.
    pub at: DateTime<Utc>,
    /// Who took it.
    pub who: String,
    /// What happened, in the person's words.
    pub note: String,
}

impl StepStatus {
    /// Done or not applicable: the step counts toward progress.
    pub fn is_closed(&self) -> bool {
        matches!(self, StepStatus::Done | StepStatus::NotApplicable { .. })
    }

    /// Short label for badges and filters.
    pub fn label(&self) -> &'static str {
        match self {
            StepStatus::NotStarted => "Not started",
            StepStatus::InProgress => "In progress",
            StepStatus::Done => "Done",
            StepStatus::Blocked { .. } => "Blocked",
            StepStatus::NotApplicable { .. } => "Not applicable",
        }
    }

    /// Stable machine name, for CSS classes and test hooks.
    pub fn key(&self) -> &'static str {
        match self {
            StepStatus::NotStarted => "not-started",
            StepStatus::InProgress => "in-progress",
            StepStatus::Done => "done",
            StepStatus::Blocked { .. } => "blocked",
            StepStatus::NotApplicable { .. } => "not-applicable",
        }
    }
}

impl StepState {
    /// Number of the latest version (0 before the first completion).
    pub fn current_version(&self) -> u32 {
        self.versions.last().map_or(0, |v| v.number)
    }

    /// A fresh state for a template step.
    pub fn new(step_id: &str) -> Self {
        StepState {
            step_id: step_id.to_owned(),
            status: StepStatus::NotStarted,
            checks: BTreeSet::new(),
            values: BTreeMap::new(),
            notes: String::new(),
            completed_by: None,
            completed_at: None,
            responsible: None,
            due_override: None,
            outcomes_taken: Vec::new(),
            versions: Vec::new(),
            reviewed_version: None,
        }
    }
}

impl Run {
    /// Starts a run of `template`; the first log entry records who started it.
    pub fn start(
        template: &Template,
        id: String,
        title: String,
        who: &str,
        now: DateTime<Utc>,
    ) -> Run {
        let mut run = Run {
            id,
            template_id: template.id.clone(),
            template_version: template.version,
            title: title.trim().to_owned(),
            created_at: now,
            updated_at: now,
            target_date: None,
            assignments: BTreeMap::new(),
            steps: template
                .steps
                .iter()
                .map(|s| StepState::new(&s.id))
                .collect(),
            activity: Vec::new(),
            altered_outside_app: None,
        };
        // The approvers the procedure requires are on the list from the start,
        // so nobody has to remember whom the SOP names.
        if let Some(spec) = ApprovalSpec::in_template(template) {
            let list = spec.approvers();
            let seed = spec.seed_rows();
            if let (Some(index), false) = (template.step_index(&list.step), seed.is_empty()) {
                run.steps[index]
                    .values
                    .insert(list.field.clone(), FieldValue::Rows(seed));
            }
        }
        let started = ActivityEntry::new(
            now,
            author(who),
            format!(
                "Run started from “{}” version {}",
                template.title, template.version
            ),
            Subject::None,
            None,
            Some(run.title.clone()),
        );
        record(&mut run.activity, started);
        run
    }

    /// State of a step by id.
    pub fn step(&self, step_id: &str) -> Option<&StepState> {
        self.steps.iter().find(|s| s.step_id == step_id)
    }

    /// Mutable state of a step by id.
    pub fn step_mut(&mut self, step_id: &str) -> Option<&mut StepState> {
        self.steps.iter_mut().find(|s| s.step_id == step_id)
    }

    /// The records of a list field of the step at `index`; none when the step or
    /// field is unknown or holds something else (a hand-edited file).
    pub fn rows(&self, index: usize, field: &str) -> &[Row] {
        match self.steps.get(index).and_then(|s| s.values.get(field)) {
            Some(FieldValue::Rows(rows)) => rows,
            _ => &[],
        }
    }

    /// One record of a list field by its id.
    pub fn row(&self, index: usize, field: &str, id: u32) -> Option<&Row> {
        self.rows(index, field).iter().find(|r| r.id == id)
    }

    /// Starts a run of `template` with values carried over from an earlier
    /// run (`from`, its title): each `(step id, field id, value)` is recorded
    /// in that step, which is then in progress, for the person to check and
    /// complete. Values the template has no place for, or of the wrong kind,
    /// are left out. One log entry per step says what was carried.
    pub fn start_carrying(
        template: &Template,
        id: String,
        title: String,
        who: &str,
        now: DateTime<Utc>,
        from: &str,
        values: Vec<(String, String, FieldValue)>,
    ) -> Run {
        let mut run = Run::start(template, id, title, who, now);
        for (step_id, field_id, value) in values {
            let (Some(index), Some(field)) = (
                template.step_index(&step_id),
                template.step(&step_id).and_then(|s| s.field(&field_id)),
            ) else {
                continue;
            };
            if !value.fits(&field.kind) {
                continue;
            }
            let what = format!(
                "Step {} · {}: carried over from “{from}”",
                index + 1,
                field.label
            );
            let shown = value.display(field);
            let state = &mut run.steps[index];
            state.values.insert(field_id, value);
            if state.status == StepStatus::NotStarted {
                state.status = StepStatus::InProgress;
            }
            let entry =
                ActivityEntry::new(now, author(who), what, Subject::None, None, Some(shown));
            record(&mut run.activity, entry);
        }
        run
    }

    /// A copy under a new id, for reusing a run as the starting point of another.
    /// The copy keeps every value but starts its own log, which says where it came from.
    pub fn duplicate(&self, id: String, who: &str, now: DateTime<Utc>) -> Run {
        let mut copy = self.clone();
        copy.id = id;
        copy.title = format!("{} (copy)", self.title);
        copy.created_at = now;
        copy.updated_at = now;
        copy.activity = Vec::new();
        let entry = ActivityEntry::new(
            now,
            author(who),
            format!("Run duplicated from “{}”", self.title),
            Subject::None,
            None,
            Some(copy.title.clone()),
        );
        record(&mut copy.activity, entry);
        copy
    }
}
