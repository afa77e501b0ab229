//! Other tabs of the same site: the browser's `storage` event says which key
//! another tab changed.

use leptos::ev;
use leptos::prelude::*;

/// Calls `changed` with the key another tab wrote or removed, or with `None`
/// when another tab cleared the whole storage (another app on a shared origin
/// may call `clear()`). The event never fires for this tab's own writes, so
/// there is no echo to filter out.
pub fn on_other_tab_change(changed: impl Fn(Option<String>) + 'static) {
    let handle = window_event_listener(ev::storage, move |event| changed(event.key()));
    // Listens for the page's whole life.
    std::mem::forget(handle);
}
