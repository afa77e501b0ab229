//! Reading a downloaded file back: validate everything first, then show a plan,
//! then apply it all or nothing. A bad file never reaches storage.

use std::collections::BTreeSet;
use std::fmt;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::activity::chain::first_broken_link;
use super::catalogue;
use super::export::{
    BACKUP_FORMAT, BackupExport, EXPORT_SCHEMA, RUN_FORMAT, RunExport, backup_fingerprint,
    run_fingerprint,
};
use super::ids::is_valid_run_id;
use super::run::Run;
use super::template::Template;
use super::unreadable::{locate_in_run, plain};

/// Largest file accepted, checked before parsing so a huge file cannot freeze the tab.
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;
/// Most runs one file may bring.
pub const MAX_RUNS_PER_FILE: usize = 1_000;
/// Longest text one value may hold, in characters: a pasted document of about a
/// megabyte fits, a file built to exhaust memory does not.
pub const MAX_TEXT_CHARS: usize = 1_100_000;
/// Most items any one list may hold (records, log entries, checks…).
pub const MAX_LIST_ITEMS: usize = 50_000;
/// Deepest nesting accepted; real exports are about ten levels deep.
pub const MAX_DEPTH: usize = 32;

/// Why a file was refused, naming what is wrong. Storage is untouched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// Larger than [`MAX_IMPORT_BYTES`].
    TooLarge {
        /// Size of the file in bytes.
        bytes: usize,
    },
    /// An empty file.
    Empty,
    /// Not JSON at all.
    NotJson {
        /// Line of the first error.
        line: usize,
        /// Column of the first error.
        column: usize,
    },
    /// JSON, but not a Runsheet file.
    NotRunsheet,
    /// Written by a newer Runsheet.
    NewerSchema {
        /// The file's schema.
        found: u64,
    },
    /// A schema number no Runsheet ever wrote.
    UnknownSchema {
        /// The file's schema.
        found: u64,
    },
    /// More runs than [`MAX_RUNS_PER_FILE`].
    TooManyRuns {
        /// How many the file holds.
        count: usize,
    },
    /// A text, a list or the nesting is over its limit; names where.
    OverLimit {
        /// Path of the offending item, e.g. `run.steps[2].notes`.
        path: String,
        /// What is too big, in words.
        detail: String,
    },
    /// Something inside is missing or of the wrong kind.
    Invalid {
        /// Which item, e.g. "run 2 (“Acme”)".
        item: String,
        /// What is wrong with it.
        detail: String,
    },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::TooLarge { bytes } => write!(
                f,
                "The file is too large ({:.1} MB; the limit is {} MB).",
                *bytes as f64 / 1_048_576.0,
                MAX_IMPORT_BYTES / 1_048_576
            ),
            ImportError::Empty => write!(f, "The file is empty."),
            ImportError::NotJson { line, column } => write!(
                f,
                "The file is not valid JSON (first problem at line {line}, column {column})."
            ),
            ImportError::NotRunsheet => write!(
                f,
                "This JSON file is not a Runsheet run or backup (its “format” is missing or unknown)."
            ),
            ImportError::NewerSchema { found } => write!(
                f,
                "This file was written by a newer version of Runsheet (schema {found}; this version reads up to {EXPORT_SCHEMA}). Update the app to import it."
            ),
            ImportError::UnknownSchema { found } => {
                write!(f, "This file has an unknown schema version ({found}).")
            }
            ImportError::TooManyRuns { count } => write!(
                f,
                "The file holds {count} runs; at most {MAX_RUNS_PER_FILE} can be imported at once."
            ),
            ImportError::OverLimit { path, detail } => {
                write!(f, "The file is refused: {detail} at {path}.")
            }
            ImportError::Invalid { item, detail } => write!(f, "{item}: {detail}."),
        }
    }
}

/// Whether the file still matches what Runsheet wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Integrity {
    /// Fingerprint and activity chain both match.
    Intact,
    /// Something was changed outside the app; says what.
    Altered(String),
}

/// A run read from a file, with its integrity verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct IncomingRun {
    /// The run as in the file.
    pub run: Run,
    /// Whether the file was altered.
    pub integrity: Integrity,
}

/// A file part serde could not read, explained in words: where in the run
/// (step, field, record, column) when that can be found, and what is wrong.
fn unreadable(item: &str, run: Option<&Value>, error: &serde_json::Error) -> ImportError {
    let detail = run.and_then(locate_in_run).unwrap_or_else(|| {
        let problem = plain(error);
        if problem.starts_with("holds ") {
            format!("it {problem}")
        } else {
            problem
        }
    });
    invalid(item, detail)
}

fn invalid(item: impl Into<String>, detail: impl Into<String>) -> ImportError {
    ImportError::Invalid {
        item: item.into(),
        detail: detail.into(),
    }
}

/// Parses and fully validates a file's text. `bytes` is the file size, checked first.
pub fn parse_import(bytes: usize, text: &str) -> Result<Vec<IncomingRun>, ImportError> {
    if bytes > MAX_IMPORT_BYTES || text.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge {
            bytes: bytes.max(text.len()),
        });
    }
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let value: Value = serde_json::from_str(text).map_err(|e| ImportError::NotJson {
        line: e.line(),
        column: e.column(),
    })?;
    check_limits(&value, &mut String::from("file"), 0)?;
    let format = value.get("format").and_then(Value::as_str);
    if format != Some(RUN_FORMAT) && format != Some(BACKUP_FORMAT) {
        return Err(ImportError::NotRunsheet);
    }
    match value.get("schema").and_then(Value::as_u64) {
        Some(s) if s == u64::from(EXPORT_SCHEMA) => {}
        Some(s) if s > u64::from(EXPORT_SCHEMA) => {
            return Err(ImportError::NewerSchema { found: s });
        }
        Some(s) => return Err(ImportError::UnknownSchema { found: s }),
        None => return Err(invalid("The file", "its “schema” version is missing")),
    }
    if format == Some(RUN_FORMAT) {
        let export: RunExport = serde_json::from_value(value.clone())
            .map_err(|e| unreadable("The run", value.get("run"), &e))?;
        return Ok(vec![check_run(export, "The run")?]);
    }
    let count = value
        .get("runs")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    if count > MAX_RUNS_PER_FILE {
        return Err(ImportError::TooManyRuns { count });
    }
    let backup: BackupExport = serde_json::from_value(value.clone()).map_err(|e| {
        // Name the run that cannot be read, by its place and title.
        let runs = value.get("runs").and_then(Value::as_array);
        let bad = runs
            .into_iter()
            .flatten()
            .enumerate()
            .find(|(_, r)| r.get("run").is_some_and(|run| locate_in_run(run).is_some()));
        match bad {
            Some((i, r)) => {
                let title = r
                    .get("run")
                    .and_then(|run| run.get("title"))
                    .and_then(Value::as_str)
                    .unwrap_or("untitled");
                unreadable(&format!("Run {} (“{title}”)", i + 1), r.get("run"), &e)
            }
            None => unreadable("The backup", None, &e),
        }
    })?;
    let backup_altered = backup.fingerprint != backup_fingerprint(&backup.runs);
    let mut seen = BTreeSet::new();
    let mut incoming = Vec::with_capacity(backup.runs.len());
    for (i, export) in backup.runs.into_iter().enumerate() {
        let item = format!("Run {} (“{}”)", i + 1, export.run.title);
        if !seen.insert(export.run.id.clone()) {
            return Err(invalid(item, "its id appears twice in this backup"));
        }
        let mut run = check_run(export, &item)?;
        if backup_altered && run.integrity == Integrity::Intact {
            run.integrity = Integrity::Altered(
                "the backup's list of runs was changed outside Runsheet".to_owned(),
            );
        }
        incoming.push(run);
    }
    Ok(incoming)
}

/// Walks the parsed file once and refuses any text, list or nesting over the
/// limits, naming where it is, before any typed reading starts.
fn check_limits(value: &Value, path: &mut String, depth: usize) -> Result<(), ImportError> {
    let over = |path: &str, detail: String| ImportError::OverLimit {
        path: path.to_owned(),
        detail,
    };
    if depth > MAX_DEPTH {
        return Err(over(
            path,
            format!("nesting deeper than {MAX_DEPTH} levels"),
        ));
    }
    match value {
        Value::String(s) => {
            let chars = s.chars().count();
            if chars > MAX_TEXT_CHARS {
                return Err(over(
                    path,
                    format!("a text of {chars} characters (the limit is {MAX_TEXT_CHARS})"),
                ));
            }
        }
        Value::Array(items) => {
            if items.len() > MAX_LIST_ITEMS {
                return Err(over(
                    path,
                    format!(
                        "a list of {} items (the limit is {MAX_LIST_ITEMS})",
                        items.len()
                    ),
                ));
            }
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                check_limits(item, path, depth + 1)?;
                path.truncate(len);
            }
        }
        Value::Object(map) => {
            if map.len() > MAX_LIST_ITEMS {
                return Err(over(
                    path,
                    format!(
                        "an object of {} keys (the limit is {MAX_LIST_ITEMS})",
                        map.len()
                    ),
                ));
            }
            for (key, item) in map {
                let len = path.len();
                let shown: String = key.chars().take(40).collect();
                path.push('.');
                path.push_str(&shown);
                check_limits(item, path, depth + 1)?;
                path.truncate(len);
            }
        }
        _ => {}
    }
    Ok(())
}

/// Checks one run against its template and verifies its fingerprint and log chain.
fn check_run(export: RunExport, item: &str) -> Result<IncomingRun, ImportError> {
    if export.format != RUN_FORMAT {
        return Err(invalid(item, "it is not marked as a Runsheet run"));
    }
    let run = export.run;
    if !is_valid_run_id(&run.id) {
        return Err(invalid(
            item,
            format!("its id “{}” is not a valid run id", run.id),
        ));
    }
    if run.id != export.record_id {
        return Err(invalid(item, "its record id does not match the run inside"));
    }
    if run.title.trim().is_empty() {
        return Err(invalid(item, "its title is empty"));
    }
    let template =
        catalogue::find_version(&run.template_id, run.template_version).ok_or_else(|| {
            invalid(
                item,
                format!(
                    "it follows “{}” version {}, which this version of Runsheet does not include",
                    run.template_id, run.template_version
                ),
            )
        })?;
    validate_against_template(&run, template).map_err(|detail| invalid(item, detail))?;
    let mut problems = Vec::new();
    if run_fingerprint(&run) != export.fingerprint {
        problems.push("its content does not match its fingerprint".to_owned());
    }
    if let Some(i) = first_broken_link(&run.activity) {
        problems.push(format!(
            "its activity log was changed from entry {} on",
            i + 1
        ));
    }
    let integrity = if problems.is_empty() {
        Integrity::Intact
    } else {
        Integrity::Altered(problems.join("; "))
    };
    Ok(IncomingRun { run, integrity })
}

/// Every step, check, value and outcome of `run` must exist in its template with
/// the right kind, so an edited file cannot smuggle in data the app would misread.
pub fn validate_against_template(run: &Run, template: &Template) -> Result<(), String> {
    if run.steps.len() != template.steps.len() {
        return Err(format!(
            "it has {} steps, but “{}” has {}",
            run.steps.len(),
            template.title,
            template.steps.len()
        ));
    }
    for role in run.assignments.keys() {
        if template.role(role).is_none() {
            return Err(format!("it assigns the unknown role “{role}”"));
        }
    }
    for (state, step) in run.steps.iter().zip(&template.steps) {
        if state.step_id != step.id {
            return Err(format!(
                "step “{}” is where “{}” should be",
                state.step_id, step.id
            ));
        }
        for check in &state.checks {
            if step.check(check).is_none() {
                return Err(format!(
                    "step “{}” ticks the unknown check “{check}”",
                    step.title
                ));
            }
        }
        for (id, value) in &state.values {
            let field = step
                .field(id)
                .ok_or_else(|| format!("step “{}” has the unknown field “{id}”", step.title))?;
            if !value.fits(&field.kind) {
                return Err(format!(
                    "step “{}”, field “{}” holds a value of the wrong kind",
                    step.title, field.label
                ));
            }
        }
        for taken in &state.outcomes_taken {
            if step.outcome(&taken.outcome_id).is_none() {
                return Err(format!(
                    "step “{}” records the unknown outcome “{}”",
                    step.title, taken.outcome_id
                ));
            }
        }
    }
    Ok(())
}

/// What importing one run would do.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanItem {
    /// The run from the file.
    pub incoming: IncomingRun,
    /// Title of the stored run with the same id, when there is one.
    pub clashes_with: Option<String>,
}

/// How to handle a run whose id already exists here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ClashChoice {
    /// Replace the stored run with the file's.
    Replace,
    /// Keep the stored run and add the file's under a new id.
    #[default]
    KeepBoth,
    /// Leave this run out.
    Skip,
}

/// Pairs incoming runs with the stored ones they would replace.
pub fn plan(incoming: Vec<IncomingRun>, existing: &[Run]) -> Vec<PlanItem> {
    incoming
        .into_iter()
        .map(|incoming| {
            let clashes_with = existing
                .iter()
                .find(|r| r.id == incoming.run.id)
                .map(|r| r.title.clone());
            PlanItem {
                incoming,
                clashes_with,
            }
        })
        .collect()
}

/// The runs to write, after the person's choices. New ids come from `fresh_id`;
/// altered files are marked so the run says so wherever it is shown.
pub fn resolve(
    plan: Vec<PlanItem>,
    choices: &[ClashChoice],
    mut fresh_id: impl FnMut() -> String,
    now: DateTime<Utc>,
) -> Vec<Run> {
    let mut out = Vec::new();
    for (i, item) in plan.into_iter().enumerate() {
        let mut run = item.incoming.run;
        if let Integrity::Altered(why) = item.incoming.integrity {
            run.altered_outside_app = Some(format!(
                "Imported on {} from a file changed outside Runsheet: {why}.",
                now.format("%Y-%m-%d %H:%M UTC")
            ));
        }
        if item.clashes_with.is_some() {
            match choices.get(i).copied().unwrap_or_default() {
                ClashChoice::Skip => continue,
                ClashChoice::Replace => {}
                ClashChoice::KeepBoth => {
                    run.id = fresh_id();
                    run.title = format!("{} (imported)", run.title);
                }
            }
        }
        out.push(run);
    }
    out
}
