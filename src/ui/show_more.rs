//! The line under a long list drawn a slice at a time: how much is shown, and
//! a button that draws more. A program of 500 references would otherwise draw
//! every reference, request and log entry at once, and its pages grew slow.

use leptos::prelude::*;

use crate::browser::focus::focus_soon_owned;

/// Says how much of a list is shown (`describe(shown, total)`) and, while some
/// is not, offers `label` to draw `step` more. The focus then moves to the
/// first item just drawn, the `n`-th child of the element `list` selects, so
/// the person reads on where the list grew.
#[component]
pub fn ShowMore(
    shown: RwSignal<usize>,
    #[prop(into)] total: Signal<usize>,
    step: usize,
    label: String,
    describe: fn(usize, usize) -> String,
    list: String,
) -> impl IntoView {
    view! {
        <Show when=move || { shown.get() < total.get() }>
            <p class="list-pages">
                <span aria-live="polite">{move || describe(shown.get(), total.get())}</span>
                <button type="button" class="small" on:click={
                    let list = list.clone();
                    move |_| {
                        let first_new = shown.get_untracked() + 1;
                        shown.set((shown.get_untracked() + step).min(total.get_untracked()));
                        focus_soon_owned(format!("{list} > :nth-child({first_new})"));
                    }
                }>{label.clone()}</button>
            </p>
        </Show>
    }
}
