//! Choosing records recorded earlier (verified outcomes, approved quotes, the
//! selected candidate): only records that qualify are offered.

use leptos::prelude::*;

use crate::domain::picks::offers;
use crate::domain::run::Run;
use crate::domain::template::{Field, FieldKind, Template};
use crate::domain::value::FieldValue;
use crate::ui::field_input::label_text;

/// A record offered for choosing: its id and how it reads.
#[derive(Clone, PartialEq)]
struct Offer {
    id: u32,
    text: String,
}

/// The eligible records of the source list, as checkboxes (several) or radio
/// buttons (one). Sends the chosen ids to `on_set`.
#[component]
pub fn PickField(
    run: RwSignal<Run>,
    template: &'static Template,
    step_index: usize,
    field: &'static Field,
    on_set: Callback<Option<FieldValue>, Result<(), String>>,
    #[prop(into)] disabled: Signal<bool>,
) -> impl IntoView {
    let FieldKind::Pick {
        multiple, source, ..
    } = &field.kind
    else {
        return ().into_any();
    };
    let multiple = *multiple;
    let source_label = template
        .field_at(source)
        .map_or(source.field.clone(), |f| f.label.clone());
    let source_step = template.step_index(&source.step).map_or(0, |i| i + 1);
    let offers = Memo::new(move |_| {
        run.with(|r| {
            offers(template, r, field)
                .into_iter()
                .map(|(id, text)| Offer { id, text })
                .collect::<Vec<_>>()
        })
    });
    let chosen = move || {
        run.with(|r| {
            match r
                .steps
                .get(step_index)
                .and_then(|s| s.values.get(&field.id))
            {
                Some(FieldValue::Picks(ids)) => ids.clone(),
                _ => Vec::new(),
            }
        })
    };
    let error = RwSignal::new(None::<String>);
    let send = move |ids: Vec<u32>| {
        let value = (!ids.is_empty()).then_some(FieldValue::Picks(ids));
        error.set(on_set.run(value).err());
    };
    // Copy handles: the children below are re-run whenever the offers change.
    let group = StoredValue::new(format!(
        "pick-{}-{}",
        template.steps[step_index].id, field.id
    ));
    let source_label = StoredValue::new(source_label);
    view! {
        <fieldset class="field pick-field">
            <legend>{label_text(field)}</legend>
            {(!field.help.is_empty()).then(|| view! { <small class="help">{field.help.clone()}</small> })}
            <Show
                when=move || !offers.with(Vec::is_empty)
                fallback=move || view! {
                    <p class="empty">{format!("Nothing to choose yet: record it under “{}” in step {source_step} first.", source_label.get_value())}</p>
                }
            >
                <For each=move || offers.get() key=|o| (o.id, o.text.clone()) let:offer>
                    {
                        let id = offer.id;
                        let name = group.get_value();
                        view! {
                            <label class="inline">
                                <input type=if multiple { "checkbox" } else { "radio" } name=name prop:disabled=disabled
                                    prop:checked=move || chosen().contains(&id)
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        let mut ids = if multiple { chosen() } else { Vec::new() };
                                        ids.retain(|i| *i != id);
                                        if on { ids.push(id); }
                                        send(ids);
                                    } />
                                {offer.text}
                            </label>
                        }
                    }
                </For>
            </Show>
            {move || error.get().map(|e| view! { <small class="error" role="alert">{e}</small> })}
        </fieldset>
    }
    .into_any()
}
