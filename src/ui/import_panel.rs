//! Importing a run or a backup: pick or drop a file, see what it would change,
//! choose what to do with clashing runs, then apply all at once.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser::file_read::{read_file, take_picked_file};
use crate::domain::catalogue;
use crate::domain::import::{ClashChoice, ImportError, Integrity, MAX_IMPORT_BYTES, PlanItem};
use crate::ui::state::AppState;

/// A file read and checked, waiting for the person's go-ahead.
#[derive(Clone)]
struct Pending {
    file_name: String,
    items: Vec<PlanItem>,
}

/// The import controls and preview.
#[component]
pub fn ImportPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let pending = RwSignal::new(None::<Pending>);
    let choices = RwSignal::new(Vec::<ClashChoice>::new());
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let dragging = RwSignal::new(false);

    let take_file = move |file: web_sys::File| {
        error.set(None);
        done.set(None);
        pending.set(None);
        spawn_local(async move {
            let picked = read_file(file, MAX_IMPORT_BYTES).await;
            let result = match picked.text {
                Ok(text) => state.plan_import(picked.size, &text),
                Err(_) if picked.size > MAX_IMPORT_BYTES => {
                    Err(ImportError::TooLarge { bytes: picked.size })
                }
                Err(why) => Err(ImportError::Invalid {
                    item: "The file".into(),
                    detail: why,
                }),
            };
            match result {
                Ok(items) => {
                    choices.set(vec![ClashChoice::default(); items.len()]);
                    pending.set(Some(Pending {
                        file_name: picked.name,
                        items,
                    }));
                }
                Err(e) => error.set(Some(format!(
                    "“{}” was not imported. {e} Nothing was changed.",
                    picked.name
                ))),
            }
        });
    };
    let on_pick = move |ev: leptos::ev::Event| {
        if let Some(file) = take_picked_file(&ev) {
            take_file(file);
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            take_file(file);
        }
    };
    let apply = move |_| {
        let Some(p) = pending.get_untracked() else {
            return;
        };
        match state.apply_import(p.items, &choices.get_untracked()) {
            Ok(count) => {
                done.set(Some(match count {
                    0 => "Nothing was imported.".to_owned(),
                    1 => "Imported 1 run.".to_owned(),
                    n => format!("Imported {n} runs."),
                }));
                pending.set(None);
            }
            Err(e) => error.set(Some(format!(
                "The import was not applied: {e} Nothing was changed."
            ))),
        }
    };

    view! {
        <section class="import-panel" aria-labelledby="import-heading">
            <h2 id="import-heading">"Import"</h2>
            <div class="drop-zone" class:dragging=move || dragging.get()
                on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop>
                <label>"Import a run or backup (JSON file) "
                    <input type="file" accept=".json,application/json" on:change=on_pick />
                </label>
                <p class="help">"…or drop the file here. It is checked completely before anything changes."</p>
            </div>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            {move || done.get().map(|d| view! { <p role="status">{d}</p> })}
            {move || pending.get().map(|p| {
                let count = p.items.len();
                view! {
                    <div class="import-preview" role="region" aria-label="Import preview">
                        <h3>{format!("“{}” holds {count} run{}", p.file_name, if count == 1 { "" } else { "s" })}</h3>
                        <ul>
                            {p.items.iter().enumerate().map(|(i, item)| preview_row(i, item, choices)).collect_view()}
                        </ul>
                        <button type="button" class="primary" on:click=apply>"Apply import"</button>
                        <button type="button" on:click=move |_| pending.set(None)>"Cancel import"</button>
                    </div>
                }
            })}
        </section>
    }
}

/// One incoming run: what it is, whether it clashes, and the choice for it.
fn preview_row(
    index: usize,
    item: &PlanItem,
    choices: RwSignal<Vec<ClashChoice>>,
) -> impl IntoView + use<> {
    let run = &item.incoming.run;
    let sop = catalogue::find_version(&run.template_id, run.template_version)
        .map_or(run.template_id.clone(), |t| t.title.clone());
    let title = run.title.clone();
    let altered = match &item.incoming.integrity {
        Integrity::Intact => None,
        Integrity::Altered(why) => Some(format!(
            "Changed outside Runsheet: {why}. It will be marked as such."
        )),
    };
    let clash = item.clashes_with.clone().map(|existing| {
        let name = format!("clash-{index}");
        let option = move |choice: ClashChoice, label: &'static str| {
            view! {
                <label class="inline">
                    <input type="radio" name=name.clone()
                        prop:checked=move || choices.with(|c| c.get(index) == Some(&choice))
                        on:change=move |_| choices.update(|c| if let Some(slot) = c.get_mut(index) { *slot = choice; }) />
                    {label}
                </label>
            }
        };
        view! {
            <fieldset>
                <legend>{format!("A run with this id exists here: “{existing}”")}</legend>
                {option(ClashChoice::KeepBoth, "Keep both")}
                {option(ClashChoice::Replace, "Replace the existing run")}
                {option(ClashChoice::Skip, "Skip this run")}
            </fieldset>
        }
    });
    let status = if item.clashes_with.is_some() {
        "clashes with an existing run"
    } else {
        "new"
    };
    view! {
        <li>
            <strong>{title}</strong> {format!(" — {sop} — {status}")}
            {altered.map(|a| view! { <p class="warning">{a}</p> })}
            {clash}
        </li>
    }
}
