//! Times matching on the standard workload: 5,000 references, 50,000
//! interactions. Run with `cargo bench --bench matching`.
//!
//! Not a timed test: machines differ, so this prints figures for a person to
//! read. The budget is one animation frame (16 ms) in the browser, where wasm
//! typically runs 1.5–3× slower than native code.

#[path = "../tests/workloads/matching.rs"]
mod workload;

use std::hint::black_box;
use std::time::{Duration, Instant};

use runsheet::domain::reference::matching::{MatchIndex, rank};
use workload::benchmark_workload;

const ROUNDS: usize = 50;

fn summary(label: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label:<28} min {:>7.3} ms   median {:>7.3} ms   max {:>7.3} ms   ({} rounds)",
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1]),
        times.len()
    );
}

fn time(rounds: usize, mut work: impl FnMut()) -> Vec<Duration> {
    (0..rounds)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .collect()
}

fn main() {
    let started = Instant::now();
    let w = benchmark_workload(42);
    println!(
        "workload: {} references, {} interactions, {} consent lines, {} escalations (built in {:.1} ms)",
        w.references.len(),
        w.interactions.len(),
        w.consents.len(),
        w.escalations.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );

    let build = time(ROUNDS, || {
        black_box(MatchIndex::new(black_box(&w.references), w.history()));
    });
    let index = MatchIndex::new(&w.references, w.history());
    let ranking = time(ROUNDS, || {
        black_box(index.rank(black_box(&w.request), &w.settings, w.today));
    });
    let whole = time(ROUNDS, || {
        black_box(rank(
            black_box(&w.request),
            &w.references,
            w.history(),
            &w.settings,
            w.today,
        ));
    });

    let result = index.rank(&w.request, &w.settings, w.today);
    println!(
        "result: {} ranked, {} excluded; best score {}",
        result.ranked.len(),
        result.excluded.len(),
        result.ranked.first().map_or(0, |r| r.score)
    );
    summary("build index", build);
    summary("rank with a built index", ranking);
    summary("build + rank (rank())", whole);
}
