//! The matching benchmark in a real browser (wasm in headless Chromium): ranks
//! one request against 5,000 references with 50,000 interactions and prints the
//! times. Not a timed test: it asserts only what was ranked. Ignored in the
//! normal test run (debug builds say nothing about speed); `scripts/bench` runs
//! it in release mode.
#![cfg(target_arch = "wasm32")]

#[path = "workloads/matching.rs"]
mod workload;

use runsheet::domain::reference::matching::{MatchIndex, rank};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};
use workload::benchmark_workload;

wasm_bindgen_test_configure!(run_in_browser);

const ROUNDS: usize = 30;

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn report(label: &str, mut times: Vec<f64>) {
    times.sort_by(f64::total_cmp);
    console_log!(
        "browser {label:<26} min {:>7.2} ms   median {:>7.2} ms   max {:>7.2} ms   ({} rounds)",
        times[0],
        times[times.len() / 2],
        times[times.len() - 1],
        times.len()
    );
}

fn time(mut work: impl FnMut()) -> Vec<f64> {
    (0..ROUNDS)
        .map(|_| {
            let start = now_ms();
            work();
            now_ms() - start
        })
        .collect()
}

#[wasm_bindgen_test]
#[ignore = "a benchmark: run it with scripts/bench"]
fn rank_5000_references_with_50000_interactions() {
    let w = benchmark_workload(42);
    assert_eq!((w.references.len(), w.interactions.len()), (5_000, 50_000));
    let index = MatchIndex::new(&w.references, w.history());
    let result = index.rank(&w.request, &w.settings, w.today);
    assert_eq!(result.ranked.len() + result.excluded.len(), 5_000);
    report(
        "build index",
        time(|| {
            std::hint::black_box(MatchIndex::new(&w.references, w.history()));
        }),
    );
    report(
        "rank with built index",
        time(|| {
            std::hint::black_box(index.rank(&w.request, &w.settings, w.today));
        }),
    );
    report(
        "build + rank",
        time(|| {
            std::hint::black_box(rank(
                &w.request,
                &w.references,
                w.history(),
                &w.settings,
                w.today,
            ));
        }),
    );
}
