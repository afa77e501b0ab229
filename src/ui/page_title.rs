//! Every page names itself (and the run it shows) in `document.title`, so the
//! tab, the history and a screen reader's page announcement say where you are.

use leptos::prelude::*;

use crate::browser::focus::set_title;

/// Keeps `document.title` at "‹what› — Runsheet" while the page is shown.
pub fn use_page_title(what: impl Fn() -> String + Send + Sync + 'static) {
    Effect::new(move |_| set_title(&what()));
}
