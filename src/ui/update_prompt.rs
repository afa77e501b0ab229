//! The offer to switch to a newly deployed version.

use leptos::prelude::*;

use crate::browser::service_worker::apply_update;
use crate::ui::state::AppState;

/// Shown once a new build is installed: the page keeps running the version it
/// started with until the person chooses to reload, and saves first.
#[component]
pub fn UpdatePrompt(ready: ReadSignal<bool>) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        ready.get().then(|| {
            view! {
                <div class="banner banner-info" role="status">
                    "A new version is ready — "
                    <button type="button" on:click=move |_| {
                        state.flush();
                        apply_update();
                    }>"Reload"</button>
                </div>
            }
        })
    }
}
