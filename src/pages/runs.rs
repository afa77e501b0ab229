//! The Runs page: every run in this browser, with filters and housekeeping.

use std::time::Duration;

use leptos::prelude::*;

use crate::browser::base_path::href;
use crate::browser::clock::{local_time, today, zone};
use crate::browser::download::offer;
use crate::browser::persistence::Persistence;
use crate::domain::catalogue;
use crate::domain::change::RunChange;
use crate::domain::listing::RunFilter;
use crate::domain::progress::{Progress, RunStatus, progress, run_status};
use crate::domain::run::Run;
use crate::domain::schedule::is_run_overdue;
use crate::storage::outcome::NewerSchema;
use crate::storage::summary::RunSummary;
use crate::ui::import_panel::ImportPanel;
use crate::ui::page_title::use_page_title;
use crate::ui::progress::ProgressBar;
use crate::ui::state::{AppState, RunEntry};
use crate::ui::status_badge::{OverdueFlag, StatusBadge};

/// How long a deleted run can be brought back.
const UNDO_WINDOW: Duration = Duration::from_secs(8);

/// Runs listed at first, and added by each "Show more": a browser holding a
/// thousand runs lists them at once without drawing a thousand rows.
const PAGE: usize = 50;

/// Lists runs; filter by SOP and status, search titles, open, rename, duplicate, delete.
#[component]
pub fn RunsPage() -> impl IntoView {
    use_page_title(|| "Runs".to_owned());
    let state = expect_context::<AppState>();
    let sop = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let deleted = RwSignal::new(None::<Run>);
    let filter = Memo::new(move |_| RunFilter {
        template_id: Some(sop.get()).filter(|s| !s.is_empty()),
        status: RunStatus::ALL.into_iter().find(|s| s.key() == status.get()),
        text: text.get(),
    });
    // The list shows each run's summary, read from its record's heading (a
    // run open in this tab keeps its summary as it is on screen): those drawn
    // first at once, the others in the background; a filter reads them all.
    state.read_first_summaries(PAGE);
    state.read_summaries_soon();
    let limit = RwSignal::new(PAGE);
    let matching = move || {
        let filter = filter.get();
        state
            .runs
            .get()
            .into_iter()
            .filter(|e| match Shown(e.summary).read() {
                Some(shown) => shown.with(|r| filter.matches(r)),
                // Not read yet: a run all the same, hidden only by a filter.
                None => !filter.is_active(),
            })
            .collect::<Vec<_>>()
    };
    // A filter looks at every run, so every summary is read first.
    let filtered = move |set: &dyn Fn()| {
        state.read_summaries();
        set();
    };
    let visible = move || {
        let mut runs = matching();
        runs.truncate(limit.get());
        runs
    };
    let more = move || matching().len().saturating_sub(limit.get());
    let has_runs = move || !state.runs.with(Vec::is_empty) || deleted.with(Option::is_some);
    let on_delete = Callback::new(move |run: Run| {
        deleted.set(Some(run));
        set_timeout(move || deleted.set(None), UNDO_WINDOW);
    });
    let backup_error = RwSignal::new(None::<String>);
    let backup = move |_| {
        backup_error.set(offer(&state.backup_export()).err());
    };
    view! {
        <section class="page">
            <h1>"Runs"</h1>
            <p class="persistence" role="status">{move || match state.persistence.get() {
                Some(Persistence::Granted) => "Storage is persistent: the browser will not clear your runs to free space.".to_owned(),
                Some(Persistence::NotGranted) => "Storage is not persistent: the browser may clear your runs when space runs low. Back up your runs regularly (“Back up all runs”).".to_owned(),
                Some(Persistence::Unknown) => "This browser does not say whether it keeps your runs; back them up regularly (“Back up all runs”).".to_owned(),
                None => String::new(),
            }}</p>
            <div class="page-actions">
                <button type="button" on:click=backup prop:disabled=move || state.runs.with(Vec::is_empty)>"Back up all runs"</button>
                {move || backup_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            </div>
            <Show
                when=has_runs
                fallback=|| view! {
                    <div class="empty-state">
                        <p><strong>"No runs yet."</strong></p>
                        <p>"A run is one pass through an SOP. Open the "
                            <a href=href("/")>"Catalogue"</a>
                            ", pick a procedure and press “Start run”. Everything you record is saved in this browser as you go."</p>
                    </div>
                }
            >
                <form class="filters" on:submit=|ev| ev.prevent_default()>
                    <label>"SOP "
                        <select on:change=move |ev| filtered(&|| sop.set(event_target_value(&ev))) prop:value=move || sop.get()>
                            <option value="">"All SOPs"</option>
                            {catalogue::templates().iter().map(|t| view! {
                                <option value=t.id.clone()>{t.title.clone()}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <label>"Status "
                        <select on:change=move |ev| filtered(&|| status.set(event_target_value(&ev))) prop:value=move || status.get()>
                            <option value="">"Any status"</option>
                            {RunStatus::ALL.iter().map(|s| view! {
                                <option value=s.key()>{s.label()}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <label>"Search titles "
                        <input type="search" prop:value=move || text.get() on:input=move |ev| filtered(&|| text.set(event_target_value(&ev))) />
                    </label>
                </form>
                {move || deleted.get().map(|run| {
                    let title = run.title.clone();
                    view! {
                        <div class="toast" role="status">
                            {format!("Deleted “{title}”. ")}
                            <button type="button" on:click=move |_| {
                                state.restore(run.clone());
                                deleted.set(None);
                            }>"Undo"</button>
                        </div>
                    }
                })}
                <Show
                    when=move || !visible().is_empty()
                    fallback=move || view! {
                        <p class="empty-state">{move || if filter.get().is_active() {
                            "No run matches these filters."
                        } else {
                            "No runs left."
                        }}</p>
                    }
                >
                    <ul class="run-list" aria-label="Runs">
                        <For each=visible key=|e| e.id.clone() let:entry>
                            <RunRow entry=entry on_delete=on_delete />
                        </For>
                    </ul>
                    {move || (more() > 0).then(|| view! {
                        <p class="list-more">
                            <button type="button" on:click=move |_| {
                                let next = limit.get_untracked() + PAGE;
                                state.read_first_summaries(next);
                                limit.set(next);
                            }>
                                {move || format!("Show {} more runs ({} not shown)", more().min(PAGE), more())}
                            </button>
                        </p>
                    })}
                </Show>
            </Show>
            <ImportPanel />
        </section>
    }
}

/// What a row is asking the person, if anything.
#[derive(Clone, Copy, PartialEq)]
enum RowMode {
    Normal,
    Renaming,
    ConfirmDelete,
}

/// A run as the list shows it: its summary (the run's own fields and the
/// status of each step), once read.
#[derive(Clone, Copy)]
struct Shown(RwSignal<Option<(RunSummary, Option<NewerSchema>)>>);

impl Shown {
    /// The summary if it has been read (tracked).
    fn read(self) -> Option<Shown> {
        self.0.with(Option::is_some).then_some(self)
    }

    /// Calls `f` with the summary's outline of the run (tracked).
    fn with<R: Default>(self, f: impl FnOnce(&Run) -> R) -> R {
        self.0
            .with(|s| s.as_ref().map(|(s, _)| f(s.outline())))
            .unwrap_or_default()
    }
}

/// One run in the list with its actions.
#[component]
fn RunRow(entry: RunEntry, on_delete: Callback<Run>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let run = Shown(entry.summary);
    let id = entry.id.clone();
    let mode = RwSignal::new(RowMode::Normal);
    let new_title = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let template = move || run.with(AppState::template_of);
    let sop_title = move || {
        template()
            .map(|t| t.title.clone())
            .unwrap_or_else(|| run.with(|r| r.template_id.clone()))
    };
    let status = Memo::new(move |_| {
        run.with(|r| Some(run_status(r)))
            .unwrap_or(RunStatus::NotStarted)
    });
    let overdue =
        move || template().is_some_and(|t| run.with(|r| is_run_overdue(t, r, today(), zone())));
    let title = move || run.with(|r| r.title.clone());
    let open_href = href(&format!("/runs/{id}"));
    let rename_id = id.clone();
    let save_title =
        move || match state.apply(&rename_id, RunChange::Rename(new_title.get_untracked())) {
            Ok(_) => {
                mode.set(RowMode::Normal);
                error.set(None);
            }
            Err(e) => error.set(Some(e.to_string())),
        };
    let save_title_submit = save_title.clone();
    let duplicate_id = id.clone();
    let delete_id = id.clone();
    view! {
        <li class="run-row">
            <div class="run-row-main">
                <h2 class="run-title"><a href=open_href>{title}</a></h2>
                <p class="meta">
                    {sop_title}
                    " · "
                    <StatusBadge key=Signal::derive(move || status.get().key()) label=Signal::derive(move || status.get().label()) />
                    {move || overdue().then(|| view! { " " <OverdueFlag /> })}
                </p>
                <ProgressBar progress=Signal::derive(move || run.with(|r| Some(progress(r))).unwrap_or(Progress { closed: 0, total: 0 })) />
                <p class="meta">"Last change " {move || run.with(|r| local_time(r.updated_at))}</p>
            </div>
            <div class="run-row-actions">
                {move || match mode.get() {
                    RowMode::Normal => view! {
                        <button type="button" on:click=move |_| {
                            new_title.set(untrack(|| run.with(|r| r.title.clone())));
                            mode.set(RowMode::Renaming);
                        }>"Rename"</button>
                        <button type="button" on:click={
                            let id = duplicate_id.clone();
                            move |_| { state.duplicate(&id); }
                        }>"Duplicate"</button>
                        <button type="button" class="danger" on:click=move |_| mode.set(RowMode::ConfirmDelete)>"Delete"</button>
                    }.into_any(),
                    RowMode::Renaming => {
                        let save = save_title_submit.clone();
                        view! {
                            <form class="inline-form" on:submit=move |ev| { ev.prevent_default(); save(); }>
                                <label>"New title "
                                    <input type="text" required prop:value=move || new_title.get()
                                        on:input=move |ev| new_title.set(event_target_value(&ev)) />
                                </label>
                                <button type="submit">"Save title"</button>
                                <button type="button" on:click=move |_| mode.set(RowMode::Normal)>"Cancel"</button>
                            </form>
                        }.into_any()
                    }
                    RowMode::ConfirmDelete => {
                        let id = delete_id.clone();
                        view! {
                            <div class="confirm" role="group" aria-label="Confirm delete">
                                <p>{move || format!("Delete “{}”?", title())}</p>
                                <button type="button" class="danger" on:click=move |_| {
                                    match state.delete(&id) {
                                        Ok(run) => on_delete.run(run),
                                        Err(e) => { error.set(Some(e.to_string())); mode.set(RowMode::Normal); }
                                    }
                                }>"Yes, delete"</button>
                                <button type="button" on:click=move |_| mode.set(RowMode::Normal)>"Cancel"</button>
                            </div>
                        }.into_any()
                    }
                }}
                {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            </div>
        </li>
    }
}
