//! The stored form of a run and of the index, each stamped with a schema version
//! so that a future app can migrate them and an older app can refuse them safely.
//! The schema is the run's JSON model; how a record is laid out in storage (one
//! plain record, or the compact encoding of `pack`) is its `encoding`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::migrate::{MIGRATIONS, Migration, migrate};
use crate::domain::run::Run;

pub use super::schema::SCHEMA_VERSION;

/// One run as stored under its own key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredRun {
    /// Schema of this record.
    pub schema: u32,
    /// Incremented by every save; lets tabs notice they are behind.
    pub revision: u64,
    /// The run itself.
    pub run: Run,
}

/// The small key listing run ids in creation order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredIndex {
    /// Schema of this record.
    pub schema: u32,
    /// Run ids, oldest first.
    pub runs: Vec<String>,
}

/// Why a stored record cannot be used; the record is kept untouched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeProblem {
    /// The text is not JSON at all.
    NotJson(String),
    /// JSON without a schema number.
    NoSchema,
    /// Written by a newer version of the app.
    NewerSchema(u64),
    /// A schema number no version ever wrote.
    UnknownSchema(u64),
    /// The right schema but the wrong shape.
    WrongShape(String),
}

impl std::fmt::Display for DecodeProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeProblem::NotJson(e) => write!(f, "not valid JSON ({e})"),
            DecodeProblem::NoSchema => write!(f, "no schema version"),
            DecodeProblem::NewerSchema(v) => {
                write!(f, "written by a newer version of Runsheet (schema {v})")
            }
            DecodeProblem::UnknownSchema(v) => write!(f, "unknown schema version {v}"),
            DecodeProblem::WrongShape(e) => write!(f, "unexpected content ({e})"),
        }
    }
}

fn schema_of(raw: &str) -> Result<Value, DecodeProblem> {
    let value: Value =
        serde_json::from_str(raw).map_err(|e| DecodeProblem::NotJson(e.to_string()))?;
    match value.get("schema").and_then(Value::as_u64) {
        None => Err(DecodeProblem::NoSchema),
        Some(v) if v > u64::from(SCHEMA_VERSION) => Err(DecodeProblem::NewerSchema(v)),
        Some(v) if v != u64::from(SCHEMA_VERSION) => Err(DecodeProblem::UnknownSchema(v)),
        Some(_) => Ok(value),
    }
}

/// Reads a stored run, refusing anything it cannot fully understand.
pub fn decode_run(raw: &str) -> Result<StoredRun, DecodeProblem> {
    decode_run_migrating(raw, MIGRATIONS).map(|(run, _)| run)
}

/// Reads a stored run, moving a record of an older schema forward with `chain`;
/// also says which version it was migrated from, if any. A record in the
/// compact encoding (`pack`) is read when it is whole in itself (a small run,
/// or a test's); one with parts under other keys needs the repository.
pub fn decode_run_migrating(
    raw: &str,
    chain: &[Migration],
) -> Result<(StoredRun, Option<u64>), DecodeProblem> {
    let value: Value =
        serde_json::from_str(raw).map_err(|e| DecodeProblem::NotJson(e.to_string()))?;
    if super::pack::is_packed(&value)
        && value.get("schema").and_then(Value::as_u64) == Some(u64::from(SCHEMA_VERSION))
    {
        let (run, revision, _) = super::pack::decode(raw, &|key| {
            Err(super::kv::StoreError::Other(format!(
                "{key} is not in this record"
            )))
        })
        .map_err(|e| DecodeProblem::WrongShape(format!("{e:?}")))?;
        return Ok((
            StoredRun {
                schema: SCHEMA_VERSION,
                revision,
                run,
            },
            None,
        ));
    }
    decode_value_migrating(value, chain)
}

/// Reads a plain (encoding 1) record already parsed as JSON, moving an older
/// schema forward with `chain`; says which version it was migrated from.
pub fn decode_value_migrating(
    value: Value,
    chain: &[Migration],
) -> Result<(StoredRun, Option<u64>), DecodeProblem> {
    let current = u64::from(SCHEMA_VERSION);
    let (value, from) = match value.get("schema").and_then(Value::as_u64) {
        None => return Err(DecodeProblem::NoSchema),
        Some(v) if v > current => return Err(DecodeProblem::NewerSchema(v)),
        Some(v) if v == current => (value, None),
        Some(v) => {
            let migrated =
                migrate(value, v, current, chain).map_err(|_| DecodeProblem::UnknownSchema(v))?;
            (migrated, Some(v))
        }
    };
    let run =
        serde_json::from_value(value).map_err(|e| DecodeProblem::WrongShape(e.to_string()))?;
    Ok((run, from))
}

/// Reads a record written by a newer app as far as this version understands it,
/// only to show it read-only; `None` when even that fails.
pub fn decode_newer_run(raw: &str) -> Option<StoredRun> {
    let value: Value = serde_json::from_str(raw).ok()?;
    serde_json::from_value(value).ok()
}

/// Writes a run as one plain JSON record (encoding 1, as every version up to
/// the compact encoding did); tests use it to build stores of that version.
pub fn encode_run(run: &Run, revision: u64) -> String {
    #[derive(Serialize)]
    struct Borrowed<'a> {
        schema: u32,
        revision: u64,
        run: &'a Run,
    }
    // Serialising plain data with string keys cannot fail.
    serde_json::to_string(&Borrowed {
        schema: SCHEMA_VERSION,
        revision,
        run,
    })
    .unwrap_or_default()
}

/// Reads the index.
pub fn decode_index(raw: &str) -> Result<StoredIndex, DecodeProblem> {
    let value = schema_of(raw)?;
    serde_json::from_value(value).map_err(|e| DecodeProblem::WrongShape(e.to_string()))
}

/// Writes the index in the current schema.
pub fn encode_index(ids: &[String]) -> String {
    serde_json::to_string(&StoredIndex {
        schema: SCHEMA_VERSION,
        runs: ids.to_vec(),
    })
    .unwrap_or_default()
}
