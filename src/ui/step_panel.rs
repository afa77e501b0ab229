//! The step in focus: instruction, checks, fields, notes and actions.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::browser::clock::{local_time, zone};
use crate::browser::focus::focus_soon;
use crate::domain::change::{ChangeError, RunChange};
use crate::domain::procedure::registry::rules_for;
use crate::domain::run::{Run, StepStatus};
use crate::domain::schedule::due_date;
use crate::domain::stamps::step_responsible;
use crate::domain::template::{FieldKind, Step, Template};
use crate::domain::value::{FieldValue, parse_date};
use crate::ui::field_input::{FieldInput, label_text};
use crate::ui::list_field::ListField;
use crate::ui::pick_field::PickField;
use crate::ui::routes;
use crate::ui::run_error::RunError;
use crate::ui::state::AppState;
use crate::ui::status_badge::StatusBadge;

/// Which secondary form is open under the step.
#[derive(Clone, PartialEq)]
enum Pending {
    None,
    Block,
    NotApplicable,
    Outcome(&'static str),
}

/// What the last action said back to the person.
#[derive(Clone, PartialEq)]
enum Feedback {
    Missing(Vec<String>),
    Message(String),
}

/// Shows one step of a run and sends the person's changes to [`AppState`].
#[component]
pub fn StepPanel(
    run_id: String,
    run: RwSignal<Run>,
    template: &'static Template,
    step_id: String,
    /// The whole run is read-only (saved by a newer app).
    #[prop(optional)]
    locked: bool,
) -> impl IntoView {
    let Some(index) = template.step_index(&step_id) else {
        return view! { <p role="alert">"This SOP has no such step."</p> }.into_any();
    };
    let step: &'static Step = &template.steps[index];
    let state = expect_context::<AppState>();
    let navigate = use_navigate();
    let status = Memo::new(move |_| {
        run.with(|r| {
            r.steps
                .get(index)
                .map(|s| s.status.clone())
                .unwrap_or_default()
        })
    });
    // A run its procedure locks (an archived program run) is read-only: every
    // input is disabled, not just refused.
    let rules = rules_for(&template.id);
    // Memos, not derived signals: every input of the step follows `closed`, and
    // an edit (which changes the run, seldom its lock) must not wake them all.
    let run_locked = Memo::new(move |_| run.with(|r| rules.locked(template, r).is_some()));
    let closed = Signal::from(Memo::new(move |_| {
        locked || status.get().is_closed() || run_locked.get()
    }));
    // Whether the run's procedure would take `change` now: a button whose
    // change would be refused (on an archived run, all but reopening its
    // close-out) is disabled rather than left to fail.
    let refused = move |change: RunChange| {
        locked || run.with(|r| rules.permits(template, r, &change).is_err())
    };
    // Bumped when a due date is refused, so the input shows the stored one again.
    let due_refresh = RwSignal::new(0u32);
    let feedback = RwSignal::new(None::<Feedback>);
    let list_error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(Pending::None);
    let reason = RwSignal::new(String::new());
    let escalated_to = RwSignal::new(String::new());

    let apply = {
        let run_id = run_id.clone();
        let navigate = navigate.clone();
        move |change: RunChange| {
            // These replace the step's action buttons: focus must not fall to the page.
            let replaces_buttons = matches!(
                change,
                RunChange::Complete { .. }
                    | RunChange::Reopen { .. }
                    | RunChange::Block { .. }
                    | RunChange::MarkNotApplicable { .. }
                    | RunChange::TakeOutcome { .. }
            );
            match state.apply(&run_id, change) {
                Ok(applied) => {
                    feedback.set(None);
                    pending.set(Pending::None);
                    reason.set(String::new());
                    escalated_to.set(String::new());
                    match applied.focus_step {
                        Some(next) => {
                            navigate(&routes::step_path(&run_id, &next), Default::default())
                        }
                        // The last step completed (or the step changed state): stay with it.
                        None if replaces_buttons => focus_soon(".step-panel h2"),
                        None => {}
                    }
                }
                Err(RunError::Change(ChangeError::Incomplete(missing))) => feedback.set(Some(
                    Feedback::Missing(missing.iter().map(ToString::to_string).collect()),
                )),
                Err(e) => {
                    due_refresh.update(|n| *n = n.wrapping_add(1));
                    feedback.set(Some(Feedback::Message(e.to_string())));
                }
            }
        }
    };
    let set_value = {
        let run_id = run_id.clone();
        move |field: &'static str| {
            let run_id = run_id.clone();
            Callback::new(move |value: Option<FieldValue>| {
                state
                    .apply(
                        &run_id,
                        RunChange::SetValue {
                            step: step.id.clone(),
                            field: field.to_owned(),
                            value,
                        },
                    )
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            })
        }
    };
    // Who answers for the step: for a closed step, who held the role then.
    let role_line = move || {
        let person = run.with(|r| step_responsible(template, r, index));
        let name = template.role_name(&step.role).to_owned();
        match person {
            Some(p) => format!("{name} ({p})"),
            None => name,
        }
    };
    let derived_due = move || run.with(|r| due_date(template, r, index, zone()));
    let manual_due = move || run.with(|r| r.steps.get(index).and_then(|s| s.due_override));
    let total = template.steps.len();
    let previous = index.checked_sub(1).map(|i| &template.steps[i]);
    let next = template.steps.get(index + 1);
    let heading_id = format!("step-{}-heading", step.id);

    let checks = step.checks.iter().map(|check| {
        let apply = apply.clone();
        let check_id = check.id.clone();
        let ticked_id = check.id.clone();
        view! {
            <label class="check">
                <input type="checkbox" prop:disabled=closed
                    prop:checked=move || run.with(|r| r.steps.get(index).is_some_and(|s| s.checks.contains(&ticked_id)))
                    on:change=move |ev| apply(RunChange::SetCheck { step: step.id.clone(), check: check_id.clone(), ticked: event_target_checked(&ev) }) />
                {check.label.clone()}
            </label>
        }
    }).collect_view();

    let fields = step.fields.iter().map(|field| {
        if let FieldKind::List { .. } = field.kind {
            return view! {
                <ListField run_id=run_id.clone() run=run template=template step_index=index step_id=step.id.as_str() field=field disabled=closed error=list_error />
            }.into_any();
        }
        if let FieldKind::Pick { .. } = field.kind {
            return view! {
                <PickField run=run template=template step_index=index field=field on_set=set_value(field.id.as_str()) disabled=closed />
            }.into_any();
        }
        let input_id = format!("f-{}-{}", step.id, field.id);
        let grouped = matches!(field.kind, FieldKind::YesNo | FieldKind::MultipleChoice { .. });
        let value = Signal::derive(move || run.with(|r| r.steps.get(index).and_then(|s| s.values.get(&field.id).cloned())));
        let input = view! { <FieldInput field=field value=value on_set=set_value(field.id.as_str()) disabled=closed input_id=input_id.clone() /> };
        if grouped {
            view! {
                <fieldset class="field">
                    <legend>{label_text(field)}</legend>
                    {input}
                </fieldset>
            }.into_any()
        } else {
            view! {
                <div class="field">
                    <label for=input_id>{label_text(field)}</label>
                    {input}
                </div>
            }.into_any()
        }
    }).collect_view();

    let outcome_buttons = step.outcomes.iter().map(|outcome| {
        let id: &'static str = outcome.id.as_str();
        view! {
            <button type="button" class="secondary" prop:disabled=closed
                on:click=move |_| { reason.set(String::new()); pending.set(Pending::Outcome(id)); }>
                {outcome.label.clone()}
            </button>
        }
    }).collect_view();

    let apply_forms = apply.clone();
    let secondary_form = move || {
        let apply = apply_forms.clone();
        match pending.get() {
            Pending::None => ().into_any(),
            Pending::Block => view! {
                <form class="action-form" on:submit=move |ev| {
                    ev.prevent_default();
                    apply(RunChange::Block { step: step.id.clone(), reason: reason.get_untracked(), escalated_to: escalated_to.get_untracked() });
                }>
                    <label>"Why is the step blocked? "
                        <textarea rows="2" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    </label>
                    <label>"Escalated to "
                        <input type="text" prop:value=move || escalated_to.get() on:input=move |ev| escalated_to.set(event_target_value(&ev)) />
                    </label>
                    <button type="submit">"Block step"</button>
                    <button type="button" on:click=move |_| pending.set(Pending::None)>"Cancel"</button>
                </form>
            }.into_any(),
            Pending::NotApplicable => view! {
                <form class="action-form" on:submit=move |ev| {
                    ev.prevent_default();
                    apply(RunChange::MarkNotApplicable { step: step.id.clone(), reason: reason.get_untracked() });
                }>
                    <label>"Why does the step not apply? "
                        <textarea rows="2" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    </label>
                    <button type="submit">"Confirm not applicable"</button>
                    <button type="button" on:click=move |_| pending.set(Pending::None)>"Cancel"</button>
                </form>
            }.into_any(),
            Pending::Outcome(id) => {
                let Some(outcome) = step.outcome(id) else { return ().into_any() };
                let escalation = outcome.escalate_to.as_deref().map(|role| format!("Escalates to {}.", template.role_name(role)));
                let loop_to = outcome.go_to.as_deref().and_then(|s| template.step_index(s)).map(|i| format!("Returns to step {}: {}.", i + 1, template.steps[i].title));
                view! {
                    <form class="action-form" on:submit=move |ev| {
                        ev.prevent_default();
                        apply(RunChange::TakeOutcome { step: step.id.clone(), outcome: id.to_owned(), note: reason.get_untracked() });
                    }>
                        <h3>{outcome.label.clone()}</h3>
                        <p>{outcome.description.clone()}</p>
                        {escalation.map(|e| view! { <p><strong>{e}</strong></p> })}
                        {loop_to.map(|l| view! { <p><strong>{l}</strong></p> })}
                        <label>"What happened? "
                            <textarea rows="2" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                        </label>
                        <button type="submit">{format!("Confirm: {}", outcome.label)}</button>
                        <button type="button" on:click=move |_| pending.set(Pending::None)>"Cancel"</button>
                    </form>
                }.into_any()
            }
        }
    };

    let apply_complete = apply.clone();
    let apply_reopen = apply.clone();
    let apply_due = apply.clone();
    let apply_notes = {
        let run_id = run_id.clone();
        move |notes: String| {
            if let Err(e) = state.apply(
                &run_id,
                RunChange::SetNotes {
                    step: step.id.clone(),
                    notes,
                },
            ) {
                feedback.set(Some(Feedback::Message(e.to_string())));
            }
        }
    };
    let history = move || {
        run.with(|r| {
            r.steps
                .get(index)
                .map(|s| s.outcomes_taken.clone())
                .unwrap_or_default()
        })
    };

    view! {
        <section class="step-panel" aria-labelledby=heading_id.clone()>
            <h2 id=heading_id.clone()>{format!("Step {} of {}: {}", index + 1, total, step.title)}</h2>
            <p class="meta">"Responsible: " {role_line} " · "
                <StatusBadge key=Signal::derive(move || status.get().key()) label=Signal::derive(move || status.get().label()) />
            </p>
            {move || match status.get() {
                StepStatus::Blocked { reason, escalated_to } => Some(view! { <p class="status-detail">{format!("Blocked: {reason}. Escalated to {escalated_to}.")}</p> }.into_any()),
                StepStatus::NotApplicable { reason } => Some(view! { <p class="status-detail">{format!("Not applicable: {reason}.")}</p> }.into_any()),
                StepStatus::Done => run.with(|r| r.steps.get(index).map(|s| {
                    let by = s.completed_by.clone().unwrap_or_default();
                    let at = s.completed_at.map(local_time).unwrap_or_default();
                    view! { <p class="status-detail">{format!("Completed by {by} on {at}.")}</p> }.into_any()
                })),
                _ => None,
            }}
            <p class="instruction">{step.instruction.clone()}</p>
            <div class="field due-field">
                <label for=format!("due-{}", step.id)>"Due date"</label>
                <input type="date" id=format!("due-{}", step.id)
                    prop:disabled=move || locked || run_locked.get()
                    prop:value=move || {
                        due_refresh.track();
                        derived_due().map(|d| d.to_string()).unwrap_or_default()
                    }
                    on:change=move |ev| {
                        let due = parse_date(&event_target_value(&ev));
                        apply_due(RunChange::SetDue { step: step.id.clone(), due });
                    } />
                <small class="help">{move || if manual_due().is_some() { "Set by hand. Clear it to use the SOP's default." } else { "From the SOP's default, if it has one." }}</small>
            </div>
            {(!step.checks.is_empty()).then(|| view! {
                <fieldset class="checks">
                    <legend>"Checks"</legend>
                    {checks}
                </fieldset>
            })}
            <div class="fields">{fields}</div>
            {move || list_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <div class="field">
                <label for=format!("notes-{}", step.id)>"Notes"</label>
                <textarea id=format!("notes-{}", step.id) rows="3"
                    prop:disabled=move || locked || run_locked.get()
                    prop:value=move || run.with(|r| r.steps.get(index).map(|s| s.notes.clone()).unwrap_or_default())
                    on:input=move |ev| apply_notes(event_target_value(&ev))></textarea>
            </div>
            {move || {
                let taken = history();
                (!taken.is_empty()).then(|| view! {
                    <div class="outcome-history">
                        <h3>"Branches taken"</h3>
                        <ul>
                            {taken.into_iter().map(|o| {
                                let label = step.outcome(&o.outcome_id).map(|d| d.label.clone()).unwrap_or(o.outcome_id.clone());
                                view! { <li>{format!("{} · {} · {}: {}", local_time(o.at), o.who, label, o.note)}</li> }
                            }).collect_view()}
                        </ul>
                    </div>
                })
            }}
            {step.versioned.then(|| view! {
                {move || {
                    let versions = run.with(|r| r.steps.get(index).map(|s| s.versions.clone()).unwrap_or_default());
                    (!versions.is_empty()).then(|| view! {
                        <div class="draft-versions">
                            <h3>"Versions"</h3>
                            <ol>
                                {versions.into_iter().map(|v| view! {
                                    <li>{format!("Version {} — completed by {} on {}", v.number, v.who, local_time(v.at))}</li>
                                }).collect_view()}
                            </ol>
                        </div>
                    })
                }}
            })}
            {move || feedback.get().map(|f| match f {
                Feedback::Missing(items) => view! {
                    <div class="feedback error" role="alert">
                        <p><strong>"This step cannot be completed yet. Still missing:"</strong></p>
                        <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
                    </div>
                }.into_any(),
                Feedback::Message(m) => view! { <p class="feedback error" role="alert">{m}</p> }.into_any(),
            })}
            <div class="actions">
                {move || {
                    let apply_complete = apply_complete.clone();
                    let apply_reopen = apply_reopen.clone();
                    let s = status.get();
                    let reopen = RunChange::Reopen { step: step.id.clone() };
                    let complete = RunChange::Complete { step: step.id.clone() };
                    let block = RunChange::Block { step: step.id.clone(), reason: String::new(), escalated_to: String::new() };
                    let skip = RunChange::MarkNotApplicable { step: step.id.clone(), reason: String::new() };
                    if s.is_closed() || matches!(s, StepStatus::Blocked { .. }) {
                        view! {
                            <button type="button" prop:disabled=move || refused(reopen.clone()) on:click=move |_| apply_reopen(RunChange::Reopen { step: step.id.clone() })>"Reopen step"</button>
                        }.into_any()
                    } else {
                        view! {
                            <button type="button" class="primary" prop:disabled=move || refused(complete.clone()) on:click=move |_| apply_complete(RunChange::Complete { step: step.id.clone() })>"Complete step"</button>
                            <button type="button" prop:disabled=move || refused(block.clone()) on:click=move |_| { reason.set(String::new()); pending.set(Pending::Block); }>"Block or escalate"</button>
                            {step.skippable.then(|| view! {
                                <button type="button" prop:disabled=move || refused(skip.clone()) on:click=move |_| { reason.set(String::new()); pending.set(Pending::NotApplicable); }>"Mark not applicable"</button>
                            })}
                        }.into_any()
                    }
                }}
                {outcome_buttons}
            </div>
            {secondary_form}
            <nav class="step-pager" aria-label="Step navigation">
                {previous.map(|p| view! { <a href=routes::step(&run_id, &p.id) rel="prev">"Previous step"</a> })}
                {next.map(|n| view! { <a href=routes::step(&run_id, &n.id) rel="next">"Next step"</a> })}
            </nav>
        </section>
    }.into_any()
}
