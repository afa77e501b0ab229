//! Who or what a record of a list is, for the first column of its table (or the
//! heading of its card): a record must say which one it is even when the name
//! it goes by is not typed in it, such as an approver named on the Roles form.

use super::picks::value_text;
use super::run::Run;
use super::stamps::named_person;
use super::template::{Field, Template};
use super::value::Row;

/// The name a record goes by, and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordName {
    /// The name as shown.
    pub text: String,
    /// Where the name is read from when it is not typed in the record.
    pub source: NameSource,
}

/// Where a record's name comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameSource {
    /// Typed (or picked) in the record's own column.
    Record,
    /// The person the Roles form names for the role the record chose: shown
    /// as such until a name is typed into `column`.
    Roles {
        /// The column a typed name would go into.
        column: &'static str,
    },
}

impl RecordName {
    /// Whether the name is read from somewhere else than the record itself,
    /// so the list shows it (a typed name is in its own column already).
    pub fn is_borrowed(&self) -> bool {
        !matches!(self.source, NameSource::Record)
    }
}

/// The name `row` of `list` goes by. A list whose records name a person (a
/// column stamps a name from `stamp_name_from`) reads that person: the name
/// typed, else the person the Roles form names for the chosen role. Any other
/// list reads its first column as it is shown everywhere (a picked record by
/// its label). `None` when the record names nothing yet.
pub fn record_name(
    template: &Template,
    run: &Run,
    list: &'static Field,
    row: &Row,
) -> Option<RecordName> {
    let columns = list.sub_fields();
    if let Some(stamp) = columns.iter().find(|c| !c.stamp_name_from.is_empty()) {
        let from = &stamp.stamp_name_from;
        let typed = from.first()?;
        if let Some(text) = named_person(template, run, row, [typed.as_str()]) {
            return Some(RecordName {
                text,
                source: NameSource::Record,
            });
        }
        let text = named_person(template, run, row, from.iter().skip(1).map(String::as_str))?;
        return Some(RecordName {
            text,
            source: NameSource::Roles { column: typed },
        });
    }
    let first = columns.first()?;
    let text = value_text(template, run, first, row.values.get(&first.id)?);
    (!text.trim().is_empty()).then_some(RecordName {
        text,
        source: NameSource::Record,
    })
}
