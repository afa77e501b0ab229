//! The Run page: roles, the list of steps, the step in focus and the log.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::browser::base_path::href;
use crate::browser::clock::{today, zone};
use crate::browser::download::offer;
use crate::browser::focus::focus_soon;
use crate::domain::change::RunChange;
use crate::domain::procedure::registry::rules_for;
use crate::domain::procedure::rules::StepImport;
use crate::domain::progress::{current_step, progress, run_status};
use crate::domain::reference::next_period::starts_next_period;
use crate::domain::schedule::is_run_overdue;
use crate::domain::template::Template;
use crate::domain::value::parse_date;
use crate::ui::activity_log::ActivityLog;
use crate::ui::candidate_import::CandidateImport;
use crate::ui::interaction_import::InteractionImport;
use crate::ui::page_title::use_page_title;
use crate::ui::progress::ProgressBar;
use crate::ui::reference_import::ReferenceImport;
use crate::ui::roles_form::RolesForm;
use crate::ui::routes;
use crate::ui::state::{AppState, RunHandle, Started};
use crate::ui::status_badge::{OverdueFlag, StatusBadge};
use crate::ui::step_nav::StepNav;
use crate::ui::step_panel::StepPanel;

/// Finds the run named in the URL and shows it, or says why it cannot.
#[component]
pub fn RunPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let params = use_params_map();
    let run_id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let found = Memo::new(move |_| {
        let id = run_id.get();
        state.runs.with(|runs| runs.iter().any(|h| h.id == id))
    });
    move || {
        let id = run_id.get();
        if !found.get() {
            return view! {
                <section class="page">
                    <h1>"Run not found"</h1>
                    <p>"There is no run with this address in this browser. Runs are kept per browser; "
                        <a href=href("/runs")>"see the runs you have"</a>"."</p>
                </section>
            }
            .into_any();
        }
        let Some(handle) = state.handle(&id) else {
            return ().into_any();
        };
        match handle.run.with_untracked(AppState::template_of) {
            Some(template) => view! { <RunView handle=handle template=template /> }.into_any(),
            None => view! {
                <section class="page">
                    <h1>"This run cannot be shown"</h1>
                    <p>{handle.run.with_untracked(|r| format!(
                        "It follows “{}” version {}, which this version of Runsheet does not include. It is kept unchanged.",
                        r.template_id, r.template_version
                    ))}</p>
                </section>
            }
            .into_any(),
        }
    }
}

/// A run with its template.
#[component]
fn RunView(handle: RunHandle, template: &'static Template) -> impl IntoView {
    let state = expect_context::<AppState>();
    let params = use_params_map();
    let run = handle.run;
    let id = handle.id.clone();
    let read_only = handle.read_only;
    let locked = read_only.is_some();
    let rules = rules_for(&template.id);
    let focus = Memo::new(move |_| {
        params
            .read()
            .get("step")
            .filter(|s| template.step(s).is_some())
            .or_else(|| {
                run.with_untracked(|r| current_step(template, r))
                    .map(|s| s.id.clone())
            })
            .unwrap_or_else(|| {
                template
                    .steps
                    .first()
                    .map(|s| s.id.clone())
                    .unwrap_or_default()
            })
    });
    let status = Memo::new(move |_| run.with(run_status));
    use_page_title(move || {
        let step = focus.get();
        let step = template
            .step(&step)
            .map(|s| s.title.as_str())
            .unwrap_or_default();
        run.with(|r| format!("{step} · {}", r.title))
    });
    let overdue = move || run.with(|r| is_run_overdue(template, r, today(), zone()));
    let target_id = id.clone();
    let target_error = RwSignal::new(None::<String>);
    // A run its procedure locks (an archived program run) takes no edits:
    // its inputs are disabled, as on a run saved by a newer app.
    // A memo: the step's inputs follow it, and an edit seldom changes it.
    let run_locked =
        Memo::new(move |_| locked || run.with(|r| rules.locked(template, r).is_some()));
    // Bumped when a change is refused, so the input shows the stored value again.
    let target_refresh = RwSignal::new(0u32);
    // What "Start the next period" did, shown until the person moves on.
    let next_period = RwSignal::new(None::<Result<Started, String>>);
    let id_for_next = id.clone();
    view! {
        <article class="page run-page">
            <header class="run-header">
                <h1>{move || run.with(|r| r.title.clone())}</h1>
                <p class="meta">
                    {format!("{} · follows template version {}", template.title, run.with_untracked(|r| r.template_version))}
                </p>
                {run.with_untracked(|r| r.altered_outside_app.clone()).map(|a| view! {
                    <p class="banner banner-warning" role="note">{a}</p>
                })}
                {read_only.map(|why| view! { <p class="banner banner-warning" role="note">{why.to_string()}</p> })}
                {move || run.with(|r| rules.locked(template, r)).map(|why| view! {
                    <p class="banner banner-warning" role="note">{why.to_string()}</p>
                })}
                <div class="page-actions">
                    <a class="button-link" href=href(&format!("/runs/{id}/summary"))>"Summary and print"</a>
                    <button type="button" on:click={
                        let id = id.clone();
                        move |_| {
                            let result = state
                                .run_export(&id)
                                .ok_or_else(|| "This run cannot be exported.".to_owned())
                                .and_then(|download| offer(&download));
                            target_error.set(result.err());
                        }
                    }>"Download JSON"</button>
                    {move || run.with(starts_next_period).then(|| {
                        let id = id_for_next.clone();
                        // A period has one successor: once started, the button is its link.
                        match state.next_period_of(&id) {
                            Some(next) => view! {
                                <a class="button-link" href=routes::step(&next, template.steps.first().map_or("", |s| s.id.as_str()))>"Go to the next period"</a>
                            }.into_any(),
                            None => view! {
                                <button type="button" on:click=move |_| {
                                    next_period.set(Some(state.start_next_period(&id)));
                                    focus_soon("#next-period");
                                }>"Start the next period"</button>
                            }.into_any(),
                        }
                    })}
                </div>
                {move || next_period.get().map(|outcome| match outcome {
                    Ok(started) => view! {
                        <section id="next-period" class="notice" tabindex="-1" role="status" aria-labelledby="next-period-heading">
                            <h2 id="next-period-heading">{if started.already { format!("“{}” was started already; nothing new was started", started.title) } else { format!("“{}” is started", started.title) }}</h2>
                            {(!started.already).then(|| view! { <p>"Carried over: "{started.carried.join(", ")}"."</p> })}
                            {(!started.left_behind.is_empty()).then(|| view! {
                                <p>"Left behind, to enter again if still needed:"</p>
                                <ul>{started.left_behind.iter().map(|l| view! { <li>{l.clone()}</li> }).collect_view()}</ul>
                            })}
                            <p><a href=routes::step(&started.id, template.steps.first().map_or("", |s| s.id.as_str()))>"Open the next period"</a></p>
                        </section>
                    }.into_any(),
                    Err(why) => view! { <p id="next-period" class="error" role="alert" tabindex="-1">{why}</p> }.into_any(),
                })}
                <p class="meta">
                    <StatusBadge key=Signal::derive(move || status.get().key()) label=Signal::derive(move || status.get().label()) />
                    {move || overdue().then(|| view! { " " <OverdueFlag /> })}
                    " "
                    <ProgressBar progress=Signal::derive(move || run.with(progress)) />
                </p>
                <div class="run-settings">
                    <label>"Your name (for the activity log) "
                        <input type="text" autocomplete="name"
                            prop:value=move || state.actor.get()
                            on:change=move |ev| state.set_actor(event_target_value(&ev)) />
                    </label>
                    <label>"Target date "
                        <input type="date"
                            prop:disabled=run_locked
                            prop:value=move || {
                                target_refresh.track();
                                run.with(|r| r.target_date.map(|d| d.to_string()).unwrap_or_default())
                            }
                            on:change=move |ev| {
                                let date = parse_date(&event_target_value(&ev));
                                match state.apply(&target_id, RunChange::SetTargetDate(date)) {
                                    Ok(_) => target_error.set(None),
                                    Err(e) => {
                                        target_error.set(Some(e.to_string()));
                                        target_refresh.update(|n| *n = n.wrapping_add(1));
                                    }
                                }
                            } />
                    </label>
                    {move || target_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                </div>
            </header>
            <RolesForm run_id=id.clone() run=run template=template locked=locked />
            <div class="run-body">
                <StepNav run_id=id.clone() run=run template=template focus=focus />
                {
                    let id = id.clone();
                    move || {
                        let step_id = focus.get();
                        // Some steps also take their records from a spreadsheet.
                        let disabled = Signal::from(run_locked);
                        let csv = rules.imports(template, &step_id).map(|import| match import {
                            StepImport::Candidates => view! { <CandidateImport run_id=id.clone() disabled=disabled /> }.into_any(),
                            StepImport::References => view! { <ReferenceImport run_id=id.clone() disabled=disabled /> }.into_any(),
                            StepImport::Interactions => view! { <InteractionImport run_id=id.clone() run=run template=template disabled=disabled /> }.into_any(),
                        });
                        view! {
                            <div class="step-column">
                                <StepPanel run_id=id.clone() run=run template=template step_id=step_id locked=locked />
                                {csv}
                            </div>
                        }
                    }
                }
            </div>
            <ActivityLog run=run />
        </article>
    }
}
