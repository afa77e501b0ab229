//! The printable summary of a run, rendered from the domain's [`Summary`].

use leptos::prelude::*;

use crate::domain::record_fit::{keep_whole, numeric_column, table_fit};
use crate::domain::summary::{DocumentSummary, Summary, SummaryValue};

/// The run as a finished document. Pure rendering: everything it shows comes from
/// the summary model, which the Markdown copy renders too.
#[component]
pub fn SummaryView(summary: Summary) -> impl IntoView {
    let Summary {
        sop_title,
        template_version,
        run_title,
        record_id,
        fingerprint,
        integrity_note,
        status,
        progress,
        started,
        updated,
        target,
        roles,
        steps,
        sign_off,
        activity,
        altered,
        document,
    } = summary;
    view! {
        <article class="summary-document">
            <header class="summary-head">
                <p class="summary-kicker">{format!("{sop_title} · template version {template_version}")}</p>
                <h1>{run_title}</h1>
                {altered.map(|a| view! { <p class="summary-warning" role="note"><strong>"Altered file. "</strong>{a}</p> })}
                <dl class="summary-facts">
                    <dt>"Status"</dt><dd>{format!("{status} — {} of {} steps", progress.closed, progress.total)}</dd>
                    <dt>"Started"</dt><dd>{started}</dd>
                    <dt>"Last change"</dt><dd>{updated}</dd>
                    <dt>"Target date"</dt><dd>{target.map(|d| d.to_string()).unwrap_or_else(|| "None".into())}</dd>
                    <dt>"Record id"</dt><dd><code>{record_id}</code></dd>
                    <dt>"Fingerprint"</dt><dd><code>{fingerprint}</code></dd>
                </dl>
                <p class="meta integrity-note">{integrity_note}</p>
            </header>
            {document.map(|doc| view! { <DocumentView doc=doc /> })}
            <section class="summary-section">
                <h2>"People"</h2>
                <table class="summary-table" tabindex="0">
                    <thead><tr><th scope="col">"Role"</th><th scope="col">"Person"</th></tr></thead>
                    <tbody>
                        {roles.into_iter().map(|(role, person)| view! { <tr><td>{role}</td><td>{person}</td></tr> }).collect_view()}
                    </tbody>
                </table>
            </section>
            <section class="summary-section">
                <h2>"Steps"</h2>
                {steps.into_iter().map(|step| view! {
                    <section class="summary-step">
                        <h3>
                            {format!("{}. {}", step.number, step.title)}
                            " "
                            <span class=format!("badge badge-{}", step.status_key)>{step.status}</span>
                        </h3>
                        <p class="meta">"Responsible: " {step.responsible}
                            {step.due.map(|d| format!(" · due {d}"))}</p>
                        {step.completed.map(|c| view! { <p class="meta">"Completed by " {c}</p> })}
                        {step.status_detail.map(|d| view! { <p class="summary-deviation">{d}</p> })}
                        {(!step.checks.is_empty()).then(|| view! {
                            <ul class="summary-checks">
                                {step.checks.into_iter().map(|(label, ticked)| view! {
                                    <li>
                                        <span class="tick" aria-hidden="true">{if ticked { "☑" } else { "☐" }}</span>
                                        " " {label}
                                        <span class="visually-hidden">{if ticked { " (ticked)" } else { " (not ticked)" }}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        })}
                        {step.values.into_iter().map(|value| match value {
                            SummaryValue::Single { label, text } => view! {
                                <div class="summary-value"><span class="summary-label">{label}</span><span class="summary-text">{text}</span></div>
                            }.into_any(),
                            SummaryValue::Table { label, columns, rows } => view! {
                                <div class="summary-value">
                                    <span class="summary-label">{label}</span>
                                    <RecordTable columns=columns rows=rows />
                                </div>
                            }.into_any(),
                        }).collect_view()}
                        {(!step.notes.trim().is_empty()).then(|| view! {
                            <div class="summary-value"><span class="summary-label">"Notes"</span><span class="summary-text">{step.notes}</span></div>
                        })}
                        {(!step.outcomes.is_empty()).then(|| view! {
                            <div class="summary-value summary-deviation">
                                <span class="summary-label">"Branches and escalations"</span>
                                <ul>{step.outcomes.into_iter().map(|o| view! { <li>{o}</li> }).collect_view()}</ul>
                            </div>
                        })}
                    </section>
                }).collect_view()}
            </section>
            <section class="summary-section summary-sign-off">
                <h2>"Sign-off"</h2>
                // On a phone its columns, never narrower than their words, scroll
                // in the table's own box: it takes focus, to be scrolled by keyboard.
                <table class="summary-table sign-off" tabindex="0" aria-label="Sign-off">
                    <thead><tr><th scope="col">"Role"</th><th scope="col">"Name"</th><th scope="col">"Decision"</th><th scope="col">"Version"</th><th scope="col">"Date"</th><th scope="col">"Signature"</th></tr></thead>
                    <tbody>
                        {sign_off.into_iter().map(|line| view! {
                            <tr>
                                <td>{line.role}</td><td>{line.name}</td><td>{line.decision}</td>
                                <td>{line.version.map(|v| v.to_string())}</td><td>{line.date}</td><td class="blank"></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
            {(!activity.is_empty()).then(|| view! {
                <section class="summary-section summary-activity">
                    <h2>"Activity log"</h2>
                    <table class="summary-table" tabindex="0">
                        <thead><tr><th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"What"</th><th scope="col">"Change"</th></tr></thead>
                        <tbody>
                            {activity.into_iter().map(|line| view! {
                                <tr><td>{line.at}</td><td>{line.who}</td><td>{line.what}</td><td>{line.change}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
            })}
        </article>
    }
}

/// The run's product as a formatted document, with its approval record.
#[component]
pub fn DocumentView(doc: DocumentSummary) -> impl IntoView {
    let title = doc.title.clone();
    view! {
        <section class="summary-section story-document" aria-label=title>
            <h2>{doc.title}</h2>
            {doc.version.map(|v| view! { <p class="meta">{v}</p> })}
            {(!doc.approved).then(|| view! {
                <p class="summary-warning" role="note">"Not approved yet: this version still needs a decision from every required approver."</p>
            })}
            {if doc.headline.trim().is_empty() {
                view! { <p class="meta">"No headline yet."</p> }.into_any()
            } else {
                view! { <h3 class="story-headline">{doc.headline}</h3> }.into_any()
            }}
            {doc.sections.into_iter().map(|(heading, body)| view! {
                <h4>{heading}</h4>
                {body.into_iter().map(|p| view! { <p class="summary-text">{p}</p> }).collect_view()}
            }).collect_view()}
            {doc.quote.map(|(quote, who)| view! {
                <figure class="story-quote">
                    <blockquote><p>{format!("“{quote}”")}</p></blockquote>
                    <figcaption>{format!("— {who}")}</figcaption>
                </figure>
            })}
            {doc.approvals.map(|table| match table {
                SummaryValue::Table { label, columns, rows } => view! {
                    <h4>{format!("Approval record: {label}")}</h4>
                    <RecordTable columns=columns rows=rows />
                }.into_any(),
                SummaryValue::Single { .. } => ().into_any(),
            })}
        </section>
    }
}

/// A list of records as a table: column headings, then one row per record. A
/// list too wide for its page or screen reads as one block per record, each
/// value labelled (`record_fit`); a value short enough is kept on one line and
/// a column of figures aligns right. A wide table that still scrolls takes
/// focus, so it can be scrolled by keyboard.
#[component]
fn RecordTable(columns: Vec<String>, rows: Vec<Vec<String>>) -> impl IntoView {
    let fit = table_fit(&columns, &rows);
    let numeric: Vec<bool> = (0..columns.len())
        .map(|at| numeric_column(&rows, at))
        .collect();
    let class =
        move |at: usize, short: bool| match (numeric.get(at).copied().unwrap_or(false), short) {
            (true, _) => "num short",
            (false, true) => "short",
            (false, false) => "",
        };
    let heads = columns
        .iter()
        .enumerate()
        .map(|(at, c)| view! { <th scope="col" class=class(at, false)>{c.clone()}</th> })
        .collect_view();
    let body = rows
        .into_iter()
        .map(|row| {
            let cells = row
                .into_iter()
                .enumerate()
                .map(|(at, text)| {
                    let label = columns.get(at).cloned().unwrap_or_default();
                    let kind = class(at, keep_whole(&text));
                    view! { <td data-label=label class=kind>{text}</td> }
                })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    view! {
        <div class="records">
            <div class="records-form" data-fit=fit>
                <table class="summary-table" tabindex="0">
                    <thead><tr>{heads}</tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </div>
    }
}
