//! SOP templates: the definition a run follows.
//!
//! Templates are plain data (JSON files under `src/templates/`) so that an SOP
//! reads like the procedure itself and can change without touching code.

use serde::{Deserialize, Serialize};

/// A complete SOP definition. Runs pin `id` + `version`, so a published
/// version must never change meaning; edit by bumping `version`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// Stable machine id, used in URLs and stored runs.
    pub id: String,
    /// Bumped on every change so existing runs keep the version they began with.
    pub version: u32,
    /// Human title shown in the catalogue.
    pub title: String,
    /// One or two sentences telling a visitor when to use this SOP.
    pub summary: String,
    /// Every role a step or an outcome may name.
    pub roles: Vec<Role>,
    /// The procedure, in the order it is carried out.
    pub steps: Vec<Step>,
}

/// A responsibility in the procedure; a run assigns a person to each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Referenced by steps and outcomes.
    pub id: String,
    /// Shown to people, e.g. "Content owner".
    pub name: String,
    /// What the role is accountable for, so an assignee knows what they signed up to.
    #[serde(default)]
    pub description: String,
}

/// One step of the procedure with everything it must verify and record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Stable id; used in deep links and stored runs.
    pub id: String,
    /// Short imperative title shown in the step list.
    pub title: String,
    /// Role id accountable for the step.
    pub role: String,
    /// What to do, in the project's own words.
    pub instruction: String,
    /// Default due date, derived when the run is created or the previous step completes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<DueRule>,
    /// Verifiable items the responsible person ticks; all must be ticked to complete.
    #[serde(default)]
    pub checks: Vec<Check>,
    /// Records the step keeps.
    #[serde(default)]
    pub fields: Vec<Field>,
    /// Named branches and escalations the source procedure allows from this step.
    #[serde(default)]
    pub outcomes: Vec<Outcome>,
}

/// A tick-box confirmation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// Stable id within the step.
    pub id: String,
    /// What the person confirms by ticking.
    pub label: String,
}

/// A value the step records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Stable id within the step (or within its parent list).
    pub id: String,
    /// Visible label; also the accessible name of the input.
    pub label: String,
    /// The kind of value and its options.
    pub kind: FieldKind,
    /// Whether the step can be completed without it.
    #[serde(default)]
    pub required: bool,
    /// Optional hint shown under the input.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub help: String,
}

/// Every kind of value a field may hold; drives both the input widget and validation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum FieldKind {
    /// One line of text.
    ShortText,
    /// Several lines of text.
    LongText,
    /// A calendar date.
    Date,
    /// A local date and time, as the person entered it.
    DateTime,
    /// A number, with an optional unit shown next to the input.
    Number {
        /// e.g. "minutes".
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<String>,
    },
    /// Yes or no.
    YesNo,
    /// Exactly one of the options.
    SingleChoice {
        /// The allowed answers.
        options: Vec<Choice>,
    },
    /// Any number of the options.
    MultipleChoice {
        /// The allowed answers.
        options: Vec<Choice>,
    },
    /// A person's name (and optionally how to reach them).
    Person,
    /// A web address.
    Url,
    /// A table of records, each with its own sub-fields; required means at least one row.
    List {
        /// The columns of each record.
        fields: Vec<Field>,
    },
}

/// One allowed answer of a choice field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// Stored value.
    pub id: String,
    /// Shown value.
    pub label: String,
}

/// A branch or escalation the procedure names, e.g. "consent missing".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    /// Stable id within the step.
    pub id: String,
    /// Button text, e.g. "Consent missing or customer unavailable".
    pub label: String,
    /// What taking this outcome means and what happens next.
    pub description: String,
    /// Role the issue is escalated to, if the outcome is an escalation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalate_to: Option<String>,
    /// Step the run returns to (a loop) or jumps to; `None` keeps the run on this step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub go_to: Option<String>,
}

/// How a step's default due date is derived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DueRule {
    /// What the offset counts from.
    pub from: DueAnchor,
    /// Calendar days after the anchor.
    pub days: u32,
}

/// The moment a derived due date counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DueAnchor {
    /// The day the run was created.
    RunStart,
    /// The day the previous step was completed.
    PreviousStep,
}

impl Template {
    /// Looks a step up by id; runs and URLs refer to steps by id.
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }

    /// Position of a step, for "step N of M" and previous/next navigation.
    pub fn step_index(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.id == id)
    }

    /// Looks a role up by id.
    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.id == id)
    }

    /// Display name of a role, falling back to the id so a typo never hides a step.
    pub fn role_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.role(id).map(|r| r.name.as_str()).unwrap_or(id)
    }
}

impl Step {
    /// Looks a field up by id.
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }

    /// Looks a check up by id.
    pub fn check(&self, id: &str) -> Option<&Check> {
        self.checks.iter().find(|c| c.id == id)
    }

    /// Looks an outcome up by id.
    pub fn outcome(&self, id: &str) -> Option<&Outcome> {
        self.outcomes.iter().find(|o| o.id == id)
    }
}

impl Field {
    /// Sub-fields of a list field; empty for every other kind.
    pub fn sub_fields(&self) -> &[Field] {
        match &self.kind {
            FieldKind::List { fields } => fields,
            _ => &[],
        }
    }
}

impl FieldKind {
    /// Options of a choice field; empty for every other kind.
    pub fn options(&self) -> &[Choice] {
        match self {
            FieldKind::SingleChoice { options } | FieldKind::MultipleChoice { options } => options,
            _ => &[],
        }
    }
}
