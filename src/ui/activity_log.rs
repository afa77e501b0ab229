//! The run's activity log, newest first.

use leptos::prelude::*;

use crate::browser::clock::local_time;
use crate::domain::run::Run;

/// A table of every recorded change.
#[component]
pub fn ActivityLog(run: RwSignal<Run>) -> impl IntoView {
    view! {
        <section class="activity" aria-labelledby="activity-heading">
            <h2 id="activity-heading">"Activity log"</h2>
            <table>
                <thead>
                    <tr><th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"What"</th><th scope="col">"From"</th><th scope="col">"To"</th></tr>
                </thead>
                <tbody>
                    {move || run.with(|r| r.activity.iter().rev().map(|e| view! {
                        <tr>
                            <td>{local_time(e.at)}</td>
                            <td>{e.who.clone()}</td>
                            <td>{e.what.clone()}</td>
                            <td>{e.old.clone().unwrap_or_default()}</td>
                            <td>{e.new.clone().unwrap_or_default()}</td>
                        </tr>
                    }).collect_view())}
                </tbody>
            </table>
        </section>
    }
}
