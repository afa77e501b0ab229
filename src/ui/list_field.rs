//! A list of records (participants, quotes, approvers…) as an editable table.

use leptos::prelude::*;

use crate::browser::focus::focus_soon_owned;
use crate::domain::change::RunChange;
use crate::domain::paging::Page;
use crate::domain::picks::offers;
use crate::domain::procedure::registry::rules_for;
use crate::domain::record_fit::list_fit;
use crate::domain::record_name::{NameSource, record_name};
use crate::domain::run::Run;
use crate::domain::stamps::{earlier_decision, is_stamped_decision};
use crate::domain::template::{Field, FieldKind, Template};
use crate::domain::value::FieldValue;
use crate::ui::field_input::{FieldInput, label_text};
use crate::ui::pick_cell::PickCell;
use crate::ui::state::AppState;

/// Records shown at once; a longer list gets paging controls under its table.
const PAGE_SIZE: usize = 25;

/// A table with one row per record and one labelled input per column; where its
/// box is narrower than the table needs (`record_fit`), each record is a card of
/// labelled fields instead. It can take focus (its inputs may all be disabled on
/// a closed step). Each record's first cell says which record it is, with the
/// name it goes by when that is taken from elsewhere (an approver named on the
/// Roles form).
#[component]
pub fn ListField(
    run_id: String,
    run: RwSignal<Run>,
    template: &'static Template,
    step_index: usize,
    step_id: &'static str,
    field: &'static Field,
    #[prop(into)] disabled: Signal<bool>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    // Columns the procedure works out itself are shown, never typed.
    let rules = run.with_untracked(|r| rules_for(&r.template_id));
    // The record ids, in order: a memo, so typing into a cell (which changes the
    // run, not its records) does not make the table look its rows over again.
    let rows = Memo::new(move |_| {
        run.with(|r| {
            r.rows(step_index, &field.id)
                .iter()
                .map(|row| row.id)
                .collect::<Vec<_>>()
        })
    });
    // What each pick column offers, worked out once for every record shown.
    let pick_offers = StoredValue::new(
        field
            .sub_fields()
            .iter()
            .map(|column| {
                matches!(column.kind, FieldKind::Pick { .. })
                    .then(|| Memo::new(move |_| run.with(|r| offers(template, r, column))))
            })
            .collect::<Vec<_>>(),
    );
    // A long list (a program's interactions) is shown a page at a time.
    let page_index = RwSignal::new(0usize);
    let page = Memo::new(move |_| Page::new(page_index.get(), PAGE_SIZE, rows.with(Vec::len)));
    let shown = Memo::new(move |_| {
        let range = page.get().range();
        rows.with(|ids| {
            ids.get(range.clone())
                .map(<[u32]>::to_vec)
                .unwrap_or_default()
        })
    });
    let add_id = run_id.clone();
    // Copy handle: the row template below is re-run for every new record.
    let run_id = StoredValue::new(run_id);
    let heading_id = format!("list-{step_id}-{}", field.id);
    let body_id = format!("rows-{step_id}-{}", field.id);
    let new_body = StoredValue::new(body_id.clone());
    // A column's help is said once, above the table, and every record's input
    // points to it: under each of 25 records it made every row taller.
    let column_help_id = move |column: &Field| format!("help-{step_id}-{}-{}", field.id, column.id);
    // Whether a record may go by a name it does not hold itself (a person
    // named on the Roles form): then its first cell shows that name.
    let borrows_names = field
        .sub_fields()
        .iter()
        .any(|c| !c.stamp_name_from.is_empty());
    let fit = list_fit(field.sub_fields(), borrows_names);
    let helped: Vec<&'static Field> = field
        .sub_fields()
        .iter()
        .filter(|c| !c.help.is_empty())
        .collect();
    view! {
        <fieldset class="list-field">
            <legend id=heading_id.clone()>{label_text(field)}</legend>
            {(!field.help.is_empty()).then(|| view! { <small class="help">{field.help.clone()}</small> })}
            {(!helped.is_empty()).then(|| view! {
                <dl class="column-help">
                    {helped.iter().map(|column| view! {
                        <dt>{column.label.clone()}</dt>
                        <dd class="help" id=column_help_id(column)>{column.help.clone()}</dd>
                    }).collect_view()}
                </dl>
            })}
            <Show when=move || !rows.with(Vec::is_empty) fallback=|| view! { <p class="empty">"No records yet."</p> }>
                <div class="records"><div class="records-form" data-fit=fit.clone()>
                <table class="list-table" tabindex="0" aria-labelledby=heading_id.clone()>
                    <thead>
                        <tr>
                            <th scope="col">"#"</th>
                            {field.sub_fields().iter().map(|f| view! { <th scope="col">{label_text(f)}</th> }).collect_view()}
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody id=body_id.clone()>
                        <For each=move || shown.get() key=|id| *id let:row_id>
                            {
                                // The record, as a memo: its cells follow it, not the whole
                                // run, so typing in one record re-draws only that record.
                                let record = Memo::new(move |_| run.with(|r| r.row(step_index, &field.id, row_id).cloned()));
                                let position = Signal::derive(move || {
                                    let first = page.with(|p| p.range().start);
                                    shown.with(|ids| ids.iter().position(|r| *r == row_id)).map_or(0, |p| first + p + 1)
                                });
                                // The name the record goes by when it is taken from elsewhere,
                                // and the column a typed name would go into.
                                let borrowed = Memo::new(move |_| {
                                    if !borrows_names {
                                        return None;
                                    }
                                    run.with(|r| record.with(|row| {
                                        let name = record_name(template, r, field, row.as_ref()?)?;
                                        match name.source {
                                            NameSource::Roles { column } => Some((name.text, column)),
                                            NameSource::Record => None,
                                        }
                                    }))
                                });
                                view! {
                                    <tr data-record=row_id>
                                        <th scope="row">{position}
                                            {move || borrowed.get().map(|(name, _)| view! {
                                                <span class="record-name">{name}" "<small>"(from Roles)"</small></span>
                                            })}
                                        </th>
                                        {field.sub_fields().iter().enumerate().map(|(at, column)| {
                                            let label = Signal::derive(move || format!("{}, record {}", column.label, position.get()));
                                            let on_set = Callback::new(move |value: Option<FieldValue>| {
                                                state.apply(&run_id.get_value(), RunChange::SetRowValue {
                                                    step: step_id.to_owned(),
                                                    field: field.id.clone(),
                                                    row: row_id,
                                                    column: column.id.clone(),
                                                    value,
                                                }).map(|_| ()).map_err(|e| e.to_string())
                                            });
                                            // A decision given on an earlier version shows as such, and
                                            // the input is empty: it takes a decision on the current one.
                                            let stamped = is_stamped_decision(field, &column.id);
                                            let earlier = Memo::new(move |_| {
                                                if !stamped {
                                                    return None;
                                                }
                                                run.with(|r| {
                                                    let row = r.row(step_index, &field.id, row_id)?;
                                                    let version = earlier_decision(r, field, row, &column.id)?;
                                                    let decision = row.values.get(&column.id)?.display(column);
                                                    Some(format!("{decision} on version {version}; decide on the current version"))
                                                })
                                            });
                                            // Each cell a memo of its value: typing into one cell must not
                                            // set every input of its record again.
                                            let cell = Memo::new(move |_| record.with(|row| row.as_ref().and_then(|row| row.values.get(&column.id).cloned())));
                                            // A pick column chooses a record of another list by its label.
                                            if let Some(offered) = pick_offers.with_value(|o| o[at]) {
                                                return view! {
                                                    <td data-label=column.label.clone()>
                                                        <PickCell run=run template=template column=column offered=offered value=cell on_set=on_set
                                                            disabled=Signal::derive(move || disabled.get() || rules.worked_out(step_id, &field.id, &column.id))
                                                            input_id=format!("f-{step_id}-{}-{row_id}-{}", field.id, column.id)
                                                            cell_label=label column_help=column_help_id(column) />
                                                    </td>
                                                }.into_any();
                                            }
                                            // Prose, a link and a set of boxes take a card's whole width.
                                            let wide = matches!(column.kind, FieldKind::LongText | FieldKind::Url | FieldKind::MultipleChoice { .. });
                                            // Until a name is typed, the input shows whom the Roles form names.
                                            let placeholder = Signal::derive(move || borrowed.with(|b| match b {
                                                Some((name, typed)) if *typed == column.id => Some(format!("{name} (from Roles)")),
                                                _ => None,
                                            }));
                                            view! {
                                                <td data-label=column.label.clone() class=wide.then_some("wide")>
                                                    <FieldInput field=column placeholder=placeholder
                                                        value=Signal::derive(move || {
                                                            if earlier.with(Option::is_some) {
                                                                return None;
                                                            }
                                                            cell.get()
                                                        })
                                                        on_set=on_set
                                                        disabled=Signal::derive(move || disabled.get() || column.is_stamped() || rules.worked_out(step_id, &field.id, &column.id))
                                                        input_id=format!("f-{step_id}-{}-{row_id}-{}", field.id, column.id)
                                                        cell_label=label column_help=column_help_id(column) />
                                                    {move || earlier.get().map(|note| view! { <small class="help">{note}</small> })}
                                                </td>
                                            }.into_any()
                                        }).collect_view()}
                                        <td class="record-actions">
                                            <button type="button" class="small" prop:disabled=disabled
                                                aria-label=move || format!("Remove record {} from {}", position.get(), field.label)
                                                on:click=move |_| {
                                                    let change = RunChange::RemoveRow { step: step_id.to_owned(), field: field.id.clone(), row: row_id };
                                                    if let Err(e) = state.apply(&run_id.get_value(), change) {
                                                        error.set(Some(e.to_string()));
                                                    }
                                                }>"Remove"</button>
                                        </td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
                </div></div>
                <Show when=move || page.with(Page::is_paged)>
                    <nav class="list-pages" aria-label=format!("Pages of {}", field.label)>
                        <button type="button" class="small"
                            prop:disabled=move || !page.with(Page::has_previous)
                            on:click=move |_| page_index.set(page.get_untracked().index.saturating_sub(1))>
                            "Previous records"
                        </button>
                        <span class="list-pages-where" aria-live="polite">{move || page.with(|p| p.describe("records"))}</span>
                        <button type="button" class="small"
                            prop:disabled=move || !page.with(Page::has_next)
                            on:click=move |_| page_index.set(page.get_untracked().index + 1)>
                            "Next records"
                        </button>
                    </nav>
                </Show>
            </Show>
            <button type="button" prop:disabled=disabled on:click=move |_| {
                let change = RunChange::AddRow { step: step_id.to_owned(), field: field.id.clone() };
                match state.apply(&add_id, change) {
                    // The new record is the last one: the work goes on in its first input.
                    Ok(_) => if let Some(last) = rows.with_untracked(|ids| ids.last().copied()) {
                        let total = rows.with_untracked(Vec::len);
                        page_index.set(Page::holding(total - 1, PAGE_SIZE, total).index);
                        focus_soon_owned(format!(
                            "#{} tr[data-record=\"{last}\"] :is(input, select, textarea)",
                            new_body.get_value()
                        ));
                    },
                    Err(e) => error.set(Some(e.to_string())),
                }
            }>{format!("Add to {}", field.label)}</button>
        </fieldset>
    }
}
