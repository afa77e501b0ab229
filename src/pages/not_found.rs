//! Unknown addresses.

use leptos::prelude::*;

use crate::browser::base_path::href;
use crate::ui::page_title::use_page_title;

/// Shown for any route the app does not know, with a way back.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    use_page_title(|| "Page not found".to_owned());
    view! {
        <section class="page">
            <h1>"Page not found"</h1>
            <p>"This address is not part of Runsheet. "
                <a href=href("/")>"Go to the catalogue"</a>"."</p>
        </section>
    }
}
