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

/// One part as last written or read: its JSON (to tell whether it changed),
/// its packed text, and its key when it is not inside the record.
#[derive(Clone, Debug, PartialEq)]
struct PartState {
    json: String,
    packed: String,
    key: Option<String>,
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
    sealed: Vec<Sealed>,
    /// The tail: entries from the end of the last full segment.
    tail_count: usize,
    tail_last: String,
    tail_packed: String,
}

impl Packed {
    /// Every key besides the record this run uses.
    pub fn keys(&self) -> BTreeSet<String> {
        self.parts
            .values()
            .filter_map(|p| p.key.clone())
            .chain(self.sealed.iter().map(|s| s.key.clone()))
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
    body: Vec<PartRef>,
    log: LogRef,
}

#[derive(Serialize)]
struct OutlineOut<'a> {
    step_id: &'a str,
    status: &'a StepStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    completed_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    due_override: Option<NaiveDate>,
}

#[derive(Deserialize)]
struct OutlineIn {
    step_id: String,
    status: StepStatus,
    #[serde(default)]
    completed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    due_override: Option<NaiveDate>,
}

/// A part of the body: inside the record (`z`) or under its own key (`k`).
#[derive(Serialize, Deserialize)]
struct PartRef {
    p: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    z: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    k: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct LogRef {
    /// Entries in all.
    n: usize,
    /// The full segments.
    seg: Vec<SegRef>,
    /// The tail, packed.
    tail: String,
}

#[derive(Serialize, Deserialize)]
struct SegRef {
    k: String,
    n: usize,
}

/// What the Runs page reads of a record: everything but the body and the log.
#[derive(Deserialize)]
struct Heading {
    revision: u64,
    run: Map<String, Value>,
    outline: Vec<OutlineIn>,
}

#[derive(Deserialize)]
struct RecordIn {
    revision: u64,
    run: Map<String, Value>,
    body: Vec<PartRef>,
    log: LogRef,
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
        ..StepState::new(&step.step_id)
    }
}

/// The run's own fields, through its JSON (so every field it has is kept).
fn fields_only(run: &Run) -> Option<Run> {
    let value = serde_json::to_value(Reshaped::without(run, &["steps", "activity"])).ok()?;
    let Value::Object(map) = value else {
        return None;
    };
    run_from(map, Vec::new())
}

fn run_from(mut map: Map<String, Value>, steps: Vec<StepState>) -> Option<Run> {
    map.insert("steps".into(), Value::Array(Vec::new()));
    map.remove("activity");
    let mut run: Run = serde_json::from_value(Value::Object(map)).ok()?;
    run.steps = steps;
    Some(run)
}

/// Reads what the Runs page shows of a packed record, without its body or log.
pub fn heading(raw: &str) -> Result<(Run, u64), String> {
    let heading: Heading = serde_json::from_str(raw).map_err(|e| e.to_string())?;
    let steps = heading
        .outline
        .into_iter()
        .map(|o| StepState {
            status: o.status,
            completed_at: o.completed_at,
            due_override: o.due_override,
            ..StepState::new(&o.step_id)
        })
        .collect();
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
    for part in parts_of(run) {
        let reused = before
            .parts
            .get(&part)
            .filter(|_| dirty.as_ref().is_some_and(|dirty| !dirty.contains(&part)));
        let next = match reused {
            Some(old) => old.clone(),
            None => {
                let json = part_json(run, &part).unwrap_or_default();
                match before.parts.get(&part) {
                    Some(old) if old.json == json => old.clone(),
                    _ => {
                        let packed = lz::pack(&json);
                        PartState {
                            json,
                            packed,
                            key: None,
                        }
                    }
                }
            }
        };
        state.parts.insert(part, next);
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
        let key = format!("{LOG_PREFIX}{}:{stamp}.{}", run.id, state.sealed.len());
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
    let sealed_same = state.sealed.len() == before.sealed.len();
    if sealed_same && tail.len() == before.tail_count && last == before.tail_last {
        state.tail_packed.clone_from(&before.tail_packed);
    } else {
        let prev = if start == 0 { "" } else { &log[start - 1].hash };
        state.tail_packed = lz::pack(&log::encode(tail, prev));
    }
    state.tail_count = tail.len();
    state.tail_last = last.to_owned();

    // Inside the record while small; otherwise each part under its own key,
    // kept where it already was when unchanged.
    let units: usize = state
        .parts
        .values()
        .map(|p| units(&p.packed))
        .sum::<usize>()
        + units(&state.tail_packed);
    let inline = units <= INLINE_UNITS;
    for (part, next) in state.parts.iter_mut() {
        let old = before.parts.get(part);
        let unchanged = old.is_some_and(|old| old.packed == next.packed);
        next.key = match (inline, unchanged, old.and_then(|o| o.key.clone())) {
            (true, _, _) => None,
            (false, true, Some(key)) => Some(key),
            (false, _, _) => {
                let key = format!("{PART_PREFIX}{}:{stamp}.{part}", run.id);
                writes.push((key.clone(), json_string(&next.packed)));
                Some(key)
            }
        };
    }

    let kept = state.keys();
    let obsolete = before.keys().difference(&kept).cloned().collect();
    let record = record_json(run, revision, &state);
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

fn record_json(run: &Run, revision: u64, state: &Packed) -> String {
    let outline = run
        .steps
        .iter()
        .map(|s| OutlineOut {
            step_id: &s.step_id,
            status: &s.status,
            completed_at: s.completed_at,
            due_override: s.due_override,
        })
        .collect();
    let body = state
        .parts
        .iter()
        .map(|(part, p)| PartRef {
            p: part.to_string(),
            z: p.key.is_none().then(|| p.packed.clone()),
            k: p.key.clone(),
        })
        .collect();
    let log = LogRef {
        n: run.activity.len(),
        seg: state
            .sealed
            .iter()
            .map(|s| SegRef {
                k: s.key.clone(),
                n: s.count,
            })
            .collect(),
        tail: state.tail_packed.clone(),
    };
    serde_json::to_string(&RecordOut {
        schema: crate::storage::schema::SCHEMA_VERSION,
        encoding: ENCODING,
        revision,
        run: Reshaped::without(run, &["steps", "activity"]),
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

/// Reads a packed record and the keys it names (through `fetch`) back into
/// the run, with the revision and what is stored of it.
pub fn decode(
    raw: &str,
    fetch: impl Fn(&str) -> Result<Option<String>, crate::storage::StoreError>,
) -> Result<(Run, u64, Packed), Unpacked> {
    let damaged = |why: String| Unpacked::Damaged(why);
    let record: RecordIn = serde_json::from_str(raw).map_err(|e| damaged(e.to_string()))?;
    let external = |key: &str| -> Result<String, Unpacked> {
        let raw = fetch(key)
            .map_err(Unpacked::Store)?
            .ok_or_else(|| damaged(format!("its part {key} is missing")))?;
        serde_json::from_str::<String>(&raw).map_err(|e| damaged(format!("{key}: {e}")))
    };
    let mut state = Packed::default();
    let mut parts = Vec::with_capacity(record.body.len());
    for part in record.body {
        let id =
            PartId::parse(&part.p).ok_or_else(|| damaged(format!("unknown part {}", part.p)))?;
        let packed = match (&part.z, &part.k) {
            (Some(z), _) => z.clone(),
            (None, Some(key)) => external(key)?,
            (None, None) => return Err(damaged(format!("part {} is empty", part.p))),
        };
        let json = lz::unpack(&packed)
            .ok_or_else(|| damaged(format!("part {} is not packed text", part.p)))?;
        parts.push((id.clone(), json.clone()));
        state.parts.insert(
            id,
            PartState {
                json,
                packed,
                key: part.k,
            },
        );
    }
    let steps = assemble(&parts).map_err(damaged)?;

    let mut activity: Vec<ActivityEntry> = Vec::with_capacity(record.log.n);
    for seg in record.log.seg {
        let packed = external(&seg.k)?;
        let prev = activity.last().map_or("", |e| e.hash.as_str()).to_owned();
        let json =
            lz::unpack(&packed).ok_or_else(|| damaged(format!("{} is not packed text", seg.k)))?;
        let entries = log::decode(&json, &prev).map_err(damaged)?;
        if entries.len() != seg.n {
            return Err(damaged(format!(
                "{} holds {} entries, not {}",
                seg.k,
                entries.len(),
                seg.n
            )));
        }
        state.sealed.push(Sealed {
            key: seg.k,
            count: seg.n,
            end: entries.last().map_or(prev, |e| e.hash.clone()),
        });
        activity.extend(entries);
    }
    let prev = activity.last().map_or("", |e| e.hash.as_str()).to_owned();
    let json = lz::unpack(&record.log.tail)
        .ok_or_else(|| damaged("the log's tail is not packed text".into()))?;
    let tail = log::decode(&json, &prev).map_err(damaged)?;
    state.tail_count = tail.len();
    state.tail_last = tail.last().map_or(String::new(), |e| e.hash.clone());
    state.tail_packed = record.log.tail;
    activity.extend(tail);
    if activity.len() != record.log.n {
        return Err(damaged(format!(
            "its log holds {} entries, not {}",
            activity.len(),
            record.log.n
        )));
    }

    let mut run = run_from(record.run, steps)
        .ok_or_else(|| damaged("the run's fields are unreadable".into()))?;
    run.activity = activity;
    Ok((run, record.revision, state))
}
