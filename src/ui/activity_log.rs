//! The run's activity log, newest first, a page of entries at a time: a
//! program that runs for years logs tens of thousands of changes, and drawing
//! them all on every edit would make typing crawl.

use leptos::prelude::*;

use crate::browser::clock::local_time;
use crate::domain::activity::entry::ActivityEntry;
use crate::domain::paging::thousands;
use crate::domain::run::Run;
use crate::ui::show_more::ShowMore;

/// Entries shown at first, and added by each "Show older changes".
const SHOWN_AT_ONCE: usize = 50;

/// A table of the newest recorded changes, with a button for older ones.
#[component]
pub fn ActivityLog(run: RwSignal<Run>) -> impl IntoView {
    let shown = RwSignal::new(SHOWN_AT_ONCE);
    // Only the entries drawn are copied; an edit that merges into the newest
    // entry changes one row.
    let newest = Memo::new(move |_| {
        let n = shown.get();
        run.with(|r| {
            r.activity
                .iter()
                .rev()
                .take(n)
                .cloned()
                .collect::<Vec<ActivityEntry>>()
        })
    });
    let total = Memo::new(move |_| run.with(|r| r.activity.len()));
    view! {
        // Focusable: on a narrow screen the log scrolls sideways, and a
        // keyboard reaches what is scrolled only through a focusable region.
        <section class="activity" aria-labelledby="activity-heading" tabindex="0">
            <h2 id="activity-heading">"Activity log"</h2>
            <table>
                <thead>
                    <tr><th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"What"</th><th scope="col">"From"</th><th scope="col">"To"</th></tr>
                </thead>
                <tbody id="activity-rows">
                    // Keyed by each entry's hash: an edit merged into the newest
                    // entry re-draws that row only.
                    <For each=move || newest.get() key=|e| (e.hash.clone(), e.at) let:e>
                        <tr>
                            <td>{local_time(e.at)}</td>
                            <td>{e.who.clone()}</td>
                            <td>{e.what.clone()}</td>
                            <td>{e.old.clone().unwrap_or_default()}</td>
                            <td>{e.new.clone().unwrap_or_default()}</td>
                        </tr>
                    </For>
                </tbody>
            </table>
            <ShowMore shown=shown total=total step=SHOWN_AT_ONCE label="Show older changes".to_owned()
                describe=|shown, total| format!("The newest {} of {} changes.", thousands(shown), thousands(total))
                list="#activity-rows".to_owned() />
        </section>
    }
}
