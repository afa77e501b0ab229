//! Recovery: stored records this version cannot read. They are kept exactly as
//! they are; the person can download each one and delete it explicitly.

use leptos::prelude::*;

use crate::browser::download::offer;
use crate::domain::export::Download;
use crate::ui::page_title::use_page_title;
use crate::ui::state::AppState;

/// Lists unreadable records with download and an explicit, confirmed delete.
#[component]
pub fn RecoveryPage() -> impl IntoView {
    use_page_title(|| "Recovery".to_owned());
    let state = expect_context::<AppState>();
    let confirming = RwSignal::new(None::<String>);
    let message = RwSignal::new(None::<String>);
    view! {
        <section class="page">
            <h1>"Recovery"</h1>
            <p class="lead">"Saved data this version of Runsheet cannot read. Nothing here is changed or overwritten by the app: "
                "download a record to keep it, or delete it when you are sure."</p>
            {move || message.get().map(|m| view! { <p role="status">{m}</p> })}
            <Show when=move || state.unreadable.with(|u| !u.is_empty()) fallback=|| view! {
                <p class="empty-state">"Nothing to recover: every saved record can be read."</p>
            }>
                <ul class="recovery-list" aria-label="Unreadable records">
                    {move || state.unreadable.get().into_iter().map(|record| {
                        let key = record.key.clone();
                        let download = Download::stored_record(&key, &record.raw);
                        let delete_key = key.clone();
                        let confirm_key = key.clone();
                        let shown_key = key.clone();
                        view! {
                            <li class="recovery-item">
                                <h2><code>{key.clone()}</code></h2>
                                <p>{format!("Problem: {}. Size: {} characters.", record.problem, record.raw.chars().count())}</p>
                                <button type="button" on:click=move |_| {
                                    message.set(offer(&download).err());
                                }>{format!("Download {shown_key}")}</button>
                                {move || if confirming.get().as_deref() == Some(confirm_key.as_str()) {
                                    let key = delete_key.clone();
                                    view! {
                                        <span class="confirm" role="group" aria-label="Confirm delete">
                                            "Delete it for good? "
                                            <button type="button" class="danger" on:click=move |_| {
                                                message.set(Some(match state.delete_unreadable(&key) {
                                                    Ok(()) => format!("Deleted {key}."),
                                                    Err(e) => e.to_string(),
                                                }));
                                                confirming.set(None);
                                            }>"Yes, delete"</button>
                                            <button type="button" on:click=move |_| confirming.set(None)>"Cancel"</button>
                                        </span>
                                    }.into_any()
                                } else {
                                    let key = delete_key.clone();
                                    view! {
                                        <button type="button" class="danger" on:click=move |_| confirming.set(Some(key.clone()))>
                                            {format!("Delete {}", delete_key)}
                                        </button>
                                    }.into_any()
                                }}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </Show>
        </section>
    }
}
