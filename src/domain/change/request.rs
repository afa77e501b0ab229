//! The changes a person can ask for, as plain data: the UI builds them, and
//! [`Run::apply`](crate::domain::run::Run::apply) judges and carries them out.

use chrono::NaiveDate;

use crate::domain::value::FieldValue;

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
