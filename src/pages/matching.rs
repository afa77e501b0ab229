//! Matching a request to the best references, sending it, and approving it.

use leptos::prelude::*;

use crate::browser::base_path::href;
use crate::browser::clock::{now, today};
use crate::browser::focus::focus_soon;
use crate::domain::paging::{Page, thousands};
use crate::domain::reference::actions::approve::approve_request;
use crate::domain::reference::actions::editor::Editor;
use crate::domain::reference::actions::send::{MatchedWith, send_request};
use crate::domain::reference::matching::rank;
use crate::domain::reference::model::{Reference, Request};
use crate::domain::reference::requests::request_rows;
use crate::ui::page_title::use_page_title;
use crate::ui::reference_data::use_directory;
use crate::ui::show_more::ShowMore;
use crate::ui::state::AppState;

/// A request's value in the picker: "run id:row id".
fn request_key(request: &Request) -> String {
    request
        .key
        .as_ref()
        .map(|k| format!("{}:{}", k.run_id, k.row_id))
        .unwrap_or_default()
}

/// How a request reads in the picker and the request list.
fn request_text(r: &Request) -> String {
    format!(
        "{} — {} for {} ({}, {})",
        r.requester,
        r.kind.label(),
        r.audience,
        r.industry,
        r.geography
    )
}

/// Requests listed at once; a program receives hundreds a year.
const REQUESTS_PER_PAGE: usize = 25;

/// Ranked and excluded references drawn at first, and added by each "Show
/// more": the best fits come first, and drawing all 500 made choosing slow.
const SHOWN_AT_ONCE: usize = 25;

/// One line of the request list, in words.
#[derive(Clone, PartialEq)]
struct RequestLine {
    key: String,
    text: String,
    state: &'static str,
    age: String,
    needed_by: String,
    overdue: bool,
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
                    editor.today(),
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
    // Every request with where it stands and how old it is, a page at a time.
    let request_page = RwSignal::new(0usize);
    let listed = Memo::new(move |_| {
        extracted.with(|e| {
            request_rows(
                e.directory.requests_to_work(),
                &e.directory.interactions,
                today(),
            )
            .into_iter()
            .map(|row| RequestLine {
                key: request_key(row.request),
                text: request_text(row.request),
                state: row.state.label(),
                age: match row.age_days {
                    Some(1) => "1 day".to_owned(),
                    Some(n) => format!("{n} days"),
                    None => "Day received not recorded".to_owned(),
                },
                needed_by: row
                    .request
                    .needed_by
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                overdue: row.overdue,
            })
            .collect::<Vec<_>>()
        })
    });
    let page =
        Memo::new(move |_| Page::new(request_page.get(), REQUESTS_PER_PAGE, listed.with(Vec::len)));
    view! {
        <section class="page">
            <h1>"Match a request"</h1>
            <p class="lead">"References are ranked by how well they fit; those that cannot be asked are listed with the reason. "
                <a href=href("/references")>"Back to the directory"</a>"."</p>
            <Show when=move || extracted.with(|e| e.directory.requests_to_work().next().is_some()) fallback=|| view! {
                <div class="empty-state">
                    <p><strong>"No requests yet."</strong></p>
                    <p>"Record incoming requests in step 7 of a Customer Reference Program run; they can be matched here."</p>
                </div>
            }>
                <label>"Request "
                    <select class="request-picker" prop:value=move || chosen.get() on:change=move |ev| { chosen.set(event_target_value(&ev)); message.set(None); }>
                        <option value="">"Choose a request…"</option>
                        {move || extracted.with(|e| e.directory.requests_to_work().map(|r| {
                            view! { <option value=request_key(r)>{request_text(r)}</option> }
                        }).collect_view())}
                    </select>
                </label>
            </Show>
            <Show when=move || !listed.with(Vec::is_empty)>
                <section aria-labelledby="requests-heading">
                    <h2 id="requests-heading">"Requests"</h2>
                    <div class="table-scroll" role="region" aria-label="Requests table" tabindex="0">
                        <table class="directory-table requests-table" aria-labelledby="requests-heading">
                            <thead><tr>
                                <th scope="col">"Request"</th><th scope="col">"State"</th>
                                <th scope="col">"Age"</th><th scope="col">"Needed by"</th>
                                <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                            </tr></thead>
                            <tbody>
                                {move || {
                                    let range = page.get().range();
                                    listed.with(|all| all.get(range).unwrap_or_default().iter().cloned().map(|line| {
                                        let key = line.key.clone();
                                        let label = format!("Match: {}", line.text);
                                        view! {
                                            <tr>
                                                <td data-label="Request">{line.text}</td>
                                                <td data-label="State">{line.state}</td>
                                                <td data-label="Age">{line.age}</td>
                                                <td data-label="Needed by">{line.needed_by}{line.overdue.then_some(" (overdue)")}</td>
                                                <td><button type="button" class="small" aria-label=label
                                                    on:click=move |_| {
                                                        chosen.set(key.clone());
                                                        message.set(None);
                                                        // The work goes on in the ranking.
                                                        focus_soon("#ranked-heading");
                                                    }>"Match"</button></td>
                                            </tr>
                                        }
                                    }).collect_view())
                                }}
                            </tbody>
                        </table>
                    </div>
                    <Show when=move || page.with(Page::is_paged)>
                        <nav class="list-pages" aria-label="Pages of requests">
                            <button type="button" class="small" prop:disabled=move || !page.with(Page::has_previous)
                                on:click=move |_| request_page.set(page.get_untracked().index.saturating_sub(1))>"Previous requests"</button>
                            <span aria-live="polite">{move || page.with(|p| p.describe("requests"))}</span>
                            <button type="button" class="small" prop:disabled=move || !page.with(Page::has_next)
                                on:click=move |_| request_page.set(page.get_untracked().index + 1)>"Next requests"</button>
                        </nav>
                    </Show>
                </section>
            </Show>
            {move || message.get().map(|(ok, m)| view! { <p class=if ok { "notice" } else { "error" } role="status">{m}</p> })}
            {move || request.get().map(|_| match result.get() {
                None => view! { <p class="error" role="alert">"The program run of this request has no usage settings yet (step 1)."</p> }.into_any(),
                Some((offered, ranked, excluded)) => {
                    let (ranked_total, excluded_total) = (ranked.len(), excluded.len());
                    let ranked = StoredValue::new(ranked);
                    let excluded = StoredValue::new(excluded);
                    let ranked_shown = RwSignal::new(SHOWN_AT_ONCE.min(ranked_total));
                    let excluded_shown = RwSignal::new(SHOWN_AT_ONCE.min(excluded_total));
                    view! {
                        {(!offered).then(|| view! { <p class="warning">"This reference type is not among the program's eligible types (step 1)."</p> })}
                        <section aria-labelledby="ranked-heading">
                            <h2 id="ranked-heading" tabindex="-1">"Ranked references"</h2>
                            {(ranked_total == 0).then(|| view! { <p>"No reference can be asked for this request."</p> })}
                            <ol class="ranked" id="ranked-list" aria-label="Ranked references">
                                <For each=move || 0..ranked_shown.get() key=|at| *at let:at>
                                    {ranked.with_value(|all| {
                                        let (reference, score, reasons) = all[at].clone();
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
                                    })}
                                </For>
                            </ol>
                            <ShowMore shown=ranked_shown total=ranked_total step=SHOWN_AT_ONCE label="Show more ranked references".to_owned()
                                describe=|shown, total| format!("The best {} of {}.", thousands(shown), thousands(total))
                                list="#ranked-list".to_owned() />
                        </section>
                        <section aria-labelledby="excluded-heading">
                            <h2 id="excluded-heading">"Excluded references"</h2>
                            <ul class="excluded" id="excluded-list" aria-label="Excluded references">
                                <For each=move || 0..excluded_shown.get() key=|at| *at let:at>
                                    {excluded.with_value(|all| {
                                        let (reference, why) = &all[at];
                                        view! {
                                            <li><strong>{reference.display_name()}</strong>
                                                <ul>{why.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}</ul></li>
                                        }
                                    })}
                                </For>
                            </ul>
                            <ShowMore shown=excluded_shown total=excluded_total step=SHOWN_AT_ONCE label="Show more excluded references".to_owned()
                                describe=|shown, total| format!("The first {} of {}.", thousands(shown), thousands(total))
                                list="#excluded-list".to_owned() />
                        </section>
                    }.into_any()
                }
            })}
        </section>
    }
}
