//! Why part of an imported file cannot be read, in words a person can act on:
//! where (the run, its step, field, record and column by their names) and what
//! (a text where a number belongs, a missing entry), never the parser's jargon.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::activity::entry::ActivityEntry;
use super::catalogue;
use super::run::StepState;
use super::template::{Field, Template};
use super::value::{FieldValue, Row};

/// Reads a value as one type, saying what is wrong when it does not read.
type ReadCheck = fn(&Value) -> Option<String>;

/// Where in `run` (the run object of a file) the first unreadable part is, and
/// what is wrong with it; `None` when every part this knows of reads.
pub fn locate_in_run(run: &Value) -> Option<String> {
    let Some(object) = run.as_object() else {
        return Some(format!(
            "the run {}",
            kind_problem(run, "a group of entries")
        ));
    };
    let template = catalogue::find_version(
        run.get("template_id")
            .and_then(Value::as_str)
            .unwrap_or_default(),
        run.get("template_version")
            .and_then(Value::as_u64)
            .and_then(|v| u32::try_from(v).ok())
            .unwrap_or_default(),
    );
    let entries: [(&str, ReadCheck); 9] = [
        ("id", fails::<String>),
        ("template_id", fails::<String>),
        ("template_version", fails::<u32>),
        ("title", fails::<String>),
        ("created_at", fails::<DateTime<Utc>>),
        ("updated_at", fails::<DateTime<Utc>>),
        ("target_date", fails::<Option<NaiveDate>>),
        ("assignments", fails::<BTreeMap<String, String>>),
        ("altered_outside_app", fails::<Option<String>>),
    ];
    for (key, check) in entries {
        if let Some(problem) = object.get(key).and_then(check) {
            return Some(format!("its “{key}” {problem}"));
        }
    }
    if let Some(steps) = object.get("steps") {
        let Some(steps) = steps.as_array() else {
            return Some(format!(
                "its list of steps {}",
                kind_problem(steps, "a list")
            ));
        };
        for (i, step) in steps.iter().enumerate() {
            if let Some(problem) = locate_in_step(i, step, template) {
                return Some(problem);
            }
        }
    }
    if let Some(log) = object.get("activity") {
        let Some(entries) = log.as_array() else {
            return Some(format!("its activity log {}", kind_problem(log, "a list")));
        };
        for (i, entry) in entries.iter().enumerate() {
            if let Some(problem) = fails::<ActivityEntry>(entry) {
                return Some(format!("activity log entry {}: {problem}", i + 1));
            }
        }
    }
    None
}

/// The first unreadable part of the state of step `index`.
fn locate_in_step(index: usize, step: &Value, template: Option<&Template>) -> Option<String> {
    fails::<StepState>(step)?;
    let id = step.get("step_id").and_then(Value::as_str);
    let def = template.zip(id).and_then(|(t, id)| t.step(id));
    let name = match def {
        Some(def) => format!("step {} “{}”", index + 1, def.title),
        None => format!("step {}", index + 1),
    };
    if let Some(values) = step.get("values").and_then(Value::as_object) {
        for (field_id, value) in values {
            let field = def.and_then(|s| s.field(field_id));
            if let Some(problem) = locate_in_value(value, field) {
                let label = field.map_or(field_id.as_str(), |f| f.label.as_str());
                return Some(format!("{name}, field “{label}”{problem}"));
            }
        }
    }
    let problem = fails::<StepState>(step)?;
    Some(format!("{name}: {problem}"))
}

/// What is wrong with one recorded value (digging into a list's records), to
/// follow its name: " holds …", ", record N, column “…” holds …" or ": …".
fn locate_in_value(value: &Value, field: Option<&Field>) -> Option<String> {
    let problem = fails::<FieldValue>(value)?;
    let rows = (value.get("type").and_then(Value::as_str) == Some("rows"))
        .then(|| value.get("value").and_then(Value::as_array))
        .flatten();
    for (n, row) in rows.into_iter().flatten().enumerate() {
        if fails::<Row>(row).is_none() {
            continue;
        }
        for (column_id, cell) in row
            .get("values")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let column = field.and_then(|f| f.sub_fields().iter().find(|c| c.id == *column_id));
            if let Some(problem) = locate_in_value(cell, column) {
                let label = column.map_or(column_id.as_str(), |c| c.label.as_str());
                return Some(format!(", record {}, column “{label}”{problem}", n + 1));
            }
        }
        return fails::<Row>(row).map(|p| format!(", record {}: {p}", n + 1));
    }
    // A tagged value whose content does not fit its tag: say what it holds.
    let expected = match value.get("type").and_then(Value::as_str) {
        Some("number") => Some("a number"),
        Some("bool") => Some("yes or no"),
        Some("date") => Some("a date (YYYY-MM-DD)"),
        Some("date_time") => Some("a date and time"),
        Some("text" | "choice") => Some("text"),
        Some("choices" | "picks" | "rows") => Some("a list"),
        _ => None,
    };
    match (expected, value.get("value")) {
        (Some(expected), Some(content)) => Some(format!(" {}", kind_problem(content, expected))),
        _ => Some(format!(": {problem}")),
    }
}

/// `Some(problem in words)` when `value` does not read as a `T`.
fn fails<T: DeserializeOwned>(value: &Value) -> Option<String> {
    serde_json::from_value::<T>(value.clone())
        .err()
        .map(|e| plain(&e))
}

/// "holds the text “x” where a number belongs", for a value of the wrong kind.
fn kind_problem(found: &Value, expected: &str) -> String {
    format!("holds {} where {expected} belongs", what(found))
}

/// A JSON value described as a person would: "the text “x”", "the number 5".
fn what(value: &Value) -> String {
    match value {
        Value::Null => "nothing".to_owned(),
        Value::Bool(b) => format!("“{}”", if *b { "yes" } else { "no" }),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => {
            let short: String = s.chars().take(40).collect();
            format!("the text “{short}”")
        }
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "a group of entries".to_owned(),
    }
}

/// A parser error in words: what is missing, unknown or of the wrong kind.
pub fn plain(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let message = message.split(" at line ").next().unwrap_or(&message);
    let quoted = |m: &str| m.split('`').nth(1).map(str::to_owned);
    if let Some(rest) = message.strip_prefix("missing field ") {
        return format!(
            "the entry “{}” is missing",
            quoted(rest).unwrap_or_default()
        );
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        return format!(
            "the entry “{}” is not one Runsheet knows",
            quoted(rest).unwrap_or_default()
        );
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        return format!(
            "“{}” is not one of the values Runsheet knows",
            quoted(rest).unwrap_or_default()
        );
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "something else"));
        return format!(
            "holds {} where {} belongs",
            found_words(found),
            expected_words(expected)
        );
    }
    if message.starts_with("invalid length") {
        return "has the wrong number of items".to_owned();
    }
    if message.contains("premature end of input")
        || message.contains("input contains invalid characters")
    {
        return "holds a date or time Runsheet cannot read".to_owned();
    }
    "holds something Runsheet cannot read".to_owned()
}

/// serde's "string \"x\"", "integer `5`", "map" as words.
fn found_words(found: &str) -> String {
    if let Some(text) = found.strip_prefix("string ") {
        return format!("the text “{}”", text.trim_matches('"'));
    }
    for (prefix, words) in [
        ("integer", "the number"),
        ("floating point", "the number"),
        ("boolean", "yes or no"),
    ] {
        if let Some(rest) = found.strip_prefix(prefix) {
            return format!("{words}{}", rest.replace('`', ""));
        }
    }
    match found {
        "map" => "a group of entries".to_owned(),
        "sequence" => "a list".to_owned(),
        "null" => "nothing".to_owned(),
        other => other.to_owned(),
    }
}

/// serde's "f64", "a string", "struct Run" as words.
fn expected_words(expected: &str) -> &'static str {
    match expected {
        e if ["f64", "f32", "u32", "u64", "i64", "u8", "usize"].contains(&e) => "a number",
        e if e.contains("string") || e == "a character" => "text",
        e if e.contains("bool") => "yes or no",
        e if e.contains("sequence") || e.starts_with("a list") => "a list",
        e if e.contains("struct") || e.contains("map") => "a group of entries",
        e if e.contains("date") || e.contains("RFC 3339") => "a date",
        _ => "another kind of value",
    }
}
