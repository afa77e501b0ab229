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
use std::fmt;

use crate::domain::csv::{CsvError, CsvRecord, read};
use crate::domain::value::FieldValue;

use super::ids::candidates as cand;
use super::join::normalize;
use super::model::{CandidateSource, Criterion, Health, split_list};

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
            CandidateColumn::Company => &[
                "company",
                "account",
                "account name",
                "company name",
                "organization",
                "organisation",
                "customer",
            ],
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

/// Which candidate column each CSV column fills; `None` leaves a column out.
/// Each candidate column is filled from at most one CSV column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMapping {
    targets: Vec<Option<CandidateColumn>>,
}

impl ColumnMapping {
    /// A first guess from the header names, for the person to correct.
    pub fn guess(headers: &[String]) -> ColumnMapping {
        let mut mapping = ColumnMapping {
            targets: vec![None; headers.len()],
        };
        for (i, header) in headers.iter().enumerate() {
            let header = normalize(header);
            let hit = CandidateColumn::ALL
                .iter()
                .copied()
                .find(|c| c.hints().contains(&header.as_str()));
            if let Some(target) = hit
                && mapping.column_of(target).is_none()
            {
                mapping.targets[i] = Some(target);
            }
        }
        mapping
    }

    /// Maps CSV column `column` to `target`, unmapping any other CSV column
    /// that filled the same target, like choosing in a drop-down per column.
    pub fn set(&mut self, column: usize, target: Option<CandidateColumn>) {
        if column >= self.targets.len() {
            self.targets.resize(column + 1, None);
        }
        if let Some(t) = target {
            for slot in &mut self.targets {
                if *slot == Some(t) {
                    *slot = None;
                }
            }
        }
        self.targets[column] = target;
    }

    /// The target of CSV column `column`.
    pub fn target(&self, column: usize) -> Option<CandidateColumn> {
        self.targets.get(column).copied().flatten()
    }

    /// The CSV column filling `target`.
    pub fn column_of(&self, target: CandidateColumn) -> Option<usize> {
        self.targets.iter().position(|t| *t == Some(target))
    }
}

/// Why a row could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowProblem {
    /// The company cell is empty (or no column is mapped to Company).
    NoCompany,
    /// More cells than the header has columns: probably an unquoted comma.
    TooManyCells {
        /// Columns in the header.
        expected: usize,
        /// Cells in the row.
        found: usize,
    },
    /// A cell does not read as yes or no.
    NotYesNo {
        /// The column it was mapped to.
        column: CandidateColumn,
        /// The text found.
        text: String,
    },
    /// A cell is not one of the column's options.
    UnknownOption {
        /// The column it was mapped to.
        column: CandidateColumn,
        /// The text found.
        text: String,
    },
    /// The file could not be read from here on.
    Unreadable(CsvError),
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RowProblem::NoCompany => write!(f, "no company"),
            RowProblem::TooManyCells { expected, found } => write!(
                f,
                "{found} cells where the header has {expected}; is a comma missing its quotes?"
            ),
            RowProblem::NotYesNo { column, text } => {
                write!(f, "{}: “{text}” is not yes or no", column.label())
            }
            RowProblem::UnknownOption { column, text } => {
                write!(f, "{}: “{text}” is not one of the options", column.label())
            }
            RowProblem::Unreadable(e) => write!(f, "{e}"),
        }
    }
}

/// A row that will be added, as candidate column id to value.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedRow {
    /// Line in the file, from 1.
    pub line: usize,
    /// Values ready to store, by candidate column id.
    pub values: BTreeMap<String, FieldValue>,
}

/// A row left out, with every reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedRow {
    /// Line in the file, from 1.
    pub line: usize,
    /// Why.
    pub problems: Vec<RowProblem>,
}

/// What an import would add and leave out under one mapping.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportPreview {
    /// Rows that will be added.
    pub rows: Vec<ImportedRow>,
    /// Rows that will not, with why.
    pub rejected: Vec<RejectedRow>,
}

/// A parsed CRM export waiting for its mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvImport {
    /// The header cells, for the mapping picker.
    pub headers: Vec<String>,
    records: Vec<CsvRecord>,
    errors: Vec<CsvError>,
}

/// The largest CRM export read: far above any real candidate list, small
/// enough that reading it never stalls the page.
pub const MAX_CSV_BYTES: usize = 2 * 1024 * 1024;

/// Why a file cannot be imported at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportFileError {
    /// No header line.
    Empty,
    /// Larger than [`MAX_CSV_BYTES`].
    TooLarge {
        /// The file's size.
        bytes: usize,
    },
    /// The browser could not read the file as text; says why.
    Unreadable(String),
}

impl fmt::Display for ImportFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportFileError::Empty => write!(f, "The file has no header line."),
            ImportFileError::TooLarge { bytes } => write!(
                f,
                "The file is {:.1} MB; at most {} MB can be imported.",
                *bytes as f64 / 1_048_576.0,
                MAX_CSV_BYTES / 1_048_576
            ),
            ImportFileError::Unreadable(why) => write!(f, "The file could not be read: {why}."),
        }
    }
}

impl std::error::Error for ImportFileError {}

impl CsvImport {
    /// Refuses a file larger than [`MAX_CSV_BYTES`] before it is read.
    pub fn check_size(bytes: usize) -> Result<(), ImportFileError> {
        if bytes > MAX_CSV_BYTES {
            Err(ImportFileError::TooLarge { bytes })
        } else {
            Ok(())
        }
    }

    /// Reads a CRM export; the first record is the header.
    pub fn parse(text: &str) -> Result<CsvImport, ImportFileError> {
        let table = read(text);
        let mut records = table.records.into_iter();
        let headers = records.next().ok_or(ImportFileError::Empty)?.cells;
        Ok(CsvImport {
            headers: headers.iter().map(|h| h.trim().to_owned()).collect(),
            records: records.collect(),
            errors: table.errors,
        })
    }

    /// A mapping guessed from the headers.
    pub fn guess_mapping(&self) -> ColumnMapping {
        ColumnMapping::guess(&self.headers)
    }

    /// Number of data rows read (not counting the header).
    pub fn row_count(&self) -> usize {
        self.records.len()
    }

    /// What `mapping` would add and leave out. Without a CRM source column,
    /// rows are marked as found in the CRM, since that is where the file came from.
    pub fn preview(&self, mapping: &ColumnMapping) -> ImportPreview {
        let mut preview = ImportPreview::default();
        for record in &self.records {
            match self.read_row(record, mapping) {
                Ok(values) => preview.rows.push(ImportedRow {
                    line: record.line,
                    values,
                }),
                Err(problems) => preview.rejected.push(RejectedRow {
                    line: record.line,
                    problems,
                }),
            }
        }
        for error in &self.errors {
            let CsvError::UnclosedQuote { line } = error;
            preview.rejected.push(RejectedRow {
                line: *line,
                problems: vec![RowProblem::Unreadable(error.clone())],
            });
        }
        preview
    }

    fn read_row(
        &self,
        record: &CsvRecord,
        mapping: &ColumnMapping,
    ) -> Result<BTreeMap<String, FieldValue>, Vec<RowProblem>> {
        let mut problems = Vec::new();
        let mut values = BTreeMap::new();
        let extra = record.cells.iter().skip(self.headers.len());
        if extra.clone().any(|c| !c.trim().is_empty()) {
            problems.push(RowProblem::TooManyCells {
                expected: self.headers.len(),
                found: record.cells.len(),
            });
        }
        for (i, cell) in record.cells.iter().enumerate().take(self.headers.len()) {
            let Some(column) = mapping.target(i) else {
                continue;
            };
            match read_cell(column, cell) {
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
        if mapping.column_of(CandidateColumn::Source).is_none() {
            values.insert(
                cand::SOURCE.to_owned(),
                FieldValue::Choice(CandidateSource::Crm.id().to_owned()),
            );
        }
        if problems.is_empty() {
            Ok(values)
        } else {
            Err(problems)
        }
    }
}

/// Cells meaning "nothing recorded" rather than a value.
fn is_blank(text: &str) -> bool {
    matches!(
        normalize(text).as_str(),
        "" | "n a" | "na" | "none" | "unknown"
    )
}

/// One cell as a value for `column`; `Ok(None)` for a blank cell.
fn read_cell(column: CandidateColumn, cell: &str) -> Result<Option<FieldValue>, RowProblem> {
    let text = cell.trim();
    if is_blank(text) {
        return Ok(None);
    }
    let unknown = || RowProblem::UnknownOption {
        column,
        text: text.to_owned(),
    };
    let key = normalize(text);
    match column {
        CandidateColumn::Company
        | CandidateColumn::Contact
        | CandidateColumn::Industry
        | CandidateColumn::Product
        | CandidateColumn::Notes => Ok(Some(FieldValue::Text(text.to_owned()))),
        CandidateColumn::RecentPositiveOutcome
        | CandidateColumn::MeasurableValue
        | CandidateColumn::AdvocacyPotential => match key.as_str() {
            "yes" | "y" | "true" | "1" | "x" | "ja" | "oui" | "si" => {
                Ok(Some(FieldValue::Bool(true)))
            }
            "no" | "n" | "false" | "0" | "nein" | "non" => Ok(Some(FieldValue::Bool(false))),
            _ => Err(RowProblem::NotYesNo {
                column,
                text: text.to_owned(),
            }),
        },
        CandidateColumn::Health => {
            let health = match key.as_str() {
                "green" | "good" => Some(Health::Healthy),
                "yellow" | "amber" | "neutral" => Some(Health::Watch),
                "red" | "poor" | "risk" => Some(Health::AtRisk),
                _ => option_by_text(Health::ALL, &key, |h| (h.id(), h.label())),
            };
            health
                .map(|h| Some(FieldValue::Choice(h.id().to_owned())))
                .ok_or_else(unknown)
        }
        CandidateColumn::Source => {
            option_by_text(CandidateSource::ALL, &key, |s| (s.id(), s.label()))
                .map(|s| Some(FieldValue::Choice(s.id().to_owned())))
                .ok_or_else(unknown)
        }
        CandidateColumn::CriteriaMet => {
            let mut chosen = Vec::new();
            for part in split_list(&text.replace('|', ",")) {
                let found =
                    option_by_text(Criterion::ALL, &normalize(part), |c| (c.id(), c.label()))
                        .ok_or_else(|| RowProblem::UnknownOption {
                            column,
                            text: part.to_owned(),
                        })?;
                chosen.push(found);
            }
            // Stored in template order, as the checkbox group stores them.
            let ids: Vec<String> = Criterion::ALL
                .iter()
                .filter(|c| chosen.contains(c))
                .map(|c| c.id().to_owned())
                .collect();
            Ok((!ids.is_empty()).then_some(FieldValue::Choices(ids)))
        }
    }
}

/// The option whose id or label reads as `key` (already normalised).
fn option_by_text<T: Copy>(
    options: &[T],
    key: &str,
    names: impl Fn(T) -> (&'static str, &'static str),
) -> Option<T> {
    options.iter().copied().find(|o| {
        let (id, label) = names(*o);
        normalize(id) == key || normalize(label) == key
    })
}
