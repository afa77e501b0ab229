//! CSV exports of the directory and of the interactions, for spreadsheets and
//! for people outside the app. Dates are ISO 8601 (sorts and parses
//! everywhere); choices are written as their labels, as people read them.

use chrono::NaiveDate;

use crate::domain::csv::write;

use super::directory::Listed;
use super::model::{ConsentUse, Interaction, Program, ReferenceType};

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
/// withdrawal). `programs` names the run each profile comes from. After the
/// profile come the directory's columns, in the order of
/// [`directory_columns`](super::directory_columns): each use's consent and its
/// expiry, last used, uses in the window per type, the tolerance state ("Not
/// set", and no counts, while the run has no tolerance) and briefed on. New
/// columns go at the end, so a spreadsheet reading the older ones by position
/// still finds them.
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
    .into_iter()
    .chain(ConsentUse::ALL.iter().flat_map(|u| {
        [
            format!("{} consent", u.label()),
            format!("{} consent expires on", u.label()),
        ]
    }))
    .chain(std::iter::once("Last used".to_owned()))
    .chain(
        ReferenceType::ALL
            .iter()
            .map(|k| format!("{} uses in window", k.label())),
    )
    .chain(["Tolerance", "Briefed on"].map(str::to_owned))
    .collect();
    let rows = listed.into_iter().map(|l| {
        let r = l.reference;
        let c = &l.columns;
        let consents = ConsentUse::ALL.iter().flat_map(|u| {
            let consent = c.consent(*u);
            [
                consent.map_or("", |c| c.mark.label()).to_owned(),
                date(consent.and_then(|c| c.expires_on)),
            ]
        });
        let uses = ReferenceType::ALL.iter().map(|k| {
            c.usage
                .as_ref()
                .map(|u| u.uses(*k).to_string())
                .unwrap_or_default()
        });
        let tolerance = c.tolerance().map_or("Not set", |t| t.label()).to_owned();
        let profile = [
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
        ];
        profile
            .into_iter()
            .chain(consents)
            .chain(std::iter::once(date(c.last_used)))
            .chain(uses)
            .chain([tolerance, date(c.briefed_on)])
            .collect::<Vec<_>>()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::csv::read;
    use crate::domain::reference::directory::listing;
    use crate::domain::reference::directory_fixture::*;
    use crate::domain::reference::model::{
        ConsentStatus as S, ConsentUse as U, ReferenceType as T,
    };

    /// The cells of the exported directory by header, one map per reference.
    fn exported(d: &crate::domain::reference::extract::Directory) -> Vec<Vec<(String, String)>> {
        let table = read(&directory_csv(&listing(d, today()), &d.programs));
        assert!(table.errors.is_empty());
        let (header, rows) = table.records.split_first().expect("a header");
        rows.iter()
            .map(|row| {
                assert_eq!(row.cells.len(), header.cells.len());
                header
                    .cells
                    .iter()
                    .cloned()
                    .zip(row.cells.clone())
                    .collect()
            })
            .collect()
    }

    fn cell<'r>(row: &'r [(String, String)], name: &str) -> &'r str {
        row.iter()
            .find(|(h, _)| h == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("no column {name:?}"))
    }

    #[test]
    fn the_header_names_every_new_column_in_words_after_the_profile() {
        let d = directory(vec![reference("p", 1, "Ada Park", "", &[])]);
        let table = read(&directory_csv(&listing(&d, today()), &d.programs));
        let header = &table.records[0].cells;
        assert_eq!(header.len(), 15 + 2 * 5 + 1 + 6 + 2);
        assert_eq!(header[14], "Program", "the older columns keep their place");
        assert_eq!(
            &header[15..19],
            [
                "Logo consent",
                "Logo consent expires on",
                "Quotes consent",
                "Quotes consent expires on"
            ]
        );
        assert_eq!(header[25], "Last used");
        assert_eq!(header[26], "Case study uses in window");
        assert_eq!(header[31], "Recording uses in window");
        assert_eq!(&header[32..], ["Tolerance", "Briefed on"]);
    }

    #[test]
    fn each_row_carries_consent_usage_tolerance_and_briefing_as_listed() {
        let mut d = directory(vec![
            reference("p", 1, "Ada Park", "Fintrust", &[T::Logo, T::Quote]),
            reference("q", 1, "Bo Chen", "", &[T::Logo]),
        ]);
        d.consents = vec![
            consent(
                "p",
                1,
                "Ada Park",
                U::Logo,
                S::Verified,
                day(1, 2),
                Some(day(12, 31)),
            ),
            consent(
                "p",
                2,
                "Ada Park",
                U::Quotes,
                S::Verified,
                day(1, 2),
                Some(day(6, 1)),
            ),
            consent(
                "p",
                3,
                "Ada Park",
                U::SalesCall,
                S::Verified,
                day(1, 2),
                None,
            ),
            consent(
                "p",
                4,
                "Ada Park",
                U::SalesCall,
                S::Withdrawn,
                day(6, 5),
                None,
            ),
        ];
        d.interactions = vec![
            done("p", 1, "Ada Park", T::Quote, day(6, 3)),
            done("p", 2, "Ada Park", T::Quote, day(6, 4)),
            booked("p", 3, "Ada Park", T::Logo, day(6, 12)),
            done("q", 1, "Bo Chen", T::Logo, day(6, 1)),
        ];
        d.briefings = vec![briefing("p", 1, "Fintrust", None, Some(day(5, 20)))];
        let rows = exported(&d);
        let ada = &rows[0];
        assert_eq!(cell(ada, "Name"), "Ada Park");
        assert_eq!(cell(ada, "Logo consent"), "Verified");
        assert_eq!(cell(ada, "Logo consent expires on"), "2026-12-31");
        assert_eq!(cell(ada, "Quotes consent"), "Expired");
        assert_eq!(cell(ada, "Quotes consent expires on"), "2026-06-01");
        assert_eq!(cell(ada, "Sales call consent"), "Withdrawn");
        assert_eq!(cell(ada, "Sales call consent expires on"), "");
        assert_eq!(cell(ada, "Recordings consent"), "None");
        assert_eq!(cell(ada, "Last used"), "2026-06-12");
        assert_eq!(cell(ada, "Quote uses in window"), "2");
        assert_eq!(cell(ada, "Logo uses in window"), "1");
        assert_eq!(cell(ada, "Case study uses in window"), "0");
        assert_eq!(cell(ada, "Tolerance"), "Near limit");
        assert_eq!(cell(ada, "Briefed on"), "2026-05-20");
        // Run q has no tolerance set: a use, but no count and no state.
        let bo = &rows[1];
        assert_eq!(cell(bo, "Last used"), "2026-06-01");
        assert_eq!(cell(bo, "Logo uses in window"), "");
        assert_eq!(cell(bo, "Tolerance"), "Not set");
        assert_eq!(cell(bo, "Briefed on"), "");
        assert_eq!(cell(bo, "Logo consent"), "None");
    }
}
