//! The ordered list of steps with their status.

use leptos::prelude::*;

use crate::browser::clock::{today, zone};
use crate::domain::run::Run;
use crate::domain::schedule::{due_date, is_step_overdue};
use crate::domain::template::Template;
use crate::ui::routes;
use crate::ui::status_badge::{OverdueFlag, StatusBadge};

/// Every step as a link, marking the one in focus with `aria-current`.
#[component]
pub fn StepNav(
    run_id: String,
    run: RwSignal<Run>,
    template: &'static Template,
    focus: Memo<String>,
) -> impl IntoView {
    view! {
        <nav class="step-nav" aria-label="Steps">
            <ol>
                {template.steps.iter().enumerate().map(|(index, step)| {
                    let step_id = step.id.clone();
                    let current_id = step.id.clone();
                    let status = Memo::new(move |_| run.with(|r| r.steps.get(index).map(|s| s.status.clone()).unwrap_or_default()));
                    let overdue = move || run.with(|r| is_step_overdue(template, r, index, today(), zone()));
                    let due = move || run.with(|r| due_date(template, r, index, zone()));
                    view! {
                        <li class:current=move || focus.get() == current_id>
                            <a href=routes::step(&run_id, &step_id)
                                aria-current=move || (focus.get() == step_id).then_some("step")>
                                <span class="step-number">{index + 1}". "</span>
                                {step.title.clone()}
                            </a>
                            " "
                            <StatusBadge key=Signal::derive(move || status.get().key()) label=Signal::derive(move || status.get().label()) />
                            {move || due().map(|d| view! { <span class="due">" due " {d.format("%Y-%m-%d").to_string()}</span> })}
                            {move || overdue().then(|| view! { " " <OverdueFlag /> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </nav>
    }
}
