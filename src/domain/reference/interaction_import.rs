//! Importing past interactions from a spreadsheet.
//!
//! Each row names its customer by company and/or contact; the preview joins it
//! to the one customer of the run with that name, who must be a reference
//! (have a profile), as when an interaction is picked by hand. A row naming no
//! customer, or several, is listed as unreadable: an interaction joined by a
//! guess would count toward the wrong customer's usage.

use std::collections::BTreeMap;

use crate::domain::run::Run;
use crate::domain::template::Template;
use crate::domain::value::FieldValue;

use super::csv_import::{
    self, COMPANY_HINTS, Cells, CsvImport, ImportColumn, Mapping, date, option,
};
use super::customer::{Customer, CustomerBook, PickFor};
use super::extract::extract;
use super::ids::interactions as int;
use super::model::{ReferenceType, ResponseStatus};

/// An interaction column a CSV column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InteractionColumn {
    /// The customer's company.
    Company,
    /// The customer's contact person.
    Contact,
    /// Reference type of the activity.
    ReferenceType,
    /// The day the request was sent.
    RequestedOn,
    /// The response.
    Response,
    /// The day the activity was completed.
    CompletedOn,
    /// Audience.
    Audience,
    /// What was done.
    Activity,
    /// Customer feedback.
    Feedback,
    /// Issues raised.
    Issues,
}

impl InteractionColumn {
    /// Every column, in template order after the customer.
    pub const ALL: &'static [InteractionColumn] = &[
        InteractionColumn::Company,
        InteractionColumn::Contact,
        InteractionColumn::ReferenceType,
        InteractionColumn::Audience,
        InteractionColumn::RequestedOn,
        InteractionColumn::Response,
        InteractionColumn::CompletedOn,
        InteractionColumn::Activity,
        InteractionColumn::Feedback,
        InteractionColumn::Issues,
    ];
}

impl ImportColumn for InteractionColumn {
    fn all() -> &'static [Self] {
        InteractionColumn::ALL
    }

    fn key(self) -> &'static str {
        match self {
            InteractionColumn::Company => "company",
            InteractionColumn::Contact => "contact",
            InteractionColumn::ReferenceType => int::REQUEST_TYPE,
            InteractionColumn::RequestedOn => int::REQUEST_DATE,
            InteractionColumn::Response => int::RESPONSE_STATUS,
            InteractionColumn::CompletedOn => int::COMPLETED_ON,
            InteractionColumn::Audience => int::AUDIENCE,
            InteractionColumn::Activity => int::ACTIVITY,
            InteractionColumn::Feedback => int::FEEDBACK,
            InteractionColumn::Issues => int::ISSUES,
        }
    }

    fn label(self) -> &'static str {
        match self {
            InteractionColumn::Company => "Company",
            InteractionColumn::Contact => "Contact",
            InteractionColumn::ReferenceType => "Reference type",
            InteractionColumn::RequestedOn => "Requested on",
            InteractionColumn::Response => "Response",
            InteractionColumn::CompletedOn => "Completed on",
            InteractionColumn::Audience => "Audience",
            InteractionColumn::Activity => "What was done",
            InteractionColumn::Feedback => "Customer feedback",
            InteractionColumn::Issues => "Issues raised",
        }
    }

    fn hints(self) -> &'static [&'static str] {
        match self {
            InteractionColumn::Company => COMPANY_HINTS,
            InteractionColumn::Contact => {
                &["contact", "contact name", "name", "reference", "full name"]
            }
            InteractionColumn::ReferenceType => {
                &["reference type", "type", "request type", "activity type"]
            }
            InteractionColumn::RequestedOn => &[
                "requested on",
                "request date",
                "requested",
                "date requested",
                "date",
            ],
            InteractionColumn::Response => &["response", "response status", "status", "outcome"],
            InteractionColumn::CompletedOn => &[
                "completed on",
                "completed",
                "date completed",
                "completion date",
            ],
            InteractionColumn::Audience => &["audience", "prospect", "requester"],
            InteractionColumn::Activity => &["what was done", "activity", "description"],
            InteractionColumn::Feedback => &["customer feedback", "feedback"],
            InteractionColumn::Issues => &["issues raised", "issues", "problems"],
        }
    }
}

/// Which interaction column each CSV column fills.
pub type InteractionMapping = Mapping<InteractionColumn>;

/// Why an interaction row could not be read.
pub type RowProblem = csv_import::RowProblem<InteractionColumn>;

/// An interaction row left out, with every reason.
pub type RejectedRow = csv_import::RejectedRow<InteractionColumn>;

/// An interaction that will be added, joined to its customer.
#[derive(Debug, Clone, PartialEq)]
pub struct InteractionRow {
    /// Line in the file, from 1.
    pub line: usize,
    /// The customer's step 2 candidate row, which the interaction picks.
    pub candidate: u32,
    /// How the customer reads, for the preview.
    pub customer: String,
    /// The interaction's other values, by column id.
    pub values: BTreeMap<String, FieldValue>,
}

/// What an interaction import would add and leave out under one mapping.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InteractionPreview {
    /// Rows that will be added.
    pub rows: Vec<InteractionRow>,
    /// Rows that will not, with why.
    pub rejected: Vec<RejectedRow>,
}

/// What `mapping` would add from `csv` to `run` (of `template`), joined to
/// the run's customers as they are now, and what it leaves out.
pub fn preview(
    csv: &CsvImport,
    mapping: &InteractionMapping,
    run: &Run,
    template: &Template,
) -> InteractionPreview {
    let directory = extract(std::slice::from_ref(run), template).directory;
    let book = CustomerBook::new(&directory.candidates, &directory.references);
    let (rows, rejected) = csv.read_rows(mapping, |cells| read_row(cells, &book, &run.id));
    InteractionPreview { rows, rejected }
}

fn read_row(
    cells: &Cells<'_, InteractionColumn>,
    book: &CustomerBook,
    run_id: &str,
) -> Result<InteractionRow, Vec<RowProblem>> {
    let mut problems = Vec::new();
    let customer = match customer_of(cells, book, run_id) {
        Ok(c) => Some(c),
        Err(problem) => {
            problems.push(problem);
            None
        }
    };
    let mut values = BTreeMap::new();
    for (column, text) in cells.given() {
        match read_cell(column, text) {
            Ok(Some(value)) => {
                values.insert(column.key().to_owned(), value);
            }
            Ok(None) => {}
            Err(problem) => problems.push(problem),
        }
    }
    match customer {
        Some(c) if problems.is_empty() => Ok(InteractionRow {
            line: cells.line,
            candidate: c.key.row_id,
            customer: c.display_name(),
            values,
        }),
        _ => Err(problems),
    }
}

/// The one reference of the run the row names: by company and contact when
/// both are given, else by whichever is, and only when unambiguous.
fn customer_of<'b>(
    cells: &Cells<'_, InteractionColumn>,
    book: &'b CustomerBook,
    run_id: &str,
) -> Result<&'b Customer, RowProblem> {
    let company = cells.get(InteractionColumn::Company);
    let contact = cells.get(InteractionColumn::Contact);
    let (found, typed) = match (company, contact) {
        (Some(company), Some(contact)) => (
            book.same_customer(run_id, company, contact),
            format!("{contact} ({company})"),
        ),
        (Some(one), None) | (None, Some(one)) => (book.named(run_id, one), one.to_owned()),
        (None, None) => return Err(RowProblem::NoCustomer),
    };
    // A customer known only from an older profile has no candidate to pick.
    let customer = found
        .filter(|c| !c.legacy_profile)
        .ok_or(RowProblem::UnknownCustomer(typed))?;
    book.check_pick(run_id, PickFor::Interaction, &customer.id)
        .map_err(|_| RowProblem::NoProfile(customer.display_name()))?;
    Ok(customer)
}

/// One given cell as the value the interaction stores; `None` for the
/// customer's columns, which are joined rather than stored.
fn read_cell(column: InteractionColumn, text: &str) -> Result<Option<FieldValue>, RowProblem> {
    let choice = |id: &str| FieldValue::Choice(id.to_owned());
    Ok(Some(match column {
        InteractionColumn::Company | InteractionColumn::Contact => return Ok(None),
        InteractionColumn::ReferenceType => {
            choice(option(column, ReferenceType::ALL, text, |t| (t.id(), t.label()))?.id())
        }
        InteractionColumn::Response => {
            choice(option(column, ResponseStatus::ALL, text, |r| (r.id(), r.label()))?.id())
        }
        InteractionColumn::RequestedOn | InteractionColumn::CompletedOn => {
            FieldValue::Date(date(column, text)?)
        }
        InteractionColumn::Audience
        | InteractionColumn::Activity
        | InteractionColumn::Feedback
        | InteractionColumn::Issues => FieldValue::Text(text.to_owned()),
    }))
}
