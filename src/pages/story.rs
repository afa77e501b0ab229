//! The product alone, for outside readers ("Print the story"): the latest
//! version as it was completed, with its approval record, and nothing of the
//! working record (no interview notes, uncleared quotes or activity log).

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::browser::base_path::href;
use crate::browser::clock::zone;
use crate::domain::export::run_fingerprint;
use crate::domain::integrity::short_fingerprint;
use crate::domain::summary::product_document;
use crate::ui::page_title::use_page_title;
use crate::ui::state::AppState;
use crate::ui::summary_view::DocumentView;

/// Shows the run's product, ready to print.
#[component]
pub fn StoryPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let params = use_params_map();
    let run_id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let page = Memo::new(move |_| {
        let handle = state.handle(&run_id.get())?;
        let run = handle.run.get();
        let template = AppState::template_of(&run)?;
        let doc = product_document(&run, template, zone())?;
        Some((
            run.title.clone(),
            run.id.clone(),
            short_fingerprint(&run_fingerprint(&run)),
            doc,
        ))
    });
    use_page_title(move || match page.get() {
        Some((title, _, _, doc)) => format!("{} · {title}", doc.title),
        None => "Nothing to print".to_owned(),
    });
    let print = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    move || {
        match page.get() {
        None => view! {
            <section class="page">
                <h1>"Nothing to print"</h1>
                <p>"This run is not in this browser, or its SOP produces no document. "
                    <a href=href("/runs")>"See the runs in this browser"</a>"."</p>
            </section>
        }
        .into_any(),
        Some((title, id, fingerprint, doc)) => view! {
            <div class="page summary-page story-page">
                <div class="summary-toolbar" role="toolbar" aria-label="Print actions">
                    <a href=href(&format!("/runs/{id}/summary"))>"Back to the summary"</a>
                    <button type="button" class="primary" on:click=print>"Print / Save as PDF"</button>
                </div>
                <article class="summary-document">
                    <h1>{title}</h1>
                    <p class="meta">{format!("Record {id} · fingerprint {fingerprint}")}</p>
                    <DocumentView doc=doc />
                </article>
            </div>
        }
        .into_any(),
    }
    }
}
