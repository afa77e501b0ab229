//! The frame around every page.

use leptos::prelude::*;

use crate::browser::base_path::href;
use crate::browser::clock::local_time;
use crate::browser::download::offer;
use crate::browser::focus::focus_soon;
use crate::storage::{SaveStatus, StorageMode};
use crate::ui::routes;
use crate::ui::state::AppState;

/// Product name, main navigation and the save indicator.
#[component]
pub fn Header() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <header class="site-header">
            // The page has a <base>, so "#main" alone would leave the page: focus it here.
            <a class="skip-link" href="#main" on:click=|ev| { ev.prevent_default(); focus_soon("main"); }>"Skip to content"</a>
            <a class="brand" href=href("/")>"Runsheet"</a>
            <nav aria-label="Main">
                <ul>
                    <li><a href=href("/")>"Catalogue"</a></li>
                    <li><a href=href("/runs")>"Runs"</a></li>
                    <li><a href=href("/references")>"References"</a></li>
                    <li><a href=routes::references_overview()>"Overview"</a></li>
                    {move || {
                        let count = state.unreadable.with(Vec::len);
                        (count > 0).then(|| view! { <li><a href=href("/recovery")>{format!("Recovery ({count})")}</a></li> })
                    }}
                </ul>
            </nav>
            <SaveIndicator />
        </header>
    }
}

/// Says whether what is on screen is stored. "Saved" appears only after a write succeeded.
#[component]
pub fn SaveIndicator() -> impl IntoView {
    let state = expect_context::<AppState>();
    let text = move || match (state.storage_mode.get(), state.save_status.get()) {
        (StorageMode::MemoryOnly(_), _) => "Not saved: storage unavailable".to_owned(),
        (_, SaveStatus::Idle) => String::new(),
        (_, SaveStatus::Pending) => "Saving…".to_owned(),
        (_, SaveStatus::Saved(at)) => format!("Saved {}", local_time(at)),
        (_, SaveStatus::Failed(_) | SaveStatus::StorageFull(_)) => "Not saved".to_owned(),
        (_, SaveStatus::InConflict) => "Not saved: changed in another tab".to_owned(),
    };
    view! {
        <p class="save-indicator" role="status" aria-live="polite">{text}</p>
    }
}

/// Permanent warnings about storage: memory-only mode, and failed saves.
#[component]
pub fn StorageBanner() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        {move || state.conflicts.get().into_iter().map(|conflict| {
            let id = conflict.id.clone();
            let copy_id = conflict.id.clone();
            view! {
                <div class="banner banner-error" role="alert">
                    <strong>{format!("“{}” was changed in another tab while you were editing it here. ", conflict.theirs.run.title)}</strong>
                    "Choose which version to keep: "
                    <button type="button" on:click=move |_| { state.keep_mine_as_copy(&copy_id); }>"Keep mine as a copy"</button>
                    " "
                    <button type="button" on:click=move |_| state.take_theirs(&id)>"Take theirs"</button>
                </div>
            }
        }).collect_view()}
        {move || state.unreadable.with(|u| !u.is_empty()).then(|| view! {
            <div class="banner banner-warning" role="alert">
                "Some saved data could not be read. It is kept as it is; see "
                <a href=href("/recovery")>"Recovery"</a>"."
            </div>
        })}
        {move || match state.storage_mode.get() {
            StorageMode::MemoryOnly(reason) => Some(view! {
                <div class="banner banner-warning" role="alert">
                    <strong>"Nothing will be kept. "</strong>
                    {format!("{reason} Runs live only in this tab; download their JSON before closing it.")}
                </div>
            }),
            StorageMode::Persistent => None,
        }}
        {move || match state.save_status.get() {
            SaveStatus::Failed(message) => Some(view! {
                <div class="banner banner-error" role="alert">
                    <strong>"Your latest change is not saved. "</strong>
                    {message.to_string()}
                    " It is still on screen; the previously saved version is unchanged."
                </div>
            }.into_any()),
            SaveStatus::StorageFull(used) => Some(view! {
                <div class="banner banner-error" role="alert">
                    <strong>"Storage is full: your latest change is not saved. "</strong>
                    {format!("This site's browser storage is full ({used}). The change is still on screen and the previously saved version is unchanged. Download a backup now, then delete runs you no longer need.")}
                    " "
                    <button type="button" on:click=move |_| {
                        // Every run is read for it, by code loaded on demand.
                        leptos::task::spawn_local(async move {
                            // Installed already: a save was tried before storage was full.
                            if crate::ui::codec::ready().await.is_ok() {
                                let _ = offer(&state.backup_export());
                            }
                        });
                    }>"Download a backup"</button>
                </div>
            }.into_any()),
            _ => None,
        }}
    }
}

/// The promise every page repeats.
#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>"All data stays in this browser: nothing is sent to a server."</p>
        </footer>
    }
}
