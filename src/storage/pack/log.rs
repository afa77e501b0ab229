//! The activity log as stored: segments of [`SEGMENT`] entries, each written
//! once when it is full and never again; the entries after the last full
//! segment (the tail) are rewritten with each save.
//!
//! An entry is stored without its two hashes: `prev` is the hash of the entry
//! before it, and `hash` is SHA-256 over the entry and `prev`, so both are
//! computed again when the log is read. Each segment keeps the hash its last
//! entry must have: a stored log changed by anything but Runsheet no longer
//! reaches it and is reported, not shown as intact. A chain that was already
//! broken (a file edited outside the app, imported and marked so) keeps the
//! hashes it came with, stored for exactly the entries that do not match.
//!
//! Entries repeat most of what they say (the person, "Step 9 · Interactions,
//! record 4123 · Reference", the subject key), so a segment keeps a table of
//! names and of texts with their numbers taken out, and each entry refers to
//! them: the numbers (record positions and ids) are stored as differences from
//! the entry before.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;

use crate::domain::activity::chain::entry_hash;
use crate::domain::activity::entry::ActivityEntry;

/// Entries per full segment.
pub const SEGMENT: usize = 64;

/// Stands for a number taken out of a text.
const NUMBER: char = '\u{7f}';

/// A segment as stored (before compression): `e`, the entries, each
/// `[time, who, what, subject, numbers, old, new]` plus `{"p": prev, "h": hash}`
/// where those differ from the computed ones; `who`, the authors, and `pat`,
/// the texts with their numbers taken out (or `[text]` for a text holding the
/// placeholder itself), both referred to by position; `end`, the hash the last
/// entry must have.
#[derive(Deserialize)]
struct Stored {
    who: Vec<String>,
    pat: Vec<Value>,
    e: Vec<Vec<Value>>,
    end: String,
}

/// A text with its numbers taken out, or (when it holds the placeholder
/// itself) the text as it is.
#[derive(PartialEq, Clone)]
enum Pattern {
    Numbers(String),
    Verbatim(String),
}

/// Takes the numbers out of `text`: digit runs of up to nine digits without a
/// leading zero, each replaced by [`NUMBER`], so the rest repeats exactly.
fn split_numbers(text: &str, numbers: &mut Vec<u64>) -> Pattern {
    if text.contains(NUMBER) {
        return Pattern::Verbatim(text.to_owned());
    }
    let mut pattern = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        let digits = &rest[start..];
        let len = digits
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(digits.len());
        let run = &digits[..len];
        pattern.push_str(&rest[..start]);
        match run.parse::<u64>() {
            Ok(n) if len <= 9 && (len == 1 || !run.starts_with('0')) => {
                pattern.push(NUMBER);
                numbers.push(n);
            }
            _ => pattern.push_str(run),
        }
        rest = &digits[len..];
    }
    pattern.push_str(rest);
    Pattern::Numbers(pattern)
}

/// Puts numbers back into a pattern, taking them from `numbers` in order.
fn join_numbers(pattern: &Pattern, numbers: &mut impl Iterator<Item = u64>) -> Option<String> {
    match pattern {
        Pattern::Verbatim(text) => Some(text.clone()),
        Pattern::Numbers(text) => {
            let mut out = String::with_capacity(text.len() + 8);
            for c in text.chars() {
                if c == NUMBER {
                    let _ = write!(out, "{}", numbers.next()?);
                } else {
                    out.push(c);
                }
            }
            Some(out)
        }
    }
}

fn position<T: PartialEq>(table: &mut Vec<T>, item: T) -> usize {
    match table.iter().position(|t| *t == item) {
        Some(i) => i,
        None => {
            table.push(item);
            table.len() - 1
        }
    }
}

/// The instant as milliseconds when that is exact, else its RFC 3339 text.
fn millis(at: &DateTime<Utc>) -> Option<i64> {
    at.timestamp_subsec_nanos()
        .is_multiple_of(1_000_000)
        .then(|| at.timestamp_millis())
}

/// Appends `text` as a JSON string.
fn push_str(out: &mut String, text: &str) {
    out.push_str(&serde_json::to_string(text).unwrap_or_default());
}

fn push_text(out: &mut String, text: &Option<String>) {
    match text {
        Some(text) => push_str(out, text),
        None => out.push_str("null"),
    }
}

/// Writes `entries` (which follow an entry whose hash is `prev`) as a segment,
/// checking every entry's hash against its content.
pub fn encode(entries: &[ActivityEntry], prev: &str) -> String {
    encode_checking(entries, prev, &|_| true).0
}

/// [`encode`], checking the hash of entry `i` (counted in `entries`) only
/// where `check(i)` says so, the others being known to match; also returns
/// the positions of the entries whose hashes are stored (they do not match).
pub fn encode_checking(
    entries: &[ActivityEntry],
    prev: &str,
    check: &dyn Fn(usize) -> bool,
) -> (String, Vec<usize>) {
    let mut odd_entries = Vec::new();
    let mut out = String::with_capacity(entries.len() * 96 + 128);
    let mut who_table: Vec<&str> = Vec::new();
    let mut patterns: Vec<Pattern> = Vec::new();
    let mut last_ms = 0_i64;
    let mut last_numbers: Vec<u64> = Vec::new();
    let mut expected_prev = prev;
    out.push_str(r#"{"e":["#);
    for (i, entry) in entries.iter().enumerate() {
        let ActivityEntry {
            at,
            who,
            what,
            subject,
            old,
            new,
            prev,
            hash,
        } = entry;
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        match millis(at) {
            Some(ms) => {
                let _ = write!(out, "{}", ms - last_ms);
                last_ms = ms;
            }
            None => {
                last_ms = at.timestamp_millis();
                push_str(
                    &mut out,
                    &at.to_rfc3339_opts(chrono::SecondsFormat::Nanos, true),
                );
            }
        }
        let mut numbers = Vec::new();
        let what = split_numbers(what, &mut numbers);
        let subject = split_numbers(subject, &mut numbers);
        let _ = write!(
            out,
            ",{},{},{},[",
            position(&mut who_table, who.as_str()),
            position(&mut patterns, what),
            position(&mut patterns, subject)
        );
        for (i, n) in numbers.iter().enumerate() {
            let base = last_numbers.get(i).copied().unwrap_or(0);
            let delta = i64::try_from(*n).unwrap_or(0) - i64::try_from(base).unwrap_or(0);
            let _ = write!(out, "{}{delta}", if i > 0 { "," } else { "" });
        }
        last_numbers = numbers;
        out.push_str("],");
        push_text(&mut out, old);
        out.push(',');
        push_text(&mut out, new);
        let odd_prev = prev != expected_prev;
        let odd_hash = check(i) && *hash != entry_hash(entry);
        if odd_prev || odd_hash {
            odd_entries.push(i);
            out.push_str(",{");
            if odd_prev {
                out.push_str(r#""p":"#);
                push_str(&mut out, prev);
            }
            if odd_hash {
                out.push_str(if odd_prev { r#","h":"# } else { r#""h":"# });
                push_str(&mut out, hash);
            }
            out.push('}');
        }
        out.push(']');
        expected_prev = hash;
    }
    out.push_str(r#"],"who":["#);
    for (i, who) in who_table.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_str(&mut out, who);
    }
    out.push_str(r#"],"pat":["#);
    for (i, pattern) in patterns.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match pattern {
            Pattern::Numbers(text) => push_str(&mut out, text),
            Pattern::Verbatim(text) => {
                out.push('[');
                push_str(&mut out, text);
                out.push(']');
            }
        }
    }
    out.push_str(r#"],"end":"#);
    push_str(
        &mut out,
        entries.last().map_or(expected_prev, |e| e.hash.as_str()),
    );
    out.push('}');
    (out, odd_entries)
}

/// Reads a segment written by [`encode`] after an entry whose hash is `prev`,
/// computing every entry's hashes; fails if the segment does not end on the
/// hash it was written with.
pub fn decode(json: &str, prev: &str) -> Result<Vec<ActivityEntry>, String> {
    decode_noting(json, prev).map(|(entries, _)| entries)
}

/// [`decode`], also returning the positions of the entries whose hashes were
/// stored (they do not match their content).
pub fn decode_noting(json: &str, prev: &str) -> Result<(Vec<ActivityEntry>, Vec<usize>), String> {
    let mut odd_entries = Vec::new();
    let stored: Stored = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let bad = |what: &str| format!("an activity log entry has {what}");
    let patterns: Vec<Pattern> = stored
        .pat
        .iter()
        .map(|p| match p {
            Value::String(text) => Some(Pattern::Numbers(text.clone())),
            Value::Array(text) => text
                .first()
                .and_then(Value::as_str)
                .map(|t| Pattern::Verbatim(t.to_owned())),
            _ => None,
        })
        .collect::<Option<_>>()
        .ok_or_else(|| bad("an unreadable text"))?;
    let mut entries = Vec::with_capacity(stored.e.len());
    let mut last_ms = 0_i64;
    let mut last_numbers: Vec<u64> = Vec::new();
    let mut previous = prev.to_owned();
    for fields in &stored.e {
        let field = |i: usize| fields.get(i).ok_or_else(|| bad("too few fields"));
        let at: DateTime<Utc> = match field(0)? {
            Value::String(text) => text.parse().map_err(|_| bad("an unreadable time"))?,
            time => {
                let delta = time.as_i64().ok_or_else(|| bad("no time"))?;
                DateTime::from_timestamp_millis(last_ms + delta)
                    .ok_or_else(|| bad("an impossible time"))?
            }
        };
        last_ms = at.timestamp_millis();
        let index = |i: usize| -> Result<usize, String> {
            field(i)?
                .as_u64()
                .and_then(|n| usize::try_from(n).ok())
                .ok_or_else(|| bad("an unknown reference"))
        };
        let who = stored
            .who
            .get(index(1)?)
            .ok_or_else(|| bad("an unknown author"))?;
        let what = patterns
            .get(index(2)?)
            .ok_or_else(|| bad("an unknown text"))?;
        let subject = patterns
            .get(index(3)?)
            .ok_or_else(|| bad("an unknown subject"))?;
        let deltas = field(4)?.as_array().ok_or_else(|| bad("no numbers"))?;
        let mut numbers = Vec::with_capacity(deltas.len());
        for (i, delta) in deltas.iter().enumerate() {
            let delta = delta.as_i64().ok_or_else(|| bad("an unreadable number"))?;
            let base = i64::try_from(last_numbers.get(i).copied().unwrap_or(0)).unwrap_or(0);
            numbers.push(u64::try_from(base + delta).map_err(|_| bad("a negative number"))?);
        }
        let mut taken = numbers.iter().copied();
        let what = join_numbers(what, &mut taken).ok_or_else(|| bad("too few numbers"))?;
        let subject = join_numbers(subject, &mut taken).ok_or_else(|| bad("too few numbers"))?;
        last_numbers = numbers;
        let text = |i: usize| -> Result<Option<String>, String> {
            match field(i)? {
                Value::Null => Ok(None),
                Value::String(text) => Ok(Some(text.clone())),
                _ => Err(bad("an unreadable value")),
            }
        };
        let odd = fields.get(7).and_then(Value::as_object);
        if odd.is_some() {
            odd_entries.push(entries.len());
        }
        let given = |key: &str| {
            odd.and_then(|o| o.get(key))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let mut entry = ActivityEntry {
            at,
            who: who.clone(),
            what,
            subject,
            old: text(5)?,
            new: text(6)?,
            prev: given("p").unwrap_or(previous),
            hash: String::new(),
        };
        entry.hash = given("h").unwrap_or_else(|| entry_hash(&entry));
        previous = entry.hash.clone();
        entries.push(entry);
    }
    if previous != stored.end {
        return Err(
            "the activity log was changed outside Runsheet: it no longer matches its hash chain"
                .into(),
        );
    }
    Ok((entries, odd_entries))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::activity::chain::first_broken_link;
    use crate::domain::activity::log::record;
    use crate::domain::activity::subject::Subject;

    fn log() -> Vec<ActivityEntry> {
        let mut log = Vec::new();
        let base = DateTime::<Utc>::from_timestamp(1_780_000_000, 0).unwrap();
        for i in 0..40_i64 {
            let at = base + chrono::Duration::milliseconds(i * 61_001);
            let what = format!("Step 9 · Interactions, record {} · Reference", 4000 + i);
            let entry = ActivityEntry::new(
                at,
                if i % 5 == 0 { "Bo" } else { "Ada Park" },
                what,
                Subject::RowColumn {
                    step: "tracking",
                    field: "interactions",
                    row: 4000 + u32::try_from(i).unwrap(),
                    column: "reference",
                },
                (i % 3 == 0).then(|| "old 007 #\u{7f}".to_owned()),
                Some(format!("Value {i} 🚀")),
            );
            record(&mut log, entry);
        }
        log
    }

    #[test]
    fn entries_come_back_exactly_with_their_hashes_computed_again() {
        let log = log();
        let json = encode(&log, "");
        assert!(!json.contains(&log[3].hash), "hashes are not stored");
        let back = decode(&json, "").unwrap();
        assert_eq!(back, log);
        assert_eq!(first_broken_link(&back), None);
        // A second segment follows the first one's last hash.
        let (a, b) = log.split_at(25);
        let back_b = decode(&encode(b, &a[24].hash), &a[24].hash).unwrap();
        assert_eq!(back_b, b);
    }

    #[test]
    fn a_broken_chain_is_kept_as_broken_and_an_altered_segment_is_refused() {
        let mut log = log();
        log[10].who = "Mallory".into(); // changed outside the app: its hash no longer matches
        log[11].prev = "0000".into();
        let before = first_broken_link(&log);
        let back = decode(&encode(&log, ""), "").unwrap();
        assert_eq!(back, log);
        assert_eq!(first_broken_link(&back), before);

        let json = encode(&self::log(), "").replace("Value 7 ", "Value 8 ");
        assert!(
            decode(&json, "")
                .unwrap_err()
                .contains("changed outside Runsheet")
        );
    }

    #[test]
    fn times_finer_than_a_millisecond_are_kept() {
        let mut log = log();
        log[2].at += chrono::Duration::nanoseconds(17);
        log[2].hash = entry_hash(&log[2]);
        log[3].prev = log[2].hash.clone();
        log[3].hash = entry_hash(&log[3]);
        let json = encode(&log[..6], "");
        let back = decode(&json, "").unwrap();
        assert_eq!(back, log[..6].to_vec());
    }

    #[test]
    fn numbers_with_leading_zeros_or_too_many_digits_stay_in_the_text() {
        let mut numbers = Vec::new();
        let p = split_numbers("record 12 of 007, 1234567890 and 0", &mut numbers);
        assert_eq!(numbers, vec![12, 0]);
        let back = join_numbers(&p, &mut numbers.into_iter()).unwrap();
        assert_eq!(back, "record 12 of 007, 1234567890 and 0");
    }
}
