#![cfg(target_arch = "wasm32")]
#[path = "workloads/storage.rs"]
mod workload;
use chrono::{Duration, TimeZone, Utc};
use runsheet::browser::local_store::LocalStore;
use runsheet::domain::change::RunChange;
use runsheet::domain::value::FieldValue;
use runsheet::storage::pack::{self, body, touched::Touched};
use runsheet::storage::{KeyValueStore, RunRepository};
use wasm_bindgen_test::*;
wasm_bindgen_test_configure!(run_in_browser);
fn now() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}
fn t(label: &str, n: usize, mut f: impl FnMut()) {
    let s = now();
    for _ in 0..n {
        f();
    }
    console_log!("{label}: {:.3} ms", (now() - s) / n as f64);
}
#[wasm_bindgen_test]
fn wprof() {
    let mut run = workload::program_run(3, "program");
    let tpl = workload::program_template();
    let clock = Utc.with_ymd_and_hms(2026, 10, 1, 9, 0, 0).unwrap();
    let rows = workload::rows(&run, tpl, "tracking", "interactions");
    let change = RunChange::SetRowValue {
        step: "tracking".into(),
        field: "interactions".into(),
        row: rows[100].id,
        column: "feedback".into(),
        value: Some(FieldValue::Text("x".into())),
    };
    let touched = Touched::by(&change, tpl);
    run.apply(tpl, change, "Bo", clock + Duration::minutes(30))
        .unwrap();
    let mut repo = RunRepository::new(LocalStore::open().unwrap());
    repo.list().unwrap();
    let full = pack::encode(&run, 1, &Touched::Everything, None, "x");
    let _ = full;
    t("parts_of", 20, || {
        std::hint::black_box(body::parts_of(&run));
    });
    t("touched.parts", 20, || {
        std::hint::black_box(touched.parts(&run));
    });
    let rows = workload::rows(&run, tpl, "tracking", "interactions");
    let j = serde_json::to_string(&rows[..32]).unwrap();
    t(&format!("bucket json ({} B)", j.len()), 20, || {
        std::hint::black_box(serde_json::to_string(&rows[..32]).unwrap());
    });
    t("bucket pack", 20, || {
        std::hint::black_box(pack::lz::pack(&j));
    });
    for n in [8, 32, 64] {
        let tail = &run.activity[run.activity.len() - n..];
        let e = pack::log::encode(tail, "");
        t(&format!("log encode {n} ({} B)", e.len()), 20, || {
            std::hint::black_box(pack::log::encode(tail, ""));
        });
        t(&format!("log pack {n}"), 20, || {
            std::hint::black_box(pack::lz::pack(&e));
        });
    }
    let big = pack::lz::pack(&j);
    let value = serde_json::to_string(&big).unwrap();
    let mut store = LocalStore::open().unwrap();
    t(
        &format!("LocalStore set {} units", big.encode_utf16().count()),
        20,
        || {
            store.set("zz", &value).unwrap();
        },
    );
    t("LocalStore get", 20, || {
        std::hint::black_box(store.get("zz").unwrap());
    });
    let story = workload::story_run(1, "s");
    let step = serde_json::to_string(&story.steps[4]).unwrap();
    t(&format!("story step pack ({} B)", step.len()), 20, || {
        std::hint::black_box(pack::lz::pack(&step));
    });
    let stail = &story.activity[story.activity.len() - 32..];
    let e = pack::log::encode(stail, "");
    t(&format!("story log encode 32 ({} B)", e.len()), 20, || {
        std::hint::black_box(pack::log::encode(stail, ""));
    });
    t("story log pack 32", 20, || {
        std::hint::black_box(pack::lz::pack(&e));
    });
    store.remove("zz").unwrap();
}
