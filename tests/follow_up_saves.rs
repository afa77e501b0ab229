//! A value the procedure works out in another step is saved with the change
//! that caused it. The save was once told what a change wrote by a second
//! analysis that knew nothing of procedure follow-ups: step 1's retention
//! period moved step 12's keep-until date on screen, the page said Saved, and
//! a reload brought the old date back. What a save writes now comes from
//! `Run::apply`'s own report (`Applied::touched`).

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use runsheet::domain::catalogue;
use runsheet::domain::change::RunChange;
use runsheet::domain::run::Run;
use runsheet::domain::template::Template;
use runsheet::domain::value::FieldValue;
use runsheet::storage::SaveSession;

#[path = "common/shared_store.rs"]
mod shared_store;
use shared_store::SharedStore;

fn program() -> &'static Template {
    catalogue::find("customer-reference-program").expect("the reference SOP is built in")
}

fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 7, 1, 9, minute, 0).unwrap()
}

fn set(step: &str, field: &str, value: FieldValue) -> RunChange {
    RunChange::SetValue {
        step: step.into(),
        field: field.into(),
        value: Some(value),
    }
}

fn retention(months: f64) -> RunChange {
    set("criteria", "retention-period", FieldValue::Number(months))
}

fn keep_until(run: &Run) -> Option<&FieldValue> {
    let closure = program().step_index("closure").expect("close-out step");
    run.steps[closure].values.get("retain-until")
}

fn date(y: i32, m: u32, d: u32) -> FieldValue {
    FieldValue::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

/// Applies `change` on screen and tells the session what it wrote, as the UI does.
fn edit(
    session: &mut SaveSession<SharedStore>,
    run: &mut Run,
    change: RunChange,
    now: DateTime<Utc>,
) {
    let applied = run
        .apply(program(), change, "Ada", now)
        .expect("the change is allowed");
    session.mark_touched(&run.id, applied.touched);
}

#[test]
fn a_keep_until_date_worked_out_from_the_retention_period_is_stored_with_it() {
    let template = program();
    let mut run = Run::start(template, "p1".into(), "Program".into(), "Ada", at(0));
    run.apply(template, retention(24.0), "Ada", at(1)).unwrap();
    run.apply(
        template,
        set("closure", "closed-on", date(2026, 6, 30)),
        "Ada",
        at(2),
    )
    .unwrap();
    assert_eq!(keep_until(&run), Some(&date(2028, 6, 30)));

    let store = SharedStore::default();
    let (mut first, _) = SaveSession::load(store.clone());
    first.add(&run.id);
    first.flush(at(3), std::slice::from_ref(&run));

    // A later visit opens the stored run and changes step 1 only.
    let (mut session, _) = SaveSession::load(store.clone());
    let (mut screen, _) = session.open_run("p1").expect("the run is stored");
    edit(&mut session, &mut screen, retention(12.0), at(4));
    assert_eq!(keep_until(&screen), Some(&date(2027, 6, 30)), "the screen");
    session.flush(at(5), std::slice::from_ref(&screen));

    let (mut reload, _) = SaveSession::load(store);
    let (stored, _) = reload.open_run("p1").expect("the run is stored");
    assert_eq!(keep_until(&stored), Some(&date(2027, 6, 30)), "the reload");
    assert_eq!(stored, screen, "what is stored is what the screen shows");
}
