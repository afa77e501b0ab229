//! Writes a browser profile's localStorage as the app stores it, for the
//! storage benchmark and the end-to-end tests: a JSON object of keys and values
//! to put into `localStorage` before the app starts.
//!
//!     cargo run --release --example storage_profile -- stories 500 out.json
//!     cargo run --release --example storage_profile -- runs 1000 out.json
//!     cargo run --release --example storage_profile -- program 500 out.json
//!     cargo run --release --example storage_profile -- program-csv 500 out.json
//!
//! `stories`: completed typical Customer Story runs (every step, both draft
//! versions, the whole log). `runs`: story runs at every stage, from just
//! started to half done. `program`: one Customer Reference Program run with
//! that many references and ten interactions each (the at-size benchmark's
//! program, `tests/e2e/bench/at_size.mjs`), with half as many open requests.
//! `program-csv`: the same size of program in the version that picks
//! customers, built as a manager would build it: a spreadsheet of references
//! (profile and consent) and one of past interactions, each through the CSV
//! import the run page offers, then the open requests. Its dates are counted
//! from `RUNSHEET_TEST_NOW` (RFC 3339; default: now), the moment the e2e tests
//! fix the browser's clock at, so its consents are current and its
//! interactions recent on any day: built the day before, with interactions
//! over the 308 days before that and consents that end 1 to 12 months after.
//! All built through the domain (`Run::apply`), then
//! saved by the app's own repository.

#[path = "../workloads/storage.rs"]
mod workload;

use chrono::{DateTime, Datelike, Days, Duration, Months, TimeZone, Utc};
use runsheet::domain::ids::run_id_from;
use runsheet::storage::{MemoryStore, RunRepository};

/// The industries a profile's references and requests cycle through.
const INDUSTRIES: [&str; 5] = [
    "Financial services",
    "Logistics",
    "Retail",
    "Software",
    "Healthcare",
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: storage_profile stories|runs|program|program-csv <count> <out.json>";
    let (kind, count, out) = match args.as_slice() {
        [_, kind, count, out] => (kind.as_str(), count.parse::<usize>().expect(usage), out),
        _ => panic!("{usage}"),
    };
    let mut repo = RunRepository::new(MemoryStore::new());
    repo.list().expect("memory lists");
    let template = workload::story_template();
    if kind == "program-csv" {
        let id = run_id_from(0x5eed_fffe);
        let run = program_through_csv(&id, count, test_now() - Duration::days(1));
        repo.save(&run, 1).expect("memory takes every run");
    }
    if kind == "program" {
        let id = run_id_from(0x5eed_ffff);
        let mut run = workload::program_run_built(7, &id, count, count * 10, true);
        add_requests(&mut run, count / 2);
        repo.save(&run, 1).expect("memory takes every run");
    }
    for i in 0..(if kind.starts_with("program") {
        0
    } else {
        count
    }) {
        let id = run_id_from(0x5eed_0000 + i as u64);
        let run = match kind {
            "stories" => workload::story_run(i as u64, &id),
            "runs" => {
                let driver = workload::story_driver(i as u64, &id, workload::Detail::Typical);
                let mut rng = workload::Lcg::new(i as u64);
                let n = driver.changes.len();
                let upto = n / 8 + rng.below(n * 3 / 8);
                let mut run = driver.initial.clone();
                let mut clock = Utc.with_ymd_and_hms(2026, 2, 1, 9, 0, 0).unwrap();
                for change in &driver.changes[..upto] {
                    clock += Duration::seconds(89);
                    run.apply(template, change.clone(), "Ada Park", clock)
                        .expect("a change the generator made");
                }
                run
            }
            other => panic!("unknown kind {other}: {usage}"),
        };
        repo.save(&run, 1).expect("memory takes every run");
    }
    let entries = repo.store().entries();
    let units: usize = entries
        .iter()
        .map(|(k, v)| k.encode_utf16().count() + v.encode_utf16().count())
        .sum();
    std::fs::write(out, serde_json::to_string(entries).expect("plain strings"))
        .expect("the profile is written");
    eprintln!(
        "{count} {kind}: {} keys, {units} UTF-16 units ({:.1} % of 5,242,880) in {out}",
        entries.len(),
        units as f64 * 100.0 / 5_242_880.0
    );
}

/// The moment the e2e tests fix the browser's clock at: `RUNSHEET_TEST_NOW`
/// (an RFC 3339 time), else now. A tool, not a test: it writes a profile for
/// that day, and the tests that load it pass on whatever day it names.
fn test_now() -> DateTime<Utc> {
    match std::env::var("RUNSHEET_TEST_NOW") {
        Ok(text) => DateTime::parse_from_rfc3339(&text)
            .unwrap_or_else(|e| {
                panic!("RUNSHEET_TEST_NOW={text:?} is not an RFC 3339 time such as 2028-02-29T23:30:00Z: {e}")
            })
            .with_timezone(&Utc),
        Err(_) => Utc::now(),
    }
}

/// Adds `n` open requests to a program run, as step 7 records them, so the
/// match page has requests to list and rank.
fn add_requests(run: &mut runsheet::domain::run::Run, n: usize) {
    let at = Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap();
    add_requests_to(run, workload::program_template(), n, at);
}

/// [`add_requests`] under `template`, recorded at `at`.
fn add_requests_to(
    run: &mut runsheet::domain::run::Run,
    template: &runsheet::domain::template::Template,
    n: usize,
    at: DateTime<Utc>,
) {
    use runsheet::domain::change::RunChange;
    use runsheet::domain::value::FieldValue;
    let types = ["live-sales-call", "case-study", "quote", "logo"];
    for i in 0..n {
        run.apply(
            template,
            RunChange::AddRow {
                step: "matching".into(),
                field: "requests".into(),
            },
            "Ada Park",
            at,
        )
        .expect("a request row");
        let row = run
            .rows(template.step_index("matching").unwrap(), "requests")
            .last()
            .unwrap()
            .id;
        let text = |s: String| Some(FieldValue::Text(s));
        let cells = [
            ("requester", text(format!("Seller {}", i % 40))),
            (
                "type",
                Some(FieldValue::Choice(types[i % types.len()].into())),
            ),
            ("audience", text(format!("Prospect {i}"))),
            ("industry", text(INDUSTRIES[i % INDUSTRIES.len()].into())),
            ("use-case", text("Faster payouts".into())),
            (
                "geography",
                text(if i % 2 == 0 { "EMEA" } else { "North America" }.into()),
            ),
            ("product", text("Payments".into())),
            ("status", Some(FieldValue::Choice("open".into()))),
        ];
        for (column, value) in cells {
            run.apply(
                template,
                RunChange::SetRowValue {
                    step: "matching".into(),
                    field: "requests".into(),
                    row,
                    column: column.into(),
                    value,
                },
                "Ada Park",
                at,
            )
            .expect("a request value");
        }
    }
}

/// A program of `references` references and ten interactions each, in the
/// template version that picks customers, built through the CSV imports (the
/// preview, then the import action), as the run page builds it, at `at`.
fn program_through_csv(
    id: &str,
    references: usize,
    at: DateTime<Utc>,
) -> runsheet::domain::run::Run {
    use runsheet::domain::catalogue::find;
    use runsheet::domain::change::RunChange;
    use runsheet::domain::procedure::registry::REFERENCE_PROGRAM;
    use runsheet::domain::reference::actions::editor::Editor;
    use runsheet::domain::reference::actions::import_interactions::import_interactions;
    use runsheet::domain::reference::actions::import_references::import_references;
    use runsheet::domain::reference::csv_import::CsvImport;
    use runsheet::domain::reference::{interaction_import, reference_import};
    use runsheet::domain::run::Run;
    use runsheet::domain::value::FieldValue;

    let template = find(REFERENCE_PROGRAM).expect("the reference program is built in");
    let today = at.date_naive();
    let editor = Editor {
        template,
        who: "Ada Park",
        now: at.fixed_offset(),
    };
    let mut run = Run::start(
        template,
        id.to_owned(),
        format!("Reference program {}", today.year()),
        "Ada Park",
        at,
    );
    for (field, value) in [
        ("usage-limit", FieldValue::Number(3.0)),
        ("usage-window", FieldValue::Number(90.0)),
        ("retention-period", FieldValue::Number(24.0)),
        (
            "reference-types",
            FieldValue::Choices(vec![
                "live-sales-call".into(),
                "case-study".into(),
                "quote".into(),
            ]),
        ),
    ] {
        run.apply(
            template,
            RunChange::SetValue {
                step: "criteria".into(),
                field: field.into(),
                value: Some(value),
            },
            "Ada Park",
            at,
        )
        .expect("a setting");
    }
    let zones = [
        "Europe/Berlin",
        "Europe/London",
        "America/New_York",
        "Asia/Singapore",
    ];
    let mut refs = String::from(
        "Company,Contact,Email,Job title,Industry,Product,Approved types,Region,Time zone,Availability,Status,Sales call consent,Sales call consent expires on,Quotes consent\r\n",
    );
    for i in 0..references {
        refs.push_str(&format!(
            "Company {i},Contact {i},contact{i}@example.com,VP Operations,{},Payments,\"Live sales call, Quote\",{},{},Available,Active,Verified,{},Verified\r\n",
            INDUSTRIES[i % INDUSTRIES.len()],
            if i % 2 == 0 { "EMEA" } else { "North America" },
            zones[i % zones.len()],
            today
                .checked_add_months(Months::new(1 + (i % 12) as u32))
                .expect("a date within chrono's range"),
        ));
    }
    let file = CsvImport::parse(&refs).expect("a header");
    let preview = reference_import::preview(&file, &file.guess_mapping());
    assert!(preview.rejected.is_empty(), "{:?}", preview.rejected);
    import_references(&mut run, &editor, &preview.rows).expect("the references import");
    let mut uses = String::from(
        "Company,Contact,Reference type,Requested on,Response,Completed on,Audience,What was done\r\n",
    );
    for n in 0..references * 10 {
        let i = (n * 7919) % references;
        // 308 days in turn, oldest first, then round again.
        let days_back = 308 - (n % 308) as u64;
        let day = today
            .checked_sub_days(Days::new(days_back))
            .expect("a date within chrono's range");
        uses.push_str(&format!(
            "Company {i},Contact {i},{},{day},Completed,{day},Prospect {n},Call number {n}\r\n",
            if n % 3 == 0 {
                "Quote"
            } else {
                "Live sales call"
            },
        ));
    }
    let file = CsvImport::parse(&uses).expect("a header");
    let preview = interaction_import::preview(&file, &file.guess_mapping(), &run, template);
    assert!(
        preview.rejected.is_empty(),
        "{:?}",
        preview.rejected.first()
    );
    import_interactions(&mut run, &editor, &preview.rows).expect("the interactions import");
    add_requests_to(&mut run, template, references / 2, at);
    run
}
