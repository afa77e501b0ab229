//! Moving stored records forward from older schema versions.
//!
//! Every released schema gets one step that turns a record of that version
//! into the next; loading applies them in order. The original text is backed up
//! under its own key until the migrated record has been saved, so a faulty step
//! can never lose data. Schema 1 is the first released version, so the chain is
//! still empty; `tests/fixtures/schema/` holds a record of every released version.

use serde_json::Value;

/// One migration: a record of schema `from` becomes a record of `from + 1`.
#[derive(Clone, Copy, Debug)]
pub struct Migration {
    /// The version this step reads.
    pub from: u64,
    /// Rewrites the record; an error keeps the record as unreadable, untouched.
    pub step: fn(Value) -> Result<Value, String>,
}

/// The released migrations, oldest first.
pub const MIGRATIONS: &[Migration] = &[];

/// Why a record could not be moved forward.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationFailed {
    /// The version that had no step, or whose step failed.
    pub at: u64,
    /// What went wrong.
    pub why: String,
}

/// Applies `chain` (then the released migrations, for versions it does not
/// cover) to a record of schema `from` until it reaches `current`.
pub fn migrate(
    mut value: Value,
    from: u64,
    current: u64,
    chain: &[Migration],
) -> Result<Value, MigrationFailed> {
    let mut version = from;
    while version < current {
        let migration = chain
            .iter()
            .chain(MIGRATIONS)
            .find(|m| m.from == version)
            .ok_or(MigrationFailed {
                at: version,
                why: format!("no migration from schema {version}"),
            })?;
        value = (migration.step)(value).map_err(|why| MigrationFailed { at: version, why })?;
        version += 1;
        if let Some(map) = value.as_object_mut() {
            map.insert("schema".into(), Value::from(version));
        }
    }
    Ok(value)
}

/// Key under which the original text of a migrated record is kept until the
/// migrated version has been saved.
pub fn backup_key(key: &str, from: u64) -> String {
    format!(
        "runsheet:backup:v{from}:{}",
        key.trim_start_matches(super::keys::PREFIX)
    )
}
