//! Importing references (customer, profile, consents) and past interactions
//! from a spreadsheet into a program run of the newest version, where every
//! record picks its step 2 candidate. Built through `Run::apply`, as the run
//! page does.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use runsheet::domain::catalogue::find;
use runsheet::domain::change::RunChange;
use runsheet::domain::procedure::registry::REFERENCE_PROGRAM;
use runsheet::domain::reference::actions::editor::{EditError, Editor};
use runsheet::domain::reference::actions::import_interactions::import_interactions;
use runsheet::domain::reference::actions::import_references::{
    ReferencesImported, import_references,
};
use runsheet::domain::reference::csv_import::{CsvImport, ImportColumn, RejectedRow, RowProblem};
use runsheet::domain::reference::ids::{candidates, consents, interactions, references};
use runsheet::domain::reference::interaction_import::{self, InteractionColumn};
use runsheet::domain::reference::reference_import::{self, ReferenceColumn};
use runsheet::domain::run::Run;
use runsheet::domain::template::Template;
use runsheet::domain::value::{FieldValue, Row};

fn template() -> &'static Template {
    let t = find(REFERENCE_PROGRAM).expect("the reference program is built in");
    assert_eq!(t.version, 2, "new runs pick their customers");
    t
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 30, 9, 0, 0).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn editor() -> Editor<'static> {
    Editor {
        template: template(),
        who: "Ada",
        now: now().fixed_offset(),
    }
}

fn text(s: &str) -> FieldValue {
    FieldValue::Text(s.into())
}

fn choice(s: &str) -> FieldValue {
    FieldValue::Choice(s.into())
}

fn pick(row: u32) -> FieldValue {
    FieldValue::Picks(vec![row])
}

fn run() -> Run {
    Run::start(template(), "prog".into(), "2026".into(), "Ada", now())
}

fn rows<'r>(run: &'r Run, step: &str, list: &str) -> &'r [Row] {
    let index = template().step_index(step).expect("step");
    run.rows(index, list)
}

/// A customer typed by hand on step 2.
fn add_candidate(run: &mut Run, company: &str, contact: &str) -> u32 {
    let apply = |run: &mut Run, change| {
        run.apply(template(), change, "Ada", now())
            .unwrap_or_else(|e| panic!("change refused: {e}"));
    };
    apply(
        run,
        RunChange::AddRow {
            step: candidates::STEP.into(),
            field: candidates::LIST.into(),
        },
    );
    let row = rows(run, candidates::STEP, candidates::LIST)
        .last()
        .unwrap()
        .id;
    for (column, value) in [
        (candidates::COMPANY, company),
        (candidates::CONTACT, contact),
    ] {
        apply(
            run,
            RunChange::SetRowValue {
                step: candidates::STEP.into(),
                field: candidates::LIST.into(),
                row,
                column: column.into(),
                value: Some(text(value)),
            },
        );
    }
    row
}

fn import(run: &mut Run, csv: &str) -> ReferencesImported {
    let file = CsvImport::parse(csv).expect("has a header");
    let preview = reference_import::preview(&file, &file.guess_mapping());
    assert!(
        preview.rejected.is_empty(),
        "every row reads: {:?}",
        preview.rejected
    );
    import_references(run, &editor(), &preview.rows).expect("imported")
}

const REFERENCES: &str = "Account Name,Contact,Email,Job title,Industry,Product,Approved types,Region,Time zone,Availability,Status,Logo consent,Logo consent expires on,Sales call consent\r\n\
    \"Acme, Inc.\",Ada Lovelace,ada@acme.example,CTO,Software,Payments,\"Case study, Live sales call\",EMEA,Europe/Berlin,Available,Active,Verified,2027-06-30,Requested\r\n\
    Initech,Peter Gibbons,peter@initech.example,Engineer,Software,Ledger,Quote,North America,America/Chicago,Limited,Active,Refused,,\r\n";

fn profile_of(run: &Run, candidate: u32) -> &Row {
    let found: Vec<&Row> = rows(run, references::STEP, references::LIST)
        .iter()
        .filter(|r| r.values.get(references::CUSTOMER) == Some(&pick(candidate)))
        .collect();
    assert_eq!(found.len(), 1, "one profile per customer");
    found[0]
}

fn consent_lines(run: &Run, candidate: u32) -> Vec<(String, String)> {
    rows(run, consents::STEP, consents::LIST)
        .iter()
        .filter(|r| r.values.get(consents::CUSTOMER) == Some(&pick(candidate)))
        .map(|r| {
            let get = |c| match r.values.get(c) {
                Some(FieldValue::Choice(id)) => id.clone(),
                _ => String::new(),
            };
            (get(consents::USE), get(consents::STATUS))
        })
        .collect()
}

#[test]
fn a_references_file_adds_customers_profiles_and_consents_that_pick_them() {
    let mut run = run();
    // Typed by hand already, with other case and punctuation: reused.
    let acme = add_candidate(&mut run, "ACME inc", "ada  lovelace");
    let done = import(&mut run, REFERENCES);
    assert_eq!(
        done,
        ReferencesImported {
            customers_added: 1,
            profiles_added: 2,
            profiles_updated: 0,
            consent_lines_added: 3,
        }
    );
    let cands = rows(&run, candidates::STEP, candidates::LIST);
    assert_eq!(cands.len(), 2, "Acme was matched, Initech added");
    let initech = cands[1].id;
    assert_eq!(
        cands[1].values.get(candidates::COMPANY),
        Some(&text("Initech"))
    );
    assert_eq!(
        cands[1].values.get(candidates::INDUSTRY),
        Some(&text("Software")),
        "a new customer is entered with its industry"
    );

    let ada = profile_of(&run, acme);
    assert_eq!(
        ada.values.get(references::EMAIL),
        Some(&text("ada@acme.example"))
    );
    assert_eq!(
        ada.values.get(references::APPROVED_TYPES),
        Some(&FieldValue::Choices(vec![
            "case-study".into(),
            "live-sales-call".into()
        ]))
    );
    assert_eq!(
        ada.values.get(references::AVAILABILITY),
        Some(&choice("available"))
    );
    assert_eq!(
        profile_of(&run, initech)
            .values
            .get(references::AVAILABILITY),
        Some(&choice("limited"))
    );

    assert_eq!(
        consent_lines(&run, acme),
        [
            ("logo".to_owned(), "verified".to_owned()),
            ("sales-call".to_owned(), "requested".to_owned())
        ]
    );
    assert_eq!(
        consent_lines(&run, initech),
        [("logo".to_owned(), "refused".to_owned())]
    );
    let logo = rows(&run, consents::STEP, consents::LIST)
        .iter()
        .find(|r| {
            r.values.get(consents::CUSTOMER) == Some(&pick(acme))
                && r.values.get(consents::USE) == Some(&choice("logo"))
        })
        .unwrap();
    assert_eq!(
        logo.values.get(consents::EXPIRES_ON),
        Some(&FieldValue::Date(day(2027, 6, 30)))
    );
    assert_eq!(
        logo.values.get(consents::DATE),
        Some(&FieldValue::Date(day(2026, 6, 30)))
    );
}

#[test]
fn importing_the_same_file_again_changes_nothing() {
    let mut run = run();
    import(&mut run, REFERENCES);
    let before = run.clone();
    let done = import(&mut run, REFERENCES);
    assert_eq!(done, ReferencesImported::default());
    assert_eq!(run, before, "no duplicates, no log entries");
}

#[test]
fn a_changed_email_updates_the_profile_and_a_new_status_adds_a_consent_line() {
    let mut run = run();
    import(&mut run, REFERENCES);
    let changed = REFERENCES
        .replace("ada@acme.example", "ada.lovelace@acme.example")
        .replace(
            "Verified,2027-06-30,Requested",
            "Verified,2027-06-30,Verified",
        );
    let done = import(&mut run, &changed);
    assert_eq!(
        done,
        ReferencesImported {
            customers_added: 0,
            profiles_added: 0,
            profiles_updated: 1,
            consent_lines_added: 1,
        }
    );
    assert_eq!(rows(&run, references::STEP, references::LIST).len(), 2);
    let acme = rows(&run, candidates::STEP, candidates::LIST)[0].id;
    assert_eq!(
        profile_of(&run, acme).values.get(references::EMAIL),
        Some(&text("ada.lovelace@acme.example"))
    );
    assert_eq!(
        consent_lines(&run, acme),
        [
            ("logo".to_owned(), "verified".to_owned()),
            ("sales-call".to_owned(), "requested".to_owned()),
            ("sales-call".to_owned(), "verified".to_owned())
        ],
        "the earlier line is kept: consent is a history"
    );
}

#[test]
fn the_same_customer_twice_in_one_file_is_entered_once() {
    let mut run = run();
    let twice =
        "Company,Contact,Email\nGlobex,Hank,hank@globex.example\nglobex,HANK,hank@globex.test\n";
    let done = import(&mut run, twice);
    assert_eq!(done.customers_added, 1);
    assert_eq!(done.profiles_added, 1);
    assert_eq!(done.profiles_updated, 1, "the later line wins");
    assert_eq!(rows(&run, references::STEP, references::LIST).len(), 1);
}

/// Each row left out, as its line and its reasons in words.
fn reasons<C: ImportColumn>(rejected: &[RejectedRow<C>]) -> Vec<(usize, Vec<String>)> {
    rejected
        .iter()
        .map(|r| (r.line, r.problems.iter().map(ToString::to_string).collect()))
        .collect()
}

#[test]
fn a_bad_date_or_an_unknown_option_is_reported_with_its_line() {
    let csv = "Company,Contact,Availability,Logo consent,Logo consent expires on,Quotes consent expires on\n\
               Acme,Ada,Sometimes,Verified,2027-02-30,\n\
               ,Nobody,Available,,,\n\
               Initech,Peter,Available,Maybe,,2027-01-01\n\
               Hooli,Gavin,Available,Verified,2027-01-01,\n";
    let file = CsvImport::parse(csv).expect("header");
    let mapping = file.guess_mapping();
    assert_eq!(
        mapping.target(4),
        Some(ReferenceColumn::ConsentExpires(
            runsheet::domain::reference::model::ConsentUse::Logo
        ))
    );
    let preview = reference_import::preview(&file, &mapping);
    assert_eq!(
        preview.rows.iter().map(|r| r.line()).collect::<Vec<_>>(),
        [5]
    );
    let reasons = reasons(&preview.rejected);
    assert_eq!(
        reasons,
        [
            (
                2,
                vec![
                    "Availability: “Sometimes” is not one of the options".to_owned(),
                    "Logo consent expires on: “2027-02-30” is not a date (YYYY-MM-DD)".to_owned(),
                ]
            ),
            (3, vec!["no company".to_owned()]),
            (
                4,
                vec![
                    "Logo consent: “Maybe” is not one of the options".to_owned(),
                    "Quotes consent expires on is given without Quotes consent".to_owned(),
                ]
            ),
        ]
    );
    assert_eq!(
        preview.rejected[0].problems[0],
        RowProblem::UnknownOption {
            column: ReferenceColumn::Availability,
            text: "Sometimes".into(),
        }
    );
}

#[test]
fn an_interactions_file_joins_each_row_to_its_customer_by_pick() {
    let mut run = run();
    import(&mut run, REFERENCES);
    let (acme, initech) = {
        let c = rows(&run, candidates::STEP, candidates::LIST);
        (c[0].id, c[1].id)
    };
    let csv = "Company,Contact,Reference type,Requested on,Response,Completed on,Audience,What was done\n\
               acme inc,Ada Lovelace,Live sales call,2026-03-01,Completed,2026-03-10,Globex,Call with CFO\n\
               Initech,,Case study,2026-04-01,Awaiting confirmation,,Hooli,\n\
               Peter Gibbons,,Quote,2026-05-01,Declined,,Umbrella,\n";
    let file = CsvImport::parse(csv).expect("header");
    let mapping = file.guess_mapping();
    assert_eq!(mapping.target(0), Some(InteractionColumn::Company));
    // Lines 3 and 4 give one name only; each names one customer, so it joins.
    let preview = interaction_import::preview(&file, &mapping, &run, template());
    assert!(preview.rejected.is_empty(), "{:?}", preview.rejected);
    assert_eq!(preview.rows[0].customer, "Ada Lovelace (Acme, Inc.)");
    let ids = import_interactions(&mut run, &editor(), &preview.rows).expect("imported");
    assert_eq!(ids.len(), 3);
    let added = rows(&run, interactions::STEP, interactions::LIST);
    let picks: Vec<_> = added
        .iter()
        .map(|r| r.values.get(interactions::CUSTOMER).cloned())
        .collect();
    assert_eq!(
        picks,
        [Some(pick(acme)), Some(pick(initech)), Some(pick(initech))]
    );
    assert_eq!(
        added[0].values.get(interactions::REQUEST_TYPE),
        Some(&choice("live-sales-call"))
    );
    assert_eq!(
        added[0].values.get(interactions::COMPLETED_ON),
        Some(&FieldValue::Date(day(2026, 3, 10)))
    );
    assert_eq!(
        added[1].values.get(interactions::RESPONSE_STATUS),
        Some(&choice("awaiting-confirmation"))
    );
    assert_eq!(
        added[0].values.get(interactions::ACTIVITY),
        Some(&text("Call with CFO"))
    );
    // The same file again adds nothing, and says so: a use is never counted twice.
    let before = run.clone();
    let again = import_interactions(&mut run, &editor(), &preview.rows);
    assert!(
        matches!(&again, Err(EditError::AlreadyDone(w)) if w.contains("in the run already")),
        "{again:?}"
    );
    assert_eq!(run, before);
    assert_eq!(rows(&run, interactions::STEP, interactions::LIST).len(), 3);
}

#[test]
fn an_interaction_naming_an_unknown_or_unprofiled_customer_is_reported_not_added() {
    let mut run = run();
    import(&mut run, REFERENCES);
    add_candidate(&mut run, "Acme, Inc.", "Grace Hopper");
    add_candidate(&mut run, "Umbrella", "Alice");
    let csv = "Company,Contact,Reference type,Requested on,Response\n\
               Globex,Hank,Quote,2026-03-01,Completed\n\
               Acme Inc,,Quote,2026-03-01,Completed\n\
               Umbrella,Alice,Quote,2026-03-01,Completed\n\
               Initech,Peter Gibbons,Podcast,2026-13-01,Completed\n\
               ,,Quote,2026-03-01,Completed\n\
               Acme Inc,Ada Lovelace,Quote,2026-03-01,Completed\n";
    let file = CsvImport::parse(csv).expect("header");
    let preview = interaction_import::preview(&file, &file.guess_mapping(), &run, template());
    assert_eq!(preview.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [7]);
    let reasons = reasons(&preview.rejected);
    assert_eq!(
        reasons,
        [
            (
                2,
                vec![
                    "“Hank (Globex)” is not one customer of step 2 (none or several match); add the customer there first"
                        .to_owned()
                ]
            ),
            (
                3,
                vec![
                    "“Acme Inc” is not one customer of step 2 (none or several match); add the customer there first"
                        .to_owned()
                ]
            ),
            (4, vec!["Alice (Umbrella) has no reference profile yet".to_owned()]),
            (
                5,
                vec![
                    "Reference type: “Podcast” is not one of the options".to_owned(),
                    "Requested on: “2026-13-01” is not a date (YYYY-MM-DD)".to_owned(),
                ]
            ),
            (6, vec!["no company and no contact".to_owned()]),
        ]
    );
    let before = rows(&run, interactions::STEP, interactions::LIST).len();
    import_interactions(&mut run, &editor(), &preview.rows).expect("imported");
    assert_eq!(
        rows(&run, interactions::STEP, interactions::LIST).len(),
        before + 1,
        "only the row that names one reference is added"
    );
}

// All or nothing: a run of version 1 types its customers' names, so the
// profile has no customer to pick; the candidate added before that refusal
// must not stay behind.
#[test]
fn a_refused_import_leaves_the_run_as_it_was() {
    let v1 = runsheet::domain::catalogue::find_version(REFERENCE_PROGRAM, 1).expect("version 1");
    let mut old = Run::start(v1, "old".into(), "2025".into(), "Ada", now());
    let before = old.clone();
    let file = CsvImport::parse(REFERENCES).expect("header");
    let preview = reference_import::preview(&file, &file.guess_mapping());
    let editor = Editor {
        template: v1,
        ..editor()
    };
    assert!(import_references(&mut old, &editor, &preview.rows).is_err());
    assert_eq!(old, before);
}

#[test]
fn the_profile_and_tracking_steps_offer_their_import_where_customers_are_picked() {
    use runsheet::domain::procedure::registry::rules_for;
    use runsheet::domain::procedure::rules::StepImport;
    let v2 = template();
    let rules = rules_for(&v2.id);
    assert_eq!(
        rules.imports(v2, candidates::STEP),
        Some(StepImport::Candidates)
    );
    assert_eq!(
        rules.imports(v2, references::STEP),
        Some(StepImport::References)
    );
    assert_eq!(
        rules.imports(v2, interactions::STEP),
        Some(StepImport::Interactions)
    );
    assert_eq!(rules.imports(v2, consents::STEP), None);
    let v1 = runsheet::domain::catalogue::find_version(REFERENCE_PROGRAM, 1).expect("version 1");
    assert_eq!(
        rules.imports(v1, candidates::STEP),
        Some(StepImport::Candidates)
    );
    assert_eq!(
        rules.imports(v1, references::STEP),
        None,
        "version 1 types its customers' names"
    );
    assert_eq!(rules.imports(v1, interactions::STEP), None);
}
