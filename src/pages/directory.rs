//! The reference directory: every reference recorded in any program run.

use leptos::prelude::*;

use crate::browser::base_path::href;
use crate::browser::clock::today;
use crate::browser::download::offer;
use crate::domain::export::Download;
use crate::domain::reference::directory::{DirectoryFilter, facets, filter, listing};
use crate::domain::reference::export::{directory_csv, interactions_csv};
use crate::domain::reference::ids;
use crate::domain::reference::model::{Reference, ReferenceStatus, ReferenceType};
use crate::domain::reference::retention::{past_retention, retention_records};
use crate::ui::page_title::use_page_title;
use crate::ui::reference_data::use_directory;
use crate::ui::routes;

/// The status filter's value for references whose consent was withdrawn.
const WITHDRAWN: &str = "consent-withdrawn";

/// One row of the table, as the directory lists the reference.
#[derive(Clone, PartialEq)]
struct Shown {
    reference: Reference,
    approved: String,
    status: String,
}

/// Search and filter references, export them, and see records past retention.
#[component]
pub fn DirectoryPage() -> impl IntoView {
    use_page_title(|| "References".to_owned());
    let extracted = use_directory();
    let text = RwSignal::new(String::new());
    let industry = RwSignal::new(String::new());
    let product = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let place = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let some = |s: RwSignal<String>| Some(s.get()).filter(|v| !v.is_empty());
    let current = Memo::new(move |_| DirectoryFilter {
        text: text.get(),
        industry: some(industry),
        product: some(product),
        kind: ReferenceType::from_id(&kind.get()),
        place: some(place),
        status: ReferenceStatus::from_id(&status.get()),
        consent_withdrawn: status.get() == WITHDRAWN,
    });
    let shown = Memo::new(move |_| {
        extracted.with(|e| {
            let listed = listing(&e.directory, today());
            filter(&listed, &current.get())
                .into_iter()
                .map(|l| Shown {
                    reference: l.reference.clone(),
                    approved: l.approved_text(),
                    status: l.status_text(),
                })
                .collect::<Vec<_>>()
        })
    });
    let facet_values = Memo::new(move |_| extracted.with(|e| facets(&e.directory.references)));
    let export_directory = move |_| {
        let csv = extracted.with(|e| {
            let listed = listing(&e.directory, today());
            directory_csv(
                filter(&listed, &current.get_untracked()),
                &e.directory.programs,
            )
        });
        message.set(offer(&Download::reference_directory(csv, today())).err());
    };
    let export_interactions = move |_| {
        let csv = extracted
            .with(|e| interactions_csv(e.directory.interactions.iter(), &e.directory.programs));
        message.set(offer(&Download::reference_interactions(csv, today())).err());
    };
    let select = |label: &'static str,
                  signal: RwSignal<String>,
                  options: Signal<Vec<(String, String)>>| {
        view! {
            <label>{label}" "
                <select prop:value=move || signal.get() on:change=move |ev| signal.set(event_target_value(&ev))>
                    <option value="">"Any"</option>
                    {move || options.get().into_iter().map(|(value, text)| view! { <option value=value>{text}</option> }).collect_view()}
                </select>
            </label>
        }
    };
    let pairs = |values: Vec<String>| {
        values
            .into_iter()
            .map(|v| (v.clone(), v))
            .collect::<Vec<_>>()
    };
    let empty = move || extracted.with(|e| e.directory.references.is_empty());
    let past = Memo::new(move |_| {
        extracted.with(|e| {
            let records = retention_records(&e.directory.programs);
            past_retention(&records, today())
                .into_iter()
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="page">
            <h1>"Reference directory"</h1>
            <p class="lead">"Every customer reference recorded in any run of the Customer Reference Program, with what they may be asked for. "
                <a href=href("/references/match")>"Match a request"</a>"."</p>
            <Show when=move || !empty() fallback=|| view! {
                <div class="empty-state">
                    <p><strong>"No references yet."</strong></p>
                    <p>"Start a Customer Reference Program run from the "<a href=href("/")>"Catalogue"</a>
                        " and record reference profiles in its step 5; they appear here, ready to be matched to requests."</p>
                </div>
            }>
                <form class="filters" on:submit=|ev| ev.prevent_default()>
                    <label>"Search references "
                        <input type="search" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) />
                    </label>
                    {select("Industry", industry, Signal::derive(move || pairs(facet_values.get().industries)))}
                    {select("Product", product, Signal::derive(move || pairs(facet_values.get().products)))}
                    {select("Reference type", kind, Signal::derive(|| ReferenceType::ALL.iter().map(|k| (k.id().to_owned(), k.label().to_owned())).collect()))}
                    {select("Region or time zone", place, Signal::derive(move || pairs(facet_values.get().places)))}
                    {select("Status", status, Signal::derive(|| ReferenceStatus::ALL.iter().map(|k| (k.id().to_owned(), k.label().to_owned()))
                        .chain(std::iter::once((WITHDRAWN.to_owned(), "Consent withdrawn".to_owned()))).collect()))}
                </form>
                <div class="page-actions">
                    <button type="button" on:click=export_directory>"Export directory (CSV)"</button>
                    <button type="button" on:click=export_interactions>"Export interactions (CSV)"</button>
                    {move || message.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
                </div>
                <table class="summary-table directory-table" aria-label="References">
                    <thead><tr>
                        <th scope="col">"Reference"</th><th scope="col">"Title"</th><th scope="col">"Industry"</th>
                        <th scope="col">"Product"</th><th scope="col">"Approved for"</th><th scope="col">"Region · time zone"</th>
                        <th scope="col">"Availability"</th><th scope="col">"Status"</th><th scope="col">"Program run"</th>
                    </tr></thead>
                    <tbody>
                        {move || shown.get().into_iter().map(|Shown { reference: r, approved, status }| {
                            let run_title = extracted.with(|e| e.directory.program(&r.key.run_id).map(|p| p.title.clone()).unwrap_or_default());
                            let link = routes::step(&r.key.run_id, ids::references::STEP);
                            view! {
                                <tr>
                                    <td>{r.display_name()}</td>
                                    <td>{r.title.clone()}</td>
                                    <td>{r.industry.clone()}</td>
                                    <td>{r.product.clone()}</td>
                                    <td>{approved}</td>
                                    <td>{format!("{} · {}", r.region, r.time_zone)}</td>
                                    <td>{r.availability.label()}</td>
                                    <td>{status}</td>
                                    <td><a href=link>{run_title}</a></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                <p class="meta">{move || format!("{} of {} references shown", shown.with(Vec::len), extracted.with(|e| e.directory.references.len()))}</p>
            </Show>
            <section aria-labelledby="retention-heading">
                <h2 id="retention-heading">"Records past their retention date"</h2>
                {move || {
                    let records = past.get();
                    if records.is_empty() {
                        view! { <p>"None: no closed program run has passed its keep-until date."</p> }.into_any()
                    } else {
                        view! {
                            <ul>
                                {records.into_iter().map(|r| view! {
                                    <li><a href=routes::step(&r.run_id, ids::closure::STEP)>{r.title}</a>
                                        {format!(" — keep until {}", r.retain_until)}</li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                }}
            </section>
            {move || {
                let problems = extracted.with(|e| e.problems.iter().map(ToString::to_string).collect::<Vec<_>>());
                (!problems.is_empty()).then(|| view! {
                    <details class="extract-problems">
                        <summary>{format!("{} record(s) could not be read into the directory", problems.len())}</summary>
                        <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                    </details>
                })
            }}
        </section>
    }
}
