//! Who does what in a run.

use leptos::prelude::*;

use crate::domain::change::RunChange;
use crate::domain::procedure::registry::rules_for;
use crate::domain::run::Run;
use crate::domain::template::Template;
use crate::ui::state::AppState;

/// One labelled input per role; changes are logged when the field is left.
/// On a run its procedure locks (an archived program run), or one shown
/// read-only, the inputs are disabled; a refused change is said, and the input
/// goes back to what is stored.
#[component]
pub fn RolesForm(
    run_id: String,
    run: RwSignal<Run>,
    template: &'static Template,
    /// The whole run is read-only (saved by a newer app).
    #[prop(optional)]
    locked: bool,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let rules = rules_for(&template.id);
    let disabled = move || locked || run.with(|r| rules.locked(template, r).is_some());
    let error = RwSignal::new(None::<String>);
    // Bumped when a change is refused, so every input shows the stored value again.
    let refresh = RwSignal::new(0u32);
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
                                prop:disabled=disabled
                                prop:value=move || {
                                    refresh.track();
                                    run.with(|r| r.assignments.get(&value_role).cloned().unwrap_or_default())
                                }
                                on:change=move |ev| {
                                    match state.apply(&run_id, RunChange::Assign { role: role_id.clone(), person: event_target_value(&ev) }) {
                                        Ok(_) => error.set(None),
                                        Err(e) => {
                                            error.set(Some(e.to_string()));
                                            refresh.update(|n| *n = n.wrapping_add(1));
                                        }
                                    }
                                } />
                        </label>
                    }
                }).collect_view()}
            </div>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </section>
    }
}
