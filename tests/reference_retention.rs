//! Keep-until dates: calendar months from the close-out date, clamped to the
//! end of shorter months, and which closed programs are past them.

use chrono::NaiveDate;
use runsheet::domain::reference::model::{Closure, Program, ProgramSettings};
use runsheet::domain::reference::retention::{past_retention, retain_until, retention_records};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

#[test]
fn whole_months_keep_the_day_of_the_month() {
    assert_eq!(retain_until(day(2026, 3, 15), 1), Some(day(2026, 4, 15)));
    assert_eq!(retain_until(day(2026, 3, 15), 12), Some(day(2027, 3, 15)));
    assert_eq!(retain_until(day(2026, 11, 30), 3), Some(day(2027, 2, 28)));
    assert_eq!(retain_until(day(2026, 3, 15), 0), Some(day(2026, 3, 15)));
    assert_eq!(retain_until(day(2026, 1, 1), 84), Some(day(2033, 1, 1)));
}

#[test]
fn a_missing_day_clamps_to_the_end_of_the_shorter_month() {
    assert_eq!(retain_until(day(2026, 1, 31), 1), Some(day(2026, 2, 28)));
    assert_eq!(
        retain_until(day(2028, 1, 31), 1),
        Some(day(2028, 2, 29)),
        "leap year"
    );
    assert_eq!(retain_until(day(2026, 3, 31), 1), Some(day(2026, 4, 30)));
    assert_eq!(retain_until(day(2026, 8, 31), 1), Some(day(2026, 9, 30)));
}

#[test]
fn leap_days_land_on_the_28th_in_common_years() {
    assert_eq!(retain_until(day(2028, 2, 29), 12), Some(day(2029, 2, 28)));
    assert_eq!(retain_until(day(2028, 2, 29), 48), Some(day(2032, 2, 29)));
    // 2100 is not a leap year (divisible by 100, not by 400); 2000 was.
    assert_eq!(retain_until(day(2096, 2, 29), 48), Some(day(2100, 2, 28)));
    assert_eq!(retain_until(day(1996, 2, 29), 48), Some(day(2000, 2, 29)));
}

#[test]
fn a_date_beyond_the_calendar_is_none_not_a_panic() {
    assert_eq!(retain_until(NaiveDate::MAX, 1), None);
    assert_eq!(retain_until(day(2026, 1, 1), u32::MAX), None);
}

fn program(
    id: &str,
    closed_on: Option<NaiveDate>,
    recorded: Option<NaiveDate>,
    months: Option<u32>,
) -> Program {
    let mut settings = ProgramSettings::with_tolerance(3, 90);
    settings.retention_months = months;
    Program {
        run_id: id.into(),
        title: format!("Program {id}"),
        settings: Some(settings),
        closure: Closure {
            closed_on,
            retain_until: recorded,
            ..Closure::default()
        },
    }
}

#[test]
fn the_recorded_date_wins_and_is_otherwise_worked_out() {
    let programs = [
        program(
            "a",
            Some(day(2020, 1, 31)),
            Some(day(2021, 6, 30)),
            Some(24),
        ),
        program("b", Some(day(2020, 1, 31)), None, Some(1)),
        program("c", None, None, Some(12)),
        program("d", Some(day(2020, 1, 31)), None, None),
    ];
    let records = retention_records(&programs);
    let got: Vec<(&str, NaiveDate, bool)> = records
        .iter()
        .map(|r| (r.run_id.as_str(), r.retain_until, r.computed))
        .collect();
    assert_eq!(
        got,
        [
            ("a", day(2021, 6, 30), false),
            ("b", day(2020, 2, 29), true)
        ],
        "running programs and programs without a period have no date yet"
    );
}

#[test]
fn records_are_kept_through_their_last_day() {
    let programs = [
        program("late", Some(day(2025, 6, 30)), None, Some(12)),
        program("early", Some(day(2024, 1, 15)), None, Some(12)),
        program("kept", Some(day(2026, 1, 1)), None, Some(12)),
    ];
    let records = retention_records(&programs);
    let past = |today| -> Vec<&str> {
        past_retention(&records, today)
            .iter()
            .map(|r| r.run_id.as_str())
            .collect()
    };
    assert_eq!(
        past(day(2026, 6, 30)),
        ["early"],
        "the keep-until day itself is kept"
    );
    assert_eq!(past(day(2026, 7, 1)), ["early", "late"], "oldest first");
    assert!(past(day(2025, 1, 15)).is_empty());
    assert_eq!(past(day(2025, 1, 16)), ["early"]);
}
