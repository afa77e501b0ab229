//! The storage benchmark in a real browser (release wasm in headless Chromium,
//! the app's own localStorage through `browser::local_store`): how much a
//! completed typical story takes and how many fit in the origin's quota, how
//! much a program of 500 references and 5,000 interactions takes, and what a
//! save costs in that program and in a small run. Prints figures; asserts only
//! that what was stored reads back. Ignored in the normal test run (debug
//! builds say nothing about speed); `scripts/bench` runs it in release mode.
#![cfg(target_arch = "wasm32")]

#[path = "workloads/storage.rs"]
mod workload;

use chrono::{Duration, TimeZone, Utc};
use runsheet::browser::local_store::LocalStore;
use runsheet::domain::change::RunChange;
use runsheet::domain::ids::run_id_from;
use runsheet::domain::run::Run;
use runsheet::domain::template::Template;
use runsheet::domain::value::FieldValue;
use runsheet::storage::repository::SaveError;
use runsheet::storage::usage::{ORIGIN_BUDGET_UNITS, usage};
use runsheet::storage::{KeyValueStore, RunRepository, SaveSession, StoreError, keys};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};
use workload::{Detail, program_template, story_driver, story_template};

wasm_bindgen_test_configure!(run_in_browser);

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn clear() {
    // The app installs the codec from its pages; a test installs it itself.
    runsheet::storage::codec::install(&runsheet::storage::codec::Pack);
    let mut store = LocalStore::open().expect("localStorage works in the test browser");
    for key in store.keys().unwrap() {
        store.remove(&key).unwrap();
    }
}

fn app_units() -> usize {
    usage(&LocalStore::open().unwrap(), keys::PREFIX)
        .unwrap()
        .app_units
}

fn percentile(times: &mut [f64], p: f64) -> f64 {
    times.sort_by(f64::total_cmp);
    let at = ((times.len() as f64 - 1.0) * p).round() as usize;
    times[at]
}

fn report(label: &str, mut times: Vec<f64>) -> (f64, f64) {
    let median = percentile(&mut times, 0.5);
    let p95 = percentile(&mut times, 0.95);
    console_log!(
        "storage: {label:<44} median {median:>6.2} ms   p95 {p95:>6.2} ms   max {:>6.2} ms   ({} saves)",
        times[times.len() - 1],
        times.len()
    );
    (median, p95)
}

#[wasm_bindgen_test]
#[ignore = "a benchmark: run it with scripts/bench"]
fn typical_stories_and_how_many_fit() {
    clear();
    for (label, detail) in [("typical", Detail::Typical), ("thorough", Detail::Thorough)] {
        let run = story_driver(1, "sizing", detail).run;
        let plain = runsheet::storage::record::encode_run(&run, 1)
            .encode_utf16()
            .count()
            + keys::run_key("sizing").len();
        let mut repo = RunRepository::new(LocalStore::open().unwrap());
        repo.list().unwrap();
        repo.save(&run, 1).unwrap();
        let units = app_units() - 34; // less the index
        console_log!(
            "storage: a completed {label} story: {units} UTF-16 units ({plain} as one plain record, {:.1}x smaller); {} fit in the 5,242,880-unit budget; {} log entries, {} draft versions",
            plain as f64 / units as f64,
            ORIGIN_BUDGET_UNITS / units,
            run.activity.len(),
            run.steps.iter().map(|s| s.versions.len()).sum::<usize>()
        );
        clear();
    }

    // Fill the origin with completed typical stories until the browser says
    // it is full: the count is what really fits.
    let stories: Vec<Run> = (0..16).map(|seed| workload::story_run(seed, "x")).collect();
    let mut repo = RunRepository::new(LocalStore::open().unwrap());
    repo.list().unwrap();
    let start = now_ms();
    let mut stored = 0;
    loop {
        let mut run = stories[stored % stories.len()].clone();
        run.id = run_id_from(0x5eed_0000 + stored as u64);
        match repo.save(&run, 1) {
            Ok(()) => stored += 1,
            Err(SaveError::Store(StoreError::QuotaExceeded)) => break,
            Err(e) => panic!("unexpected: {e}"),
        }
        assert!(
            stored < 5_000,
            "the browser never said the quota was reached"
        );
    }
    let units = usage(&LocalStore::open().unwrap(), "").unwrap().used_units;
    console_log!(
        "storage: {stored} completed typical stories fit before Chromium's quota ({units} units used, {:.0} ms to write them)",
        now_ms() - start
    );
    let mut fresh = RunRepository::new(LocalStore::open().unwrap());
    let listing = fresh.list().unwrap();
    assert_eq!(listing.ids.len(), stored);
    clear();
}

fn edit_interaction(run: &Run, position: usize, round: usize) -> RunChange {
    let rows = workload::rows(run, program_template(), "tracking", "interactions");
    RunChange::SetRowValue {
        step: "tracking".into(),
        field: "interactions".into(),
        row: rows[position % rows.len()].id,
        column: "feedback".into(),
        value: Some(FieldValue::Text(format!(
            "Prospect signed after the call, round {round}"
        ))),
    }
}

/// Opens run `id` in a fresh session over localStorage, then times `rounds`
/// saves, each after one change made by `change`.
fn time_saves(
    id: &str,
    template: &'static Template,
    rounds: usize,
    mut change: impl FnMut(&Run, usize) -> RunChange,
) -> Vec<f64> {
    let (mut session, _) = SaveSession::list(LocalStore::open().unwrap(), "bench");
    let (run, _) = session.open_run(id).expect("the run opens");
    let mut screen = vec![run];
    let mut clock = Utc.with_ymd_and_hms(2026, 10, 1, 9, 0, 0).unwrap();
    let mut times = Vec::with_capacity(rounds);
    for round in 0..rounds {
        // Eleven minutes apart: every save appends a log entry, as typing
        // into a new field does.
        clock += Duration::minutes(11);
        let change = change(&screen[0], round);
        let applied = screen[0]
            .apply(template, change, "Bo", clock)
            .expect("the change applies");
        session.mark_touched(id, applied.touched);
        let start = now_ms();
        session.flush(clock, &screen);
        times.push(now_ms() - start);
        assert!(
            matches!(session.status(), runsheet::storage::SaveStatus::Saved(_)),
            "{:?}",
            session.status()
        );
    }
    times
}

#[wasm_bindgen_test]
#[ignore = "a benchmark: run it with scripts/bench"]
fn a_program_of_500_references_and_what_a_save_costs() {
    clear();
    let start = now_ms();
    let program = workload::program_run(3, "program");
    let built = now_ms() - start;
    let references = workload::rows(&program, program_template(), "profile", "references").len();
    let interactions =
        workload::rows(&program, program_template(), "tracking", "interactions").len();
    let plain = runsheet::storage::record::encode_run(&program, 1)
        .encode_utf16()
        .count();
    let mut repo = RunRepository::new(LocalStore::open().unwrap());
    repo.list().unwrap();
    let start = now_ms();
    repo.save(&program, 1).unwrap();
    let first = now_ms() - start;
    let units = app_units();
    let key_count = LocalStore::open().unwrap().keys().unwrap().len();
    console_log!(
        "storage: a program of {references} references, {interactions} interactions, {} log entries: {units} UTF-16 units, {:.1} % of the 5,242,880-unit budget ({plain} as one plain record: {:.0} %); {key_count} keys; built in {built:.0} ms, first save {first:.0} ms",
        program.activity.len(),
        units as f64 * 100.0 / ORIGIN_BUDGET_UNITS as f64,
        plain as f64 * 100.0 / ORIGIN_BUDGET_UNITS as f64
    );
    let start = now_ms();
    let (mut session, _) = SaveSession::list(LocalStore::open().unwrap(), "open");
    let opened = session.open_run("program").expect("the program opens");
    console_log!(
        "storage: opening the program (reading and checking every part and log entry): {:.0} ms",
        now_ms() - start
    );
    assert_eq!(opened.0, program, "the program reads back exactly");

    let rounds = 120;
    let big = time_saves("program", program_template(), rounds, |run, round| {
        edit_interaction(run, round * 83 + 17, round)
    });
    clear();

    // Small runs: the same edit in a program of five references and 40
    // interactions (a list short enough to stay inside its step); a typical
    // story half done (small enough to be one key), and a completed one whose
    // last step was reopened to be edited.
    let small_program = workload::program_run_built(4, "small-program", 5, 40, false);
    let mut repo = RunRepository::new(LocalStore::open().unwrap());
    repo.list().unwrap();
    repo.save(&small_program, 1).unwrap();
    let small_program_times =
        time_saves("small-program", program_template(), rounds, |run, round| {
            edit_interaction(run, round * 7 + 3, round)
        });
    clear();

    let driver = story_driver(9, "small", Detail::Typical);
    let mut half = driver.initial.clone();
    let clock = Utc.with_ymd_and_hms(2026, 2, 1, 9, 0, 0).unwrap();
    for change in &driver.changes[..driver.changes.len() / 2] {
        half.apply(story_template(), change.clone(), "Ada", clock)
            .unwrap();
    }
    let mut done = driver.run.clone();
    done.id = "done".into();
    done.apply(
        story_template(),
        RunChange::Reopen {
            step: "publication".into(),
        },
        "Ada",
        clock,
    )
    .unwrap();
    let mut repo = RunRepository::new(LocalStore::open().unwrap());
    repo.list().unwrap();
    repo.save(&half, 1).unwrap();
    repo.save(&done, 1).unwrap();
    let steps = ["intake", "consent", "interview-plan", "interview", "draft"];
    let half_times = time_saves("small", story_template(), rounds, |_, round| {
        RunChange::SetNotes {
            step: steps[round % steps.len()].into(),
            notes: format!("Called the customer again, round {round}."),
        }
    });
    let done_times = time_saves("done", story_template(), rounds, |_, round| {
        RunChange::SetNotes {
            step: "publication".into(),
            notes: format!("Shared with the field team, round {round}."),
        }
    });
    clear();

    let (big_median, big_p95) = report("save after an edit, 5,000-interaction program", big);
    let (small_median, small_p95) = report(
        "save after the same edit, a program of 5 references and 40 interactions",
        small_program_times,
    );
    let (done_median, done_p95) = report("save after an edit, a completed story", done_times);
    let (half_median, half_p95) = report("save after an edit, a story half done", half_times);
    console_log!(
        "storage: the program's save costs {:.2}x the same edit's in the small program (median), {:.2}x (p95); {:.2}x a completed story's (median), {:.2}x (p95); {:.2}x a half-done story's (median), {:.2}x (p95)",
        big_median / small_median,
        big_p95 / small_p95,
        big_median / done_median,
        big_p95 / done_p95,
        big_median / half_median,
        big_p95 / half_p95
    );
}
