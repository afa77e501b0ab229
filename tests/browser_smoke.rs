//! Proves the wasm-bindgen-test layer really runs in headless Chromium:
//! `scripts/test` runs this with `cargo test --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn local_storage_round_trips_a_value() {
    let storage = web_sys::window()
        .expect("a window")
        .local_storage()
        .expect("localStorage is allowed")
        .expect("localStorage exists");
    storage
        .set_item("runsheet-smoke", "ok")
        .expect("localStorage accepts a write");
    assert_eq!(
        storage
            .get_item("runsheet-smoke")
            .expect("readable")
            .as_deref(),
        Some("ok")
    );
    storage.remove_item("runsheet-smoke").expect("removable");
}
