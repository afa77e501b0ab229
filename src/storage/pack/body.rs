//! A run's steps as stored: one part per step, and the records of a long list
//! in parts of their own, by record id (records 1–32, 33–64, …), so an edit
//! rewrites the step or the 32 records it touched, never the whole run.
//!
//! Every part is the domain's own JSON (a step is a `StepState`, a part of a
//! list is a slice of `Row`s), so what another version of the domain adds to a
//! step is stored without a change here.

use std::collections::BTreeMap;
use std::fmt;

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::fields::Reshaped;
use crate::domain::run::{Run, StepState};
use crate::domain::value::{FieldValue, Row};

/// A list with more records than this is stored in parts of its own.
pub const LONG_LIST: usize = 48;
/// Records per part of a long list, by record id: what an edit of one record
/// compresses again.
pub const BUCKET: u32 = 8;

/// The run's own fields the Runs page shows, kept plain in the record; every
/// other field of the run (roles, an import's note, what a later version adds)
/// is in the [`PartId::Fields`] part.
pub const LISTED_FIELDS: &[&str] = &[
    "id",
    "template_id",
    "template_version",
    "title",
    "created_at",
    "updated_at",
    "target_date",
];

/// One part of a run's body.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PartId {
    /// The run's own fields beyond [`LISTED_FIELDS`].
    Fields,
    /// A step, without the records of its long lists.
    Step(usize),
    /// The records of a long list whose ids fall in one bucket.
    Rows {
        /// Step index.
        step: usize,
        /// List field id.
        field: String,
        /// Bucket number: ids `bucket * BUCKET + 1 ..= (bucket + 1) * BUCKET`.
        bucket: u32,
    },
}

impl fmt::Display for PartId {
    /// The part's name in the stored record: `f`, `s3`, or `r7.12.interactions`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PartId::Fields => write!(f, "f"),
            PartId::Step(step) => write!(f, "s{step}"),
            PartId::Rows {
                step,
                bucket,
                field,
            } => write!(f, "r{step}.{bucket}.{field}"),
        }
    }
}

impl PartId {
    /// Reads a part name written by [`PartId`]'s `Display`.
    pub fn parse(name: &str) -> Option<PartId> {
        if name == "f" {
            return Some(PartId::Fields);
        }
        if let Some(step) = name.strip_prefix('s') {
            return step.parse().ok().map(PartId::Step);
        }
        let mut pieces = name.strip_prefix('r')?.splitn(3, '.');
        let step = pieces.next()?.parse().ok()?;
        let bucket = pieces.next()?.parse().ok()?;
        let field = pieces.next().filter(|f| !f.is_empty())?.to_owned();
        Some(PartId::Rows {
            step,
            bucket,
            field,
        })
    }

    /// The step the part belongs to.
    pub fn step(&self) -> Option<usize> {
        match self {
            PartId::Fields => None,
            PartId::Step(step) | PartId::Rows { step, .. } => Some(*step),
        }
    }

    /// The page the part is stored in: the run's fields and every step
    /// together, and the buckets of a long list four by four.
    pub fn page(&self) -> PageId {
        match self {
            PartId::Fields | PartId::Step(_) => PageId::Steps,
            PartId::Rows {
                step,
                bucket,
                field,
            } => PageId::Rows {
                step: *step,
                field: field.clone(),
                group: bucket / PAGE_BUCKETS,
            },
        }
    }
}

/// A page: what one key holds of a large run's body.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PageId {
    /// The run's other fields and every step.
    Steps,
    /// Buckets `group * PAGE_BUCKETS ..` of a long list.
    Rows {
        /// Step index.
        step: usize,
        /// List field id.
        field: String,
        /// Page number within the list.
        group: u32,
    },
}

impl fmt::Display for PageId {
    /// The page's name in its key: `steps`, or `r7.12.interactions`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PageId::Steps => write!(f, "steps"),
            PageId::Rows { step, field, group } => write!(f, "r{step}.{group}.{field}"),
        }
    }
}

impl PartId {
    /// Every part that can share this part's page, in a run of `steps` steps.
    pub fn page_parts(&self, steps: usize) -> Vec<PartId> {
        match self {
            PartId::Fields | PartId::Step(_) => std::iter::once(PartId::Fields)
                .chain((0..steps).map(PartId::Step))
                .collect(),
            PartId::Rows {
                step,
                bucket,
                field,
            } => {
                let first = bucket / PAGE_BUCKETS * PAGE_BUCKETS;
                (first..first + PAGE_BUCKETS)
                    .map(|bucket| PartId::Rows {
                        step: *step,
                        bucket,
                        field: field.clone(),
                    })
                    .collect()
            }
        }
    }
}

/// Buckets of a long list per stored page.
pub const PAGE_BUCKETS: u32 = 4;

/// The bucket of a record id.
pub fn bucket_of(row: u32) -> u32 {
    row.saturating_sub(1) / BUCKET
}

/// Whether `rows` is stored in buckets: long, with ids strictly increasing (so
/// that putting the buckets back in order restores the list's order; a list
/// edited by hand in a file may not be, and then stays in its step).
pub fn is_long(rows: &[Row]) -> bool {
    rows.len() > LONG_LIST && rows.windows(2).all(|w| w[0].id < w[1].id)
}

/// The long lists of a step, by field id.
fn long_lists(step: &StepState) -> impl Iterator<Item = (&String, &Vec<Row>)> {
    step.values.iter().filter_map(|(field, value)| match value {
        FieldValue::Rows(rows) if is_long(rows) => Some((field, rows)),
        _ => None,
    })
}

/// Every part of a run's body, in key order: its fields, each step, and the
/// buckets of each long list.
pub fn parts_of(run: &Run) -> Vec<PartId> {
    let mut parts = Vec::with_capacity(run.steps.len() + 1);
    parts.push(PartId::Fields);
    parts.extend((0..run.steps.len()).map(PartId::Step));
    for (index, step) in run.steps.iter().enumerate() {
        for (field, rows) in long_lists(step) {
            let mut last = None;
            for row in rows {
                let bucket = bucket_of(row.id);
                if last != Some(bucket) {
                    parts.push(PartId::Rows {
                        step: index,
                        bucket,
                        field: field.clone(),
                    });
                    last = Some(bucket);
                }
            }
        }
    }
    parts
}

/// A step's values with its long lists written empty (their records are in
/// parts of their own).
struct ShortValues<'a>(&'a BTreeMap<String, FieldValue>);

impl Serialize for ShortValues<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        const EMPTY: FieldValue = FieldValue::Rows(Vec::new());
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (field, value) in self.0 {
            match value {
                FieldValue::Rows(rows) if is_long(rows) => map.serialize_entry(field, &EMPTY)?,
                _ => map.serialize_entry(field, value)?,
            }
        }
        map.end()
    }
}

/// The JSON of one part, or `None` when the run has no such part.
pub fn part_json(run: &Run, part: &PartId) -> Option<String> {
    if *part == PartId::Fields {
        let mut skip: Vec<&'static str> = LISTED_FIELDS.to_vec();
        skip.extend(["steps", "activity"]);
        return serde_json::to_string(&Reshaped::without(run, &skip)).ok();
    }
    let step = run.steps.get(part.step()?)?;
    let json = match part {
        PartId::Fields => return None,
        PartId::Step(_) => serde_json::to_string(&Reshaped {
            value: step,
            skip: &[],
            replace: Some(("values", &ShortValues(&step.values))),
            keep: None,
        }),
        PartId::Rows { bucket, field, .. } => {
            let FieldValue::Rows(rows) = step.values.get(field)? else {
                return None;
            };
            let start = rows.partition_point(|r| bucket_of(r.id) < *bucket);
            let end = rows.partition_point(|r| bucket_of(r.id) <= *bucket);
            serde_json::to_string(&rows[start..end])
        }
    };
    json.ok()
}

/// Puts a run's steps back together from its parts (the steps in order,
/// then the buckets of each list in order: the order of [`PartId`]).
pub fn assemble(parts: &[(PartId, &str)]) -> Result<Vec<StepState>, String> {
    let mut steps: Vec<StepState> = Vec::new();
    for (part, json) in parts {
        match part {
            PartId::Fields => {}
            PartId::Step(index) => {
                if *index != steps.len() {
                    return Err(format!("step {index} is out of order"));
                }
                let step = serde_json::from_str(json).map_err(|e| format!("step {index}: {e}"))?;
                steps.push(step);
            }
            PartId::Rows { step, field, .. } => {
                let mut rows: Vec<Row> =
                    serde_json::from_str(json).map_err(|e| format!("records of {field}: {e}"))?;
                match steps.get_mut(*step).and_then(|s| s.values.get_mut(field)) {
                    Some(FieldValue::Rows(list)) => list.append(&mut rows),
                    _ => return Err(format!("records of {field} without their list")),
                }
            }
        }
    }
    Ok(steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: u32) -> Row {
        let mut values = BTreeMap::new();
        values.insert("name".to_owned(), FieldValue::Text(format!("n{id}")));
        Row { id, values }
    }

    fn run_with(rows: Vec<Row>) -> Run {
        let mut run: Run = serde_json::from_value(serde_json::json!({
            "id": "r", "template_id": "t", "template_version": 1, "title": "T",
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z",
            "steps": [{"step_id": "a", "notes": "x"}, {"step_id": "b"}]
        }))
        .unwrap();
        run.steps[1]
            .values
            .insert("list".into(), FieldValue::Rows(rows));
        run.steps[1]
            .values
            .insert("short".into(), FieldValue::Text("s".into()));
        run
    }

    fn round_trip(run: &Run) -> Vec<StepState> {
        let parts: Vec<(PartId, String)> = parts_of(run)
            .into_iter()
            .map(|p| {
                let json = part_json(run, &p).unwrap();
                (p, json)
            })
            .collect();
        let parts: Vec<(PartId, &str)> =
            parts.iter().map(|(p, j)| (p.clone(), j.as_str())).collect();
        assemble(&parts).unwrap()
    }

    #[test]
    fn a_long_list_goes_in_buckets_by_id_and_comes_back_in_order() {
        let rows: Vec<Row> = (1..=200).filter(|i| i % 7 != 0).map(row).collect();
        let run = run_with(rows);
        let parts = parts_of(&run);
        let buckets = 200_usize.div_ceil(BUCKET as usize);
        assert_eq!(parts.len(), 3 + buckets, "{parts:?}");
        assert_eq!(parts[3].to_string(), "r1.0.list");
        assert_eq!(PartId::parse("r1.0.list"), Some(parts[3].clone()));
        assert_eq!(PartId::parse("f"), Some(PartId::Fields));
        assert_eq!(PartId::parse("s1"), Some(PartId::Step(1)));
        assert!(
            part_json(&run, &PartId::Step(1))
                .unwrap()
                .contains(r#""list":{"type":"rows","value":[]}"#)
        );
        assert_eq!(round_trip(&run), run.steps);
    }

    #[test]
    fn short_lists_and_lists_out_of_order_stay_in_their_step() {
        let run = run_with((1..=LONG_LIST as u32).map(row).collect());
        assert_eq!(parts_of(&run).len(), 3);
        assert_eq!(round_trip(&run), run.steps);
        let mut shuffled: Vec<Row> = (1..=100).map(row).collect();
        shuffled.swap(3, 60);
        let run = run_with(shuffled);
        assert_eq!(parts_of(&run).len(), 3);
        assert_eq!(round_trip(&run), run.steps);
    }
}
