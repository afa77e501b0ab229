//! Importing references from a spreadsheet: each row is a customer (company
//! and contact) with its profile and its consent per use.
//!
//! The file is mapped and previewed as a candidate import is
//! ([`super::csv_import`]); what a row becomes in the run (a new customer or
//! an update of the one with the same company and contact) is decided when it
//! is added, by
//! [`import_references`](super::actions::import_references::import_references),
//! since only the run knows who is there already.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::domain::value::FieldValue;

use super::candidate_import::ImportedRow;
use super::csv_import::{
    self, COMPANY_HINTS, Cells, CsvImport, ImportColumn, Mapping, date, option, options,
};
use super::ids::{candidates as cand, references as refs};
use super::model::{Availability, ConsentStatus, ConsentUse, ReferenceStatus, ReferenceType};

/// A reference column a CSV column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReferenceColumn {
    /// Company (required for every row).
    Company,
    /// Contact person.
    Contact,
    /// Email.
    Email,
    /// Phone.
    Phone,
    /// Job title.
    Title,
    /// Industry.
    Industry,
    /// Product(s) used.
    Product,
    /// Approved reference types, by option label or id.
    ApprovedTypes,
    /// Preferred topics.
    PreferredTopics,
    /// Region.
    Region,
    /// Time zone.
    TimeZone,
    /// Availability.
    Availability,
    /// Availability constraints in words.
    AvailabilityNotes,
    /// Reference status.
    Status,
    /// The consent status for one use.
    Consent(ConsentUse),
    /// The last day the consent for one use holds.
    ConsentExpires(ConsentUse),
}

/// Short names so the column table below stays readable.
use ConsentUse::{Logo, PublicCaseStudy, Quotes, Recordings, SalesCall};
use ReferenceColumn::{Consent, ConsentExpires};

impl ReferenceColumn {
    /// Every column, profile first, then consent per use.
    pub const ALL: &'static [ReferenceColumn] = &[
        ReferenceColumn::Company,
        ReferenceColumn::Contact,
        ReferenceColumn::Email,
        ReferenceColumn::Phone,
        ReferenceColumn::Title,
        ReferenceColumn::Industry,
        ReferenceColumn::Product,
        ReferenceColumn::ApprovedTypes,
        ReferenceColumn::PreferredTopics,
        ReferenceColumn::Region,
        ReferenceColumn::TimeZone,
        ReferenceColumn::Availability,
        ReferenceColumn::AvailabilityNotes,
        ReferenceColumn::Status,
        Consent(Logo),
        ConsentExpires(Logo),
        Consent(Quotes),
        ConsentExpires(Quotes),
        Consent(Recordings),
        ConsentExpires(Recordings),
        Consent(PublicCaseStudy),
        ConsentExpires(PublicCaseStudy),
        Consent(SalesCall),
        ConsentExpires(SalesCall),
    ];

    /// The profile column this fills, if it is one.
    fn profile_column(self) -> Option<&'static str> {
        Some(match self {
            ReferenceColumn::Email => refs::EMAIL,
            ReferenceColumn::Phone => refs::PHONE,
            ReferenceColumn::Title => refs::TITLE,
            ReferenceColumn::Industry => refs::INDUSTRY,
            ReferenceColumn::Product => refs::PRODUCT,
            ReferenceColumn::ApprovedTypes => refs::APPROVED_TYPES,
            ReferenceColumn::PreferredTopics => refs::PREFERRED_TOPICS,
            ReferenceColumn::Region => refs::REGION,
            ReferenceColumn::TimeZone => refs::TIME_ZONE,
            ReferenceColumn::Availability => refs::AVAILABILITY,
            ReferenceColumn::AvailabilityNotes => refs::AVAILABILITY_NOTES,
            ReferenceColumn::Status => refs::STATUS,
            _ => return None,
        })
    }
}

impl ImportColumn for ReferenceColumn {
    fn all() -> &'static [Self] {
        ReferenceColumn::ALL
    }

    fn key(self) -> &'static str {
        match self {
            ReferenceColumn::Company => cand::COMPANY,
            ReferenceColumn::Contact => cand::CONTACT,
            Consent(Logo) => "consent-logo",
            Consent(Quotes) => "consent-quotes",
            Consent(Recordings) => "consent-recordings",
            Consent(PublicCaseStudy) => "consent-public-case-study",
            Consent(SalesCall) => "consent-sales-call",
            ConsentExpires(Logo) => "consent-logo-expires-on",
            ConsentExpires(Quotes) => "consent-quotes-expires-on",
            ConsentExpires(Recordings) => "consent-recordings-expires-on",
            ConsentExpires(PublicCaseStudy) => "consent-public-case-study-expires-on",
            ConsentExpires(SalesCall) => "consent-sales-call-expires-on",
            profile => profile.profile_column().unwrap_or_default(),
        }
    }

    fn label(self) -> &'static str {
        match self {
            ReferenceColumn::Company => "Company",
            ReferenceColumn::Contact => "Contact",
            ReferenceColumn::Email => "Email",
            ReferenceColumn::Phone => "Phone",
            ReferenceColumn::Title => "Job title",
            ReferenceColumn::Industry => "Industry",
            ReferenceColumn::Product => "Product used",
            ReferenceColumn::ApprovedTypes => "Approved reference types",
            ReferenceColumn::PreferredTopics => "Preferred topics",
            ReferenceColumn::Region => "Region",
            ReferenceColumn::TimeZone => "Time zone",
            ReferenceColumn::Availability => "Availability",
            ReferenceColumn::AvailabilityNotes => "Availability constraints",
            ReferenceColumn::Status => "Status",
            Consent(Logo) => "Logo consent",
            Consent(Quotes) => "Quotes consent",
            Consent(Recordings) => "Recordings consent",
            Consent(PublicCaseStudy) => "Public case study consent",
            Consent(SalesCall) => "Sales call consent",
            ConsentExpires(Logo) => "Logo consent expires on",
            ConsentExpires(Quotes) => "Quotes consent expires on",
            ConsentExpires(Recordings) => "Recordings consent expires on",
            ConsentExpires(PublicCaseStudy) => "Public case study consent expires on",
            ConsentExpires(SalesCall) => "Sales call consent expires on",
        }
    }

    fn hints(self) -> &'static [&'static str] {
        match self {
            ReferenceColumn::Company => COMPANY_HINTS,
            ReferenceColumn::Contact => &[
                "contact",
                "contact name",
                "name",
                "full name",
                "reference",
                "primary contact",
            ],
            ReferenceColumn::Email => &["email", "e mail", "email address", "mail"],
            ReferenceColumn::Phone => &["phone", "telephone", "phone number", "mobile"],
            ReferenceColumn::Title => &["job title", "title", "role", "position"],
            ReferenceColumn::Industry => &["industry", "sector", "vertical"],
            ReferenceColumn::Product => &["product", "products", "product used"],
            ReferenceColumn::ApprovedTypes => &[
                "approved reference types",
                "approved types",
                "reference types",
            ],
            ReferenceColumn::PreferredTopics => &["preferred topics", "topics"],
            ReferenceColumn::Region => &["region", "geography", "geo"],
            ReferenceColumn::TimeZone => &["time zone", "timezone", "tz"],
            ReferenceColumn::Availability => &["availability"],
            ReferenceColumn::AvailabilityNotes => &[
                "availability constraints",
                "availability notes",
                "constraints",
            ],
            ReferenceColumn::Status => &["status", "reference status"],
            Consent(Logo) => &["logo consent", "consent logo"],
            Consent(Quotes) => &["quotes consent", "quote consent", "consent quotes"],
            Consent(Recordings) => &[
                "recordings consent",
                "recording consent",
                "consent recordings",
            ],
            Consent(PublicCaseStudy) => &[
                "public case study consent",
                "case study consent",
                "consent public case study",
            ],
            Consent(SalesCall) => &[
                "sales call consent",
                "sales calls consent",
                "consent sales call",
            ],
            ConsentExpires(Logo) => &[
                "logo consent expires on",
                "logo consent expires",
                "logo consent expiry",
            ],
            ConsentExpires(Quotes) => &[
                "quotes consent expires on",
                "quotes consent expires",
                "quotes consent expiry",
            ],
            ConsentExpires(Recordings) => &[
                "recordings consent expires on",
                "recordings consent expires",
                "recordings consent expiry",
            ],
            ConsentExpires(PublicCaseStudy) => &[
                "public case study consent expires on",
                "public case study consent expires",
                "public case study consent expiry",
            ],
            ConsentExpires(SalesCall) => &[
                "sales call consent expires on",
                "sales call consent expires",
                "sales call consent expiry",
            ],
        }
    }
}

/// Which reference column each CSV column fills.
pub type ReferenceMapping = Mapping<ReferenceColumn>;

/// Why a reference row could not be read.
pub type RowProblem = csv_import::RowProblem<ReferenceColumn>;

/// A reference row left out, with every reason.
pub type RejectedRow = csv_import::RejectedRow<ReferenceColumn>;

/// The consent one row gives for one use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsentCell {
    /// The use.
    pub consent_use: ConsentUse,
    /// Its status.
    pub status: ConsentStatus,
    /// The last day it holds, when the file says.
    pub expires_on: Option<NaiveDate>,
}

/// A row that will be added or will update its reference.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferenceRow {
    /// The customer as a candidate row: company and contact (how an existing
    /// customer is found), and the industry and product a new one is given.
    pub customer: ImportedRow,
    /// The profile's values, by profile column id.
    pub profile: BTreeMap<String, FieldValue>,
    /// The consent given per use, in use order.
    pub consents: Vec<ConsentCell>,
}

impl ReferenceRow {
    /// Line in the file, from 1.
    pub fn line(&self) -> usize {
        self.customer.line
    }
}

/// What a reference import would bring in and leave out under one mapping.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReferencePreview {
    /// Rows that will be added or update their reference.
    pub rows: Vec<ReferenceRow>,
    /// Rows that will not, with why.
    pub rejected: Vec<RejectedRow>,
}

/// What `mapping` would bring in from `csv` and leave out.
pub fn preview(csv: &CsvImport, mapping: &ReferenceMapping) -> ReferencePreview {
    let (rows, rejected) = csv.read_rows(mapping, read_row);
    ReferencePreview { rows, rejected }
}

fn read_row(cells: &Cells<'_, ReferenceColumn>) -> Result<ReferenceRow, Vec<RowProblem>> {
    let mut problems = Vec::new();
    let mut customer = BTreeMap::new();
    let mut profile = BTreeMap::new();
    let mut statuses = BTreeMap::new();
    let mut expiries = BTreeMap::new();
    let text = |t: &str| FieldValue::Text(t.to_owned());
    for (column, cell) in cells.given() {
        let read = match column {
            ReferenceColumn::Company | ReferenceColumn::Contact => {
                customer.insert(column.key().to_owned(), text(cell));
                Ok(())
            }
            Consent(consent_use) => {
                option(column, ConsentStatus::ALL, cell, |s| (s.id(), s.label())).map(|s| {
                    statuses.insert(consent_use, s);
                })
            }
            ConsentExpires(consent_use) => date(column, cell).map(|d| {
                expiries.insert(consent_use, d);
            }),
            profile_column => read_profile_cell(profile_column, cell).map(|value| {
                if let Some(id) = profile_column.profile_column() {
                    profile.insert(id.to_owned(), value);
                }
            }),
        };
        if let Err(problem) = read {
            problems.push(problem);
        }
    }
    if !customer.contains_key(cand::COMPANY) {
        problems.insert(0, RowProblem::NoCompany);
    }
    for consent_use in expiries.keys() {
        if !statuses.contains_key(consent_use) {
            problems.push(RowProblem::Without {
                column: ConsentExpires(*consent_use),
                needs: Consent(*consent_use),
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    // A new customer is entered with what its candidate row would show.
    for (from, to) in [
        (refs::INDUSTRY, cand::INDUSTRY),
        (refs::PRODUCT, cand::PRODUCT),
    ] {
        if let Some(value) = profile.get(from) {
            customer.insert(to.to_owned(), value.clone());
        }
    }
    Ok(ReferenceRow {
        customer: ImportedRow {
            line: cells.line,
            values: customer,
        },
        profile,
        consents: statuses
            .into_iter()
            .map(|(consent_use, status)| ConsentCell {
                consent_use,
                status,
                expires_on: expiries.get(&consent_use).copied(),
            })
            .collect(),
    })
}

/// One given cell of a profile column as the value the profile stores.
fn read_profile_cell(column: ReferenceColumn, cell: &str) -> Result<FieldValue, RowProblem> {
    let choice = |id: &str| FieldValue::Choice(id.to_owned());
    match column {
        ReferenceColumn::ApprovedTypes => {
            options(column, ReferenceType::ALL, cell, |t| (t.id(), t.label())).map(|types| {
                FieldValue::Choices(
                    types
                        .unwrap_or_default()
                        .into_iter()
                        .map(|t| t.id().to_owned())
                        .collect(),
                )
            })
        }
        ReferenceColumn::Availability => {
            option(column, Availability::ALL, cell, |a| (a.id(), a.label())).map(|a| choice(a.id()))
        }
        ReferenceColumn::Status => {
            option(column, ReferenceStatus::ALL, cell, |s| (s.id(), s.label()))
                .map(|s| choice(s.id()))
        }
        _ => Ok(FieldValue::Text(cell.to_owned())),
    }
}
