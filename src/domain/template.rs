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
    /// How the run's main product reads as a document on the summary (e.g. the
    /// finished customer story), when the SOP produces one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<DocumentSpec>,
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
    /// Extra conditions for completing the step, beyond required checks and fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gates: Vec<Gate>,
    /// Each completion keeps a numbered copy of the step's values (a draft's versions).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub versioned: bool,
    /// Whether the step may be marked not applicable (with a reason). Steps the
    /// record depends on (consent, reviews, approvals, publication) may not.
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub skippable: bool,
    /// Steps that must be closed before this one can be completed; when absent,
    /// the previous step (none for the first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depends_on: Option<Vec<String>>,
    /// The versioned step this step reviews (brand review of the draft): it
    /// cannot be completed before that step has a version, records which version
    /// it reviewed, and is reopened when a new version is completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviews: Option<String>,
}

fn yes() -> bool {
    true
}

fn is_yes(value: &bool) -> bool {
    *value
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
    /// Required only when another field of the same record or step has a given value
    /// (e.g. the reason a candidate was dropped).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_when: Option<Condition>,
    /// Filled by the app, not typed: the current version number of this versioned
    /// step whenever another value of the record changes (an approval's version).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stamp_version_of: Option<String>,
    /// With `stamp_version_of` or `stamp_name_from`: only a change of this
    /// column stamps the record (the decision), so editing another cell never
    /// moves the stamp; clearing it clears the stamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stamp_on: Option<String>,
    /// Filled by the app, not typed: with `stamp_on`, the name of the person
    /// the record names, kept when the decision is given, so a later change
    /// on the Roles form changes who is asked next, never who decided. The
    /// first of these columns that names someone counts: a name as typed, or
    /// the person the Roles form names for a role chosen there.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stamp_name_from: Vec<String>,
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
    /// Records chosen from a list recorded in an earlier step, e.g. the verified
    /// outcomes a draft may cite. Only records meeting `only_when` can be chosen.
    Pick {
        /// The list the records come from.
        source: FieldRef,
        /// Column shown to identify a record.
        label_column: String,
        /// Column shown as attribution or detail next to the label, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        detail_column: Option<String>,
        /// Only records meeting this condition may be chosen.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        only_when: Option<Condition>,
        /// Several records, or exactly one.
        #[serde(default)]
        multiple: bool,
    },
}

/// A field in some step: `{"step": "interview", "field": "quotes"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldRef {
    /// Step id.
    pub step: String,
    /// Field id within the step.
    pub field: String,
}

/// "Field X has value V": a yes/no answer (`"yes"`/`"no"`) or a choice id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// Sibling field (or column, inside a record) to look at.
    pub field: String,
    /// The value it must have.
    pub equals: String,
}

/// An extra rule a step must satisfy before it can be completed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Gate {
    /// Every record of a list must meet a condition (e.g. every unsupported claim resolved).
    AllRows {
        /// The list.
        list: FieldRef,
        /// The condition on each record.
        condition: Condition,
        /// What the person is told while the gate is closed.
        message: String,
    },
    /// Every required approver has approved the current version of a versioned step.
    ApprovedCurrentVersion {
        /// The list of approvers.
        approvers: FieldRef,
        /// Column saying whether this approver is required (yes/no).
        required_column: String,
        /// Column holding the decision.
        decision_column: String,
        /// Choice id meaning "approved".
        approved: String,
        /// Column stamped with the version the decision was made on.
        version_column: String,
        /// The versioned step being approved.
        versioned_step: String,
        /// What the person is told while the gate is closed.
        message: String,
        /// Column naming the approver's role (a choice whose ids are role ids).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        role_column: Option<String>,
        /// Roles whose approval the procedure requires: a run starts with one
        /// approver record per role, and the gate needs each one's approval.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        required_roles: Vec<String>,
        /// Column with the approver's name; when empty, the person assigned to
        /// the record's role in the run's Roles form.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name_column: Option<String>,
        /// Column with the date of the decision, for the sign-off.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        date_column: Option<String>,
    },
}

/// Something taking an outcome does to the run's records, besides logging it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Effect {
    /// Records whose column has a value get another value and a reason (e.g. the
    /// selected candidate becomes dropped, with why): history is kept, not erased.
    UpdateRows {
        /// The list.
        list: FieldRef,
        /// Which records.
        when: Condition,
        /// Column to change.
        set_column: String,
        /// The new value (choice id or yes/no).
        to: String,
        /// Column that receives the outcome's note.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note_column: Option<String>,
    },
    /// Clears columns in every record (e.g. earlier approvals after a change request).
    ClearColumns {
        /// The list.
        list: FieldRef,
        /// Columns to clear.
        columns: Vec<String>,
    },
    /// Adds a record holding the outcome's note (e.g. a deviation log entry).
    AddRow {
        /// The list.
        list: FieldRef,
        /// Column that receives the outcome's note.
        note_column: String,
    },
}

/// How a run reads as a finished document on its summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentSpec {
    /// Heading of the document part of the summary, e.g. "The story".
    pub title: String,
    /// Field holding the document's headline.
    pub headline: FieldRef,
    /// Sections in reading order.
    pub sections: Vec<DocumentSection>,
    /// A pick field holding the featured quote (attributed by its detail column).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<FieldRef>,
    /// The versioned step whose current version the document shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub versioned_step: Option<String>,
    /// The approvals list printed as the document's approval record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approvals: Option<FieldRef>,
}

/// One section of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentSection {
    /// Section heading.
    pub heading: String,
    /// Field whose value is the section's body (text, or picked records).
    pub field: FieldRef,
    /// How each picked record reads, e.g. `{metric}: [{before} → ]{after}`:
    /// `{column}` is the column's value; a `[…]` part is left out when a
    /// column in it is empty. Without it, records read as everywhere else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
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
    /// Changes to records that taking the outcome makes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub effects: Vec<Effect>,
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

    /// The definition of a field anywhere in the template.
    pub fn field_at(&self, at: &FieldRef) -> Option<&Field> {
        self.step(&at.step)?.field(&at.field)
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
    /// Whether the app fills this column itself (a decision's version or the
    /// name of who decided): the person never types it.
    pub fn is_stamped(&self) -> bool {
        self.stamp_version_of.is_some() || !self.stamp_name_from.is_empty()
    }

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
