//! Values recorded in a run's fields.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::template::{Condition, Field, FieldKind};

/// A recorded value. Tagged so a stored run says what each value is and a
/// change of field kind in a later template version cannot silently reinterpret it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum FieldValue {
    /// Short text, long text, person and URL fields.
    Text(String),
    /// Number fields; always finite.
    Number(f64),
    /// Yes/no fields.
    Bool(bool),
    /// Date fields.
    Date(NaiveDate),
    /// Date-time fields, in the local time the person entered.
    DateTime(NaiveDateTime),
    /// Single-choice fields: the chosen option id.
    Choice(String),
    /// Multiple-choice fields: the chosen option ids, in template order.
    Choices(Vec<String>),
    /// List fields: one entry per record.
    Rows(Vec<Row>),
    /// Pick fields: ids of the chosen records of the source list.
    Picks(Vec<u32>),
}

/// One record of a list field. The id stays stable while other rows are added or
/// removed, so edits and the activity log always refer to the right record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// Unique within its list; never reused.
    pub id: u32,
    /// Sub-field id to value; absent means not filled in.
    #[serde(default)]
    pub values: BTreeMap<String, FieldValue>,
}

impl FieldValue {
    /// Whether the value counts as "filled in" for a field of this kind; a required
    /// field must be filled before its step can be completed.
    pub fn is_filled(&self, field: &Field) -> bool {
        match (self, &field.kind) {
            (FieldValue::Text(s), _) => !s.trim().is_empty(),
            (FieldValue::Choice(c), kind) => kind.options().iter().any(|o| &o.id == c),
            (FieldValue::Choices(cs), kind) => {
                cs.iter().any(|c| kind.options().iter().any(|o| &o.id == c))
            }
            (FieldValue::Rows(rows), FieldKind::List { fields }) => {
                !rows.is_empty() && rows.iter().all(|row| row.missing(fields).is_empty())
            }
            (FieldValue::Rows(_), _) => false,
            (FieldValue::Picks(ids), _) => !ids.is_empty(),
            (FieldValue::Number(n), _) => n.is_finite(),
            (FieldValue::Bool(_) | FieldValue::Date(_) | FieldValue::DateTime(_), _) => true,
        }
    }

    /// Whether this value may be stored in a field of this kind; guards against a
    /// UI bug or a hand-edited file putting a number into a date field.
    pub fn fits(&self, kind: &FieldKind) -> bool {
        match (self, kind) {
            (
                FieldValue::Text(_),
                FieldKind::ShortText | FieldKind::LongText | FieldKind::Person | FieldKind::Url,
            ) => true,
            (FieldValue::Number(n), FieldKind::Number { .. }) => n.is_finite(),
            (FieldValue::Bool(_), FieldKind::YesNo) => true,
            (FieldValue::Date(_), FieldKind::Date) => true,
            (FieldValue::DateTime(_), FieldKind::DateTime) => true,
            (FieldValue::Choice(c), FieldKind::SingleChoice { options }) => {
                options.iter().any(|o| &o.id == c)
            }
            (FieldValue::Choices(cs), FieldKind::MultipleChoice { options }) => {
                cs.iter().all(|c| options.iter().any(|o| &o.id == c))
            }
            (FieldValue::Picks(ids), FieldKind::Pick { multiple, .. }) => {
                *multiple || ids.len() <= 1
            }
            (FieldValue::Rows(rows), FieldKind::List { fields }) => rows.iter().all(|row| {
                row.values.iter().all(|(id, v)| {
                    fields
                        .iter()
                        .find(|f| &f.id == id)
                        .is_some_and(|f| v.fits(&f.kind))
                })
            }),
            _ => false,
        }
    }

    /// Human-readable rendering for the activity log, summaries and exports.
    pub fn display(&self, field: &Field) -> String {
        let label_of = |id: &str| {
            field
                .kind
                .options()
                .iter()
                .find(|o| o.id == id)
                .map(|o| o.label.clone())
                .unwrap_or_else(|| id.to_owned())
        };
        match self {
            FieldValue::Text(s) => s.clone(),
            FieldValue::Number(n) => {
                let unit = match &field.kind {
                    FieldKind::Number { unit: Some(u) } => format!(" {u}"),
                    _ => String::new(),
                };
                format!("{n}{unit}")
            }
            FieldValue::Bool(true) => "Yes".to_owned(),
            FieldValue::Bool(false) => "No".to_owned(),
            FieldValue::Date(d) => d.format("%Y-%m-%d").to_string(),
            FieldValue::DateTime(dt) => dt.format("%Y-%m-%d %H:%M").to_string(),
            FieldValue::Choice(c) => label_of(c),
            FieldValue::Choices(cs) => cs
                .iter()
                .map(|c| label_of(c))
                .collect::<Vec<_>>()
                .join(", "),
            FieldValue::Rows(rows) => match rows.len() {
                1 => "1 record".to_owned(),
                n => format!("{n} records"),
            },
            FieldValue::Picks(ids) => match ids.len() {
                1 => "1 record chosen".to_owned(),
                n => format!("{n} records chosen"),
            },
        }
    }
}

impl Row {
    /// The required sub-fields this record still lacks, counting those required
    /// only under a condition (e.g. a reason once a candidate is dropped).
    pub fn missing<'a>(&self, fields: &'a [Field]) -> Vec<&'a Field> {
        fields
            .iter()
            .filter(|f| is_required(f, &self.values))
            .filter(|f| !self.values.get(&f.id).is_some_and(|v| v.is_filled(f)))
            .collect()
    }
}

/// Whether a field must be filled, given the values beside it.
pub fn is_required(field: &Field, siblings: &BTreeMap<String, FieldValue>) -> bool {
    field.required
        || field
            .required_when
            .as_ref()
            .is_some_and(|c| holds(c, siblings))
}

/// Whether a condition holds over a set of values: a yes/no answer is compared as
/// `yes`/`no`, a choice by its id, text as typed.
pub fn holds(condition: &Condition, values: &BTreeMap<String, FieldValue>) -> bool {
    match values.get(&condition.field) {
        Some(FieldValue::Bool(b)) => condition.equals == if *b { "yes" } else { "no" },
        Some(FieldValue::Choice(c)) | Some(FieldValue::Text(c)) => *c == condition.equals,
        Some(FieldValue::Choices(cs)) => cs.contains(&condition.equals),
        _ => false,
    }
}

/// A condition's value as it would be stored in a field of this kind, so effects
/// can write "dropped" or "yes" into a record.
pub fn value_for(kind: &FieldKind, text: &str) -> Option<FieldValue> {
    match kind {
        FieldKind::YesNo => match text {
            "yes" => Some(FieldValue::Bool(true)),
            "no" => Some(FieldValue::Bool(false)),
            _ => None,
        },
        FieldKind::SingleChoice { options } => options
            .iter()
            .any(|o| o.id == text)
            .then(|| FieldValue::Choice(text.to_owned())),
        FieldKind::ShortText | FieldKind::LongText | FieldKind::Person => {
            Some(FieldValue::Text(text.to_owned()))
        }
        _ => None,
    }
}

/// Turns what an input element holds into a typed value for this field kind.
/// Returns `Ok(None)` for an empty input (the value is cleared) and an error
/// message the UI can show when the text does not fit the kind.
pub fn parse_input(kind: &FieldKind, raw: &str) -> Result<Option<FieldValue>, String> {
    let trimmed = raw.trim();
    if trimmed.is_empty() && !matches!(kind, FieldKind::ShortText | FieldKind::LongText) {
        return Ok(None);
    }
    match kind {
        FieldKind::ShortText | FieldKind::LongText | FieldKind::Person | FieldKind::Url => {
            if raw.is_empty() {
                Ok(None)
            } else {
                Ok(Some(FieldValue::Text(raw.to_owned())))
            }
        }
        FieldKind::Number { .. } => trimmed
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map(|n| Some(FieldValue::Number(n)))
            .ok_or_else(|| format!("“{trimmed}” is not a number")),
        FieldKind::Date => parse_date(trimmed)
            .map(|d| Some(FieldValue::Date(d)))
            .ok_or_else(|| format!("“{trimmed}” is not a date (YYYY-MM-DD)")),
        FieldKind::DateTime => NaiveDateTime::parse_from_str(trimmed, "%Y-%m-%dT%H:%M")
            .or_else(|_| NaiveDateTime::parse_from_str(trimmed, "%Y-%m-%dT%H:%M:%S"))
            .map(|d| Some(FieldValue::DateTime(d)))
            .map_err(|_| format!("“{trimmed}” is not a date and time")),
        FieldKind::YesNo => match trimmed {
            "yes" => Ok(Some(FieldValue::Bool(true))),
            "no" => Ok(Some(FieldValue::Bool(false))),
            other => Err(format!("“{other}” is neither yes nor no")),
        },
        FieldKind::SingleChoice { options } => options
            .iter()
            .find(|o| o.id == trimmed)
            .map(|o| Some(FieldValue::Choice(o.id.clone())))
            .ok_or_else(|| format!("“{trimmed}” is not one of the options")),
        FieldKind::MultipleChoice { .. } | FieldKind::List { .. } | FieldKind::Pick { .. } => {
            Err("this field is not edited as text".to_owned())
        }
    }
}

/// The text an input element should show for a stored value (the inverse of [`parse_input`]).
pub fn input_text(value: Option<&FieldValue>) -> String {
    match value {
        None => String::new(),
        Some(FieldValue::Text(s)) | Some(FieldValue::Choice(s)) => s.clone(),
        Some(FieldValue::Number(n)) => n.to_string(),
        Some(FieldValue::Bool(b)) => if *b { "yes" } else { "no" }.to_owned(),
        Some(FieldValue::Date(d)) => d.format("%Y-%m-%d").to_string(),
        Some(FieldValue::DateTime(dt)) => dt.format("%Y-%m-%dT%H:%M").to_string(),
        Some(FieldValue::Choices(_)) | Some(FieldValue::Rows(_)) | Some(FieldValue::Picks(_)) => {
            String::new()
        }
    }
}

/// A calendar date as date inputs and files write it (YYYY-MM-DD); `None` for
/// anything else, including the empty text of a cleared date input.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::template::Choice;

    fn field(kind: FieldKind) -> Field {
        Field {
            id: "f".into(),
            label: "F".into(),
            kind,
            required: true,
            help: String::new(),
            required_when: None,
            stamp_version_of: None,
            stamp_on: None,
            stamp_name_from: Vec::new(),
        }
    }

    fn formats() -> FieldKind {
        FieldKind::SingleChoice {
            options: vec![
                Choice {
                    id: "video".into(),
                    label: "Video call".into(),
                },
                Choice {
                    id: "phone".into(),
                    label: "Phone".into(),
                },
            ],
        }
    }

    #[test]
    fn blank_text_is_not_filled() {
        let f = field(FieldKind::ShortText);
        assert!(!FieldValue::Text("   ".into()).is_filled(&f));
        assert!(FieldValue::Text("x".into()).is_filled(&f));
    }

    #[test]
    fn parse_input_types_each_kind() {
        assert_eq!(
            parse_input(&FieldKind::Number { unit: None }, " 45 "),
            Ok(Some(FieldValue::Number(45.0)))
        );
        assert!(parse_input(&FieldKind::Number { unit: None }, "forty").is_err());
        assert!(parse_input(&FieldKind::Number { unit: None }, "NaN").is_err());
        assert_eq!(
            parse_input(&FieldKind::Date, "2026-11-22"),
            Ok(Some(FieldValue::Date(
                NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
            )))
        );
        assert_eq!(parse_input(&FieldKind::Date, ""), Ok(None));
        assert!(parse_input(&FieldKind::DateTime, "2026-11-22T09:30").is_ok());
        assert_eq!(
            parse_input(&formats(), "phone"),
            Ok(Some(FieldValue::Choice("phone".into())))
        );
        assert!(parse_input(&formats(), "fax").is_err());
        assert_eq!(
            parse_input(&FieldKind::YesNo, "no"),
            Ok(Some(FieldValue::Bool(false)))
        );
    }

    #[test]
    fn input_text_round_trips_parse_input() {
        for (kind, raw) in [
            (FieldKind::Date, "2026-01-31"),
            (FieldKind::DateTime, "2026-01-31T08:05"),
            (FieldKind::Number { unit: None }, "2.5"),
            (FieldKind::YesNo, "yes"),
            (formats(), "video"),
            (FieldKind::ShortText, "hello"),
        ] {
            let value = parse_input(&kind, raw).unwrap();
            assert_eq!(input_text(value.as_ref()), raw);
        }
    }

    #[test]
    fn display_uses_option_labels_and_units() {
        assert_eq!(
            FieldValue::Choice("video".into()).display(&field(formats())),
            "Video call"
        );
        let minutes = field(FieldKind::Number {
            unit: Some("minutes".into()),
        });
        assert_eq!(FieldValue::Number(45.0).display(&minutes), "45 minutes");
    }

    #[test]
    fn a_list_is_filled_only_when_every_row_has_its_required_columns() {
        let list = field(FieldKind::List {
            fields: vec![field(FieldKind::ShortText)],
        });
        let empty_row = Row {
            id: 1,
            values: BTreeMap::new(),
        };
        let full_row = Row {
            id: 2,
            values: BTreeMap::from([("f".into(), FieldValue::Text("Ada".into()))]),
        };
        assert!(!FieldValue::Rows(vec![]).is_filled(&list));
        assert!(!FieldValue::Rows(vec![full_row.clone(), empty_row]).is_filled(&list));
        assert!(FieldValue::Rows(vec![full_row]).is_filled(&list));
    }

    #[test]
    fn fits_rejects_values_of_the_wrong_kind() {
        assert!(!FieldValue::Number(1.0).fits(&FieldKind::Date));
        assert!(!FieldValue::Choice("fax".into()).fits(&formats()));
        assert!(FieldValue::Choice("phone".into()).fits(&formats()));
    }

    #[test]
    fn date_inputs_are_read_as_iso_dates_and_anything_else_is_no_date() {
        assert_eq!(
            parse_date(" 2026-11-30 "),
            NaiveDate::from_ymd_opt(2026, 11, 30)
        );
        assert_eq!(parse_date(""), None, "a cleared date input");
        assert_eq!(parse_date("30/11/2026"), None);
        assert_eq!(parse_date("2026-02-30"), None);
    }
}
