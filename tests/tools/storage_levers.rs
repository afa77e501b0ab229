//! The storage levers README "Your data" compares, measured on a completed
//! typical story, a thorough one and (with `program`) the 500-reference
//! program, all built through the domain: UTF-16 units as one plain record, as
//! lz-string over it, without the entries' `prev`, without any stored hash, and
//! in this app's encoding; and how long compressing a run whole takes.
//!
//!     cargo run --release --example storage_levers -- [program]

#[path = "../workloads/storage.rs"]
mod workload;

use std::time::Instant;

use runsheet::domain::run::Run;
use runsheet::storage::pack::lz;
use runsheet::storage::record::encode_run;
use runsheet::storage::{MemoryStore, RunRepository};

const BUDGET: usize = 5_242_880;

fn units(s: &str) -> usize {
    s.encode_utf16().count()
}

fn measure(name: &str, run: &Run) {
    let plain = encode_run(run, 1);
    let compressed = units(&lz::pack(&plain));
    let mut one_hash = run.clone();
    for entry in &mut one_hash.activity {
        entry.prev.clear();
    }
    let without_prev = units(&lz::pack(&encode_run(&one_hash, 1)));
    let mut no_hash = one_hash;
    for entry in &mut no_hash.activity {
        entry.hash.clear();
    }
    let start = Instant::now();
    let without_hashes = units(&lz::pack(&encode_run(&no_hash, 1)));
    let whole = start.elapsed();
    let mut repo = RunRepository::new(MemoryStore::new());
    repo.list().expect("memory lists");
    repo.save(run, 1).expect("memory takes it");
    let entries = repo.store().entries();
    let stored: usize = entries.iter().map(|(k, v)| units(k) + units(v)).sum();
    let log: usize = entries
        .iter()
        .filter(|(k, _)| k.starts_with("runsheet:log:"))
        .map(|(k, v)| units(k) + units(v))
        .sum();
    let row = |label: &str, n: usize| {
        println!(
            "  {label:<44} {n:>10} units  {:>6} fit  {:>5.1} %",
            BUDGET / n,
            n as f64 * 100.0 / BUDGET as f64
        )
    };
    println!("{name} ({} log entries):", run.activity.len());
    row("one plain JSON record", units(&plain));
    row("lz-string over it", compressed);
    row("… without each entry's prev", without_prev);
    row("… without any stored hash", without_hashes);
    row("this app's encoding", stored);
    println!(
        "  {} keys; log segments {:.1} units an entry; encoding and compressing it whole: {:.1} ms",
        entries.len(),
        log as f64 / run.activity.len() as f64,
        whole.as_secs_f64() * 1000.0
    );
}

fn main() {
    measure(
        "a completed typical story",
        &workload::story_run(1, "story1"),
    );
    measure(
        "a completed thorough story",
        &workload::story_run_with(1, "story1", workload::Detail::Thorough),
    );
    if std::env::args().nth(1).as_deref() == Some("program") {
        measure(
            "a program of 500 references and 5,000 interactions",
            &workload::program_run(3, "program"),
        );
    }
}
