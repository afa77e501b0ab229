//! Moving keyboard focus to where the work is, once the view has rendered,
//! and naming the page in the browser's title bar and history.

use wasm_bindgen::JsCast;

/// Focuses the first element matching `selector` after the current render
/// (the element may not exist yet when an action's handler runs). Headings are
/// made focusable for this with `tabindex="-1"`, which keeps them out of the
/// Tab order.
pub fn focus_soon(selector: &'static str) {
    focus_soon_owned(selector.to_owned());
}

/// [`focus_soon`] for a selector built at run time (a new record's inputs).
pub fn focus_soon_owned(selector: String) {
    focus_when_there(selector, None, FRAMES_TO_WAIT);
}

/// Focuses the element matching `selector` on the page being shown: the one
/// matching now belongs to the page being left (a page loaded on demand keeps
/// the old one on screen until its code arrives), so a new one is waited for.
pub fn focus_new(selector: &'static str) {
    let old = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten());
    focus_when_there(selector.to_owned(), old, FRAMES_TO_WAIT);
}

/// A page loaded on demand renders once its code has arrived: keep looking for
/// its element for about two seconds of frames.
const FRAMES_TO_WAIT: u32 = 120;

fn focus_when_there(selector: String, old: Option<web_sys::Element>, frames_left: u32) {
    leptos::prelude::request_animation_frame(move || {
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
                    focus_when_there(selector, old, frames_left - 1);
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
