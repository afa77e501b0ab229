//! Why a change was refused, as a value the view shows as is.

use std::fmt;

use crate::domain::completion::Missing;

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
    /// The step may not be skipped: the record depends on it.
    NotSkippable(String),
    /// A reason, note or title is required and was empty.
    TextRequired(&'static str),
    /// The run cannot be changed at all (archived, or from a newer app); says why.
    ReadOnly(String),
    /// A rule of the run's procedure refuses this change; says which and why.
    NotAllowed(String),
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
            ChangeError::NotSkippable(title) => write!(
                f,
                "“{title}” cannot be marked not applicable: this SOP's record depends on it."
            ),
            ChangeError::TextRequired(what) => write!(f, "Please give {what}."),
            ChangeError::ReadOnly(why) | ChangeError::NotAllowed(why) => f.write_str(why),
        }
    }
}
