//! Status badges.

use leptos::prelude::*;

/// A coloured badge with its status in words (colour is never the only signal).
#[component]
pub fn StatusBadge(
    #[prop(into)] key: Signal<&'static str>,
    #[prop(into)] label: Signal<&'static str>,
) -> impl IntoView {
    view! { <span class=move || format!("badge badge-{}", key.get())>{label}</span> }
}

/// The overdue flag.
#[component]
pub fn OverdueFlag() -> impl IntoView {
    view! { <span class="badge badge-overdue">"Overdue"</span> }
}
