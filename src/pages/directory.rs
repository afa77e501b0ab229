//! The reference directory: every reference recorded in any program run,
//! with the columns the domain works out for it (consent per use, last used,
//! uses in the window, tolerance, briefed on). A page of rows at a time, so
//! a program of hundreds of references never draws them all at once.

use leptos::prelude::*;

use crate::browser::base_path::href;
use crate::browser::clock::today;
use crate::browser::download::offer;
use crate::domain::export::Download;
use crate::domain::reference::directory::{
    DirectoryFilter, Listed, SortBy, facets, filter, listing,
};
use crate::domain::reference::directory_columns::{ConsentMark, Tolerance};
use crate::domain::reference::export::{directory_csv, interactions_csv};
use crate::domain::reference::ids;
use crate::domain::reference::model::{ConsentUse, Reference, ReferenceStatus, ReferenceType};
use crate::domain::reference::retention::{past_retention, retention_records};
use crate::ui::page_title::use_page_title;
use crate::ui::reference_data::use_directory;
use crate::ui::routes;

/// The status filter's value for references whose consent was withdrawn.
const WITHDRAWN: &str = "consent-withdrawn";

/// Rows drawn at once, and added by each "Show more": 50 rows of 15 columns
/// took 12 ms to lay out, and 25 already fill more than a screen.
const PAGE: usize = 25;

/// One row of the table, as the directory lists the reference: the domain's
/// values put into words, nothing decided here.
#[derive(Clone, PartialEq)]
struct Shown {
    reference: Reference,
    approved: String,
    status: String,
    consent: Vec<String>,
    last_used: String,
    uses: String,
    tolerance: String,
    briefed_on: String,
}

impl Shown {
    fn of(l: &Listed<'_>) -> Shown {
        let c = &l.columns;
        let day =
            |d: Option<chrono::NaiveDate>| d.map_or_else(|| "Never".to_owned(), |d| d.to_string());
        Shown {
            reference: l.reference.clone(),
            approved: l.approved_text(),
            status: l.status_text(),
            consent: c
                .consents
                .iter()
                .map(|u| match u.expires_on {
                    Some(on) => {
                        format!("{}: {} (until {on})", u.consent_use.label(), u.mark.label())
                    }
                    None => format!("{}: {}", u.consent_use.label(), u.mark.label()),
                })
                .collect(),
            last_used: day(c.last_used),
            uses: c.usage.as_ref().map_or_else(
                || "Tolerance not set".to_owned(),
                |u| {
                    let used: Vec<String> = u
                        .by_type
                        .iter()
                        .filter(|t| t.uses > 0)
                        .map(|t| format!("{} {}", t.kind.label(), t.uses))
                        .collect();
                    let used = if used.is_empty() {
                        "None".to_owned()
                    } else {
                        used.join(", ")
                    };
                    format!(
                        "{used} (limit {} per type in {} days)",
                        u.limit, u.window_days
                    )
                },
            ),
            tolerance: c.usage.as_ref().map_or_else(
                || "Not set".to_owned(),
                |u| {
                    let overall = u.overall();
                    let types: Vec<&str> = u
                        .by_type
                        .iter()
                        .filter(|t| t.tolerance == overall && overall != Tolerance::Free)
                        .map(|t| t.kind.label())
                        .collect();
                    if types.is_empty() {
                        overall.label().to_owned()
                    } else {
                        format!("{}: {}", overall.label(), types.join(", "))
                    }
                },
            ),
            briefed_on: day(c.briefed_on),
        }
    }
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
    let tolerance = RwSignal::new(String::new());
    let consent = RwSignal::new(String::new());
    let consent_use = RwSignal::new(String::new());
    let sort = RwSignal::new(SortBy::Name.id().to_owned());
    let visible = RwSignal::new(PAGE);
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
        tolerance: Tolerance::from_id(&tolerance.get()),
        consent: ConsentMark::from_id(&consent.get()),
        consent_use: ConsentUse::from_id(&consent_use.get()),
        sort: SortBy::from_id(&sort.get()).unwrap_or_default(),
    });
    // A new question starts again from the first page.
    Effect::watch(
        move || current.track(),
        move |_, _, _| visible.set(PAGE),
        false,
    );
    let shown = Memo::new(move |_| {
        extracted.with(|e| {
            let listed = listing(&e.directory, today());
            filter(&listed, &current.get())
                .into_iter()
                .map(Shown::of)
                .collect::<Vec<_>>()
        })
    });
    let count = move || shown.with(Vec::len);
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
                    {select("Tolerance", tolerance, Signal::derive(|| Tolerance::ALL.iter().map(|t| (t.id().to_owned(), t.label().to_owned())).collect()))}
                    {select("Consent", consent, Signal::derive(|| ConsentMark::ALL.iter().map(|m| (m.id().to_owned(), m.label().to_owned())).collect()))}
                    {select("For use", consent_use, Signal::derive(|| ConsentUse::ALL.iter().map(|u| (u.id().to_owned(), u.label().to_owned())).collect()))}
                    <label>"Sort by "
                        <select prop:value=move || sort.get() on:change=move |ev| sort.set(event_target_value(&ev))>
                            {SortBy::ALL.iter().map(|s| view! { <option value=s.id()>{s.label()}</option> }).collect_view()}
                        </select>
                    </label>
                </form>
                <div class="page-actions">
                    <button type="button" on:click=export_directory>"Export directory (CSV)"</button>
                    <button type="button" on:click=export_interactions>"Export interactions (CSV)"</button>
                    {move || message.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
                </div>
                <div class="table-scroll" role="region" aria-label="References table" tabindex="0">
                <table class="summary-table directory-table" aria-label="References">
                    <thead><tr>
                        <th scope="col">"Reference"</th><th scope="col">"Title"</th><th scope="col">"Industry"</th>
                        <th scope="col">"Product"</th><th scope="col">"Approved for"</th><th scope="col">"Region · time zone"</th>
                        <th scope="col">"Availability"</th><th scope="col">"Status"</th><th scope="col">"Program run"</th>
                        <th scope="col">"Consent"</th><th scope="col">"Last used"</th><th scope="col">"Uses in window"</th>
                        <th scope="col">"Tolerance"</th><th scope="col">"Briefed on"</th>
                    </tr></thead>
                    <tbody>
                        {move || shown.with(|rows| rows.iter().take(visible.get()).cloned().collect::<Vec<_>>()).into_iter().map(|row| {
                            let Shown { reference: r, approved, status, consent, last_used, uses, tolerance, briefed_on } = row;
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
                                    <td class="run"><a href=link>{run_title}</a></td>
                                    <td><ul class="consent-list">{consent.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul></td>
                                    <td class="date">{last_used}</td>
                                    <td>{uses}</td>
                                    <td>{tolerance}</td>
                                    <td class="date">{briefed_on}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
                <p class="meta" role="status">{move || {
                    let (found, all) = (count(), extracted.with(|e| e.directory.references.len()));
                    let on_screen = found.min(visible.get());
                    if found == all {
                        format!("Showing {on_screen} of {all} references")
                    } else {
                        format!("Showing {on_screen} of {found} references ({all} in all)")
                    }
                }}</p>
                <Show when=move || visible.get() < count()>
                    <button type="button" on:click=move |_| visible.update(|v| *v += PAGE)>
                        {move || format!("Show {} more", (count() - visible.get()).min(PAGE))}
                    </button>
                </Show>
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
