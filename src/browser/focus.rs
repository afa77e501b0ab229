//! Moving keyboard focus to where the work is, once the view has rendered,
//! and naming the page in the browser's title bar and history.

use std::cell::Cell;

use wasm_bindgen::JsCast;

thread_local! {
    /// The newest focus request: an older one still waiting for its element
    /// gives up, so focus never jumps back to where the work was a moment
    /// ago (a step's heading, two seconds after the next action moved on).
    static LATEST_REQUEST: Cell<u64> = const { Cell::new(0) };
}

/// Starts a focus request, superseding every earlier one still waiting.
fn begin_request(selector: String, old: Option<web_sys::Element>) {
    let request = LATEST_REQUEST.with(|latest| {
        latest.set(latest.get().wrapping_add(1));
        latest.get()
    });
    focus_when_there(request, selector, old, FRAMES_TO_WAIT);
}

/// Focuses the first element matching `selector` after the current render
/// (the element may not exist yet when an action's handler runs). Headings are
/// made focusable for this with `tabindex="-1"`, which keeps them out of the
/// Tab order.
pub fn focus_soon(selector: &'static str) {
    focus_soon_owned(selector.to_owned());
}

/// [`focus_soon`] for a selector built at run time (a new record's inputs).
pub fn focus_soon_owned(selector: String) {
    begin_request(selector, None);
}

/// Focuses the element matching `selector` on the page being shown: the one
/// matching now belongs to the page being left (a page loaded on demand keeps
/// the old one on screen until its code arrives), so a new one is waited for.
pub fn focus_new(selector: &'static str) {
    let old = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten());
    begin_request(selector.to_owned(), old);
}

/// A page loaded on demand renders once its code has arrived: keep looking for
/// its element for about two seconds of frames.
const FRAMES_TO_WAIT: u32 = 120;

fn focus_when_there(
    request: u64,
    selector: String,
    old: Option<web_sys::Element>,
    frames_left: u32,
) {
    leptos::prelude::request_animation_frame(move || {
        if LATEST_REQUEST.with(Cell::get) != request {
            return;
        }
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let found = document.query_selector(&selector).ok().flatten();
        let stale = |e: &web_sys::Element| {
            !e.is_connected() || old.as_ref().is_some_and(|o| o.is_same_node(Some(e)))
        };
        let element = match found {
            Some(e) if !stale(&e) || frames_left == 0 => e,
            _ => {
                if frames_left > 0 {
                    focus_when_there(request, selector, old, frames_left - 1);
                }
                return;
            }
        };
        if !element.has_attribute("tabindex") {
            let _ = element.set_attribute("tabindex", "-1");
        }
        if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
            let _ = element.focus();
        }
    });
}

/// Names the page: "‹what› — Runsheet".
pub fn set_title(what: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(&if what.is_empty() {
            "Runsheet".to_owned()
        } else {
            format!("{what} — Runsheet")
        });
    }
}
