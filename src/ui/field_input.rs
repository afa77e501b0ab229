//! One input widget per field kind.

use leptos::prelude::*;

use crate::domain::template::{Field, FieldKind};
use crate::domain::value::{FieldValue, input_text, parse_input};

/// The input for one (non-list) field. It shows `value` and sends every edit to
/// `on_set`, which answers with an error message when the change is refused;
/// the input then shows the stored value again, so what is on screen is what
/// is stored.
/// `label` replaces the visible label for table cells (e.g. "Name, record 2").
#[component]
pub fn FieldInput(
    field: &'static Field,
    #[prop(into)] value: Signal<Option<FieldValue>>,
    on_set: Callback<Option<FieldValue>, Result<(), String>>,
    #[prop(into)] disabled: Signal<bool>,
    input_id: String,
    #[prop(optional)] cell_label: Option<Signal<String>>,
    /// The id of the field's help when it is shown once for a whole column of
    /// records (see `ListField`), rather than under every record's input.
    #[prop(optional)]
    column_help: Option<String>,
    /// What an empty text input shows in grey: a value taken from elsewhere
    /// until one is typed (an approver named on the Roles form).
    #[prop(optional)]
    placeholder: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    // Bumped on a refusal, so the widget is set back to the stored value.
    let refresh = RwSignal::new(0u32);
    let send = move |next: Option<FieldValue>| match on_set.run(next) {
        Ok(()) => error.set(None),
        Err(e) => {
            error.set(Some(e));
            refresh.update(|n| *n = n.wrapping_add(1));
        }
    };
    let send_raw = move |raw: String| match parse_input(&field.kind, &raw) {
        Ok(next) => send(next),
        Err(e) => error.set(Some(e)),
    };
    let text = move || {
        refresh.track();
        value.with(|v| input_text(v.as_ref()))
    };
    let own_help = column_help.is_none() && !field.help.is_empty();
    let help_id = column_help.unwrap_or_else(|| format!("{input_id}-help"));
    let error_id = format!("{input_id}-error");
    let described = {
        let help_id = help_id.clone();
        let error_id = error_id.clone();
        move || {
            let mut ids = Vec::new();
            if !field.help.is_empty() {
                ids.push(help_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let aria_label = move || cell_label.map(|l| l.get());
    let widget = match &field.kind {
        FieldKind::LongText => view! {
            <textarea id=input_id.clone() rows="3" prop:disabled=disabled aria-label=aria_label
                aria-required=field.required.to_string() aria-describedby=described.clone()
                prop:value=text on:input=move |ev| send_raw(event_target_value(&ev))></textarea>
        }.into_any(),
        FieldKind::ShortText | FieldKind::Person | FieldKind::Url => {
            let kind = if matches!(field.kind, FieldKind::Url) { "url" } else { "text" };
            view! {
                <input type=kind id=input_id.clone() prop:disabled=disabled aria-label=aria_label
                    aria-required=field.required.to_string() aria-describedby=described.clone()
                    placeholder=move || placeholder.and_then(|p| p.get())
                    prop:value=text on:input=move |ev| send_raw(event_target_value(&ev)) />
            }.into_any()
        }
        FieldKind::Date | FieldKind::DateTime | FieldKind::Number { .. } => {
            let kind = match field.kind {
                FieldKind::Date => "date",
                FieldKind::DateTime => "datetime-local",
                _ => "number",
            };
            view! {
                <input type=kind step=(kind == "number").then_some("any") id=input_id.clone()
                    prop:disabled=disabled aria-label=aria_label
                    aria-required=field.required.to_string() aria-describedby=described.clone()
                    prop:value=text on:change=move |ev| send_raw(event_target_value(&ev)) />
            }.into_any()
        }
        FieldKind::SingleChoice { options } => view! {
            <select id=input_id.clone() prop:disabled=disabled aria-label=aria_label
                aria-required=field.required.to_string() aria-describedby=described.clone()
                prop:value=text on:change=move |ev| send_raw(event_target_value(&ev))>
                <option value="">"Choose…"</option>
                {options.iter().map(|o| view! { <option value=o.id.clone()>{o.label.clone()}</option> }).collect_view()}
            </select>
        }.into_any(),
        FieldKind::YesNo => {
            let name = input_id.clone();
            view! {
                <span class="choice-group" id=input_id.clone() role="radiogroup" aria-label=aria_label
                    aria-describedby=described.clone()>
                    {[(true, "Yes"), (false, "No")].into_iter().map(|(answer, label)| {
                        view! {
                            <label class="inline">
                                <input type="radio" name=name.clone() prop:disabled=disabled
                                    prop:checked=move || { refresh.track(); value.get() == Some(FieldValue::Bool(answer)) }
                                    on:change=move |_| send(Some(FieldValue::Bool(answer))) />
                                {label}
                            </label>
                        }
                    }).collect_view()}
                </span>
            }.into_any()
        }
        FieldKind::MultipleChoice { options } => view! {
            <span class="choice-group" id=input_id.clone() role="group" aria-label=aria_label
                aria-describedby=described.clone()>
                {options.iter().map(|o| {
                    let option_id = o.id.clone();
                    let toggle_id = o.id.clone();
                    view! {
                        <label class="inline">
                            <input type="checkbox" prop:disabled=disabled
                                prop:checked=move || { refresh.track(); value.with(|v| matches!(v, Some(FieldValue::Choices(cs)) if cs.contains(&option_id))) }
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let chosen = value.with_untracked(|v| match v { Some(FieldValue::Choices(cs)) => cs.clone(), _ => Vec::new() });
                                    // Keep template order so the record reads the same every time.
                                    let next: Vec<String> = field.kind.options().iter()
                                        .filter(|o| if o.id == toggle_id { on } else { chosen.contains(&o.id) })
                                        .map(|o| o.id.clone()).collect();
                                    send((!next.is_empty()).then_some(FieldValue::Choices(next)));
                                } />
                            {o.label.clone()}
                        </label>
                    }
                }).collect_view()}
            </span>
        }.into_any(),
        // Lists and picks need the whole run; the step panel renders them itself.
        FieldKind::List { .. } | FieldKind::Pick { .. } => ().into_any(),
    };
    view! {
        {widget}
        {own_help.then(|| view! { <small class="help" id=help_id>{field.help.clone()}</small> })}
        {move || error.get().map(|e| view! { <small class="error" id=error_id.clone() role="alert">{e}</small> })}
    }
}

/// The visible label text of a field, marking required ones in words.
pub fn label_text(field: &Field) -> String {
    if field.required {
        format!("{} (required)", field.label)
    } else {
        field.label.clone()
    }
}
