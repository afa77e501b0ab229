//! What every CSV import of the program shares: the file read once, a mapping
//! of its columns to the columns of one import (guessed from the header, for
//! the person to correct), the rows cut into mapped cells, and why a row
//! cannot be read, in words.
//!
//! Each import (candidates, references, interactions) names its own columns
//! ([`ImportColumn`]) and reads a row's cells into what it adds; everything
//! else is here once, so the three previews judge a file the same way.

use std::fmt;

use chrono::NaiveDate;

use crate::domain::csv::{CsvError, CsvRecord, read};
use crate::domain::value::parse_date;

use super::join::normalize;

/// A column of one import that a CSV column can fill.
pub trait ImportColumn: Copy + Eq + 'static {
    /// Every column, in the order the mapping picker lists them.
    fn all() -> &'static [Self];
    /// A stable key, unique within the import (the picker's option value).
    fn key(self) -> &'static str;
    /// The column's label.
    fn label(self) -> &'static str;
    /// Header words that suggest this column, normalised.
    fn hints(self) -> &'static [&'static str];
}

/// Header words that name the company column, in every import: how CRMs
/// and spreadsheets commonly head it.
pub(super) const COMPANY_HINTS: &[&str] = &[
    "company",
    "account",
    "account name",
    "company name",
    "organization",
    "organisation",
    "customer",
];

/// Which import column each CSV column fills; `None` leaves a column out.
/// Each import column is filled from at most one CSV column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping<C> {
    targets: Vec<Option<C>>,
}

impl<C> Default for Mapping<C> {
    fn default() -> Self {
        Mapping {
            targets: Vec::new(),
        }
    }
}

impl<C: ImportColumn> Mapping<C> {
    /// A first guess from the header names, for the person to correct.
    pub fn guess(headers: &[String]) -> Mapping<C> {
        let mut mapping = Mapping {
            targets: vec![None; headers.len()],
        };
        for (i, header) in headers.iter().enumerate() {
            let header = normalize(header);
            let hit = C::all()
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
    pub fn set(&mut self, column: usize, target: Option<C>) {
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
    pub fn target(&self, column: usize) -> Option<C> {
        self.targets.get(column).copied().flatten()
    }

    /// The CSV column filling `target`.
    pub fn column_of(&self, target: C) -> Option<usize> {
        self.targets.iter().position(|t| *t == Some(target))
    }
}

/// Why a row could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowProblem<C> {
    /// The company cell is empty (or no column is mapped to Company).
    NoCompany,
    /// Neither company nor contact is given, so the row names no customer.
    NoCustomer,
    /// The company and contact name no customer of the run, or more than one.
    UnknownCustomer(String),
    /// The customer has no reference profile, so it cannot have interactions.
    NoProfile(String),
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
        column: C,
        /// The text found.
        text: String,
    },
    /// A cell is not one of the column's options.
    UnknownOption {
        /// The column it was mapped to.
        column: C,
        /// The text found.
        text: String,
    },
    /// A cell is not a date.
    NotADate {
        /// The column it was mapped to.
        column: C,
        /// The text found.
        text: String,
    },
    /// A cell is given only together with another that is empty (an expiry
    /// date without the consent status it belongs to).
    Without {
        /// The column given.
        column: C,
        /// The column it needs.
        needs: C,
    },
    /// The file could not be read from here on.
    Unreadable(CsvError),
}

impl<C> RowProblem<C> {
    /// Whether the problem is about whom the row names rather than a cell.
    fn is_about_the_customer(&self) -> bool {
        matches!(
            self,
            RowProblem::NoCompany
                | RowProblem::NoCustomer
                | RowProblem::UnknownCustomer(_)
                | RowProblem::NoProfile(_)
        )
    }
}

impl<C: ImportColumn> fmt::Display for RowProblem<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RowProblem::NoCompany => write!(f, "no company"),
            RowProblem::NoCustomer => write!(f, "no company and no contact"),
            RowProblem::UnknownCustomer(named) => write!(
                f,
                "“{named}” is not one customer of step 2 (none or several match); add the customer there first"
            ),
            RowProblem::NoProfile(name) => write!(f, "{name} has no reference profile yet"),
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
            RowProblem::NotADate { column, text } => {
                write!(f, "{}: “{text}” is not a date (YYYY-MM-DD)", column.label())
            }
            RowProblem::Without { column, needs } => {
                write!(f, "{} is given without {}", column.label(), needs.label())
            }
            RowProblem::Unreadable(e) => write!(f, "{e}"),
        }
    }
}

/// A row left out, with every reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedRow<C> {
    /// Line in the file, from 1.
    pub line: usize,
    /// Why.
    pub problems: Vec<RowProblem<C>>,
}

/// The cells of one row under a mapping: what each import column was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cells<'a, C> {
    /// Line in the file, from 1.
    pub line: usize,
    cells: Vec<(C, &'a str)>,
}

impl<'a, C: ImportColumn> Cells<'a, C> {
    /// The text given for `column`, trimmed; `None` when the cell is blank
    /// ("n/a", "none" and the like count as blank) or not mapped.
    pub fn get(&self, column: C) -> Option<&'a str> {
        self.cells
            .iter()
            .find(|(c, _)| *c == column)
            .map(|(_, text)| text.trim())
            .filter(|text| !is_blank(text))
    }

    /// Every mapped column given a value, in the file's column order.
    pub fn given(&self) -> impl Iterator<Item = (C, &'a str)> + '_ {
        self.cells
            .iter()
            .filter_map(|(c, _)| self.get(*c).map(|text| (*c, text)))
    }
}

/// A parsed CSV file waiting for its mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvImport {
    /// The header cells, for the mapping picker.
    pub headers: Vec<String>,
    records: Vec<CsvRecord>,
    errors: Vec<CsvError>,
}

/// The largest CSV file read: far above any real export, small enough that
/// reading it never stalls the page.
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

    /// Reads a CSV file; the first record is the header.
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
    pub fn guess_mapping<C: ImportColumn>(&self) -> Mapping<C> {
        Mapping::guess(&self.headers)
    }

    /// Number of data rows read (not counting the header).
    pub fn row_count(&self) -> usize {
        self.records.len()
    }

    /// Every row read by `read` under `mapping`, in file order: the rows it
    /// read, and those it could not (or the file could not), with why. A row
    /// with more cells than the header is refused whatever `read` says.
    pub fn read_rows<C: ImportColumn, T>(
        &self,
        mapping: &Mapping<C>,
        mut read: impl FnMut(&Cells<'_, C>) -> Result<T, Vec<RowProblem<C>>>,
    ) -> (Vec<T>, Vec<RejectedRow<C>>) {
        let (mut rows, mut rejected) = (Vec::new(), Vec::new());
        for record in &self.records {
            let cells = Cells {
                line: record.line,
                cells: record
                    .cells
                    .iter()
                    .take(self.headers.len())
                    .enumerate()
                    .filter_map(|(i, cell)| mapping.target(i).map(|c| (c, cell.as_str())))
                    .collect(),
            };
            let mut problems = Vec::new();
            let extra = record.cells.iter().skip(self.headers.len());
            if extra.clone().any(|c| !c.trim().is_empty()) {
                problems.push(RowProblem::TooManyCells {
                    expected: self.headers.len(),
                    found: record.cells.len(),
                });
            }
            match read(&cells) {
                Ok(row) if problems.is_empty() => rows.push(row),
                Ok(_) => {}
                Err(found) => {
                    problems.extend(found);
                    // Whom the row is about reads first, then its cells.
                    problems.sort_by_key(|p| !p.is_about_the_customer());
                }
            }
            if !problems.is_empty() {
                rejected.push(RejectedRow {
                    line: record.line,
                    problems,
                });
            }
        }
        for error in &self.errors {
            let CsvError::UnclosedQuote { line } = error;
            rejected.push(RejectedRow {
                line: *line,
                problems: vec![RowProblem::Unreadable(error.clone())],
            });
        }
        (rows, rejected)
    }
}

/// Cells meaning "nothing recorded" rather than a value.
fn is_blank(text: &str) -> bool {
    matches!(
        normalize(text).as_str(),
        "" | "n a" | "na" | "none" | "unknown"
    )
}

/// A yes/no cell, in the words spreadsheets use.
pub(super) fn yes_no<C>(column: C, text: &str) -> Result<bool, RowProblem<C>> {
    match normalize(text).as_str() {
        "yes" | "y" | "true" | "1" | "x" | "ja" | "oui" | "si" => Ok(true),
        "no" | "n" | "false" | "0" | "nein" | "non" => Ok(false),
        _ => Err(RowProblem::NotYesNo {
            column,
            text: text.to_owned(),
        }),
    }
}

/// A date cell, written as the app writes dates (YYYY-MM-DD).
pub(super) fn date<C>(column: C, text: &str) -> Result<NaiveDate, RowProblem<C>> {
    parse_date(text).ok_or_else(|| RowProblem::NotADate {
        column,
        text: text.to_owned(),
    })
}

/// The option whose id or label reads as `text`, or why not.
pub(super) fn option<C, T: Copy>(
    column: C,
    options: &[T],
    text: &str,
    names: impl Fn(T) -> (&'static str, &'static str),
) -> Result<T, RowProblem<C>> {
    option_by_text(options, &normalize(text), names).ok_or_else(|| RowProblem::UnknownOption {
        column,
        text: text.to_owned(),
    })
}

/// The option whose id or label reads as `key` (already normalised).
pub(super) fn option_by_text<T: Copy>(
    options: &[T],
    key: &str,
    names: impl Fn(T) -> (&'static str, &'static str),
) -> Option<T> {
    options.iter().copied().find(|o| {
        let (id, label) = names(*o);
        normalize(id) == key || normalize(label) == key
    })
}

/// Several options in one cell, separated by commas or bars, in `options`'
/// order (as a checkbox group stores them); `None` when none is given.
pub(super) fn options<C: Copy, T: Copy + PartialEq>(
    column: C,
    all: &[T],
    text: &str,
    names: impl Fn(T) -> (&'static str, &'static str) + Copy,
) -> Result<Option<Vec<T>>, RowProblem<C>> {
    let mut chosen = Vec::new();
    for part in super::model::split_list(&text.replace('|', ",")) {
        chosen.push(option(column, all, part, names)?);
    }
    let ordered: Vec<T> = all.iter().copied().filter(|o| chosen.contains(o)).collect();
    Ok((!ordered.is_empty()).then_some(ordered))
}
