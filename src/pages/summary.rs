//! The printable summary page of a run, with its print, copy and download actions.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use crate::browser::base_path::href;
use crate::browser::clipboard::copy_text;
use crate::browser::clock::zone;
use crate::browser::download::offer;
use crate::domain::markdown::to_markdown;
use crate::domain::summary::summarize;
use crate::ui::page_title::use_page_title;
use crate::ui::state::AppState;
use crate::ui::summary_view::SummaryView;

/// Shows the run as a document; printing it gives a clean PDF.
#[component]
pub fn SummaryPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let params = use_params_map();
    let run_id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    // The log is long (most of a finished run's pages): printed only when asked for.
    let with_activity = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let summary = Memo::new(move |_| {
        state.runs.track();
        let handle = state.handle(&run_id.get())?;
        let run = handle.run.get();
        let template = AppState::template_of(&run)?;
        Some(summarize(&run, template, zone(), with_activity.get()))
    });
    use_page_title(move || match summary.get() {
        Some(s) => format!("Summary · {}", s.run_title),
        None => "Run not found".to_owned(),
    });
    let print = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    let copy = move |_| {
        let Some(summary) = summary.get_untracked() else {
            return;
        };
        let markdown = to_markdown(&summary);
        spawn_local(async move {
            message.set(Some(match copy_text(&markdown).await {
                Ok(()) => "Copied the summary as Markdown.".to_owned(),
                Err(e) => e,
            }));
        });
    };
    let download = move |_| {
        let result = state
            .run_export(&run_id.get_untracked())
            .ok_or_else(|| "This run cannot be exported.".to_owned())
            .and_then(|download| offer(&download));
        message.set(result.err());
    };
    move || {
        match summary.get() {
        None => view! {
            <section class="page">
                <h1>"Run not found"</h1>
                <p><a href=href("/runs")>"See the runs in this browser"</a></p>
            </section>
        }
        .into_any(),
        Some(s) => view! {
            <div class="page summary-page">
                <div class="summary-toolbar" role="toolbar" aria-label="Summary actions">
                    <a href=href(&format!("/runs/{}", run_id.get_untracked()))>"Back to the run"</a>
                    {s.document.as_ref().map(|doc| view! {
                        <a href=href(&format!("/runs/{}/story", run_id.get_untracked()))>{print_label(&doc.title)}</a>
                    })}
                    <label class="inline">
                        <input type="checkbox" prop:checked=move || with_activity.get()
                            on:change=move |ev| with_activity.set(event_target_checked(&ev)) />
                        "Include activity log"
                    </label>
                    <button type="button" class="primary" on:click=print>"Print / Save as PDF"</button>
                    <button type="button" on:click=copy>"Copy as Markdown"</button>
                    <button type="button" on:click=download>"Download JSON"</button>
                    <p class="toolbar-message" role="status">{move || message.get()}</p>
                </div>
                <SummaryView summary=s />
            </div>
        }
        .into_any(),
    }
    }
}

/// The link to the product-only print, named after the product: "Print the story".
pub fn print_label(title: &str) -> String {
    format!("Print {}", title.to_lowercase())
}
