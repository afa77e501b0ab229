//! Other tabs of the same site: the browser's `storage` event says which key
//! another tab changed.

use leptos::ev;
use leptos::prelude::*;

/// Calls `changed` with the key another tab wrote or removed. The event never
/// fires for this tab's own writes, so there is no echo to filter out.
pub fn on_other_tab_change(changed: impl Fn(String) + 'static) {
    let handle = window_event_listener(ev::storage, move |event| {
        if let Some(key) = event.key() {
            changed(key);
        }
    });
    // Listens for the page's whole life.
    std::mem::forget(handle);
}
