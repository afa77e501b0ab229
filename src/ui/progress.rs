//! Progress bar of a run.

use leptos::prelude::*;

use crate::domain::progress::Progress;

/// A native `<progress>` with its numbers in words, so screen readers and
/// printouts both get "3 of 8 steps".
#[component]
pub fn ProgressBar(#[prop(into)] progress: Signal<Progress>) -> impl IntoView {
    view! {
        <span class="progress">
            <progress
                max=move || progress.get().total
                value=move || progress.get().closed
                aria-label="Progress"
            ></progress>
            <span class="progress-text">
                {move || {
                    let p = progress.get();
                    format!("{} of {} steps", p.closed, p.total)
                }}
            </span>
        </span>
    }
}
