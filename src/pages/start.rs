//! `/start/<template-id>`: a link a template site can give to "run this SOP".
//! It starts a run and replaces its own address with the run's first step, so
//! a reload or Back never starts a second run.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::browser::base_path::href;
use crate::domain::catalogue;
use crate::ui::page_title::use_page_title;
use crate::ui::routes;
use crate::ui::state::AppState;

/// Starts a run of the SOP named in the address, or says there is none.
#[component]
pub fn StartPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let params = use_params_map();
    let navigate = use_navigate();
    let wanted = params.read_untracked().get("template").unwrap_or_default();
    let template = catalogue::find(&wanted);
    use_page_title(|| "Start a run".to_owned());
    if let Some(template) = template {
        let failed = RwSignal::new(None::<String>);
        // After this render (navigating while the route renders is not
        // allowed), and once the code that writes the new run is loaded.
        leptos::task::spawn_local(async move {
            if let Err(e) = crate::ui::codec::ready().await {
                failed.set(Some(e.to_string()));
                return;
            }
            let id = state.start_run(template);
            let first = template
                .steps
                .first()
                .map(|s| s.id.as_str())
                .unwrap_or_default();
            let path = routes::step_path(&id, first);
            request_animation_frame(move || {
                navigate(
                    &path,
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                )
            });
        });
        return view! {
            {move || match failed.get() {
                None => view! { <p class="meta">"Starting a run…"</p> }.into_any(),
                Some(e) => view! {
                    <section class="page">
                        <h1>"The run was not started"</h1>
                        <p class="error" role="alert">{e}</p>
                        <p><a href=href(&format!("/start/{wanted}"))>"Try again"</a></p>
                    </section>
                }.into_any(),
            }}
        }
        .into_any();
    }
    view! {
        <section class="page">
            <h1>"No such SOP"</h1>
            <p>{format!("This app has no SOP called “{wanted}”. ")}
                <a href=href("/")>"See the SOPs you can run"</a>"."</p>
        </section>
    }
    .into_any()
}
