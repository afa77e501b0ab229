//! Who does what in a run.

use leptos::prelude::*;

use crate::domain::change::RunChange;
use crate::domain::run::Run;
use crate::domain::template::Template;
use crate::ui::state::AppState;

/// One labelled input per role; changes are logged when the field is left.
#[component]
pub fn RolesForm(run_id: String, run: RwSignal<Run>, template: &'static Template) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <section class="roles" aria-labelledby="roles-heading">
            <h2 id="roles-heading">"Roles"</h2>
            <div class="roles-grid">
                {template.roles.iter().map(|role| {
                    let role_id = role.id.clone();
                    let run_id = run_id.clone();
                    let value_role = role.id.clone();
                    view! {
                        <label>
                            <span class="label-text">{role.name.clone()}</span>
                            <input type="text"
                                title=role.description.clone()
                                prop:value=move || run.with(|r| r.assignments.get(&value_role).cloned().unwrap_or_default())
                                on:change=move |ev| {
                                    let _ = state.apply(&run_id, RunChange::Assign { role: role_id.clone(), person: event_target_value(&ev) });
                                } />
                        </label>
                    }
                }).collect_view()}
            </div>
        </section>
    }
}
