//! A program that runs for years: the next period's run, started from the
//! archived run of the period before. It carries the program's settings, its
//! customers (each keeping its identity), consents, profiles and briefings,
//! the requests still open, and the uses inside the usage window, so the
//! tolerance counts them in the new period. The previous run is left as it
//! is: the archived record of its period.
//!
//! Records keep their row ids, so what a record picks (a consent its
//! customer, an interaction its request) still points at the same record. A
//! run of version 1, which named customers by typing them, is carried into
//! the version that picks them: each typed name is linked to the one
//! candidate it names, and a record whose name names none, or several, is
//! left behind and reported.

use std::collections::HashMap;
use std::fmt;

use chrono::{DateTime, FixedOffset};

use crate::domain::procedure::registry::is_reference_program;
use crate::domain::run::Run;
use crate::domain::template::Template;
use crate::domain::value::{FieldValue, Row};

use super::archive::is_archived;
use super::customer_id::CustomerId;
use super::extract::{extract, rows_of};
use super::ids::{CUSTOMER_PICK as CUSTOMER, has_column};
use super::ids::{
    approvals, briefings, candidates, closure, consents, criteria, escalations, interactions,
    references, requests,
};
use super::join::{display_name, normalize};
use super::model::EscalationType;
use super::periods::successor_id;
use super::requests::request_rows;
use super::tolerance::Window;

/// The title of the period after one titled `previous`: "… (period 2)",
/// then "(period 3)" and on, so a program run for years does not pile up
/// one suffix per period.
pub fn next_title(previous: &str) -> String {
    let numbered = previous.strip_suffix(')').and_then(|rest| {
        let (base, n) = rest.rsplit_once(" (period ")?;
        Some((base, n.parse::<u32>().ok()?))
    });
    match numbered {
        Some((base, n)) => format!("{base} (period {})", n.saturating_add(1)),
        None => format!("{previous} (period 2)"),
    }
}

/// Whether the next period may be started from `run`: a program run whose
/// period is closed and archived.
pub fn starts_next_period(run: &Run) -> bool {
    is_reference_program(&run.template_id) && is_archived(run)
}

/// Why the next period cannot be started from a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextPeriodError {
    /// Only an archived run has closed its period.
    NotArchived,
    /// The next period was started already: this is its run id. A period
    /// has one successor; a second press opens it instead of adding a twin.
    AlreadyStarted(String),
}

impl fmt::Display for NextPeriodError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NextPeriodError::NotArchived => f.write_str(
                "Close and archive this program run first (step 12): the next period starts from the record of a closed one.",
            ),
            NextPeriodError::AlreadyStarted(_) => f.write_str(
                "The next period of this program run was started already; nothing new was started.",
            ),
        }
    }
}

impl std::error::Error for NextPeriodError {}

/// The new period's run, and what was carried into it.
#[derive(Debug, Clone, PartialEq)]
pub struct NextPeriod {
    /// The new run.
    pub run: Run,
    /// How many records of each list were carried, in words ("5 candidates").
    pub carried: Vec<String>,
    /// Records left behind, each with why.
    pub left_behind: Vec<String>,
}

/// The lists carried whole (but for records that name no customer, and
/// requests and escalations that are settled).
const CARRIED_LISTS: [(&str, &str, &str); 5] = [
    (consents::STEP, consents::LIST, "consent lines"),
    (references::STEP, references::LIST, "profiles"),
    (briefings::STEP, briefings::LIST, "briefings"),
    (requests::STEP, requests::LIST, "open requests"),
    (escalations::STEP, escalations::LIST, "escalations"),
];

/// Starts the run of the period after `previous` (an archived run of
/// `previous_template`), following `template`, at `now`, the person's now with
/// their UTC offset: what is still open or inside the usage window is judged
/// on their calendar day. Its id is [`successor_id`] of the previous run's:
/// when `kept` says a run of that id is here already, the period was started
/// before and nothing is made.
///
/// Besides the customers, consents, profiles and briefings it carries what
/// close-out left open (requests still open, escalations without an outcome)
/// unless close-out closed them with a reason, every consent withdrawal
/// recorded as an escalation (which withdraws like a consent line), and the
/// uses and decisions inside the usage window.
pub fn next_period(
    previous: &Run,
    previous_template: &Template,
    template: &Template,
    kept: impl Fn(&str) -> bool,
    title: String,
    who: &str,
    now: DateTime<FixedOffset>,
) -> Result<NextPeriod, NextPeriodError> {
    let today = now.date_naive();
    if !is_archived(previous) {
        return Err(NextPeriodError::NotArchived);
    }
    let id = successor_id(&previous.id);
    if kept(&id) {
        return Err(NextPeriodError::AlreadyStarted(id));
    }
    let closes_open = closes_what_is_open(previous);
    let mut values = Vec::new();
    let mut carried = Vec::new();
    let mut left_behind = Vec::new();
    // The settings, as they were.
    if let Some(state) = previous.step(criteria::STEP) {
        for (field, value) in &state.values {
            values.push((criteria::STEP.to_owned(), field.clone(), value.clone()));
        }
    }
    // The customers, each keeping the identity it was first given.
    let people = rows_of(previous, candidates::STEP, candidates::LIST);
    let customers: Vec<Row> = people
        .iter()
        .map(|row| {
            let row = keep_known(row, template, candidates::STEP, candidates::LIST);
            let id = CustomerId::from_value(row.values.get(candidates::CUSTOMER_ID))
                .unwrap_or_else(|| CustomerId::first_entered(&previous.id, row.id));
            with_cell(row, candidates::CUSTOMER_ID, Some(id.to_value()))
        })
        .collect();
    let names = Names::of(people);
    if !customers.is_empty() {
        carried.push(count(customers.len(), "customers"));
        values.push(list(candidates::STEP, candidates::LIST, customers));
    }
    // Requests still open, by where they stand.
    let directory = extract(std::slice::from_ref(previous), previous_template).directory;
    let open: Vec<u32> = request_rows(&directory.requests, &directory.interactions, today)
        .iter()
        .filter(|r| r.state.is_open() && !closes_open)
        .filter_map(|r| r.request.key.as_ref().map(|k| k.row_id))
        .collect();
    let escalated: Vec<u32> = directory
        .escalations
        .iter()
        .filter(|e| {
            e.kind == EscalationType::ConsentWithdrawn
                || (e.outcome.trim().is_empty() && !closes_open)
        })
        .map(|e| e.key.row_id)
        .collect();
    for (step, field, what) in CARRIED_LISTS {
        let rows = rows_of(previous, step, field).iter().filter(|row| {
            (field != requests::LIST || open.contains(&row.id))
                && (field != escalations::LIST || escalated.contains(&row.id))
        });
        let kept = pick_customers(rows, &names, template, step, field, what, &mut left_behind);
        if !kept.is_empty() {
            carried.push(count(kept.len(), what));
            values.push(list(step, field, kept));
        }
    }
    // The uses inside the usage window, so the tolerance counts them.
    let window = directory
        .settings(&previous.id)
        .and_then(|s| Window::ending(today, s.window_days));
    let in_window = |row: &Row, columns: &[&str]| {
        window.is_some_and(|w| {
            columns.iter().any(|c| match row.values.get(*c) {
                Some(FieldValue::Date(d)) => w.contains(*d),
                _ => false,
            })
        })
    };
    let uses = rows_of(previous, interactions::STEP, interactions::LIST)
        .iter()
        .filter(|row| {
            in_window(
                row,
                &[interactions::COMPLETED_ON, interactions::REQUEST_DATE],
            )
        })
        .map(|row| keeps_request(row, interactions::REQUEST, &open))
        .collect::<Vec<_>>();
    let kept = pick_customers(
        uses.iter(),
        &names,
        template,
        interactions::STEP,
        interactions::LIST,
        "uses in the usage window",
        &mut left_behind,
    );
    if !kept.is_empty() {
        carried.push(count(kept.len(), "interactions inside the usage window"));
        values.push(list(interactions::STEP, interactions::LIST, kept));
    }
    let decided: Vec<Row> = rows_of(previous, approvals::STEP, approvals::LIST)
        .iter()
        .filter(|row| in_window(row, &[approvals::DECIDED_ON]))
        .map(|row| keeps_request(row, approvals::REQUEST, &open))
        .collect();
    let decided = decided.iter();
    let kept = pick_customers(
        decided,
        &names,
        template,
        approvals::STEP,
        approvals::LIST,
        "decisions in the usage window",
        &mut left_behind,
    );
    if !kept.is_empty() {
        carried.push(count(kept.len(), "decisions inside the usage window"));
        values.push(list(approvals::STEP, approvals::LIST, kept));
    }
    let run = Run::start_carrying(
        template,
        id,
        title,
        who,
        now.to_utc(),
        &previous.title,
        values,
    );
    Ok(NextPeriod {
        run,
        carried,
        left_behind,
    })
}

/// Whether close-out closed what was still open, with a reason, rather than
/// carrying it: then open requests and escalations stay in its record.
fn closes_what_is_open(run: &Run) -> bool {
    run.step(closure::STEP)
        .and_then(|s| s.values.get(closure::STILL_OPEN))
        == Some(&FieldValue::Choice(closure::STILL_OPEN_CLOSED.to_owned()))
}

/// A use or decision as carried: it keeps the request it answers (in column
/// `column`) only when that request was carried too.
fn keeps_request(row: &Row, column: &str, open: &[u32]) -> Row {
    let keeps = match row.values.get(column) {
        Some(FieldValue::Picks(ids)) => ids.iter().all(|id| open.contains(id)),
        _ => true,
    };
    if keeps {
        row.clone()
    } else {
        with_cell(row.clone(), column, None)
    }
}

fn list(step: &str, field: &str, rows: Vec<Row>) -> (String, String, FieldValue) {
    (step.to_owned(), field.to_owned(), FieldValue::Rows(rows))
}

fn count(n: usize, what: &str) -> String {
    format!("{n} {what}")
}

/// The row with only the columns `template`'s list has.
fn keep_known(row: &Row, template: &Template, step: &str, list: &str) -> Row {
    let columns = template
        .step(step)
        .and_then(|s| s.field(list))
        .map(|f| f.sub_fields())
        .unwrap_or_default();
    Row {
        id: row.id,
        values: row
            .values
            .iter()
            .filter(|(id, _)| columns.iter().any(|c| &c.id == *id))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    }
}

/// A new record: `row` with `column` set to `value`, or without it.
fn with_cell(row: Row, column: &str, value: Option<FieldValue>) -> Row {
    Row {
        id: row.id,
        values: row
            .values
            .into_iter()
            .filter(|(id, _)| id != column)
            .chain(value.map(|v| (column.to_owned(), v)))
            .collect(),
    }
}

/// The columns where a run of version 1 typed a customer's name.
const TYPED: [&str; 4] = ["reference", "name", "company", "chosen-reference"];

/// Each record as `template` keeps it: a record that picks its customer as
/// it was; one of an older run that typed a name, linked to the one
/// candidate that name names (or left behind, and said why).
fn pick_customers<'r>(
    rows: impl Iterator<Item = &'r Row>,
    names: &Names,
    template: &Template,
    step: &str,
    field: &str,
    what: &str,
    left_behind: &mut Vec<String>,
) -> Vec<Row> {
    let picks = has_column(template, step, field, CUSTOMER);
    let mut kept = Vec::new();
    for row in rows {
        let carried = keep_known(row, template, step, field);
        if picks && !carried.values.contains_key(CUSTOMER) {
            let typed: Vec<&str> = TYPED
                .iter()
                .filter_map(|c| match row.values.get(*c) {
                    Some(FieldValue::Text(t)) if !t.trim().is_empty() => Some(t.as_str()),
                    _ => None,
                })
                .collect();
            // A request need not have a chosen reference yet.
            if typed.is_empty() && field == requests::LIST {
                kept.push(carried);
                continue;
            }
            match names.find(&typed) {
                Some(candidate) => {
                    kept.push(with_cell(
                        carried,
                        CUSTOMER,
                        Some(FieldValue::Picks(vec![candidate])),
                    ));
                    continue;
                }
                None => {
                    left_behind.push(format!(
                        "{what}: “{}” names no single customer of step 2",
                        typed.join(" / ")
                    ));
                    continue;
                }
            }
        }
        kept.push(carried);
    }
    kept
}

/// Candidates by the names a person would type for them.
struct Names {
    by_name: HashMap<String, Vec<u32>>,
}

impl Names {
    fn of(people: &[Row]) -> Names {
        let mut by_name: HashMap<String, Vec<u32>> = HashMap::new();
        for row in people {
            let text = |c: &str| match row.values.get(c) {
                Some(FieldValue::Text(t)) => t.trim().to_owned(),
                _ => String::new(),
            };
            let (company, contact) = (text(candidates::COMPANY), text(candidates::CONTACT));
            let both = display_name(&contact, &company);
            for name in [&company, &contact, &both] {
                let key = normalize(name);
                if !key.is_empty() {
                    let ids = by_name.entry(key).or_default();
                    if !ids.contains(&row.id) {
                        ids.push(row.id);
                    }
                }
            }
        }
        Names { by_name }
    }

    /// The one candidate every typed name names, if there is exactly one.
    fn find(&self, typed: &[&str]) -> Option<u32> {
        let mut found: Option<u32> = None;
        for name in typed {
            let ids = self.by_name.get(&normalize(name))?;
            let [id] = ids.as_slice() else {
                return None;
            };
            if found.is_some_and(|f| f != *id) {
                return None;
            }
            found = Some(*id);
        }
        found
    }
}
