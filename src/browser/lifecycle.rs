//! Page lifecycle hooks: the last chance to save before a tab goes away.

use leptos::ev;
use leptos::prelude::*;

/// Calls `flush` when the page is hidden or being unloaded. `pagehide` covers
/// closing and navigating away; `visibilitychange` covers mobile tab switches,
/// after which the browser may kill the page without further notice.
pub fn on_page_hidden(flush: impl Fn() + Clone + 'static) {
    let on_hide = flush.clone();
    let handle = window_event_listener(ev::pagehide, move |_| on_hide());
    std::mem::forget(handle);
    let handle = window_event_listener(ev::visibilitychange, move |_| {
        let hidden = document().visibility_state() == web_sys::VisibilityState::Hidden;
        if hidden {
            flush();
        }
    });
    std::mem::forget(handle);
}

/// Calls `visible` whenever the page becomes visible again (a tab switched back to).
pub fn on_page_visible(visible: impl Fn() + 'static) {
    let handle = window_event_listener(ev::visibilitychange, move |_| {
        if document().visibility_state() == web_sys::VisibilityState::Visible {
            visible();
        }
    });
    std::mem::forget(handle);
}
