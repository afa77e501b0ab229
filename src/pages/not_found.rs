//! Unknown addresses.

use leptos::prelude::*;

use crate::browser::base_path::href;

/// Shown for any route the app does not know, with a way back.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Page not found"</h1>
            <p>"This address is not part of Runsheet. "
                <a href=href("/")>"Go to the catalogue"</a>"."</p>
        </section>
    }
}
