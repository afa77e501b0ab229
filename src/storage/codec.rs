//! How a run's record is read and written, behind one object-safe trait, so
//! the code that does it (`pack`, the plain records of `record`, and serde's
//! code for a whole run) is reached only through a [`Codec`] someone installed.
//!
//! The browser app installs [`Pack`] from the pages that read runs, so that
//! code lives in their on-demand chunks and not in the first module a visit
//! downloads; until then the repository lists runs (the index and the keys)
//! and answers everything else with [`not_loaded`], which keeps a run pending
//! and reads nothing as gone. Natively [`Pack`] is always there.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde_json::Value;

use super::kv::StoreError;
use super::migrate::Migration;
use super::pack::{self, ENCODING, Encoded, Fetch, Packed, Unpacked};
use super::record::{
    DecodeProblem, SCHEMA_VERSION, StoredRun, decode_newer_run, decode_value_migrating, encode_run,
};
use crate::domain::change::Touched;
use crate::domain::run::Run;

/// What a stored record is, from its first fields.
pub enum Kind {
    /// This encoding.
    Packed,
    /// One plain JSON record (encoding 1), of this schema or an older one.
    Plain(Value),
    /// Written by a newer app (schema or encoding).
    Newer(u64, Value),
}

/// Reading and writing records; see the module's documentation.
pub trait Codec: Sync {
    /// What `raw` is.
    fn kind(&self, raw: &str) -> Result<Kind, DecodeProblem>;
    /// The heading of a record of this encoding (`None` for any other text).
    fn heading(&self, raw: &str) -> Option<Result<(Run, u64), String>>;
    /// What the Runs page lists of a whole run, exactly as [`Codec::heading`] reads it back.
    fn outline(&self, run: &Run) -> Run;
    /// A record of this encoding and the keys it names, read back.
    fn decode(&self, raw: &str, fetch: Fetch<'_>) -> Result<(Run, u64, Packed), Unpacked>;
    /// A plain record, moved forward from an older schema with `chain`.
    fn decode_plain(
        &self,
        value: Value,
        chain: &[Migration],
    ) -> Result<(StoredRun, Option<u64>), DecodeProblem>;
    /// A newer app's record as far as this version understands it.
    fn decode_newer(&self, raw: &str, value: &Value, fetch: Fetch<'_>) -> Option<StoredRun>;
    /// What a save of `run` writes (see [`pack::encode`]).
    fn encode(
        &self,
        run: &Run,
        revision: u64,
        touched: &Touched,
        before: Option<&Packed>,
        stamp: &str,
    ) -> Encoded;
    /// The plain record of `run` (encoding 1).
    fn encode_plain(&self, run: &Run, revision: u64) -> String;
    /// Every key a record of this encoding names besides itself.
    fn named_keys(&self, raw: &str) -> BTreeSet<String>;
    /// The revision of a record of this encoding.
    fn revision_of(&self, raw: &str) -> Result<u64, String>;
}

/// The codec of this version: the compact encoding, reading the plain one too.
pub struct Pack;

impl Codec for Pack {
    fn kind(&self, raw: &str) -> Result<Kind, DecodeProblem> {
        let value: Value =
            serde_json::from_str(raw).map_err(|e| DecodeProblem::NotJson(e.to_string()))?;
        let current = u64::from(SCHEMA_VERSION);
        let schema = value
            .get("schema")
            .and_then(Value::as_u64)
            .ok_or(DecodeProblem::NoSchema)?;
        if schema > current {
            return Ok(Kind::Newer(schema, value));
        }
        match value.get("encoding").map(Value::as_u64) {
            None => Ok(Kind::Plain(value)),
            Some(Some(ENCODING)) if schema == current => Ok(Kind::Packed),
            Some(Some(encoding)) if encoding > ENCODING => Err(DecodeProblem::WrongShape(format!(
                "written by a newer version of Runsheet (storage encoding {encoding})"
            ))),
            Some(encoding) => Err(DecodeProblem::WrongShape(format!(
                "encoding {} of schema {schema}",
                encoding.map_or_else(|| "?".to_owned(), |e| e.to_string())
            ))),
        }
    }

    fn heading(&self, raw: &str) -> Option<Result<(Run, u64), String>> {
        pack::heading(raw)
    }

    fn outline(&self, run: &Run) -> Run {
        pack::outline(run)
    }

    fn decode(&self, raw: &str, fetch: Fetch<'_>) -> Result<(Run, u64, Packed), Unpacked> {
        pack::decode(raw, fetch)
    }

    fn decode_plain(
        &self,
        value: Value,
        chain: &[Migration],
    ) -> Result<(StoredRun, Option<u64>), DecodeProblem> {
        decode_value_migrating(value, chain)
    }

    fn decode_newer(&self, raw: &str, value: &Value, fetch: Fetch<'_>) -> Option<StoredRun> {
        if pack::is_packed(value) {
            pack::decode(raw, fetch)
                .ok()
                .map(|(run, revision, _)| StoredRun {
                    schema: SCHEMA_VERSION,
                    revision,
                    run,
                })
        } else {
            decode_newer_run(raw)
        }
    }

    fn encode(
        &self,
        run: &Run,
        revision: u64,
        touched: &Touched,
        before: Option<&Packed>,
        stamp: &str,
    ) -> Encoded {
        pack::encode(run, revision, touched, before, stamp)
    }

    fn encode_plain(&self, run: &Run, revision: u64) -> String {
        encode_run(run, revision)
    }

    fn named_keys(&self, raw: &str) -> BTreeSet<String> {
        pack::named_keys(raw)
    }

    fn revision_of(&self, raw: &str) -> Result<u64, String> {
        pack::revision_of(raw)
    }
}

static INSTALLED: OnceLock<&'static dyn Codec> = OnceLock::new();

/// Makes `codec` the one every repository uses (the first one installed stays).
pub fn install(codec: &'static dyn Codec) {
    let _ = INSTALLED.set(codec);
}

/// The installed codec: natively [`Pack`] unless another was installed; in
/// the browser only once a page that reads runs installed it.
pub fn installed() -> Option<&'static dyn Codec> {
    INSTALLED.get().copied().or_else(built_in)
}

#[cfg(not(target_arch = "wasm32"))]
fn built_in() -> Option<&'static dyn Codec> {
    Some(&Pack)
}

// In the browser nothing is built in: naming `Pack` here would put all of its
// code in the first module.
#[cfg(target_arch = "wasm32")]
fn built_in() -> Option<&'static dyn Codec> {
    None
}

/// The error of everything that needs a codec before one is installed: a
/// failure to retry, never a sign that a run is gone.
pub fn not_loaded() -> StoreError {
    StoreError::Other("the code that reads and writes runs is still loading".to_owned())
}
