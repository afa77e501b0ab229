//! Importing candidates from a CRM export (CSV): map the file's columns to
//! candidate fields, preview what will be added and what cannot be read, then
//! add them to the run in one go.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser::clock::{now, today};
use crate::browser::file_read::{read_file, take_picked_file};
use crate::domain::reference::actions::add_candidates::add_candidates;
use crate::domain::reference::actions::editor::Editor;
use crate::domain::reference::candidate_import::{
    CandidateColumn, ColumnMapping, CsvImport, ImportFileError, MAX_CSV_BYTES,
};
use crate::ui::state::AppState;

/// The CSV import panel of the candidates step; `disabled` while the run
/// takes no edits (an archived program run).
#[component]
pub fn CandidateImport(
    run_id: String,
    #[prop(into, optional)] disabled: Signal<bool>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    // Copy handle, so the button's handler can be re-created with the preview.
    let run_id = StoredValue::new(run_id);
    let file = RwSignal::new(None::<(String, CsvImport)>);
    let mapping = RwSignal::new(ColumnMapping::default());
    let message = RwSignal::new(None::<(bool, String)>);
    let preview =
        Memo::new(move |_| file.with(|f| f.as_ref().map(|(_, csv)| csv.preview(&mapping.get()))));
    let on_pick = move |ev: leptos::ev::Event| {
        let Some(picked) = take_picked_file(&ev) else {
            return;
        };
        spawn_local(async move {
            let read = read_file(picked, MAX_CSV_BYTES).await;
            let parsed = CsvImport::check_size(read.size)
                .and_then(|()| read.text.map_err(ImportFileError::Unreadable))
                .and_then(|t| CsvImport::parse(&t));
            match parsed {
                Ok(csv) => {
                    mapping.set(csv.guess_mapping());
                    file.set(Some((read.name, csv)));
                    message.set(None);
                }
                Err(e) => message.set(Some((false, format!("“{}” was not read: {e}", read.name)))),
            }
        });
    };
    let add = move |_| {
        let Some(rows) = preview.get_untracked().map(|p| p.rows) else {
            return;
        };
        let who = state.actor.get_untracked();
        let result = state.apply_with(&run_id.get_value(), |run, template| {
            let editor = Editor {
                template,
                who: &who,
                now: now(),
                today: today(),
            };
            add_candidates(run, &editor, &rows)
        });
        match result {
            Ok(ids) => {
                message.set(Some((true, format!("Added {} candidates.", ids.len()))));
                file.set(None);
            }
            Err(e) => message.set(Some((false, e.to_string()))),
        }
    };
    view! {
        <section class="candidate-import" aria-labelledby="csv-heading">
            <h3 id="csv-heading">"Import candidates from a CRM export"</h3>
            <label>"CRM export (CSV file) "
                <input type="file" accept=".csv,text/csv" prop:disabled=disabled on:change=on_pick />
            </label>
            {move || message.get().map(|(ok, m)| view! { <p class=if ok { "notice" } else { "error" } role="status">{m}</p> })}
            {move || file.get().map(|(name, csv)| {
                let headers = csv.headers.clone();
                view! {
                    <div class="csv-mapping" role="region" aria-label="CSV preview">
                        <p>{format!("“{name}”: {} rows. Choose which field each column fills.", csv.row_count())}</p>
                        <div class="mapping-grid">
                            {headers.into_iter().enumerate().map(|(i, header)| view! {
                                <label>{format!("Column “{header}” ")}
                                    <select
                                        prop:value=move || mapping.with(|m| m.target(i).map(|t| t.column_id().to_owned()).unwrap_or_default())
                                        on:change=move |ev| {
                                            let target = CandidateColumn::ALL.iter().copied().find(|c| c.column_id() == event_target_value(&ev));
                                            mapping.update(|m| m.set(i, target));
                                        }>
                                        <option value="">"Not imported"</option>
                                        {CandidateColumn::ALL.iter().map(|c| view! { <option value=c.column_id()>{c.label()}</option> }).collect_view()}
                                    </select>
                                </label>
                            }).collect_view()}
                        </div>
                        {move || preview.get().map(|p| {
                            let count = p.rows.len();
                            view! {
                                <p>{format!("{count} candidates can be added; {} rows cannot be read.", p.rejected.len())}</p>
                                <ul class="preview-rows" aria-label="Candidates to add">
                                    {p.rows.iter().map(|row| {
                                        let text = row.values.iter().map(|(k, v)| format!("{k}: {}", crate::domain::value::input_text(Some(v)))).collect::<Vec<_>>().join(" · ");
                                        view! { <li>{format!("Line {}: {text}", row.line)}</li> }
                                    }).collect_view()}
                                </ul>
                                {(!p.rejected.is_empty()).then(|| view! {
                                    <ul class="rejected-rows" aria-label="Rows that cannot be read">
                                        {p.rejected.iter().map(|r| view! {
                                            <li>{format!("Line {}: {}", r.line, r.problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))}</li>
                                        }).collect_view()}
                                    </ul>
                                })}
                                <button type="button" class="primary" prop:disabled=move || count == 0 || disabled.get() on:click=add>{format!("Add {count} candidates")}</button>
                                <button type="button" on:click=move |_| file.set(None)>"Cancel"</button>
                            }
                        })}
                    </div>
                }
            })}
        </section>
    }
}
