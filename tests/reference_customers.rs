//! Customers entered once and picked by id, read out of runs: rows that carry
//! the newer id columns (written straight into the run here, as a later
//! template version will let people write them) and older rows that name
//! their customer in words, side by side.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use runsheet::domain::catalogue::find_version;
use runsheet::domain::procedure::registry::REFERENCE_PROGRAM;
use runsheet::domain::reference::customer::{CustomerBook, CustomerId, Resolved};
use runsheet::domain::reference::extract::extract;
use runsheet::domain::reference::ids;
use runsheet::domain::run::Run;
use runsheet::domain::template::Template;
use runsheet::domain::value::{FieldValue, Row};

fn template() -> &'static Template {
    // Version 1, where records name their reference by typing it; the version
    // that picks customers is tested in tests/reference_picks.rs.
    find_version(REFERENCE_PROGRAM, 1).expect("reference template version 1 in the catalogue")
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 30, 9, 0, 0).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn text(s: &str) -> FieldValue {
    FieldValue::Text(s.into())
}

fn choice(s: &str) -> FieldValue {
    FieldValue::Choice(s.into())
}

/// Puts `rows` into list `list` of step `step`, bypassing `Run::apply`: the
/// released template has no id columns yet, so the reducer would refuse them.
fn put(run: &mut Run, step: &str, list: &str, rows: Vec<Vec<(&str, FieldValue)>>) {
    let rows = rows
        .into_iter()
        .enumerate()
        .map(|(i, cells)| Row {
            id: u32::try_from(i).unwrap() + 1,
            values: cells
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect::<BTreeMap<_, _>>(),
        })
        .collect();
    run.step_mut(step)
        .expect("step")
        .values
        .insert(list.to_owned(), FieldValue::Rows(rows));
}

#[test]
fn records_read_their_customer_by_id_and_older_rows_by_name() {
    let mut run = Run::start(template(), "prog".into(), "2026".into(), "Ada", now());
    let acme = CustomerId::first_entered("prog", 1);
    let carried = CustomerId::parse("older.7").unwrap();
    put(
        &mut run,
        ids::candidates::STEP,
        ids::candidates::LIST,
        vec![
            vec![
                (ids::candidates::COMPANY, text("Acme")),
                (ids::candidates::CONTACT, text("Ada")),
            ],
            vec![
                (ids::candidates::COMPANY, text("Initech")),
                (ids::candidates::CONTACT, text("Bob")),
                (ids::candidates::CUSTOMER_ID, carried.to_value()),
            ],
        ],
    );
    put(
        &mut run,
        ids::consents::STEP,
        ids::consents::LIST,
        vec![
            vec![
                (ids::consents::CUSTOMER, acme.to_value()),
                (ids::consents::USE, choice("logo")),
                (ids::consents::STATUS, choice("verified")),
                (
                    ids::consents::EXPIRES_ON,
                    FieldValue::Date(day(2026, 12, 31)),
                ),
            ],
            vec![
                (ids::consents::REFERENCE, text("bob")),
                (ids::consents::USE, choice("quotes")),
                (ids::consents::STATUS, choice("requested")),
            ],
        ],
    );
    put(
        &mut run,
        ids::interactions::STEP,
        ids::interactions::LIST,
        vec![vec![
            (ids::interactions::CUSTOMER, carried.to_value()),
            (ids::interactions::REQUEST, FieldValue::Picks(vec![4])),
            (ids::interactions::REQUEST_TYPE, choice("logo")),
            (
                ids::interactions::RESPONSE_STATUS,
                choice("awaiting-confirmation"),
            ),
        ]],
    );
    let extracted = extract(&[run], template());
    assert!(extracted.problems.is_empty(), "{:?}", extracted.problems);
    let d = extracted.directory;
    assert_eq!(d.candidates[0].customer, acme);
    assert_eq!(
        d.candidates[1].customer, carried,
        "the carried identity is kept"
    );
    assert_eq!(d.consents[0].customer, Some(acme.clone()));
    assert_eq!(d.consents[0].expires_on, Some(day(2026, 12, 31)));
    assert_eq!(d.interactions[0].customer, Some(carried.clone()));
    assert_eq!(d.interactions[0].request, Some(4));

    let book = CustomerBook::new(&d.candidates, &d.references);
    let consent = &d.consents[0];
    assert_eq!(
        book.resolve("prog", consent.customer.as_ref(), &consent.reference)
            .label(),
        "Ada (Acme)"
    );
    let older = &d.consents[1];
    assert_eq!(
        book.resolve("prog", older.customer.as_ref(), &older.reference)
            .customer()
            .map(|c| &c.id),
        Some(&carried),
        "an older row links by its typed name"
    );
    let gone = CustomerId::first_entered("prog", 9);
    assert_eq!(
        book.resolve("prog", Some(&gone), ""),
        Resolved::Removed(&gone)
    );
}
