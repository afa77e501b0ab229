//! The compact stored form of a run (encoding 2). The run's JSON is unchanged
//! (its `schema` stays 1, and the export file format is untouched); only how it
//! is laid out in localStorage differs from encoding 1, one plain JSON record.
//!
//! `runsheet:run:<id>` holds the record: the run's own fields and an outline
//! of its steps as plain JSON (what the Runs page lists: title, SOP, dates,
//! each step's status and due date), then the body and the log:
//!
//! - the body, one part per step and one per 32 records of a long list
//!   ([`body`]), each compressed ([`lz`]); while the record is small they are
//!   inside it, otherwise each has a key of its own;
//! - the activity log in segments of 64 entries ([`log`]): full segments in
//!   keys of their own, written once, never rewritten; the tail in the record.
//!
//! A save writes the parts that changed under new keys, then the record (the
//! commit point), then removes the keys it replaced: a save that fails half
//! way removes what it wrote, and the stored run is the one before it. Keys
//! carry the revision and a tag of the tab that wrote them, so two tabs saving
//! the same revision never write the same key.

pub mod body;
pub mod fields;
pub mod log;
pub mod lz;
pub mod touched;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use self::body::{PartId, assemble, part_json, parts_of};
use self::fields::Reshaped;
use self::touched::Touched;
use crate::domain::activity::entry::ActivityEntry;
use crate::domain::run::{Run, StepState, StepStatus};

/// The encoding this build writes: 2, the compact one; 1 (no `encoding`
/// field) is one plain JSON record per run.
pub const ENCODING: u64 = 2;

/// While every part of a run together packs into this many UTF-16 units, they
/// stay inside the record (one key per run); above it each has its own key.
pub const INLINE_UNITS: usize = 3_000;

/// Prefix of the keys holding parts of a run's body.
pub const PART_PREFIX: &str = "runsheet:part:";
/// Prefix of the keys holding full segments of a run's log.
pub const LOG_PREFIX: &str = "runsheet:log:";

fn page_key(id: &str, stamp: &str, page: &str) -> String {
    format!("{PART_PREFIX}{id}:{stamp}.{page}")
}

fn segment_key(id: &str, stamp: &str, index: usize) -> String {
    format!("{LOG_PREFIX}{id}:{stamp}.{index}")
}

fn tail_key(id: &str, stamp: &str) -> String {
    format!("{LOG_PREFIX}{id}:{stamp}.t")
}

/// The stamp in a key this module named (`<revision>.<tab>`).
fn stamp_of(key: &str) -> String {
    let rest = key.rsplit_once(':').map_or(key, |(_, r)| r);
    let mut pieces = rest.splitn(3, '.');
    match (pieces.next(), pieces.next()) {
        (Some(revision), Some(tab)) => format!("{revision}.{tab}"),
        _ => String::new(),
    }
}

/// The run id a part or segment key belongs to, if it is one.
pub fn owner_of(key: &str) -> Option<&str> {
    let rest = key
        .strip_prefix(PART_PREFIX)
        .or_else(|| key.strip_prefix(LOG_PREFIX))?;
    rest.split_once(':')
        .map(|(id, _)| id)
        .filter(|id| !id.is_empty())
}

/// Whether a stored record is in this encoding (an object with `"encoding": 2`).
pub fn is_packed(value: &Value) -> bool {
    value.get("encoding").is_some()
}

/// One part as last written or read: its JSON (to tell whether it changed)
/// and its packed text.
#[derive(Clone, Debug, PartialEq)]
struct PartState {
    json: String,
    packed: String,
}

/// A full segment of the log as stored.
#[derive(Clone, Debug, PartialEq)]
struct Sealed {
    key: String,
    count: usize,
    /// The hash of its last entry.
    end: String,
}

/// What is stored of one run, as this tab last wrote or read it: lets the
/// next save write only what changed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Packed {
    parts: BTreeMap<PartId, PartState>,
    /// Pages under their own key, by page name (none while the run is small).
    pages: BTreeMap<String, String>,
    sealed: Vec<Sealed>,
    /// The tail: entries after the last full segment.
    tail_count: usize,
    tail_last: String,
    tail_packed: String,
    tail_key: Option<String>,
}

impl Packed {
    /// Every key besides the record this run uses.
    pub fn keys(&self) -> BTreeSet<String> {
        self.pages
            .values()
            .cloned()
            .chain(self.sealed.iter().map(|s| s.key.clone()))
            .chain(self.tail_key.clone())
            .collect()
    }
}

/// A save, ready to be written: the parts' keys first, then the record.
#[derive(Debug)]
pub struct Encoded {
    /// New keys and their values, written before the record.
    pub writes: Vec<(String, String)>,
    /// The record.
    pub record: String,
    /// Keys the record no longer uses, removed once it is written.
    pub obsolete: Vec<String>,
    /// What is stored once the record is written.
    pub state: Packed,
}

// ---------------------------------------------------------------------------
// The record

#[derive(Serialize)]
struct RecordOut<'a, R> {
    schema: u32,
    encoding: u64,
    revision: u64,
    run: R,
    outline: Vec<OutlineOut<'a>>,
    body: BTreeMap<String, Value>,
    log: LogOut,
}

/// A step in the outline: `[status]`, `[status, completed at]` or
/// `[status, completed at, due date set by hand]`.
struct OutlineOut<'a>(&'a StepStatus, Option<DateTime<Utc>>, Option<NaiveDate>);

impl Serialize for OutlineOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let len = if self.2.is_some() {
            3
        } else if self.1.is_some() {
            2
        } else {
            1
        };
        let mut seq = serializer.serialize_seq(Some(len))?;
        seq.serialize_element(self.0)?;
        if len > 1 {
            seq.serialize_element(&self.1)?;
        }
        if len > 2 {
            seq.serialize_element(&self.2)?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct LogOut {
    /// Entries in all.
    n: usize,
    /// The full segments, by the stamp of their key.
    seg: Vec<String>,
    /// The tail, packed (a small run), or `{"s": stamp}` of its key.
    tail: Value,
}

#[derive(Deserialize)]
struct LogIn {
    n: usize,
    seg: Vec<String>,
    tail: Value,
}

/// What the Runs page reads of a record: everything but the body and the log.
#[derive(Deserialize)]
struct Heading {
    revision: u64,
    run: Map<String, Value>,
    outline: Vec<Vec<Value>>,
}

#[derive(Deserialize)]
struct RecordIn {
    revision: u64,
    run: Map<String, Value>,
    body: BTreeMap<String, Value>,
    log: LogIn,
}

/// The run's own fields (all but its steps and log) and an outline of its
/// steps, as a `Run` without values or log: what a list of runs shows.
pub fn outline(run: &Run) -> Run {
    let mut skeleton = fields_only(run).unwrap_or_else(|| Run {
        steps: Vec::new(),
        activity: Vec::new(),
        ..run.clone()
    });
    skeleton.steps = run.steps.iter().map(outline_step).collect();
    skeleton
}

fn outline_step(step: &StepState) -> StepState {
    StepState {
        status: step.status.clone(),
        completed_at: step.completed_at,
        due_override: step.due_override,
        ..StepState::new("")
    }
}

/// The run's own fields, through its JSON (so every field it has is kept).
fn fields_only(run: &Run) -> Option<Run> {
    let mut json = serde_json::to_string(&Reshaped::without(run, &["steps", "activity"])).ok()?;
    json.pop().filter(|c| *c == '}')?;
    json.push_str(r#","steps":[]}"#);
    serde_json::from_str(&json).ok()
}

fn run_from(mut map: Map<String, Value>, steps: Vec<StepState>) -> Option<Run> {
    map.insert("steps".into(), Value::Array(Vec::new()));
    map.remove("activity");
    let mut run: Run = serde_json::from_value(Value::Object(map)).ok()?;
    run.steps = steps;
    Some(run)
}

/// A step of the outline read back (its id is the template's business: the
/// outline keeps the order).
fn outline_in(fields: Vec<Value>) -> Option<StepState> {
    let mut fields = fields.into_iter();
    let status: StepStatus = serde_json::from_value(fields.next()?).ok()?;
    let completed_at = fields.next().and_then(|v| serde_json::from_value(v).ok());
    let due_override = fields.next().and_then(|v| serde_json::from_value(v).ok());
    Some(StepState {
        status,
        completed_at,
        due_override,
        ..StepState::new("")
    })
}

/// Reads what the Runs page shows of a packed record, without its body or log.
pub fn heading(raw: &str) -> Result<(Run, u64), String> {
    let heading: Heading = serde_json::from_str(raw).map_err(|e| e.to_string())?;
    let steps = heading
        .outline
        .into_iter()
        .map(outline_in)
        .collect::<Option<Vec<_>>>()
        .ok_or("its outline is unreadable")?;
    let run = run_from(heading.run, steps).ok_or("the run's fields are unreadable")?;
    Ok((run, heading.revision))
}

/// The revision of a packed record, reading nothing else.
pub fn revision_of(raw: &str) -> Result<u64, String> {
    #[derive(Deserialize)]
    struct Revision {
        revision: u64,
    }
    serde_json::from_str::<Revision>(raw)
        .map(|r| r.revision)
        .map_err(|e| e.to_string())
}

/// Every key a packed record names besides itself.
pub fn named_keys(raw: &str) -> BTreeSet<String> {
    #[derive(Deserialize)]
    struct Names {
        run: Id,
        #[serde(default)]
        body: BTreeMap<String, Value>,
        log: Option<LogIn>,
    }
    #[derive(Deserialize)]
    struct Id {
        id: String,
    }
    let Ok(names) = serde_json::from_str::<Names>(raw) else {
        return BTreeSet::new();
    };
    let id = names.run.id;
    let mut keys: BTreeSet<String> = names
        .body
        .into_iter()
        .filter_map(|(page, v)| v.as_str().map(|stamp| page_key(&id, stamp, &page)))
        .collect();
    if let Some(log) = names.log {
        keys.extend(
            log.seg
                .iter()
                .enumerate()
                .map(|(i, stamp)| segment_key(&id, stamp, i)),
        );
        if let Some(stamp) = log.tail.get("s").and_then(Value::as_str) {
            keys.insert(tail_key(&id, stamp));
        }
    }
    keys
}

// ---------------------------------------------------------------------------
// Encoding

/// Prepares the save of `run` at `revision`. `before` is what this tab last
/// wrote or read of it (`None` writes every part); `touched` says which parts
/// can have changed since: the others are taken from `before` unread.
/// New keys are named with `stamp` (revision and tab).
pub fn encode(
    run: &Run,
    revision: u64,
    touched: &Touched,
    before: Option<&Packed>,
    stamp: &str,
) -> Encoded {
    let empty = Packed::default();
    let before = before.unwrap_or(&empty);
    let mut state = Packed::default();
    let mut writes = Vec::new();
    let dirty = touched.parts(run);

    // The body: each part reused, or written again when it may have changed.
    let mut changed_pages: BTreeSet<String> = BTreeSet::new();
    for part in parts_of(run) {
        let old = before.parts.get(&part);
        let trusted = dirty.as_ref().is_some_and(|dirty| !dirty.contains(&part));
        let next = match old {
            Some(old) if trusted => old.clone(),
            _ => {
                let json = part_json(run, &part).unwrap_or_default();
                match old {
                    Some(old) if old.json == json => old.clone(),
                    _ => {
                        changed_pages.insert(part.page());
                        let packed = lz::pack(&json);
                        PartState { json, packed }
                    }
                }
            }
        };
        state.parts.insert(part, next);
    }
    // A page that lost a part changed too.
    for part in before.parts.keys() {
        if !state.parts.contains_key(part) {
            changed_pages.insert(part.page());
        }
    }

    // The log: full segments that still match stay; the rest is the tail.
    let log = &run.activity;
    let mut start = 0;
    for sealed in &before.sealed {
        let end = start + sealed.count;
        if end > log.len() || log[end - 1].hash != sealed.end {
            break;
        }
        state.sealed.push(sealed.clone());
        start = end;
    }
    while log.len() - start > log::SEGMENT {
        let end = start + log::SEGMENT;
        let prev = if start == 0 { "" } else { &log[start - 1].hash };
        let packed = lz::pack(&log::encode(&log[start..end], prev));
        let key = segment_key(&run.id, stamp, state.sealed.len());
        writes.push((key.clone(), json_string(&packed)));
        state.sealed.push(Sealed {
            key,
            count: log::SEGMENT,
            end: log[end - 1].hash.clone(),
        });
        start = end;
    }
    let tail = &log[start..];
    let last = tail.last().map_or("", |e| e.hash.as_str());
    let tail_same = state.sealed == before.sealed
        && tail.len() == before.tail_count
        && last == before.tail_last;
    if tail_same {
        state.tail_packed.clone_from(&before.tail_packed);
    } else {
        let prev = if start == 0 { "" } else { &log[start - 1].hash };
        state.tail_packed = lz::pack(&log::encode(tail, prev));
    }
    state.tail_count = tail.len();
    state.tail_last = last.to_owned();

    // Inside the record while small; otherwise each page and the tail under
    // a key of their own, kept where they were when unchanged.
    let units: usize = state
        .parts
        .values()
        .map(|p| units(&p.packed))
        .sum::<usize>()
        + units(&state.tail_packed);
    let inline = units <= INLINE_UNITS;
    let mut pages: BTreeMap<String, BTreeMap<String, &str>> = BTreeMap::new();
    for (part, p) in &state.parts {
        pages
            .entry(part.page())
            .or_default()
            .insert(part.to_string(), p.packed.as_str());
    }
    let mut body: BTreeMap<String, Value> = BTreeMap::new();
    let mut page_keys: BTreeMap<String, String> = BTreeMap::new();
    for (page, parts) in pages {
        let value = serde_json::to_value(&parts).unwrap_or_default();
        if inline {
            body.insert(page, value);
            continue;
        }
        let key = match before.pages.get(&page) {
            Some(key) if !changed_pages.contains(&page) => key.clone(),
            _ => {
                let key = page_key(&run.id, stamp, &page);
                writes.push((key.clone(), value.to_string()));
                key
            }
        };
        body.insert(page.clone(), Value::from(stamp_of(&key)));
        page_keys.insert(page, key);
    }
    state.pages = page_keys;
    let tail_value = if inline {
        Value::from(state.tail_packed.as_str())
    } else {
        let key = match &before.tail_key {
            Some(key) if tail_same => key.clone(),
            _ => {
                let key = tail_key(&run.id, stamp);
                writes.push((key.clone(), json_string(&state.tail_packed)));
                key
            }
        };
        let stamp = stamp_of(&key);
        state.tail_key = Some(key);
        serde_json::json!({ "s": stamp })
    };

    let kept = state.keys();
    let obsolete = before.keys().difference(&kept).cloned().collect();
    let record = record_json(run, revision, body, tail_value, &state);
    Encoded {
        writes,
        record,
        obsolete,
        state,
    }
}

fn units(text: &str) -> usize {
    text.encode_utf16().count()
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

fn record_json(
    run: &Run,
    revision: u64,
    body: BTreeMap<String, Value>,
    tail: Value,
    state: &Packed,
) -> String {
    let outline = run
        .steps
        .iter()
        .map(|s| OutlineOut(&s.status, s.completed_at, s.due_override))
        .collect();
    let log = LogOut {
        n: run.activity.len(),
        seg: state.sealed.iter().map(|s| stamp_of(&s.key)).collect(),
        tail,
    };
    serde_json::to_string(&RecordOut {
        schema: crate::storage::schema::SCHEMA_VERSION,
        encoding: ENCODING,
        revision,
        run: Reshaped::only(run, body::LISTED_FIELDS),
        outline,
        body,
        log,
    })
    .unwrap_or_default()
}

// ---------------------------------------------------------------------------
// Decoding

/// Why a packed record cannot be read.
#[derive(Debug, Clone, PartialEq)]
pub enum Unpacked {
    /// The record or one of its parts is not what this encoding writes.
    Damaged(String),
    /// The store refused a read.
    Store(crate::storage::StoreError),
}

impl std::fmt::Display for Unpacked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unpacked::Damaged(why) => f.write_str(why),
            Unpacked::Store(e) => e.fmt(f),
        }
    }
}

/// Reads a packed record and the keys it names (through `fetch`) back into
/// the run, with the revision and what is stored of it.
pub fn decode(
    raw: &str,
    fetch: impl Fn(&str) -> Result<Option<String>, crate::storage::StoreError>,
) -> Result<(Run, u64, Packed), Unpacked> {
    let damaged = |why: String| Unpacked::Damaged(why);
    let record: RecordIn = serde_json::from_str(raw).map_err(|e| damaged(e.to_string()))?;
    let id = record
        .run
        .get("id")
        .and_then(Value::as_str)
        .ok_or_else(|| damaged("it has no run id".into()))?
        .to_owned();
    let external = |key: &str| -> Result<String, Unpacked> {
        fetch(key)
            .map_err(Unpacked::Store)?
            .ok_or_else(|| damaged(format!("its part {key} is missing")))
    };
    let mut state = Packed::default();
    let mut parts: Vec<(PartId, String)> = Vec::new();
    for (page, value) in record.body {
        let parts_of_page: BTreeMap<String, String> = match value {
            Value::String(stamp) => {
                let key = page_key(&id, &stamp, &page);
                let text = external(&key)?;
                state.pages.insert(page.clone(), key.clone());
                serde_json::from_str(&text).map_err(|e| damaged(format!("{key}: {e}")))?
            }
            inline => {
                serde_json::from_value(inline).map_err(|e| damaged(format!("{page}: {e}")))?
            }
        };
        for (name, packed) in parts_of_page {
            let id = PartId::parse(&name).ok_or_else(|| damaged(format!("unknown part {name}")))?;
            let json = lz::unpack(&packed)
                .ok_or_else(|| damaged(format!("part {name} is not packed text")))?;
            parts.push((id.clone(), json.clone()));
            state.parts.insert(id, PartState { json, packed });
        }
    }
    parts.sort_by(|a, b| a.0.cmp(&b.0));
    let steps = assemble(&parts).map_err(damaged)?;

    let mut activity: Vec<ActivityEntry> = Vec::with_capacity(record.log.n);
    for (index, stamp) in record.log.seg.iter().enumerate() {
        let key = segment_key(&id, stamp, index);
        let count = log::SEGMENT;
        let packed: String =
            serde_json::from_str(&external(&key)?).map_err(|e| damaged(format!("{key}: {e}")))?;
        let prev = activity.last().map_or("", |e| e.hash.as_str()).to_owned();
        let json =
            lz::unpack(&packed).ok_or_else(|| damaged(format!("{key} is not packed text")))?;
        let entries = log::decode(&json, &prev).map_err(damaged)?;
        if entries.len() != count {
            return Err(damaged(format!(
                "{key} holds {} entries, not {count}",
                entries.len()
            )));
        }
        state.sealed.push(Sealed {
            key,
            count,
            end: entries.last().map_or(prev, |e| e.hash.clone()),
        });
        activity.extend(entries);
    }
    let tail_packed = match record.log.tail {
        Value::String(packed) => packed,
        Value::Object(obj) => {
            let stamp = obj
                .get("s")
                .and_then(Value::as_str)
                .ok_or_else(|| damaged("the log's tail is missing".into()))?;
            let key = tail_key(&id, stamp);
            let packed: String = serde_json::from_str(&external(&key)?)
                .map_err(|e| damaged(format!("{key}: {e}")))?;
            state.tail_key = Some(key);
            packed
        }
        _ => return Err(damaged("the log's tail is missing".into())),
    };
    let prev = activity.last().map_or("", |e| e.hash.as_str()).to_owned();
    let json = lz::unpack(&tail_packed)
        .ok_or_else(|| damaged("the log's tail is not packed text".into()))?;
    let tail = log::decode(&json, &prev).map_err(damaged)?;
    state.tail_count = tail.len();
    state.tail_last = tail.last().map_or(String::new(), |e| e.hash.clone());
    state.tail_packed = tail_packed;
    activity.extend(tail);
    if activity.len() != record.log.n {
        return Err(damaged(format!(
            "its log holds {} entries, not {}",
            activity.len(),
            record.log.n
        )));
    }

    // The listed fields are plain; the others are in the `f` part.
    let mut fields = record.run;
    if let Some(part) = state.parts.get(&PartId::Fields) {
        let others: Map<String, Value> = serde_json::from_str(&part.json)
            .map_err(|e| damaged(format!("the run's fields: {e}")))?;
        fields.extend(others);
    }
    let mut run =
        run_from(fields, steps).ok_or_else(|| damaged("the run's fields are unreadable".into()))?;
    run.activity = activity;
    Ok((run, record.revision, state))
}
