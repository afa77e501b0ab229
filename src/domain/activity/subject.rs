//! What a log entry is about, as a typed value: consecutive edits of the same
//! subject by the same person merge into one entry, so the key must be exact.

/// The thing a change edited. Its [`key`](Subject::key) is stored in the entry
/// and covered by the hash chain, so the key format never changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject<'a> {
    /// An entry that never merges (status changes, added records, outcomes…).
    None,
    /// The run's title.
    Title,
    /// The person in a role.
    Role {
        /// Role id.
        role: &'a str,
    },
    /// The run's target date.
    TargetDate,
    /// A check of a step.
    Check {
        /// Step id.
        step: &'a str,
        /// Check id.
        check: &'a str,
    },
    /// A field of a step.
    Field {
        /// Step id.
        step: &'a str,
        /// Field id.
        field: &'a str,
    },
    /// One column of one record of a list field.
    RowColumn {
        /// Step id.
        step: &'a str,
        /// List field id.
        field: &'a str,
        /// Record id (stable, not the position).
        row: u32,
        /// Column id.
        column: &'a str,
    },
    /// The notes of a step.
    Notes {
        /// Step id.
        step: &'a str,
    },
    /// A due date set by hand.
    Due {
        /// Step id.
        step: &'a str,
    },
}

impl Subject<'_> {
    /// The stored key; empty for [`Subject::None`], which never merges.
    pub fn key(&self) -> String {
        match self {
            Subject::None => String::new(),
            Subject::Title => "title".to_owned(),
            Subject::Role { role } => format!("role.{role}"),
            Subject::TargetDate => "target".to_owned(),
            Subject::Check { step, check } => format!("{step}.check.{check}"),
            Subject::Field { step, field } => format!("{step}.field.{field}"),
            Subject::RowColumn {
                step,
                field,
                row,
                column,
            } => format!("{step}.field.{field}.{row}.{column}"),
            Subject::Notes { step } => format!("{step}.notes"),
            Subject::Due { step } => format!("{step}.due"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_the_format_stored_logs_were_hashed_with() {
        assert_eq!(Subject::None.key(), "");
        assert_eq!(Subject::Title.key(), "title");
        assert_eq!(Subject::Role { role: "owner" }.key(), "role.owner");
        assert_eq!(Subject::TargetDate.key(), "target");
        let check = Subject::Check {
            step: "s1",
            check: "c",
        };
        assert_eq!(check.key(), "s1.check.c");
        let field = Subject::Field {
            step: "s1",
            field: "f",
        };
        assert_eq!(field.key(), "s1.field.f");
        let cell = Subject::RowColumn {
            step: "s1",
            field: "f",
            row: 3,
            column: "c",
        };
        assert_eq!(cell.key(), "s1.field.f.3.c");
        assert_eq!(Subject::Notes { step: "s1" }.key(), "s1.notes");
        assert_eq!(Subject::Due { step: "s1" }.key(), "s1.due");
    }
}
