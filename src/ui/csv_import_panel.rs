//! The spreadsheet import panel every import shares: pick a CSV file, map its
//! columns to the import's columns, see what will be brought in and which rows
//! cannot be read (with why), then bring them in with one button. What the
//! rows are and how they are added is the import's own (`preview`, `add`),
//! worked out in the domain.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser::clock::now;
use crate::browser::file_read::{read_file, take_picked_file};
use crate::domain::reference::actions::editor::{EditError, Editor};
use crate::domain::reference::csv_import::{
    CsvImport, ImportColumn, ImportFileError, MAX_CSV_BYTES, Mapping, RejectedRow,
};
use crate::domain::run::Run;
use crate::domain::value::{FieldValue, input_text};
use crate::ui::state::AppState;

/// What a preview shows: a line per row brought in, a line per row left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PreviewLines {
    /// "Line 2: …" for each row that will be added (or, for references,
    /// will update the one the run has).
    pub rows: Vec<String>,
    /// "Line 3: why" for each row that cannot be read.
    pub rejected: Vec<String>,
}

/// What a mapping would bring in from a file, as lines to show.
pub type PreviewFn<C> = Arc<dyn Fn(&CsvImport, &Mapping<C>) -> PreviewLines + Send + Sync>;

/// Brings a file's rows in under a mapping: what to tell the person, or why not.
pub type AddFn<C> = Arc<dyn Fn(&CsvImport, &Mapping<C>) -> Result<String, String> + Send + Sync>;

/// "Line N: reasons" for each row left out.
pub fn rejected_lines<C: ImportColumn>(rejected: &[RejectedRow<C>]) -> Vec<String> {
    rejected
        .iter()
        .map(|r| {
            let why: Vec<String> = r.problems.iter().map(ToString::to_string).collect();
            format!("Line {}: {}", r.line, why.join("; "))
        })
        .collect()
}

/// "column: value · …" for the values a row brings in.
pub fn values_text<'v>(values: impl IntoIterator<Item = (&'v String, &'v FieldValue)>) -> String {
    values
        .into_iter()
        .map(|(k, v)| format!("{k}: {}", input_text(Some(v))))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Runs an import's `work` on run `run_id` as the person, all or nothing.
pub fn apply_as_person<T>(
    state: AppState,
    run_id: &str,
    work: impl FnOnce(&mut Run, &Editor<'_>) -> Result<T, EditError>,
) -> Result<T, String> {
    let who = state.actor.get_untracked();
    state
        .apply_with(run_id, |run, template| {
            let editor = Editor {
                template,
                who: &who,
                now: now(),
            };
            work(run, &editor)
        })
        .map_err(|e| e.to_string())
}

/// The panel; `disabled` while the run takes no edits (an archived program
/// run). `noun` names what the rows become, plural ("candidates").
#[component]
pub fn CsvImportPanel<C>(
    heading: &'static str,
    file_label: &'static str,
    noun: &'static str,
    preview: PreviewFn<C>,
    add: AddFn<C>,
    #[prop(into, optional)] disabled: Signal<bool>,
) -> impl IntoView
where
    C: ImportColumn + Send + Sync,
{
    let file = RwSignal::new(None::<(String, CsvImport)>);
    let mapping = RwSignal::new(Mapping::<C>::default());
    let message = RwSignal::new(None::<(bool, String)>);
    let lines = Memo::new(move |_| {
        file.with(|f| f.as_ref().map(|(_, csv)| mapping.with(|m| preview(csv, m))))
    });
    let heading_id = format!("{noun}-csv-heading");
    let labelled_by = heading_id.clone();
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
    let add = StoredValue::new(add);
    let on_add = move |_| {
        // Copied out first, so no signal is borrowed while the run changes.
        let Some((_, csv)) = file.get_untracked() else {
            return;
        };
        let add = add.get_value();
        match add(&csv, &mapping.get_untracked()) {
            Ok(done) => {
                message.set(Some((true, done)));
                file.set(None);
            }
            Err(e) => message.set(Some((false, e))),
        }
    };
    view! {
        <section class="candidate-import" aria-labelledby=labelled_by>
            <h3 id=heading_id>{heading}</h3>
            <label>{file_label}
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
                                        prop:value=move || mapping.with(|m| m.target(i).map(|t| t.key().to_owned()).unwrap_or_default())
                                        on:change=move |ev| {
                                            let target = C::all().iter().copied().find(|c| c.key() == event_target_value(&ev));
                                            mapping.update(|m| m.set(i, target));
                                        }>
                                        <option value="">"Not imported"</option>
                                        {C::all().iter().map(|c| view! { <option value=c.key()>{c.label()}</option> }).collect_view()}
                                    </select>
                                </label>
                            }).collect_view()}
                        </div>
                        {move || lines.get().map(|p| {
                            let count = p.rows.len();
                            view! {
                                <p>{format!("{count} {noun} can be added; {} rows cannot be read.", p.rejected.len())}</p>
                                <ul class="preview-rows" aria-label=format!("{} to add", capitalised(noun))>
                                    {p.rows.into_iter().map(|row| view! { <li>{row}</li> }).collect_view()}
                                </ul>
                                {(!p.rejected.is_empty()).then(|| view! {
                                    <ul class="rejected-rows" aria-label="Rows that cannot be read">
                                        {p.rejected.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
                                    </ul>
                                })}
                                <button type="button" class="primary" prop:disabled=move || count == 0 || disabled.get() on:click=on_add>{format!("Add {count} {noun}")}</button>
                                <button type="button" on:click=move |_| file.set(None)>"Cancel"</button>
                            }
                        })}
                    </div>
                }
            })}
        </section>
    }
}

fn capitalised(noun: &str) -> String {
    let mut chars = noun.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
