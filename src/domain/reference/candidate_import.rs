//! Importing candidates from a CRM export.
//!
//! CRM exports name their columns however the CRM likes, so the person maps
//! each CSV column to a candidate column ([`ColumnMapping`], with a guess from
//! the header to start from), sees the rows as they would be added
//! ([`ImportPreview::rows`]) and every row that could not be read with why
//! ([`ImportPreview::rejected`]), and only then adds them
//! ([`add_candidates`](super::actions::add_candidates::add_candidates)).
//! A row is either added whole or not at all, so nothing half-read lands in a run.

use std::collections::BTreeMap;

use crate::domain::value::FieldValue;

use super::csv_import::{
    self, COMPANY_HINTS, Cells, ImportColumn, Mapping, option, options, yes_no,
};
pub use super::csv_import::{CsvImport, ImportFileError, MAX_CSV_BYTES};
use super::ids::candidates as cand;
use super::join::normalize;
use super::model::{CandidateSource, Criterion, Health};

/// A candidate column a CSV column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CandidateColumn {
    /// Company (required for every row).
    Company,
    /// Contact person.
    Contact,
    /// Industry.
    Industry,
    /// Product used.
    Product,
    /// Where the candidate was found.
    Source,
    /// Account health.
    Health,
    /// Recent positive outcome (yes/no).
    RecentPositiveOutcome,
    /// Measurable value (yes/no).
    MeasurableValue,
    /// Advocacy potential (yes/no).
    AdvocacyPotential,
    /// Criteria met (a list).
    CriteriaMet,
    /// Notes.
    Notes,
}

impl CandidateColumn {
    /// Every column, in template order, for the mapping picker.
    pub const ALL: &'static [CandidateColumn] = &[
        CandidateColumn::Company,
        CandidateColumn::Contact,
        CandidateColumn::Industry,
        CandidateColumn::Product,
        CandidateColumn::Source,
        CandidateColumn::Health,
        CandidateColumn::RecentPositiveOutcome,
        CandidateColumn::MeasurableValue,
        CandidateColumn::AdvocacyPotential,
        CandidateColumn::CriteriaMet,
        CandidateColumn::Notes,
    ];

    /// The column id in the candidates list of the template.
    pub fn column_id(self) -> &'static str {
        match self {
            CandidateColumn::Company => cand::COMPANY,
            CandidateColumn::Contact => cand::CONTACT,
            CandidateColumn::Industry => cand::INDUSTRY,
            CandidateColumn::Product => cand::PRODUCT,
            CandidateColumn::Source => cand::SOURCE,
            CandidateColumn::Health => cand::HEALTH,
            CandidateColumn::RecentPositiveOutcome => cand::RECENT_WIN,
            CandidateColumn::MeasurableValue => cand::MEASURABLE_VALUE,
            CandidateColumn::AdvocacyPotential => cand::ADVOCACY_POTENTIAL,
            CandidateColumn::CriteriaMet => cand::CRITERIA_MET,
            CandidateColumn::Notes => cand::NOTES,
        }
    }

    /// The column's label.
    pub fn label(self) -> &'static str {
        match self {
            CandidateColumn::Company => "Company",
            CandidateColumn::Contact => "Contact",
            CandidateColumn::Industry => "Industry",
            CandidateColumn::Product => "Product used",
            CandidateColumn::Source => "Found in",
            CandidateColumn::Health => "Health",
            CandidateColumn::RecentPositiveOutcome => "Recent positive outcome",
            CandidateColumn::MeasurableValue => "Measurable value",
            CandidateColumn::AdvocacyPotential => "Strong advocacy potential",
            CandidateColumn::CriteriaMet => "Criteria met",
            CandidateColumn::Notes => "Notes",
        }
    }

    /// Header words that suggest this column, normalised.
    fn hints(self) -> &'static [&'static str] {
        match self {
            CandidateColumn::Company => COMPANY_HINTS,
            CandidateColumn::Contact => &[
                "contact",
                "contact name",
                "primary contact",
                "champion",
                "full name",
            ],
            CandidateColumn::Industry => &["industry", "sector", "vertical"],
            CandidateColumn::Product => &["product", "products", "product used", "plan"],
            CandidateColumn::Source => &["source", "found in"],
            CandidateColumn::Health => &["health", "health score", "account health"],
            CandidateColumn::RecentPositiveOutcome => &[
                "recent positive outcome",
                "recent win",
                "positive outcome",
                "win",
            ],
            CandidateColumn::MeasurableValue => &["measurable value", "roi", "value"],
            CandidateColumn::AdvocacyPotential => &[
                "advocacy potential",
                "strong advocacy potential",
                "advocate",
                "advocacy",
                "nps promoter",
            ],
            CandidateColumn::CriteriaMet => &["criteria met", "criteria", "qualifies"],
            CandidateColumn::Notes => &["notes", "note", "comments", "comment"],
        }
    }
}

impl ImportColumn for CandidateColumn {
    fn all() -> &'static [Self] {
        CandidateColumn::ALL
    }
    fn key(self) -> &'static str {
        self.column_id()
    }
    fn label(self) -> &'static str {
        CandidateColumn::label(self)
    }
    fn hints(self) -> &'static [&'static str] {
        CandidateColumn::hints(self)
    }
}

/// Which candidate column each CSV column fills.
pub type ColumnMapping = Mapping<CandidateColumn>;

/// Why a candidate row could not be read.
pub type RowProblem = csv_import::RowProblem<CandidateColumn>;

/// A candidate row left out, with every reason.
pub type RejectedRow = csv_import::RejectedRow<CandidateColumn>;

/// A row that will be added, as candidate column id to value.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedRow {
    /// Line in the file, from 1.
    pub line: usize,
    /// Values ready to store, by candidate column id.
    pub values: BTreeMap<String, FieldValue>,
}

/// What an import would add and leave out under one mapping.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportPreview {
    /// Rows that will be added.
    pub rows: Vec<ImportedRow>,
    /// Rows that will not, with why.
    pub rejected: Vec<RejectedRow>,
}

impl CsvImport {
    /// What `mapping` would add and leave out. Without a CRM source column,
    /// rows are marked as found in the CRM, since that is where the file came from.
    pub fn preview(&self, mapping: &ColumnMapping) -> ImportPreview {
        let (rows, rejected) = self.read_rows(mapping, |cells| {
            read_row(cells, mapping.column_of(CandidateColumn::Source).is_some())
        });
        ImportPreview { rows, rejected }
    }
}

fn read_row(
    cells: &Cells<'_, CandidateColumn>,
    source_mapped: bool,
) -> Result<ImportedRow, Vec<RowProblem>> {
    let mut problems = Vec::new();
    let mut values = BTreeMap::new();
    for (column, text) in cells.given() {
        match read_cell(column, text) {
            Ok(Some(value)) => {
                values.insert(column.column_id().to_owned(), value);
            }
            Ok(None) => {}
            Err(problem) => problems.push(problem),
        }
    }
    if !values.contains_key(cand::COMPANY) {
        problems.insert(0, RowProblem::NoCompany);
    }
    if !source_mapped {
        values.insert(
            cand::SOURCE.to_owned(),
            FieldValue::Choice(CandidateSource::Crm.id().to_owned()),
        );
    }
    if problems.is_empty() {
        Ok(ImportedRow {
            line: cells.line,
            values,
        })
    } else {
        Err(problems)
    }
}

/// One given (non-blank, trimmed) cell as a value for `column`; `Ok(None)`
/// for a list of criteria that names none.
fn read_cell(column: CandidateColumn, text: &str) -> Result<Option<FieldValue>, RowProblem> {
    let choice = |id: &str| FieldValue::Choice(id.to_owned());
    match column {
        CandidateColumn::Company
        | CandidateColumn::Contact
        | CandidateColumn::Industry
        | CandidateColumn::Product
        | CandidateColumn::Notes => Ok(FieldValue::Text(text.to_owned())),
        CandidateColumn::RecentPositiveOutcome
        | CandidateColumn::MeasurableValue
        | CandidateColumn::AdvocacyPotential => yes_no(column, text).map(FieldValue::Bool),
        CandidateColumn::Health => {
            let health = match normalize(text).as_str() {
                "green" | "good" => Ok(Health::Healthy),
                "yellow" | "amber" | "neutral" => Ok(Health::Watch),
                "red" | "poor" | "risk" => Ok(Health::AtRisk),
                _ => option(column, Health::ALL, text, |h| (h.id(), h.label())),
            };
            health.map(|h| choice(h.id()))
        }
        CandidateColumn::Source => {
            option(column, CandidateSource::ALL, text, |s| (s.id(), s.label()))
                .map(|s| choice(s.id()))
        }
        CandidateColumn::CriteriaMet => {
            let chosen = options(column, Criterion::ALL, text, |c| (c.id(), c.label()))?;
            return Ok(chosen.map(|all| {
                FieldValue::Choices(all.into_iter().map(|c| c.id().to_owned()).collect())
            }));
        }
    }
    .map(Some)
}
