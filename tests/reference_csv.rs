//! CSV in and out: importing candidates from a CRM export with a column
//! mapping, and exporting the directory and the interactions for spreadsheets.

use chrono::NaiveDate;
use runsheet::domain::csv::read;
use runsheet::domain::reference::candidate_import::{
    CandidateColumn, ColumnMapping, CsvImport, ImportFileError, RowProblem,
};
use runsheet::domain::reference::directory::{DirectoryFilter, facets, filter, listing};
use runsheet::domain::reference::export::{directory_csv, interactions_csv};
use runsheet::domain::reference::extract::Directory;
use runsheet::domain::reference::model::{
    Availability, Closure, Interaction, Program, RecordKey, Reference, ReferenceStatus,
    ReferenceType, ResponseStatus,
};
use runsheet::domain::value::FieldValue;

const EXPORT: &str = "\u{FEFF}Account Name;Contact;Health;Recent positive outcome;Advocate;Criteria met;Notes;Owner\r\n\
Initech;Peter Gibbons;Green;Yes;y;Product fit | industry relevance;\"Renewed; expanded\";Bill\r\n\
;Ghost;Red;no;no;;;Bill\r\n\
Umbrella;Alice;Purple;maybe;yes;;;Bill\r\n\
Hooli;Gavin;At risk;N/A;;Speaks in public;;Bill;extra\r\n\
Pied Piper;Richard;watch;no;1;willing-to-speak;\"ok\";Bill\r\n";

#[test]
fn the_mapping_is_guessed_from_headers_and_can_be_changed() {
    let import = CsvImport::parse(EXPORT).expect("header present");
    assert_eq!(
        import.headers[0], "Account Name",
        "the byte order mark is dropped"
    );
    assert_eq!(import.row_count(), 5);
    let mut mapping = import.guess_mapping();
    let guessed: Vec<Option<CandidateColumn>> = (0..8).map(|i| mapping.target(i)).collect();
    assert_eq!(
        guessed,
        [
            Some(CandidateColumn::Company),
            Some(CandidateColumn::Contact),
            Some(CandidateColumn::Health),
            Some(CandidateColumn::RecentPositiveOutcome),
            Some(CandidateColumn::AdvocacyPotential),
            Some(CandidateColumn::CriteriaMet),
            Some(CandidateColumn::Notes),
            None,
        ]
    );
    // Choosing a target already in use moves it, like a drop-down per column.
    mapping.set(7, Some(CandidateColumn::Notes));
    assert_eq!(mapping.target(6), None);
    assert_eq!(mapping.column_of(CandidateColumn::Notes), Some(7));
    let fresh = ColumnMapping::guess(&["Whatever".to_owned()]);
    assert_eq!(fresh.target(0), None);
}

#[test]
fn the_preview_shows_rows_to_add_and_rows_that_could_not_be_read() {
    let import = CsvImport::parse(EXPORT).expect("header present");
    let preview = import.preview(&import.guess_mapping());
    let added: Vec<usize> = preview.rows.iter().map(|r| r.line).collect();
    assert_eq!(added, [2, 6]);
    let initech = &preview.rows[0].values;
    assert_eq!(initech["company"], FieldValue::Text("Initech".into()));
    assert_eq!(initech["health"], FieldValue::Choice("healthy".into()));
    assert_eq!(initech["recent-win"], FieldValue::Bool(true));
    assert_eq!(initech["advocacy-potential"], FieldValue::Bool(true));
    assert_eq!(
        initech["criteria-met"],
        FieldValue::Choices(vec!["product-fit".into(), "industry-relevance".into()])
    );
    assert_eq!(
        initech["notes"],
        FieldValue::Text("Renewed; expanded".into())
    );
    assert_eq!(initech["source"], FieldValue::Choice("crm".into()));
    assert_eq!(
        preview.rows[1].values["criteria-met"],
        FieldValue::Choices(vec!["willing-to-speak".into()])
    );

    let rejected: Vec<(usize, Vec<String>)> = preview
        .rejected
        .iter()
        .map(|r| (r.line, r.problems.iter().map(ToString::to_string).collect()))
        .collect();
    assert_eq!(
        rejected,
        [
            (3, vec!["no company".to_owned()]),
            (
                4,
                vec![
                    "Health: “Purple” is not one of the options".to_owned(),
                    "Recent positive outcome: “maybe” is not yes or no".to_owned(),
                ]
            ),
            (
                5,
                vec![
                    "9 cells where the header has 8; is a comma missing its quotes?".to_owned(),
                    "Criteria met: “Speaks in public” is not one of the options".to_owned(),
                ]
            ),
        ]
    );
    assert_eq!(
        preview.rejected[1].problems[1],
        RowProblem::NotYesNo {
            column: CandidateColumn::RecentPositiveOutcome,
            text: "maybe".into(),
        }
    );
}

#[test]
fn an_unmapped_company_rejects_every_row_and_a_broken_file_says_where() {
    let import = CsvImport::parse("Name,Industry\nAcme,Retail\n").expect("header");
    let preview = import.preview(&import.guess_mapping());
    assert!(preview.rows.is_empty());
    assert_eq!(preview.rejected[0].problems, [RowProblem::NoCompany]);

    let import = CsvImport::parse("Company\nAcme\n\"Open quote\nBeta\n").expect("header");
    let preview = import.preview(&import.guess_mapping());
    assert_eq!(preview.rows.len(), 1);
    assert_eq!(preview.rejected.len(), 1);
    assert_eq!(
        preview.rejected[0].problems[0].to_string(),
        "line 3: a quoted cell is never closed, so the rest of the file cannot be read"
    );
    assert_eq!(CsvImport::parse(""), Err(ImportFileError::Empty));
    assert_eq!(
        CsvImport::parse("\u{FEFF}\r\n"),
        Err(ImportFileError::Empty)
    );
}

fn reference(row: u32, name: &str, company: &str) -> Reference {
    Reference {
        customer: None,
        key: RecordKey {
            run_id: "run-a".into(),
            row_id: row,
        },
        name: name.into(),
        email: "a@example.com".into(),
        phone: "+1 555 0100".into(),
        company: company.into(),
        title: "CTO".into(),
        industry: "FinTech".into(),
        product: "Payments, Analytics".into(),
        approved_types: vec![ReferenceType::Logo, ReferenceType::LiveSalesCall],
        preferred_topics: "security".into(),
        region: "EMEA".into(),
        time_zone: "Europe/Berlin".into(),
        availability: Availability::Limited,
        availability_notes: "Not in August".into(),
        status: ReferenceStatus::Active,
        archived: false,
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()
}

fn programs() -> Vec<Program> {
    vec![Program {
        run_id: "run-a".into(),
        title: "Q3, EMEA".into(),
        settings: None,
        closure: Closure::default(),
    }]
}

#[test]
fn the_directory_export_opens_in_a_spreadsheet_and_reads_back() {
    let hostile = reference(2, "=HYPERLINK(\"http://evil\")", "Acme, \"Inc\"\nEurope");
    let refs = [reference(1, "Ada Park", "Fintrust"), hostile];
    // No consent recorded: every profile is listed as typed.
    let d = Directory {
        references: refs.to_vec(),
        programs: programs(),
        ..Directory::default()
    };
    let text = directory_csv(&listing(&d, today()), &d.programs);
    assert!(text.starts_with('\u{FEFF}'));
    assert!(text.ends_with("\r\n"));
    let table = read(&text);
    assert!(table.errors.is_empty());
    assert_eq!(table.records.len(), 3);
    let header = &table.records[0].cells;
    assert_eq!(header[0], "Name");
    assert_eq!(header.len(), 34, "the profile, then the directory columns");
    let ada = &table.records[1].cells;
    assert_eq!(ada[0], "Ada Park");
    assert_eq!(ada[4], "'+1 555 0100", "a leading + would run as a formula");
    assert_eq!(ada[6], "Payments, Analytics");
    assert_eq!(ada[7], "Logo; Live sales call");
    assert_eq!(ada[11], "Limited");
    assert_eq!(ada[14], "Q3, EMEA");
    let evil = &table.records[2].cells;
    assert_eq!(evil[0], "'=HYPERLINK(\"http://evil\")");
    assert_eq!(evil[1], "Acme, \"Inc\"\nEurope");
}

#[test]
fn the_interactions_export_has_iso_dates_and_labels() {
    let interaction = Interaction {
        customer: None,
        request: None,
        key: RecordKey {
            run_id: "gone".into(),
            row_id: 1,
        },
        reference: "Ada Park".into(),
        kind: ReferenceType::CaseStudy,
        audience: "@prospects".into(),
        requested_on: NaiveDate::from_ymd_opt(2026, 6, 1),
        response: ResponseStatus::Completed,
        completed_on: NaiveDate::from_ymd_opt(2026, 6, 9),
        activity: "Published".into(),
        feedback: "-great-".into(),
        issues: String::new(),
    };
    let table = read(&interactions_csv([&interaction], &programs()));
    let row = &table.records[1].cells;
    assert_eq!(
        row,
        &[
            "Ada Park",
            "Case study",
            "'@prospects",
            "2026-06-01",
            "Completed",
            "2026-06-09",
            "Published",
            "'-great-",
            "",
            "gone",
        ]
    );
}

#[test]
fn the_directory_filters_by_text_and_every_facet() {
    let mut b = reference(2, "Bo Chen", "Globex");
    b.industry = "Logistics".into();
    b.product = "Analytics".into();
    b.region = "APAC".into();
    b.time_zone = "Asia/Singapore".into();
    b.approved_types = vec![ReferenceType::Quote];
    b.status = ReferenceStatus::Paused;
    let refs = [reference(1, "Ada Park", "Fintrust"), b];
    let d = Directory {
        references: refs.to_vec(),
        ..Directory::default()
    };
    let listed = listing(&d, today());
    let names = |f: &DirectoryFilter| -> Vec<String> {
        filter(&listed, f)
            .iter()
            .map(|l| l.reference.name.clone())
            .collect()
    };
    assert_eq!(names(&DirectoryFilter::default()), ["Ada Park", "Bo Chen"]);
    let text = |t: &str| DirectoryFilter {
        text: t.into(),
        ..DirectoryFilter::default()
    };
    assert_eq!(names(&text("globex")), ["Bo Chen"]);
    assert_eq!(names(&text("park fintrust")), ["Ada Park"]);
    assert!(names(&text("park globex")).is_empty());
    let industry = DirectoryFilter {
        industry: Some("fintech".into()),
        ..DirectoryFilter::default()
    };
    assert_eq!(names(&industry), ["Ada Park"]);
    let product = DirectoryFilter {
        product: Some("Analytics".into()),
        ..DirectoryFilter::default()
    };
    assert_eq!(names(&product), ["Ada Park", "Bo Chen"]);
    let kind = DirectoryFilter {
        kind: Some(ReferenceType::Quote),
        ..DirectoryFilter::default()
    };
    assert_eq!(names(&kind), ["Bo Chen"]);
    let place = DirectoryFilter {
        place: Some("Europe/Berlin".into()),
        ..DirectoryFilter::default()
    };
    assert_eq!(names(&place), ["Ada Park"]);
    let region = DirectoryFilter {
        place: Some("apac".into()),
        ..DirectoryFilter::default()
    };
    assert_eq!(names(&region), ["Bo Chen"]);
    let status = DirectoryFilter {
        status: Some(ReferenceStatus::Paused),
        ..DirectoryFilter::default()
    };
    assert_eq!(names(&status), ["Bo Chen"]);

    let f = facets(&refs);
    assert_eq!(f.industries, ["FinTech", "Logistics"]);
    assert_eq!(f.products, ["Analytics", "Payments"]);
    assert_eq!(
        f.places,
        ["APAC", "Asia/Singapore", "EMEA", "Europe/Berlin"]
    );
}

// Regression: the size limit of a CRM export lived in the import panel, so the
// domain accepted any size and the panel's message could not say the limit.
#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    use runsheet::domain::reference::candidate_import::MAX_CSV_BYTES;
    assert_eq!(CsvImport::check_size(MAX_CSV_BYTES), Ok(()));
    let refused = CsvImport::check_size(MAX_CSV_BYTES + 1);
    assert_eq!(
        refused,
        Err(ImportFileError::TooLarge {
            bytes: MAX_CSV_BYTES + 1
        })
    );
    assert_eq!(
        refused.unwrap_err().to_string(),
        "The file is 2.0 MB; at most 2 MB can be imported."
    );
}
