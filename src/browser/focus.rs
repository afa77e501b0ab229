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
    leptos::prelude::request_animation_frame(move || {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Ok(Some(element)) = document.query_selector(&selector) else {
            return;
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
