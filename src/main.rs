//! Entry point: mounts the app. Everything else lives in the library so tests can reach it.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(runsheet::app::App);
    // The app is on screen now: the catalogue the build wrote into the HTML goes.
    runsheet::browser::boot::remove_prerendered();
}

/// The app only runs in a browser; the native binary exists so `cargo test` can build the crate.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Runsheet runs in the browser: use `scripts/serve` to build and open it.");
}
