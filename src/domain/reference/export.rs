//! CSV exports of the directory and of the interactions, for spreadsheets and
//! for people outside the app. Dates are ISO 8601 (sorts and parses
//! everywhere); choices are written as their labels, as people read them.

use chrono::NaiveDate;

use crate::domain::csv::write;

use super::directory::Listed;
use super::model::{Interaction, Program};

fn program_title<'p>(programs: &'p [Program], run_id: &'p str) -> &'p str {
    programs
        .iter()
        .find(|p| p.run_id == run_id)
        .map_or(run_id, |p| p.title.as_str())
}

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The directory as CSV, one row per reference in the order given (pass a
/// filtered list to export what is on screen), as the directory lists them:
/// approved types without those whose consent was withdrawn, and the standing
/// ("Consent withdrawn", or the profile's status naming any partial
/// withdrawal). `programs` names the run each profile comes from.
pub fn directory_csv<'l, 'a: 'l>(
    listed: impl IntoIterator<Item = &'l Listed<'a>>,
    programs: &[Program],
) -> String {
    let header = [
        "Name",
        "Company",
        "Job title",
        "Email",
        "Phone",
        "Industry",
        "Product used",
        "Approved reference types",
        "Preferred topics",
        "Region",
        "Time zone",
        "Availability",
        "Availability constraints",
        "Status",
        "Program",
    ]
    .map(str::to_owned)
    .to_vec();
    let rows = listed.into_iter().map(|l| {
        let r = l.reference;
        vec![
            r.name.clone(),
            r.company.clone(),
            r.title.clone(),
            r.email.clone(),
            r.phone.clone(),
            r.industry.clone(),
            r.product.clone(),
            l.approved_types
                .iter()
                .map(|t| t.label())
                .collect::<Vec<_>>()
                .join("; "),
            r.preferred_topics.clone(),
            r.region.clone(),
            r.time_zone.clone(),
            r.availability.label().to_owned(),
            r.availability_notes.clone(),
            l.status_text(),
            program_title(programs, &r.key.run_id).to_owned(),
        ]
    });
    write(std::iter::once(header).chain(rows))
}

/// The interactions as CSV, one row per interaction in the order given.
pub fn interactions_csv<'a>(
    interactions: impl IntoIterator<Item = &'a Interaction>,
    programs: &[Program],
) -> String {
    let header = [
        "Reference",
        "Reference type",
        "Audience",
        "Requested on",
        "Response",
        "Completed on",
        "What was done",
        "Customer feedback",
        "Issues raised",
        "Program",
    ]
    .map(str::to_owned)
    .to_vec();
    let rows = interactions.into_iter().map(|i| {
        vec![
            i.reference.clone(),
            i.kind.label().to_owned(),
            i.audience.clone(),
            date(i.requested_on),
            i.response.label().to_owned(),
            date(i.completed_on),
            i.activity.clone(),
            i.feedback.clone(),
            i.issues.clone(),
            program_title(programs, &i.key.run_id).to_owned(),
        ]
    });
    write(std::iter::once(header).chain(rows))
}
