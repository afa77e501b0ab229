//! The reference program from version 2 on: each customer is typed once, as a
//! step 2 candidate, and every later record picks it. Built through
//! `Run::apply` on the released template, as a person's edits are.

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use runsheet::domain::catalogue::{find, find_version};
use runsheet::domain::change::RunChange;
use runsheet::domain::procedure::registry::REFERENCE_PROGRAM;
use runsheet::domain::reference::actions::approve::approve_request;
use runsheet::domain::reference::actions::editor::Editor;
use runsheet::domain::reference::actions::send::{MatchedWith, send_request};
use runsheet::domain::reference::extract::{Extracted, extract};
use runsheet::domain::reference::ids::{
    approvals, candidates, consents, criteria, interactions, references, requests,
};
use runsheet::domain::reference::matching::{Exclusion, rank};
use runsheet::domain::reference::model::{ConsentUse, Reference};
use runsheet::domain::run::Run;
use runsheet::domain::template::Template;
use runsheet::domain::value::FieldValue;

fn template() -> &'static Template {
    let t = find(REFERENCE_PROGRAM).expect("the reference program is built in");
    assert_eq!(t.version, 2, "new runs pick their customers");
    t
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 30, 9, 0, 0).unwrap()
}

fn today() -> NaiveDate {
    now().date_naive()
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

/// A program run driven through `Run::apply`, as the run page drives it.
struct Program {
    run: Run,
}

impl Program {
    /// A run whose settings allow 2 live sales calls per customer in 90 days.
    fn new() -> Program {
        let mut p = Program {
            run: Run::start(template(), "prog".into(), "2026".into(), "Ada", now()),
        };
        for (field, value) in [
            (criteria::USAGE_LIMIT, FieldValue::Number(2.0)),
            (criteria::USAGE_WINDOW, FieldValue::Number(90.0)),
            (criteria::RETENTION_PERIOD, FieldValue::Number(24.0)),
            (
                criteria::REFERENCE_TYPES,
                FieldValue::Choices(vec!["live-sales-call".into()]),
            ),
        ] {
            p.apply(RunChange::SetValue {
                step: criteria::STEP.into(),
                field: field.into(),
                value: Some(value),
            });
        }
        p
    }

    fn apply(&mut self, change: RunChange) {
        self.run
            .apply(template(), change, "Ada", now())
            .unwrap_or_else(|e| panic!("change refused: {e}"));
    }

    /// Adds a record to `list` of `step` with `cells`; returns its row id.
    fn add(&mut self, step: &str, list: &str, cells: Vec<(&str, FieldValue)>) -> u32 {
        self.apply(RunChange::AddRow {
            step: step.into(),
            field: list.into(),
        });
        let index = template().step_index(step).unwrap();
        let row = self.run.rows(index, list).last().unwrap().id;
        for (column, value) in cells {
            self.set(step, list, row, column, value);
        }
        row
    }

    fn set(&mut self, step: &str, list: &str, row: u32, column: &str, value: FieldValue) {
        self.apply(RunChange::SetRowValue {
            step: step.into(),
            field: list.into(),
            row,
            column: column.into(),
            value: Some(value),
        });
    }

    /// A customer typed once: its company and contact.
    fn customer(&mut self, company: &str, contact: &str) -> u32 {
        self.add(
            candidates::STEP,
            candidates::LIST,
            vec![
                (candidates::COMPANY, text(company)),
                (candidates::CONTACT, text(contact)),
            ],
        )
    }

    /// Verified consent for sales calls, and an active, available profile.
    fn reference(&mut self, customer: u32, expires_on: Option<NaiveDate>) -> u32 {
        let mut consent = vec![
            (consents::CUSTOMER, pick(customer)),
            (consents::USE, choice("sales-call")),
            (consents::STATUS, choice("verified")),
            (consents::DATE, FieldValue::Date(today())),
        ];
        if let Some(day) = expires_on {
            consent.push((consents::EXPIRES_ON, FieldValue::Date(day)));
        }
        self.add(consents::STEP, consents::LIST, consent);
        self.add(
            references::STEP,
            references::LIST,
            vec![
                (references::CUSTOMER, pick(customer)),
                (references::EMAIL, text("contact@example.com")),
                (references::INDUSTRY, text("Financial services")),
                (references::PRODUCT, text("Payments")),
                (
                    references::APPROVED_TYPES,
                    FieldValue::Choices(vec!["live-sales-call".into()]),
                ),
                (references::REGION, text("EMEA")),
                (references::AVAILABILITY, choice("available")),
                (references::STATUS, choice("active")),
            ],
        )
    }

    /// A completed live sales call with `customer` this week.
    fn used(&mut self, customer: u32) -> u32 {
        self.add(
            interactions::STEP,
            interactions::LIST,
            vec![
                (interactions::CUSTOMER, pick(customer)),
                (interactions::REQUEST_TYPE, choice("live-sales-call")),
                (interactions::REQUEST_DATE, FieldValue::Date(today())),
                (interactions::RESPONSE_STATUS, choice("completed")),
                (interactions::COMPLETED_ON, FieldValue::Date(today())),
            ],
        )
    }

    fn request(&mut self) -> u32 {
        self.add(
            requests::STEP,
            requests::LIST,
            vec![
                (requests::REQUESTER, text("Sam Sales")),
                (requests::TYPE, choice("live-sales-call")),
                (requests::AUDIENCE, text("CFO of a bank")),
                (requests::INDUSTRY, text("Financial services")),
                (requests::GEOGRAPHY, text("EMEA")),
                (requests::PRODUCT, text("Payments")),
                (requests::RECEIVED_ON, FieldValue::Date(today())),
                (requests::STATUS, choice("open")),
            ],
        )
    }

    fn extracted(&self) -> Extracted {
        extract(std::slice::from_ref(&self.run), template())
    }
}

/// What matching says about each profile for the program's first request:
/// (company, score or the exclusions).
fn matched(p: &Program) -> Vec<(String, Result<i32, Vec<Exclusion>>)> {
    let e = p.extracted();
    let d = &e.directory;
    let settings = d.settings("prog").expect("settings are set");
    let result = rank(
        &d.requests[0],
        &d.references,
        d.history(),
        settings,
        today(),
    );
    let mut out: Vec<_> = result
        .ranked
        .iter()
        .map(|r| (r.reference.company.clone(), Ok(r.score)))
        .chain(
            result
                .excluded
                .iter()
                .map(|x| (x.reference.company.clone(), Err(x.why.clone()))),
        )
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn profile<'e>(e: &'e Extracted, company: &str) -> &'e Reference {
    e.directory
        .references
        .iter()
        .find(|r| r.company == company)
        .unwrap_or_else(|| panic!("no profile of {company}"))
}

#[test]
fn a_customer_typed_once_is_named_by_every_record_that_picks_it() {
    let mut p = Program::new();
    let fintrust = p.customer("Fintrust", "Ada Park");
    p.reference(fintrust, None);
    p.used(fintrust);
    let e = p.extracted();
    let ada = profile(&e, "Fintrust");
    assert_eq!(
        (ada.name.as_str(), ada.display_name()),
        ("Ada Park", "Ada Park (Fintrust)".to_owned())
    );
    assert_eq!(e.directory.consents[0].reference, "Ada Park");
    assert_eq!(e.directory.interactions[0].customer, ada.customer);
    assert!(e.problems.is_empty(), "{:?}", e.problems);
}

#[test]
fn renaming_a_company_or_contact_keeps_its_consent_and_its_usage() {
    let mut p = Program::new();
    let fintrust = p.customer("Fintrust", "Ada Park");
    p.reference(fintrust, None);
    p.used(fintrust);
    p.request();
    let before = matched(&p);
    p.set(
        candidates::STEP,
        candidates::LIST,
        fintrust,
        candidates::COMPANY,
        text("Fintrust Group"),
    );
    p.set(
        candidates::STEP,
        candidates::LIST,
        fintrust,
        candidates::CONTACT,
        text("Ada Park-Lee"),
    );
    let after = matched(&p);
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].0, "Fintrust Group");
    assert_eq!(
        after[0].1, before[0].1,
        "the same score: consent and usage followed the rename"
    );
    // One more use reaches the limit of 2: the renamed customer is over it.
    p.used(fintrust);
    let over = matched(&p);
    assert!(
        matches!(&over[0].1, Err(why) if why.iter().any(|w| matches!(w, Exclusion::OverTolerance { .. }))),
        "{over:?}"
    );
}

#[test]
fn two_customers_with_the_same_contact_name_keep_their_own_usage() {
    let mut p = Program::new();
    let fintrust = p.customer("Fintrust", "Ada Park");
    let globex = p.customer("Globex", "Ada Park");
    p.reference(fintrust, None);
    p.reference(globex, None);
    p.used(fintrust);
    p.used(fintrust);
    p.request();
    let result = matched(&p);
    assert_eq!(result.len(), 2);
    let (fin, glob) = (&result[0], &result[1]);
    assert_eq!(fin.0, "Fintrust");
    assert!(
        matches!(&fin.1, Err(why) if why.iter().any(|w| matches!(w, Exclusion::OverTolerance { .. }))),
        "Fintrust used twice is over: {fin:?}"
    );
    assert_eq!(glob.0, "Globex");
    assert!(glob.1.is_ok(), "Globex was never used: {glob:?}");
}

#[test]
fn a_removed_customer_is_named_as_removed_and_matches_nobody_else() {
    let mut p = Program::new();
    let fintrust = p.customer("Fintrust", "Ada Park");
    let globex = p.customer("Globex", "Ada Park");
    p.reference(globex, None);
    p.used(fintrust);
    p.used(fintrust);
    p.apply(RunChange::RemoveRow {
        step: candidates::STEP.into(),
        field: candidates::LIST.into(),
        row: fintrust,
    });
    let e = p.extracted();
    // The interactions picked a customer that is gone: they name nobody.
    assert!(
        e.directory
            .interactions
            .iter()
            .all(|i| i.reference.is_empty())
    );
    assert_ne!(
        e.directory.interactions[0].customer,
        profile(&e, "Globex").customer
    );
    p.request();
    let result = matched(&p);
    assert_eq!(result.len(), 1);
    assert!(
        result[0].1.is_ok(),
        "Globex is not charged with the removed customer's uses: {result:?}"
    );
}

#[test]
fn an_expired_consent_excludes_with_its_own_reason() {
    let mut p = Program::new();
    let fintrust = p.customer("Fintrust", "Ada Park");
    let globex = p.customer("Globex", "Gus Lee");
    let yesterday = today().checked_sub_days(Days::new(1)).unwrap();
    p.reference(fintrust, Some(yesterday));
    p.reference(globex, Some(today()));
    p.request();
    let result = matched(&p);
    assert!(
        matches!(&result[0].1, Err(why) if why.iter().any(|w| matches!(w, Exclusion::ConsentExpired { consent_use: ConsentUse::SalesCall, .. }))),
        "Fintrust's consent ran out yesterday: {result:?}"
    );
    assert!(
        result[1].1.is_ok(),
        "Globex's holds through today: {result:?}"
    );
}

#[test]
fn sending_from_the_match_page_picks_the_customer_and_the_request_and_keeps_the_score() {
    let mut p = Program::new();
    let fintrust = p.customer("Fintrust", "Ada Park");
    p.reference(fintrust, None);
    let request_row = p.request();
    let e = p.extracted();
    let editor = Editor {
        template: template(),
        who: "Ada",
        now: now().fixed_offset(),
    };
    let matched_with = MatchedWith {
        score: 7,
        reasons: vec!["Same industry".into(), "Same product".into()],
    };
    let interaction = send_request(
        &mut p.run,
        &editor,
        &e.directory.requests[0],
        profile(&e, "Fintrust"),
        &matched_with,
    )
    .expect("sent");
    let tracking = template().step_index(interactions::STEP).unwrap();
    let row = p
        .run
        .row(tracking, interactions::LIST, interaction)
        .unwrap();
    assert_eq!(
        row.values.get(interactions::CUSTOMER),
        Some(&pick(fintrust))
    );
    assert_eq!(
        row.values.get(interactions::REQUEST),
        Some(&pick(request_row))
    );
    let matching = template().step_index(requests::STEP).unwrap();
    let request = p.run.row(matching, requests::LIST, request_row).unwrap();
    assert_eq!(
        request.values.get(requests::CUSTOMER),
        Some(&pick(fintrust))
    );
    assert_eq!(request.values.get(requests::STATUS), Some(&choice("sent")));
    assert_eq!(
        request.values.get(requests::MATCH_SCORE),
        Some(&FieldValue::Number(7.0))
    );
    assert_eq!(
        request.values.get(requests::MATCH_REASON),
        Some(&text("Same industry\nSame product"))
    );
    let e = p.extracted();
    assert_eq!(e.directory.requests[0].chosen_reference, "Ada Park");
    assert_eq!(e.directory.requests[0].match_score, Some(7));
}

#[test]
fn approving_from_the_match_page_picks_the_customer() {
    let mut p = Program::new();
    let fintrust = p.customer("Fintrust", "Ada Park");
    p.reference(fintrust, None);
    p.request();
    let e = p.extracted();
    let editor = Editor {
        template: template(),
        who: "Ada",
        now: now().fixed_offset(),
    };
    let settings = e.directory.settings("prog").unwrap().clone();
    let row = approve_request(
        &mut p.run,
        &editor,
        &e.directory.requests[0],
        profile(&e, "Fintrust"),
        e.directory.history(),
        &settings,
        today(),
    )
    .expect("approved");
    let step = template().step_index(approvals::STEP).unwrap();
    let approval = p.run.row(step, approvals::LIST, row).unwrap();
    assert_eq!(
        approval.values.get(approvals::CUSTOMER),
        Some(&pick(fintrust))
    );
}

#[test]
fn runs_of_version_1_still_read_by_their_typed_names() {
    let v1 = find_version(REFERENCE_PROGRAM, 1).unwrap();
    let mut run = Run::start(v1, "old".into(), "2025".into(), "Ada", now());
    run.apply(
        v1,
        RunChange::AddRow {
            step: consents::STEP.into(),
            field: consents::LIST.into(),
        },
        "Ada",
        now(),
    )
    .unwrap();
    run.apply(
        v1,
        RunChange::SetRowValue {
            step: consents::STEP.into(),
            field: consents::LIST.into(),
            row: 1,
            column: consents::REFERENCE.into(),
            value: Some(text("Ada Park")),
        },
        "Ada",
        now(),
    )
    .unwrap();
    assert_eq!(run.template_version, 1);
    let e = extract(std::slice::from_ref(&run), template());
    assert!(
        e.directory.consents.is_empty(),
        "a consent needs its use and status"
    );
    assert!(
        e.problems
            .iter()
            .any(|p| p.to_string().contains("Customer")),
        "the problem names the column as the current version labels it: {:?}",
        e.problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    );
}
