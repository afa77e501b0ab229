//! Matching a request to the best references, sending it, and approving it.

use leptos::prelude::*;

use crate::browser::base_path::href;
use crate::browser::clock::{now, today};
use crate::domain::reference::actions::approve::approve_request;
use crate::domain::reference::actions::editor::Editor;
use crate::domain::reference::actions::send::{MatchedWith, send_request};
use crate::domain::reference::matching::rank;
use crate::domain::reference::model::{Reference, Request};
use crate::ui::page_title::use_page_title;
use crate::ui::reference_data::use_directory;
use crate::ui::state::AppState;

/// A request's value in the picker: "run id:row id".
fn request_key(request: &Request) -> String {
    request
        .key
        .as_ref()
        .map(|k| format!("{}:{}", k.run_id, k.row_id))
        .unwrap_or_default()
}

/// What to do with one ranked reference.
#[derive(Clone, Copy)]
enum Action {
    Send,
    Approve,
}

/// Pick a request; see eligible references ranked with reasons, and the
/// excluded ones with why. Send the request or approve it from here.
#[component]
pub fn MatchingPage() -> impl IntoView {
    use_page_title(|| "Match a request".to_owned());
    let state = expect_context::<AppState>();
    let extracted = use_directory();
    let chosen = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let request = Memo::new(move |_| {
        extracted.with(|e| {
            e.directory
                .requests
                .iter()
                .find(|r| request_key(r) == chosen.get())
                .cloned()
        })
    });
    let result = Memo::new(move |_| {
        let request = request.get()?;
        extracted.with(|e| {
            let run_id = request
                .key
                .as_ref()
                .map(|k| k.run_id.clone())
                .unwrap_or_default();
            let settings = e.directory.settings(&run_id).cloned()?;
            let r = rank(
                &request,
                &e.directory.references,
                e.directory.history(),
                &settings,
                today(),
            );
            let owned = |r: &Reference| r.clone();
            Some((
                r.type_offered,
                r.ranked
                    .iter()
                    .map(|x| {
                        (
                            owned(x.reference),
                            x.score,
                            x.reasons
                                .iter()
                                .map(ToString::to_string)
                                .collect::<Vec<_>>(),
                        )
                    })
                    .collect::<Vec<_>>(),
                r.excluded
                    .iter()
                    .map(|x| {
                        (
                            owned(x.reference),
                            x.why.iter().map(ToString::to_string).collect::<Vec<_>>(),
                        )
                    })
                    .collect::<Vec<_>>(),
            ))
        })
    });
    let act = move |action: Action, reference: Reference, matched: MatchedWith| {
        let Some(request) = request.get_untracked() else {
            return;
        };
        let e = extracted.get_untracked();
        let run_id = request
            .key
            .as_ref()
            .map(|k| k.run_id.clone())
            .unwrap_or_default();
        let Some(settings) = e.directory.settings(&run_id).cloned() else {
            return;
        };
        // The decision is recorded in the run holding the reference, and judged
        // under that run's settings, as a decision typed there would be.
        let settings = e
            .directory
            .settings(&reference.key.run_id)
            .cloned()
            .unwrap_or(settings);
        let who = state.actor.get_untracked();
        let name = reference.display_name();
        let outcome = state.apply_with(&reference.key.run_id.clone(), |run, template| {
            let editor = Editor {
                template,
                who: &who,
                now: now(),
                today: today(),
            };
            match action {
                Action::Send => send_request(run, &editor, &request, &reference, &matched)
                    .map(|_| ())
                    .map_err(|e| e.to_string()),
                Action::Approve => approve_request(
                    run,
                    &editor,
                    &request,
                    &reference,
                    e.directory.history(),
                    &settings,
                    today(),
                )
                .map(|_| ())
                .map_err(|e| e.to_string()),
            }
        });
        message.set(Some(match (action, outcome) {
            (Action::Send, Ok(())) => (
                true,
                format!(
                    "Request sent to {name}: an interaction awaiting confirmation is recorded."
                ),
            ),
            (Action::Approve, Ok(())) => (true, format!("Approved {name} for this request.")),
            (_, Err(e)) => (false, e.to_string()),
        }));
    };
    view! {
        <section class="page">
            <h1>"Match a request"</h1>
            <p class="lead">"References are ranked by how well they fit; those that cannot be asked are listed with the reason. "
                <a href=href("/references")>"Back to the directory"</a>"."</p>
            <Show when=move || extracted.with(|e| !e.directory.requests.is_empty()) fallback=|| view! {
                <div class="empty-state">
                    <p><strong>"No requests yet."</strong></p>
                    <p>"Record incoming requests in step 7 of a Customer Reference Program run; they can be matched here."</p>
                </div>
            }>
                <label>"Request "
                    <select prop:value=move || chosen.get() on:change=move |ev| { chosen.set(event_target_value(&ev)); message.set(None); }>
                        <option value="">"Choose a request…"</option>
                        {move || extracted.with(|e| e.directory.requests.iter().map(|r| {
                            let text = format!("{} — {} for {} ({}, {})", r.requester, r.kind.label(), r.audience, r.industry, r.geography);
                            view! { <option value=request_key(r)>{text}</option> }
                        }).collect_view())}
                    </select>
                </label>
            </Show>
            {move || message.get().map(|(ok, m)| view! { <p class=if ok { "notice" } else { "error" } role="status">{m}</p> })}
            {move || request.get().map(|_| match result.get() {
                None => view! { <p class="error" role="alert">"The program run of this request has no usage settings yet (step 1)."</p> }.into_any(),
                Some((offered, ranked, excluded)) => view! {
                    {(!offered).then(|| view! { <p class="warning">"This reference type is not among the program's eligible types (step 1)."</p> })}
                    <section aria-labelledby="ranked-heading">
                        <h2 id="ranked-heading">"Ranked references"</h2>
                        {ranked.is_empty().then(|| view! { <p>"No reference can be asked for this request."</p> })}
                        <ol class="ranked" aria-label="Ranked references">
                            {ranked.into_iter().map(|(reference, score, reasons)| {
                                let name = reference.display_name();
                                let for_send = reference.clone();
                                let matched = MatchedWith { score, reasons: reasons.clone() };
                                view! {
                                    <li>
                                        <h3>{format!("{name} — score {score}")}</h3>
                                        <ul class="reasons">{reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
                                        <button type="button" on:click=move |_| act(Action::Send, for_send.clone(), matched.clone())>{format!("Send request to {name}")}</button>
                                        <button type="button" on:click=move |_| act(Action::Approve, reference.clone(), MatchedWith::default())>{format!("Approve {name}")}</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    </section>
                    <section aria-labelledby="excluded-heading">
                        <h2 id="excluded-heading">"Excluded references"</h2>
                        <ul class="excluded" aria-label="Excluded references">
                            {excluded.into_iter().map(|(reference, why)| view! {
                                <li><strong>{reference.display_name()}</strong>
                                    <ul>{why.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul></li>
                            }).collect_view()}
                        </ul>
                    </section>
                }.into_any(),
            })}
        </section>
    }
}
