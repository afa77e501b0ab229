//! The markup the build writes into index.html so there is something to read
//! before the wasm arrives (`scripts/post-build/prerender.mjs`).

/// Removes the prerendered frame. Called in the same task as the app mounts, so
/// the browser never paints the two together, and the disabled "Start run"
/// buttons it shows are gone before anyone can reach the live ones.
pub fn remove_prerendered() {
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
}
