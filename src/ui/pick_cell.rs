//! A record's cell that picks one record of another list (a consent's
//! customer): a labelled select of the records that may be chosen, by their
//! labels, so a name is typed once, where its record is entered.

use leptos::prelude::*;

use crate::domain::picks::picked_texts;
use crate::domain::run::Run;
use crate::domain::template::{Field, Template};
use crate::domain::value::FieldValue;

/// One select for a pick column, offering `offered`. Shows the chosen record (or, when it was
/// removed from its list, says so) and sends `Picks([id])` or `None`.
#[component]
pub fn PickCell(
    run: RwSignal<Run>,
    template: &'static Template,
    column: &'static Field,
    /// The records that may be chosen, with how they read: worked out once
    /// for the whole list, not for every record.
    offered: Memo<Vec<(u32, String)>>,
    #[prop(into)] value: Signal<Option<FieldValue>>,
    on_set: Callback<Option<FieldValue>, Result<(), String>>,
    #[prop(into)] disabled: Signal<bool>,
    input_id: String,
    cell_label: Signal<String>,
    /// The id of the column's help, shown once above the list.
    column_help: String,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    // Bumped on a refusal, so the select shows the stored choice again.
    let refresh = RwSignal::new(0u32);
    let chosen = move || {
        refresh.track();
        value.with(|v| match v {
            Some(FieldValue::Picks(ids)) => ids.first().copied(),
            _ => None,
        })
    };
    let chosen_now = move || {
        value.with_untracked(|v| match v {
            Some(FieldValue::Picks(ids)) => ids.first().copied(),
            _ => None,
        })
    };
    // A choice no longer offered (its record removed, or no longer qualifying)
    // stays visible with its state in words, never shown as another record.
    let stale = move || {
        let id = chosen()?;
        if offered.with(|o| o.iter().any(|(o, _)| *o == id)) {
            return None;
        }
        // Read when the choice or the offers change, not on every edit.
        run.with_untracked(|r| picked_texts(template, r, column, &[id]).pop())
            .map(|text| (id, text))
    };
    // Until the select is used, it holds only its choice: 25 records of a
    // program each offering 500 customers would be 12,500 options to draw.
    // Focusing it (by keyboard or pointer) puts every offer in, before the
    // person reaches them.
    let active = RwSignal::new(false);
    let shown = move || {
        if active.get() {
            return offered.get();
        }
        let Some(id) = chosen() else {
            return Vec::new();
        };
        offered.with(|o| o.iter().filter(|(o, _)| *o == id).cloned().collect())
    };
    let error_id = format!("{input_id}-error");
    let help_id = column_help;
    let described = {
        let error_id = error_id.clone();
        let help_id = help_id.clone();
        move || {
            let mut ids = Vec::new();
            if !column.help.is_empty() {
                ids.push(help_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let send = move |raw: String| {
        let next = raw
            .parse::<u32>()
            .ok()
            .map(|id| FieldValue::Picks(vec![id]));
        match on_set.run(next) {
            Ok(()) => error.set(None),
            Err(e) => {
                error.set(Some(e));
                refresh.update(|n| *n = n.wrapping_add(1));
            }
        }
    };
    view! {
        <select id=input_id prop:disabled=disabled aria-label=move || cell_label.get()
            aria-required=column.required.to_string() aria-describedby=described
            prop:value=move || chosen().map(|id| id.to_string()).unwrap_or_default()
            on:focus=move |_| active.set(true)
            on:pointerdown=move |_| active.set(true)
            on:change=move |ev| send(event_target_value(&ev))>
            <option value="">"Choose…"</option>
            {move || stale().map(|(id, text)| view! { <option value=id.to_string()>{text}</option> })}
            // `selected` as well as the select's value: the value is set before
            // the options exist, so the first drawing takes it from the option.
            <For each=shown key=|(id, text)| (*id, text.clone()) let:offer>
                <option value=offer.0.to_string() selected=chosen_now() == Some(offer.0)>{offer.1}</option>
            </For>
        </select>
        {move || error.get().map(|e| view! { <small class="error" id=error_id.clone() role="alert">{e}</small> })}
    }
}
