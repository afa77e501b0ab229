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
//! carry the revision and a tag of the tab that wrote them (the record names
//! them by that stamp), so two tabs saving the same revision never write the
//! same key. A save's work is what changed: it neither reads nor copies the
//! parts it was not told could have changed (see [`touched`]).

pub mod body;
pub mod fields;
pub mod log;
pub mod lz;
pub mod sorted;
mod touched;

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use self::body::{PageId, PartId, assemble, part_json, parts_of};
use self::fields::Reshaped;
use self::sorted::SortedMap;
use crate::domain::activity::entry::ActivityEntry;
use crate::domain::change::Touched;
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

/// The key of a list's pages in the record's body: `r7.interactions`.
fn list_name(step: usize, field: &str) -> String {
    format!("r{step}.{field}")
}

/// The record's body for pages under keys of their own: `"steps"` to the
/// stamp of its key, and each long list (`"r7.interactions"`) to runs of its
/// pages by stamp, `[stamp, first page, last page]`, so a record naming
/// hundreds of pages stays small.
fn external_body<'a>(pages: impl Iterator<Item = (&'a PageId, &'a str)>) -> Map<String, Value> {
    let mut body = Map::new();
    let mut runs: Vec<Value> = Vec::new();
    let mut list: Option<(usize, &str)> = None;
    let mut run: Option<(&str, u32, u32)> = None;
    let flush_run = |runs: &mut Vec<Value>, run: &mut Option<(&str, u32, u32)>| {
        if let Some((stamp, first, last)) = run.take() {
            runs.push(serde_json::json!([stamp, first, last]));
        }
    };
    for (page, stamp) in pages {
        match page {
            PageId::Steps => {
                body.insert("steps".into(), Value::from(stamp));
            }
            PageId::Rows { step, field, group } => {
                if list != Some((*step, field.as_str())) {
                    flush_run(&mut runs, &mut run);
                    if let Some((s, f)) = list.take() {
                        body.insert(list_name(s, f), Value::Array(std::mem::take(&mut runs)));
                    }
                    list = Some((*step, field.as_str()));
                }
                match &mut run {
                    Some((s, _, last)) if *s == stamp && *last + 1 == *group => *last = *group,
                    _ => {
                        flush_run(&mut runs, &mut run);
                        run = Some((stamp, *group, *group));
                    }
                }
            }
        }
    }
    flush_run(&mut runs, &mut run);
    if let Some((s, f)) = list {
        body.insert(list_name(s, f), Value::Array(runs));
    }
    body
}

/// The pages (and the stamps of their keys) a record's external body names.
fn external_pages(body: &Map<String, Value>) -> Option<Vec<(PageId, String)>> {
    let mut pages = Vec::new();
    for (name, value) in body {
        match value {
            Value::String(stamp) if name == "steps" => pages.push((PageId::Steps, stamp.clone())),
            Value::Array(runs) => {
                let (step, field) = name.strip_prefix('r')?.split_once('.')?;
                let step: usize = step.parse().ok()?;
                for run in runs {
                    let stamp = run.get(0)?.as_str()?;
                    let first = u32::try_from(run.get(1)?.as_u64()?).ok()?;
                    let last = u32::try_from(run.get(2)?.as_u64()?).ok()?;
                    if last < first || last - first > 1_000_000 {
                        return None;
                    }
                    for group in first..=last {
                        let page = PageId::Rows {
                            step,
                            field: field.to_owned(),
                            group,
                        };
                        pages.push((page, stamp.to_owned()));
                    }
                }
            }
            _ => {}
        }
    }
    Some(pages)
}

/// The key of the log's full segment number `index` (counted from the start).
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

/// One part as last written or read: its JSON (to tell whether it changed),
/// its packed text and that text's length in UTF-16 units.
#[derive(Clone, Debug, PartialEq)]
struct PartState {
    json: String,
    packed: String,
    units: usize,
}

impl PartState {
    fn new(json: String, packed: String) -> PartState {
        let units = packed.encode_utf16().count();
        PartState {
            json,
            packed,
            units,
        }
    }
}

/// A full segment of the log as stored.
#[derive(Clone, Debug, PartialEq)]
struct Sealed {
    key: String,
    stamp: String,
    /// The hash of its last entry.
    end: String,
}

/// The log's tail as stored.
#[derive(Clone, Debug, Default, PartialEq)]
struct Tail {
    count: usize,
    last: String,
    packed: String,
    /// Its key, when not inside the record.
    key: Option<String>,
    /// Entries (counted in the tail) whose hashes do not match their content
    /// (a file changed outside the app), stored with their hashes.
    odd: Vec<usize>,
}

/// What is stored of one run, as this tab last wrote or read it: lets the
/// next save write only what changed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Packed {
    parts: SortedMap<PartId, PartState>,
    /// The parts' packed length in UTF-16 units, together.
    units: usize,
    /// Pages under their own key, with their key and its stamp (none while
    /// the run is small).
    pages: SortedMap<PageId, (String, String)>,
    sealed: Vec<Sealed>,
    tail: Tail,
}

impl Packed {
    /// Every key besides the record this run uses.
    pub fn keys(&self) -> BTreeSet<String> {
        self.pages
            .values()
            .map(|(key, _)| key.clone())
            .chain(self.sealed.iter().map(|s| s.key.clone()))
            .chain(self.tail.key.clone())
            .collect()
    }

    /// Takes in what a save wrote, once its record is stored.
    pub fn apply(&mut self, change: Change) {
        for (part, state) in change.parts {
            self.units += state.as_ref().map_or(0, |s| s.units);
            let old = match state {
                Some(state) => self.parts.insert(part, state),
                None => self.parts.remove(&part),
            };
            self.units -= old.map_or(0, |s| s.units);
        }
        if change.inline {
            self.pages.clear();
        }
        for (page, key) in change.pages {
            match key {
                Some(key) => {
                    let stamp = stamp_of(&key);
                    self.pages.insert(page, (key, stamp))
                }
                None => self.pages.remove(&page),
            };
        }
        self.sealed.truncate(change.sealed_kept);
        self.sealed.extend(change.sealed_new);
        if let Some(tail) = change.tail {
            self.tail = tail;
        }
    }
}

/// What a save changes in what is stored ([`Packed::apply`]).
#[derive(Debug, Default)]
pub struct Change {
    parts: Vec<(PartId, Option<PartState>)>,
    inline: bool,
    pages: Vec<(PageId, Option<String>)>,
    sealed_kept: usize,
    sealed_new: Vec<Sealed>,
    tail: Option<Tail>,
}

/// A save, ready to be written: the pages' and segments' keys first, then the
/// record.
#[derive(Debug)]
pub struct Encoded {
    /// New keys and their values, written before the record.
    pub writes: Vec<(String, String)>,
    /// The record.
    pub record: String,
    /// Keys the record no longer uses, removed once it is written.
    pub obsolete: Vec<String>,
    /// What is stored once the record is written.
    pub change: Change,
    /// The record's revision.
    pub revision: u64,
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
    /// Inside the record: page name to its parts (part name to packed text).
    /// Under keys of their own: see [`external_body`].
    body: Map<String, Value>,
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
    /// The full segments: the stamp of their keys and how many in a row have it.
    seg: Vec<(String, usize)>,
    /// The tail, packed (a small run), or `{"s": stamp}` of its key.
    tail: Value,
}

/// A record as read: everything optional, so one reader serves the Runs
/// page's heading, a save's look at the revision and a whole run's reading.
#[derive(Deserialize)]
struct RecordIn {
    revision: u64,
    run: Map<String, Value>,
    #[serde(default)]
    body: Map<String, Value>,
    log: Option<LogIn>,
}

#[derive(Deserialize)]
struct LogIn {
    n: usize,
    seg: Vec<(String, usize)>,
    tail: Value,
}

/// The fields of a run the record lists in plain JSON and an outline of its
/// steps, as a `Run` without values or log: what a list of runs shows, exactly
/// as [`heading`] reads it back from the stored record.
pub fn outline(run: &Run) -> Run {
    let steps: Vec<StepState> = run.steps.iter().map(outline_step).collect();
    // Through the text, as the record holds it (so no other serialiser is
    // compiled in for a run).
    let listed = serde_json::to_string(&Reshaped::only(run, body::LISTED_FIELDS)).ok();
    let fields = listed.and_then(|mut json| {
        json.pop().filter(|c| *c == '}')?;
        json.push_str(r#","steps":[]}"#);
        serde_json::from_str::<Run>(&json).ok()
    });
    let mut skeleton = fields.unwrap_or_else(|| Run {
        steps: Vec::new(),
        activity: Vec::new(),
        assignments: Default::default(),
        ..run.clone()
    });
    skeleton.steps = steps;
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
    let completed_at = fields
        .next()
        .and_then(|v| v.as_str().and_then(|t| t.parse().ok()));
    let due_override = fields
        .next()
        .and_then(|v| v.as_str().and_then(|t| t.parse().ok()));
    Some(StepState {
        status,
        completed_at,
        due_override,
        ..StepState::new("")
    })
}

/// What the Runs page reads of a record: its kind and, for a record of this
/// encoding, its run's fields and outline. The body and log are skipped
/// unparsed, so a list of runs costs little more than the text's length.
#[derive(Deserialize)]
struct HeadingIn {
    schema: Option<u64>,
    encoding: Option<u64>,
    revision: Option<u64>,
    run: Option<Map<String, Value>>,
    #[serde(default)]
    outline: Vec<Vec<Value>>,
}

/// Reads what the Runs page shows of a record of this encoding and schema,
/// without its body or log: `None` for any other record (or text that is no
/// record at all), which is read whole instead.
pub fn heading(raw: &str) -> Option<Result<(Run, u64), String>> {
    let record: HeadingIn = match head_of(raw) {
        Some(head) => serde_json::from_str(&format!("{head}}}")).ok()?,
        None => serde_json::from_str(raw).ok()?,
    };
    if record.schema != Some(u64::from(crate::storage::schema::SCHEMA_VERSION))
        || record.encoding != Some(ENCODING)
    {
        return None;
    }
    Some((|| {
        let revision = record.revision.ok_or("it has no revision")?;
        let steps = record
            .outline
            .into_iter()
            .map(outline_in)
            .collect::<Option<Vec<_>>>()
            .ok_or("its outline is unreadable")?;
        let fields = record.run.ok_or("it has no run")?;
        let run = run_from(fields, steps).ok_or("the run's fields are unreadable")?;
        Ok((run, revision))
    })())
}

/// The text of a record before its body (written after the run's fields and
/// outline): all a list of runs needs, found without reading the rest. A quote
/// inside a JSON string is always escaped, so `,"body":` in a record's text is
/// a key; the first one is the record's own, as no object before it has one
/// (were one ever there, the head would not parse and the record is read
/// whole).
fn head_of(raw: &str) -> Option<&str> {
    raw.find(r#","body":"#).map(|at| &raw[..at])
}

/// The revision of a packed record.
pub fn revision_of(raw: &str) -> Result<u64, String> {
    serde_json::from_str::<RecordIn>(raw)
        .map(|r| r.revision)
        .map_err(|e| e.to_string())
}

/// Every key a packed record names besides itself.
pub fn named_keys(raw: &str) -> BTreeSet<String> {
    let Ok(record) = serde_json::from_str::<RecordIn>(raw) else {
        return BTreeSet::new();
    };
    let Some(id) = record.run.get("id").and_then(Value::as_str) else {
        return BTreeSet::new();
    };
    let mut keys: BTreeSet<String> = external_pages(&record.body)
        .unwrap_or_default()
        .into_iter()
        .map(|(page, stamp)| page_key(id, &stamp, &page.to_string()))
        .collect();
    if let Some(log) = record.log {
        let mut index = 0;
        for (stamp, count) in &log.seg {
            for _ in 0..*count {
                keys.insert(segment_key(id, stamp, index));
                index += 1;
            }
        }
        if let Some(stamp) = log.tail.get("s").and_then(Value::as_str) {
            keys.insert(tail_key(id, stamp));
        }
    }
    keys
}

// ---------------------------------------------------------------------------
// Encoding

/// Prepares the save of `run` at `revision`. `before` is what this tab last
/// wrote or read of it (`None` writes every part); `touched` says which parts
/// can have changed since: the others are neither serialised nor compared.
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
    let mut change = Change::default();
    let mut writes = Vec::new();
    let mut obsolete = Vec::new();
    let dirty = touched::parts(touched, run);

    // The body: the parts that may have changed and did, and those gone.
    // When no record came or went, the parts are those of the last save and
    // only the touched ones are looked at.
    let fixed = !before.parts.is_empty() && touched.keeps_parts();
    let layout: Vec<PartId> = match (&dirty, fixed) {
        (Some(dirty), true) => dirty
            .iter()
            .filter(|p| before.parts.contains_key(p))
            .cloned()
            .collect(),
        _ => parts_of(run),
    };
    // The pages that changed, each with one of its parts.
    let mut changed_pages: SortedMap<PageId, PartId> = SortedMap::default();
    let mut added = 0;
    for part in &layout {
        let old = before.parts.get(part);
        let trusted = dirty.as_ref().is_some_and(|dirty| !dirty.contains(part));
        if old.is_some() && trusted {
            continue;
        }
        let json = part_json(run, part).unwrap_or_default();
        if old.is_some_and(|old| old.json == json) {
            continue;
        }
        added += usize::from(old.is_none());
        changed_pages.insert(part.page(), part.clone());
        let packed = lz::pack(&json);
        change
            .parts
            .push((part.clone(), Some(PartState::new(json, packed))));
    }
    // Parts gone (a bucket emptied, a list no longer long).
    let layout_changed = !fixed && (added > 0 || before.parts.len() + added != layout.len());
    if !fixed && before.parts.len() + added != layout.len() {
        // (The layout is in key order, as `parts_of` makes it.)
        for part in before.parts.keys() {
            if layout.binary_search(part).is_err() {
                changed_pages.insert(part.page(), part.clone());
                change.parts.push((part.clone(), None));
            }
        }
    }
    // A part as it is after this save.
    let now = |part: &PartId| -> Option<&PartState> {
        match change.parts.iter().find(|(p, _)| p == part) {
            Some((_, state)) => state.as_ref(),
            None => before.parts.get(part),
        }
    };

    // The log: full segments that still match stay; the rest is the tail.
    // A change through `Run::apply` only ever touches the log's end, so the
    // segments are checked from the last one back, to the first that matches
    // (every earlier one then does too: each hash covers the one before).
    let log = &run.activity;
    let matches = |i: usize, sealed: &Sealed| {
        let end = (i + 1) * log::SEGMENT;
        end <= log.len() && log[end - 1].hash == sealed.end
    };
    change.sealed_kept = match touched {
        Touched::Spots(_) => before
            .sealed
            .iter()
            .enumerate()
            .rev()
            .find(|(i, sealed)| matches(*i, sealed))
            .map_or(0, |(i, _)| i + 1),
        Touched::Everything => before
            .sealed
            .iter()
            .enumerate()
            .position(|(i, sealed)| !matches(i, sealed))
            .unwrap_or(before.sealed.len()),
    };
    obsolete.extend(
        before.sealed[change.sealed_kept..]
            .iter()
            .map(|s| s.key.clone()),
    );
    let mut start = change.sealed_kept * log::SEGMENT;
    // Entries whose hashes were checked when last stored, and not changed
    // since (a change through `Run::apply` only appends to the log, or
    // rewrites its last entry): only the others are hashed again.
    let checked_until = match touched {
        Touched::Spots(_) if change.sealed_kept == before.sealed.len() => {
            (start + before.tail.count).saturating_sub(1)
        }
        _ => 0,
    };
    let odd_before: Vec<usize> = before.tail.odd.iter().map(|i| i + start).collect();
    let check = |from: usize| {
        let odd_before = &odd_before;
        move |i: usize| from + i >= checked_until || odd_before.contains(&(from + i))
    };
    while log.len() - start > log::SEGMENT {
        let end = start + log::SEGMENT;
        let prev = if start == 0 { "" } else { &log[start - 1].hash };
        let (json, _) = log::encode_checking(&log[start..end], prev, &check(start));
        let packed = lz::pack(&json);
        let index = change.sealed_kept + change.sealed_new.len();
        let key = segment_key(&run.id, stamp, index);
        writes.push((key.clone(), json_string(&packed)));
        change.sealed_new.push(Sealed {
            key,
            stamp: stamp.to_owned(),
            end: log[end - 1].hash.clone(),
        });
        start = end;
    }
    let tail = &log[start..];
    let last = tail.last().map_or("", |e| e.hash.as_str());
    let tail_same = change.sealed_kept == before.sealed.len()
        && change.sealed_new.is_empty()
        && tail.len() == before.tail.count
        && last == before.tail.last;
    let mut tail_odd = before.tail.odd.clone();
    let tail_packed = if tail_same {
        None
    } else {
        let prev = if start == 0 { "" } else { &log[start - 1].hash };
        let (json, odd) = log::encode_checking(tail, prev, &check(start));
        tail_odd = odd;
        Some(lz::pack(&json))
    };
    let tail_text = tail_packed.as_deref().unwrap_or(&before.tail.packed);

    // Inside the record while small; otherwise each page and the tail under
    // a key of their own, kept where they were when unchanged.
    let units = change
        .parts
        .iter()
        .fold(before.units, |units, (part, state)| {
            units + state.as_ref().map_or(0, |s| s.units)
                - before.parts.get(part).map_or(0, |s| s.units)
        })
        + tail_text.encode_utf16().count();
    let inline = units <= INLINE_UNITS;
    change.inline = inline;
    let content = |parts: &mut dyn Iterator<Item = &PartId>| -> Value {
        let mut map = Map::new();
        for part in parts {
            if let Some(state) = now(part) {
                map.insert(part.to_string(), Value::from(state.packed.as_str()));
            }
        }
        Value::Object(map)
    };
    // A page's text under its own key: the same object, written directly.
    let page_text = |parts: &mut dyn Iterator<Item = &PartId>| -> String {
        let mut out = String::from("{");
        for part in parts {
            if let Some(state) = now(part) {
                if out.len() > 1 {
                    out.push(',');
                }
                out.push('"');
                out.push_str(&part.to_string());
                out.push_str("\":");
                out.push_str(&json_string(&state.packed));
            }
        }
        out.push('}');
        out
    };
    let mut body = Map::new();
    if !inline && !layout_changed && !before.pages.is_empty() {
        // The same pages as before: only those that changed are written.
        for (page, part) in changed_pages.iter() {
            if let Some((old, _)) = before.pages.get(page) {
                obsolete.push(old.clone());
            }
            let key = page_key(&run.id, stamp, &page.to_string());
            let value = page_text(&mut part.page_parts(run.steps.len()).iter());
            writes.push((key.clone(), value));
            change.pages.push((page.clone(), Some(key)));
        }
        body = external_body(before.pages.iter().map(|(page, (_, old))| {
            let page_stamp = if changed_pages.contains_key(page) {
                stamp
            } else {
                old.as_str()
            };
            (page, page_stamp)
        }));
    } else {
        // Every part, not only the touched ones.
        let all: Vec<&PartId> = if fixed {
            before.parts.keys().collect()
        } else {
            layout.iter().collect()
        };
        // Parts in key order: a page's parts come one after another.
        let mut pages: Vec<(PageId, Vec<&PartId>)> = Vec::new();
        for part in all {
            let page = part.page();
            match pages.last_mut() {
                Some((last, parts)) if *last == page => parts.push(part),
                _ => pages.push((page, vec![part])),
            }
        }
        let mut stamps: Vec<(&PageId, String)> = Vec::new();
        for (page, parts) in &pages {
            if inline {
                body.insert(page.to_string(), content(&mut parts.iter().copied()));
                continue;
            }
            let key = match before.pages.get(page) {
                Some((key, _)) if !changed_pages.contains_key(page) => key.clone(),
                old => {
                    obsolete.extend(old.map(|(key, _)| key.clone()));
                    let key = page_key(&run.id, stamp, &page.to_string());
                    let value = page_text(&mut parts.iter().copied());
                    writes.push((key.clone(), value));
                    change.pages.push((page.clone(), Some(key.clone())));
                    key
                }
            };
            stamps.push((page, stamp_of(&key)));
        }
        for (page, (key, _)) in before.pages.iter() {
            if inline || !pages.iter().any(|(p, _)| p == page) {
                obsolete.push(key.clone());
                change.pages.push((page.clone(), None));
            }
        }
        if !inline {
            body = external_body(stamps.iter().map(|(page, stamp)| (*page, stamp.as_str())));
        }
    }

    let tail_value = if inline {
        obsolete.extend(before.tail.key.clone());
        Value::from(tail_text)
    } else {
        let key = match &before.tail.key {
            Some(key) if tail_same => key.clone(),
            old => {
                obsolete.extend(old.clone());
                let key = tail_key(&run.id, stamp);
                writes.push((key.clone(), json_string(tail_text)));
                key
            }
        };
        let tail_stamp = stamp_of(&key);
        if !tail_same || before.tail.key.is_none() {
            change.tail = Some(Tail {
                count: tail.len(),
                last: last.to_owned(),
                packed: tail_text.to_owned(),
                key: Some(key),
                odd: tail_odd.clone(),
            });
        }
        serde_json::json!({ "s": tail_stamp })
    };
    if inline && (!tail_same || before.tail.key.is_some()) {
        change.tail = Some(Tail {
            count: tail.len(),
            last: last.to_owned(),
            packed: tail_text.to_owned(),
            key: None,
            odd: tail_odd,
        });
    }

    // The full segments, by stamp in runs.
    let mut seg: Vec<(String, usize)> = Vec::new();
    let all_sealed = before.sealed[..change.sealed_kept]
        .iter()
        .chain(&change.sealed_new);
    for sealed in all_sealed {
        match seg.last_mut() {
            Some((stamp, count)) if *stamp == sealed.stamp => *count += 1,
            _ => seg.push((sealed.stamp.clone(), 1)),
        }
    }

    let outline = run
        .steps
        .iter()
        .map(|s| OutlineOut(&s.status, s.completed_at, s.due_override))
        .collect();
    let record = serde_json::to_string(&RecordOut {
        schema: crate::storage::schema::SCHEMA_VERSION,
        encoding: ENCODING,
        revision,
        run: Reshaped::only(run, body::LISTED_FIELDS),
        outline,
        body,
        log: LogOut {
            n: log.len(),
            seg,
            tail: tail_value,
        },
    })
    .unwrap_or_default();
    Encoded {
        writes,
        record,
        obsolete,
        change,
        revision,
    }
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
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

/// Reads a stored key.
pub type Fetch<'a> = &'a dyn Fn(&str) -> Result<Option<String>, crate::storage::StoreError>;

/// Reads a packed record and the keys it names (through `fetch`) back into
/// the run, with the revision and what is stored of it.
pub fn decode(raw: &str, fetch: Fetch<'_>) -> Result<(Run, u64, Packed), Unpacked> {
    let damaged = |why: String| Unpacked::Damaged(why);
    let record: RecordIn = serde_json::from_str(raw).map_err(|e| damaged(e.to_string()))?;
    let id = record
        .run
        .get("id")
        .and_then(Value::as_str)
        .ok_or_else(|| damaged("it has no run id".into()))?
        .to_owned();
    let external_text = |key: &str| -> Result<String, Unpacked> {
        fetch(key)
            .map_err(Unpacked::Store)?
            .ok_or_else(|| damaged(format!("its part {key} is missing")))
    };
    let mut state = Packed::default();
    let add_parts = |state: &mut Packed, parts: Map<String, Value>| -> Result<(), Unpacked> {
        for (name, packed) in parts {
            let id = PartId::parse(&name).ok_or_else(|| damaged(format!("unknown part {name}")))?;
            let packed = packed
                .as_str()
                .ok_or_else(|| damaged(format!("part {name} is not text")))?
                .to_owned();
            let json = lz::unpack(&packed)
                .ok_or_else(|| damaged(format!("part {name} is not packed text")))?;
            let part = PartState::new(json, packed);
            state.units += part.units;
            state.parts.insert(id, part);
        }
        Ok(())
    };
    for value in record.body.values() {
        // Pages inside the record.
        if let Value::Object(parts) = value {
            add_parts(&mut state, parts.clone())?;
        }
    }
    let external = external_pages(&record.body)
        .ok_or_else(|| damaged("its list of pages is unreadable".into()))?;
    for (page, page_stamp) in external {
        let key = page_key(&id, &page_stamp, &page.to_string());
        let parts: Map<String, Value> = serde_json::from_str(&external_text(&key)?)
            .map_err(|e| damaged(format!("{key}: {e}")))?;
        add_parts(&mut state, parts)?;
        state.pages.insert(page, (key, page_stamp));
    }
    let parts: Vec<(PartId, &str)> = state
        .parts
        .iter()
        .map(|(part, s)| (part.clone(), s.json.as_str()))
        .collect();
    let steps = assemble(&parts).map_err(damaged)?;

    let log = record
        .log
        .ok_or_else(|| damaged("it has no activity log".into()))?;
    let mut activity: Vec<ActivityEntry> = Vec::with_capacity(log.n);
    let mut index = 0;
    for (stamp, count) in &log.seg {
        for _ in 0..*count {
            let key = segment_key(&id, stamp, index);
            index += 1;
            let packed: String = serde_json::from_str(&external_text(&key)?)
                .map_err(|e| damaged(format!("{key}: {e}")))?;
            let prev = activity.last().map_or("", |e| e.hash.as_str()).to_owned();
            let json =
                lz::unpack(&packed).ok_or_else(|| damaged(format!("{key} is not packed text")))?;
            let entries = log::decode(&json, &prev).map_err(damaged)?;
            if entries.len() != log::SEGMENT {
                return Err(damaged(format!("{key} holds {} entries", entries.len())));
            }
            state.sealed.push(Sealed {
                key,
                stamp: stamp.clone(),
                end: entries.last().map_or(prev, |e| e.hash.clone()),
            });
            activity.extend(entries);
        }
    }
    let (tail_packed, tail_key) = match log.tail {
        Value::String(packed) => (packed, None),
        Value::Object(obj) => {
            let stamp = obj
                .get("s")
                .and_then(Value::as_str)
                .ok_or_else(|| damaged("the log's tail is missing".into()))?;
            let key = tail_key(&id, stamp);
            let packed: String = serde_json::from_str(&external_text(&key)?)
                .map_err(|e| damaged(format!("{key}: {e}")))?;
            (packed, Some(key))
        }
        _ => return Err(damaged("the log's tail is missing".into())),
    };
    let prev = activity.last().map_or("", |e| e.hash.as_str()).to_owned();
    let json = lz::unpack(&tail_packed)
        .ok_or_else(|| damaged("the log's tail is not packed text".into()))?;
    let (tail, odd) = log::decode_noting(&json, &prev).map_err(damaged)?;
    state.tail = Tail {
        count: tail.len(),
        last: tail.last().map_or(String::new(), |e| e.hash.clone()),
        packed: tail_packed,
        key: tail_key,
        odd,
    };
    activity.extend(tail);
    if activity.len() != log.n {
        return Err(damaged(format!(
            "its log holds {} entries, not {}",
            activity.len(),
            log.n
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
