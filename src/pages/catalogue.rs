//! The catalogue: every SOP this app can run.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::domain::catalogue;
use crate::domain::template::Template;
use crate::ui::page_title::use_page_title;
use crate::ui::state::AppState;

/// Lists the SOPs with what a visitor needs to choose one, and starts runs.
#[component]
pub fn CataloguePage() -> impl IntoView {
    use_page_title(|| "Catalogue".to_owned());
    view! {
        <section class="page">
            <h1>"Catalogue"</h1>
            <p class="lead">"Pick a standard operating procedure and start a run. "
                "Each run keeps its own record of every check, value and decision."</p>
            <ul class="cards">
                {catalogue::templates().iter().map(|t| view! { <TemplateCard template=t /> }).collect_view()}
            </ul>
        </section>
    }
}

/// One SOP in the catalogue.
#[component]
fn TemplateCard(template: &'static Template) -> impl IntoView {
    let state = expect_context::<AppState>();
    let navigate = use_navigate();
    // While the code that writes runs loads, a second click starts nothing.
    let starting = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    let start = move |_| {
        if starting.get_untracked() {
            return;
        }
        starting.set(true);
        failed.set(None);
        let navigate = navigate.clone();
        // A new run is written at once, by code loaded on demand.
        leptos::task::spawn_local(async move {
            match crate::ui::codec::ready().await {
                Ok(()) => {
                    let id = state.start_run(template);
                    navigate(&format!("/runs/{id}"), Default::default());
                }
                Err(e) => {
                    starting.set(false);
                    failed.set(Some(e.to_string()));
                }
            }
        });
    };
    let heading_id = format!("sop-{}", template.id);
    view! {
        <li class="card" aria-labelledby=heading_id.clone()>
            <h2 id=heading_id.clone()>{template.title.clone()}</h2>
            <p>{template.summary.clone()}</p>
            <p class="meta">{format!("{} steps · version {}", template.steps.len(), template.version)}</p>
            <p class="meta">"Roles: "{template.roles.iter().map(|r| r.name.clone()).collect::<Vec<_>>().join(", ")}</p>
            <button type="button" class="primary" on:click=start aria-label=format!("Start run: {}", template.title)
                aria-disabled=move || starting.get().then_some("true")>
                {move || if starting.get() { "Starting…" } else { "Start run" }}
            </button>
            {move || failed.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </li>
    }
}
