//! The program overview: what needs attention across every program run, as
//! counts linking to the records behind them. The sections are the domain's
//! ([`ProgramOverview`]); this page only lays them out.

use leptos::prelude::*;

use crate::browser::clock::today;
use crate::browser::focus::focus_soon_owned;
use crate::domain::paging::thousands;
use crate::domain::reference::overview::{EXPIRY_HORIZON_DAYS, Place, ProgramOverview};
use crate::ui::page_title::use_page_title;
use crate::ui::reference_data::use_directory;
use crate::ui::routes;
use crate::ui::show_more::ShowMore;
use crate::ui::status_badge::OverdueFlag;

/// One item of a section: a link to its record and what else is known of it.
struct Item {
    place: Place,
    name: String,
    details: Vec<String>,
    overdue: bool,
}

impl Item {
    fn new(place: &Place, name: impl Into<String>, details: Vec<String>) -> Item {
        Item {
            place: place.clone(),
            name: name.into(),
            details,
            overdue: false,
        }
    }
}

/// A section: its heading's id (the summary links to it), heading, what an
/// empty one says, and its items.
struct Section {
    id: &'static str,
    heading: &'static str,
    empty: String,
    items: Vec<Item>,
}

/// "in 3 days", "tomorrow", "today".
fn days_left(days: u32) -> String {
    match days {
        0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        n => format!("in {n} days"),
    }
}

fn sections(o: &ProgramOverview) -> Vec<Section> {
    vec![
        Section {
            id: "active-references",
            heading: "Active references",
            empty: "None: no reference is active in a program run that is still open.".to_owned(),
            items: o
                .active_references
                .iter()
                .map(|r| Item::new(&r.place, &r.name, vec![]))
                .collect(),
        },
        Section {
            id: "open-requests",
            heading: "Open requests",
            empty: "None: every request is done, declined or cancelled.".to_owned(),
            items: o
                .open_requests
                .iter()
                .map(|r| Item {
                    overdue: r.overdue,
                    ..Item::new(
                        &r.place,
                        &r.what,
                        vec![
                            r.state.label().to_owned(),
                            match r.age_days {
                                Some(1) => "received 1 day ago".to_owned(),
                                Some(n) => format!("received {n} days ago"),
                                None => "day received not recorded".to_owned(),
                            },
                            match r.needed_by {
                                Some(d) => format!("needed by {d}"),
                                None => "no date needed".to_owned(),
                            },
                        ],
                    )
                })
                .collect(),
        },
        Section {
            id: "over-tolerance",
            heading: "References at or over tolerance",
            empty: "None: no reference has reached the usage limit for any type.".to_owned(),
            items: o
                .over_tolerance
                .iter()
                .map(|t| {
                    let count = format!(
                        "{}: {} of {} in {} days",
                        t.kind.label(),
                        t.count,
                        t.limit,
                        t.window_days
                    );
                    Item::new(&t.place, &t.name, vec![count])
                })
                .collect(),
        },
        Section {
            id: "expiring-consents",
            heading: "Consent expiring soon",
            empty: format!("None: no verified consent ends within {EXPIRY_HORIZON_DAYS} days."),
            items: o
                .expiring_consents
                .iter()
                .map(|c| {
                    let ends = format!(
                        "{} consent ends on {}, {}",
                        c.consent_use.label(),
                        c.on,
                        days_left(c.days_left)
                    );
                    Item::new(&c.place, &c.name, vec![ends])
                })
                .collect(),
        },
        Section {
            id: "open-escalations",
            heading: "Open escalations",
            empty: "None: every escalation has its outcome recorded.".to_owned(),
            items: o
                .open_escalations
                .iter()
                .map(|e| {
                    let mut details = vec![e.kind.label().to_owned()];
                    details.extend(
                        e.escalated_to
                            .map(|t| format!("to the {}", t.label().to_lowercase())),
                    );
                    details.extend(e.date.map(|d| format!("on {d}")));
                    Item::new(&e.place, &e.name, details)
                })
                .collect(),
        },
        Section {
            id: "past-retention",
            heading: "Records past retention",
            empty: "None: no closed program run has passed its keep-until date.".to_owned(),
            items: o
                .past_retention
                .iter()
                .map(|r| {
                    let until = format!("keep until {}", r.retain_until);
                    Item::new(&r.place, r.place.run_title.clone(), vec![until])
                })
                .collect(),
        },
    ]
}

/// Items drawn at first in a section, and added by each "Show more": a
/// program of 500 references lists them all as active, and drawing every item
/// of every section made the page slow to open.
const SHOWN_AT_ONCE: usize = 25;

/// One item: a link to its record, then what else is known of it.
fn item_view(item: &Item) -> impl IntoView + use<> {
    let link = routes::step(&item.place.run_id, item.place.step_id);
    let mut details = item.details.clone();
    if item.place.run_title != item.name {
        details.push(item.place.run_title.clone());
    }
    view! {
        <li>
            <a href=link>{item.name.clone()}</a>
            {item.overdue.then(|| view! { " " <OverdueFlag /> })}
            <span class="meta">{details.join(" · ")}</span>
        </li>
    }
}

/// A section's items, the first [`SHOWN_AT_ONCE`] of them and a button for
/// more, or in words that there are none.
fn section_view(section: Section) -> impl IntoView {
    let Section {
        id,
        heading,
        empty,
        items,
    } = section;
    let total = items.len();
    let body = if items.is_empty() {
        view! { <p>{empty}</p> }.into_any()
    } else {
        let items = StoredValue::new(items);
        let shown = RwSignal::new(SHOWN_AT_ONCE.min(total));
        let list_id = format!("{id}-items");
        view! {
            <ul class="overview-items" id=list_id.clone()>
                <For each=move || 0..shown.get() key=|at| *at let:at>
                    {items.with_value(|items| item_view(&items[at]))}
                </For>
            </ul>
            <ShowMore shown=shown total=total step=SHOWN_AT_ONCE label=format!("Show more: {heading}")
                describe=|shown, total| format!("The first {} of {}.", thousands(shown), thousands(total))
                list=format!("#{list_id}") />
        }
        .into_any()
    };
    view! {
        <section class="overview-section" aria-labelledby=id>
            <h2 id=id>{heading}</h2>
            {body}
        </section>
    }
}

/// Counts of what needs attention in the program, each linking to its records.
#[component]
pub fn OverviewPage() -> impl IntoView {
    use_page_title(|| "Program overview".to_owned());
    let extracted = use_directory();
    let overview =
        Memo::new(move |_| extracted.with(|e| ProgramOverview::of(&e.directory, today())));
    view! {
        <section class="page">
            <h1>"Program overview"</h1>
            <p class="lead">"What needs attention across every run of the Customer Reference Program. Each count links to its records."</p>
            {move || {
                let all = overview.with(sections);
                view! {
                    <ul class="overview-counts" aria-label="Counts">
                        {all.iter().map(|s| {
                            let (id, text) = (s.id, format!("{}: {}", s.heading, s.items.len()));
                            // The page has a <base>, so "#id" alone would leave
                            // the page: move to the section here (as the skip link does).
                            view! {
                                <li><a href=format!("#{id}") on:click=move |ev| {
                                    ev.prevent_default();
                                    focus_soon_owned(format!("#{id}"));
                                }>{text}</a></li>
                            }
                        }).collect_view()}
                    </ul>
                    {all.into_iter().map(section_view).collect_view()}
                }
            }}
        </section>
    }
}
