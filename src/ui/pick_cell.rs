//! A record's cell that picks one record of another list (a consent's
//! customer): a labelled select of the records that may be chosen, by their
//! labels, so a name is typed once, where its record is entered.

use std::time::Duration;

use leptos::prelude::*;

use crate::domain::option_list::options_html;
use crate::domain::picks::picked_texts;
use crate::domain::run::Run;
use crate::domain::template::{Field, Template};
use crate::domain::value::FieldValue;

/// Offers a pick draws with its record; a longer list waits (see `PickCell`).
const DRAWN_WITH_THE_RECORD: usize = 50;

/// Runs `work` when the browser is next idle (a short timer where there is no
/// `requestIdleCallback`, as in Safari).
fn when_idle(work: impl Fn() + Clone + 'static) {
    if request_idle_callback_with_handle(work.clone()).is_err() {
        set_timeout(work, Duration::from_millis(100));
    }
}

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
    // A long list of offers is not drawn with the record: 25 records of a
    // program each offering 500 customers would be 12,500 options to draw at
    // once. Until then the select holds only its choice. Focusing it (by
    // keyboard or pointer) puts every offer in before the person reaches
    // them, and so does the browser's next idle moment, so the offers are
    // there for whoever sets the select without focusing it first.
    let active = RwSignal::new(offered.with_untracked(Vec::len) <= DRAWN_WITH_THE_RECORD);
    if !active.get_untracked() {
        when_idle(move || {
            // The record may be gone from the page by then.
            let _ = active.try_set(true);
        });
    }
    // The options as one piece of HTML (see `options_html`): a choice no
    // longer offered first, then the offers drawn, the chosen one selected.
    let options = move || {
        let chosen = chosen();
        let stale = stale();
        let all = active.get();
        offered.with(|offers| {
            let drawn = offers
                .iter()
                .filter(|(id, _)| all || Some(*id) == chosen)
                .map(|(id, text)| (*id, text.as_str()));
            let stale = stale.as_ref().map(|(id, text)| (*id, text.as_str()));
            options_html("Choose…", stale.into_iter().chain(drawn), chosen)
        })
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
            on:change=move |ev| send(event_target_value(&ev))
            inner_html=options>
        </select>
        {move || error.get().map(|e| view! { <small class="error" id=error_id.clone() role="alert">{e}</small> })}
    }
}
