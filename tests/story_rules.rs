//! The Customer Story SOP does the work: candidates keep their history, the draft
//! cites only verified facts, approvals follow draft versions, and publication
//! waits for every required approval of the current version.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use runsheet::domain::catalogue;
use runsheet::domain::change::{ChangeError, RunChange};
use runsheet::domain::completion::{Missing, missing_for_completion};
use runsheet::domain::run::{Run, StepStatus};
use runsheet::domain::template::Template;
use runsheet::domain::value::FieldValue;

fn story() -> &'static Template {
    catalogue::find("customer-story-production").expect("the story SOP is built in")
}

/// Applies changes in order with a clock that moves a minute each time.
struct Driver {
    run: Run,
    clock: DateTime<Utc>,
}

fn text(s: &str) -> Option<FieldValue> {
    Some(FieldValue::Text(s.into()))
}
fn yes() -> Option<FieldValue> {
    Some(FieldValue::Bool(true))
}
fn no() -> Option<FieldValue> {
    Some(FieldValue::Bool(false))
}
fn choice(id: &str) -> Option<FieldValue> {
    Some(FieldValue::Choice(id.into()))
}
fn date(d: u32) -> Option<FieldValue> {
    Some(FieldValue::Date(
        NaiveDate::from_ymd_opt(2026, 7, d).unwrap(),
    ))
}

impl Driver {
    fn new() -> Driver {
        let clock = Utc.with_ymd_and_hms(2026, 7, 1, 9, 0, 0).unwrap();
        Driver {
            run: Run::start(story(), "story1".into(), "Acme story".into(), "Ada", clock),
            clock,
        }
    }

    fn try_apply(&mut self, change: RunChange) -> Result<(), ChangeError> {
        self.clock += Duration::minutes(1);
        self.run
            .apply(story(), change, "Ada", self.clock)
            .map(|_| ())
    }

    fn apply(&mut self, change: RunChange) {
        let description = format!("{change:?}");
        self.try_apply(change)
            .unwrap_or_else(|e| panic!("{description}: {e}"));
    }

    fn set(&mut self, step: &str, field: &str, value: Option<FieldValue>) {
        self.apply(RunChange::SetValue {
            step: step.into(),
            field: field.into(),
            value,
        });
    }

    fn tick_all(&mut self, step: &str) {
        for check in &story().step(step).unwrap().checks {
            self.apply(RunChange::SetCheck {
                step: step.into(),
                check: check.id.clone(),
                ticked: true,
            });
        }
    }

    /// Adds a record and fills its columns; returns the record id.
    fn add_row(&mut self, step: &str, field: &str, cells: &[(&str, Option<FieldValue>)]) -> u32 {
        self.apply(RunChange::AddRow {
            step: step.into(),
            field: field.into(),
        });
        let id = self.rows(step, field).iter().map(|r| r.id).max().unwrap();
        for (column, value) in cells {
            self.set_cell(step, field, id, column, value.clone());
        }
        id
    }

    fn set_cell(
        &mut self,
        step: &str,
        field: &str,
        row: u32,
        column: &str,
        value: Option<FieldValue>,
    ) {
        self.apply(RunChange::SetRowValue {
            step: step.into(),
            field: field.into(),
            row,
            column: column.into(),
            value,
        });
    }

    fn rows(&self, step: &str, field: &str) -> Vec<runsheet::domain::value::Row> {
        match self.run.step(step).unwrap().values.get(field) {
            Some(FieldValue::Rows(rows)) => rows.clone(),
            _ => vec![],
        }
    }

    fn cell(&self, step: &str, field: &str, row: u32, column: &str) -> Option<FieldValue> {
        self.rows(step, field)
            .into_iter()
            .find(|r| r.id == row)?
            .values
            .get(column)
            .cloned()
    }

    fn complete(&mut self, step: &str) -> Result<(), ChangeError> {
        self.try_apply(RunChange::Complete { step: step.into() })
    }

    fn missing(&self, step: &str) -> Vec<String> {
        let index = story().step_index(step).unwrap();
        missing_for_completion(story(), &self.run, index)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    fn intake(&mut self) -> u32 {
        for f in [
            "request",
            "campaign-objective",
            "target-audience",
            "fit-criteria",
        ] {
            self.set("intake", f, text("x"));
        }
        self.tick_all("intake");
        let acme = self.add_row(
            "intake",
            "candidates",
            &[("customer", text("Acme")), ("status", choice("selected"))],
        );
        self.add_row(
            "intake",
            "candidates",
            &[("customer", text("Beta")), ("status", choice("alternate"))],
        );
        self.complete("intake").unwrap();
        acme
    }

    fn consent(&mut self, candidate: u32) {
        self.set(
            "consent",
            "candidate",
            Some(FieldValue::Picks(vec![candidate])),
        );
        self.set("consent", "consent-received", date(2));
        self.set("consent", "consent-scope", text("Named story"));
        self.tick_all("consent");
        self.complete("consent").unwrap();
    }

    /// Plans and runs the interview: one approved and one unapproved quote, one
    /// verified and one unverified outcome. Returns (approved quote, verified outcome).
    fn interview(&mut self) -> (u32, u32, u32, u32) {
        self.set(
            "interview-plan",
            "scheduled-at",
            Some(FieldValue::DateTime(
                NaiveDate::from_ymd_opt(2026, 7, 3)
                    .unwrap()
                    .and_hms_opt(10, 0, 0)
                    .unwrap(),
            )),
        );
        self.set("interview-plan", "format", choice("video"));
        self.set("interview-plan", "duration", Some(FieldValue::Number(45.0)));
        self.set("interview-plan", "recording-permission", choice("granted"));
        self.add_row("interview-plan", "participants", &[("name", text("Cy"))]);
        self.tick_all("interview-plan");
        self.complete("interview-plan").unwrap();
        let good_quote = self.add_row(
            "interview",
            "quotes",
            &[
                ("text", text("It halved our costs.")),
                ("speaker", text("Cy, CTO")),
                ("approved", yes()),
            ],
        );
        let bad_quote = self.add_row(
            "interview",
            "quotes",
            &[
                ("text", text("Off the record")),
                ("speaker", text("Cy")),
                ("approved", no()),
            ],
        );
        let verified = self.add_row(
            "interview",
            "measurable-outcomes",
            &[
                ("metric", text("Cost")),
                ("before", Some(FieldValue::Number(100.0))),
                ("after", Some(FieldValue::Number(50.0))),
                ("verified", yes()),
            ],
        );
        let unverified = self.add_row(
            "interview",
            "measurable-outcomes",
            &[("metric", text("Speed")), ("verified", no())],
        );
        self.set("interview", "implementation-details", text("Two sprints"));
        self.tick_all("interview");
        self.complete("interview").unwrap();
        (good_quote, bad_quote, verified, unverified)
    }

    fn draft(&mut self, quote: u32, outcome: u32) {
        self.set("draft", "headline", text("Acme halves costs"));
        self.set("draft", "problem-statement", text("Costs were high"));
        self.set("draft", "solution-summary", text("They adopted us"));
        self.set("draft", "outcomes", Some(FieldValue::Picks(vec![outcome])));
        self.set("draft", "quote", Some(FieldValue::Picks(vec![quote])));
        self.tick_all("draft");
    }

    /// The three approvers the SOP requires: the run starts with their records;
    /// their names come from the Roles form. Returns the record ids in order
    /// customer contact, legal reviewer, brand owner.
    fn approvers(&mut self) -> Vec<u32> {
        for (role, name) in [
            ("customer-contact", "Cy"),
            ("legal-reviewer", "Lee"),
            ("brand-owner", "Bo"),
        ] {
            self.apply(RunChange::Assign {
                role: role.into(),
                person: name.into(),
            });
        }
        self.rows("approvals", "approvers")
            .iter()
            .map(|r| r.id)
            .collect()
    }

    fn decide(&mut self, row: u32, decision: &str) {
        self.decide_on(row, decision, 20);
    }

    /// Records a decision; a new decision on a new version carries a new date.
    fn decide_on(&mut self, row: u32, decision: &str, day: u32) {
        self.set_cell("approvals", "approvers", row, "decision", choice(decision));
        self.set_cell("approvals", "approvers", row, "date", date(day));
    }
}

#[test]
fn a_dropped_candidate_keeps_its_reason_and_an_alternate_is_chosen() {
    let mut d = Driver::new();
    let acme = d.intake();
    d.apply(RunChange::TakeOutcome {
        step: "consent".into(),
        outcome: "consent-missing".into(),
        note: "Legal refused to sign".into(),
    });
    assert_eq!(
        d.cell("intake", "candidates", acme, "status"),
        choice("dropped")
    );
    assert_eq!(
        d.cell("intake", "candidates", acme, "reason-dropped"),
        text("Legal refused to sign")
    );
    assert_eq!(
        d.run.step("intake").unwrap().status,
        StepStatus::InProgress,
        "back to step 1"
    );
    assert!(
        d.run
            .activity
            .iter()
            .any(|e| e.new.as_deref() == Some("Escalated to Content owner"))
    );

    // Dropping without a reason is not accepted either.
    let beta = d.rows("intake", "candidates")[1].id;
    d.set_cell("intake", "candidates", beta, "status", choice("dropped"));
    assert_eq!(
        d.missing("intake"),
        vec!["Fill in “Why dropped” in Candidates, record 2"]
    );
    d.set_cell("intake", "candidates", beta, "status", choice("selected"));
    d.complete("intake").unwrap();
    d.consent(beta);
    assert_eq!(
        d.rows("intake", "candidates").len(),
        2,
        "both candidates stay on record"
    );
}

#[test]
fn consent_can_only_name_the_selected_candidate() {
    let mut d = Driver::new();
    d.intake();
    let beta = d.rows("intake", "candidates")[1].id;
    d.set("consent", "candidate", Some(FieldValue::Picks(vec![beta])));
    assert!(d.missing("consent").contains(&"“Candidate asked for consent” includes a record that no longer qualifies; choose again".to_string()));
}

#[test]
fn the_draft_cites_only_verified_outcomes_and_approved_quotes() {
    let mut d = Driver::new();
    let acme = d.intake();
    d.consent(acme);
    let (good_quote, bad_quote, verified, unverified) = d.interview();
    d.draft(bad_quote, unverified);
    let missing = d.missing("draft");
    assert!(
        missing.contains(
            &"“Results cited” includes a record that no longer qualifies; choose again".to_string()
        ),
        "{missing:?}"
    );
    assert!(
        missing.contains(
            &"“Featured quote” includes a record that no longer qualifies; choose again"
                .to_string()
        ),
        "{missing:?}"
    );
    d.draft(good_quote, verified);
    assert_eq!(d.missing("draft"), Vec::<String>::new());
}

#[test]
fn an_unsupported_claim_blocks_review_until_resolved() {
    let mut d = Driver::new();
    let acme = d.intake();
    d.consent(acme);
    let (quote, _, outcome, _) = d.interview();
    d.draft(quote, outcome);
    let claim = d.add_row(
        "draft",
        "unsupported-claims",
        &[
            ("claim", text("Fastest on the market")),
            ("needed", text("Benchmark from Acme")),
        ],
    );
    let err = d.complete("draft").unwrap_err();
    assert_eq!(
        err,
        ChangeError::Incomplete(vec![Missing::Rule {
            message: "Resolve or remove every unsupported claim before the draft goes to review"
                .into()
        }])
    );
    d.set_cell("draft", "unsupported-claims", claim, "resolved", yes());
    d.complete("draft").unwrap();
    assert_eq!(d.run.step("draft").unwrap().current_version(), 1);
}

/// Runs a story up to approvals with draft version 1 and three required approvers.
fn up_to_approvals() -> (Driver, Vec<u32>) {
    let mut d = Driver::new();
    let acme = d.intake();
    d.consent(acme);
    let (quote, _, outcome, _) = d.interview();
    d.draft(quote, outcome);
    d.complete("draft").unwrap();
    d.tick_all("brand-review");
    d.complete("brand-review").unwrap();
    d.tick_all("approvals");
    let approvers = d.approvers();
    (d, approvers)
}

#[test]
fn decisions_are_stamped_with_the_draft_version_they_were_made_on() {
    let (mut d, approvers) = up_to_approvals();
    d.decide(approvers[0], "approved");
    assert_eq!(
        d.cell("approvals", "approvers", approvers[0], "version"),
        Some(FieldValue::Number(1.0))
    );
    let err = d
        .try_apply(RunChange::SetRowValue {
            step: "approvals".into(),
            field: "approvers".into(),
            row: approvers[0],
            column: "version".into(),
            value: Some(FieldValue::Number(9.0)),
        })
        .unwrap_err();
    assert_eq!(
        err,
        ChangeError::WrongValue("Draft version".into()),
        "the stamp cannot be typed over"
    );
}

#[test]
fn a_change_request_logs_a_deviation_clears_approvals_and_needs_a_new_version() {
    let (mut d, approvers) = up_to_approvals();
    d.decide(approvers[0], "approved");
    d.decide(approvers[1], "changes-requested");
    assert_eq!(
        d.missing("approvals"),
        vec![
            "Fill in “Comment” in Approvers, record 2",
            "Every required approver must approve the current draft version: \
             Legal reviewer (Lee) has not approved version 1; \
             Brand owner (Bo) has not decided on version 1"
        ]
    );
    d.set_cell(
        "approvals",
        "approvers",
        approvers[1],
        "comment",
        text("Remove the price"),
    );
    d.apply(RunChange::TakeOutcome {
        step: "approvals".into(),
        outcome: "changes-requested".into(),
        note: "Legal: remove the price".into(),
    });

    let deviations = d.rows("approvals", "deviations");
    assert_eq!(deviations.len(), 1);
    assert_eq!(
        deviations[0].values.get("change"),
        text("Legal: remove the price").as_ref()
    );
    for row in d.rows("approvals", "approvers") {
        assert_eq!(
            row.values.get("decision"),
            None,
            "earlier decisions are cleared"
        );
        assert_eq!(row.values.get("version"), None);
        assert!(row.values.contains_key("role"), "approvers themselves stay");
    }
    assert_eq!(
        d.run.step("draft").unwrap().status,
        StepStatus::InProgress,
        "back to the draft"
    );
    assert_eq!(
        d.run.step("brand-review").unwrap().status,
        StepStatus::InProgress,
        "review reopens too"
    );

    d.set("draft", "headline", text("Acme cuts costs"));
    d.complete("draft").unwrap();
    let draft = d.run.step("draft").unwrap();
    assert_eq!(draft.current_version(), 2);
    assert_eq!(
        draft.versions[0].values.get("headline"),
        text("Acme halves costs").as_ref(),
        "version 1 is kept"
    );
    assert_eq!(
        draft.versions[1].values.get("headline"),
        text("Acme cuts costs").as_ref()
    );
}

#[test]
fn publication_waits_for_every_required_approver_on_the_current_version() {
    let (mut d, approvers) = up_to_approvals();
    d.set("publication", "published-on", date(25));
    d.set(
        "publication",
        "final-link",
        text("https://example.com/acme"),
    );
    d.set(
        "publication",
        "shared-with",
        Some(FieldValue::Choices(vec!["sales".into()])),
    );
    d.add_row("publication", "channels", &[("channel", text("Blog"))]);
    d.tick_all("publication");
    let gate = "The story can only be published once every required approver has approved the current draft version";
    let waits = "Complete step 7 · Collect approvals first".to_string();

    d.decide(approvers[0], "approved");
    d.decide(approvers[1], "approved");
    assert_eq!(
        d.missing("publication"),
        vec![
            waits.clone(),
            format!("{gate}: Brand owner (Bo) has not decided on version 1")
        ],
        "one required approver is still out"
    );
    // An optional approver does not hold publication up.
    let optional = d.add_row(
        "approvals",
        "approvers",
        &[
            ("approver", text("Dee")),
            ("role", choice("other")),
            ("required", no()),
        ],
    );
    d.decide(optional, "approved");
    d.decide(approvers[2], "approved");
    assert_eq!(d.missing("publication"), vec![waits.clone()]);
    // A required role cannot be made optional.
    d.set_cell("approvals", "approvers", approvers[2], "required", no());
    d.set_cell("approvals", "approvers", approvers[2], "decision", None);
    assert_eq!(
        d.missing("publication"),
        vec![
            waits.clone(),
            format!("{gate}: Brand owner (Bo) has not decided on version 1")
        ]
    );
    d.set_cell("approvals", "approvers", approvers[2], "required", yes());
    d.decide(approvers[2], "approved");

    // Approvals of an older version do not count: reopen and complete the draft.
    d.apply(RunChange::Reopen {
        step: "draft".into(),
    });
    d.complete("draft").unwrap();
    assert_eq!(
        d.missing("publication"),
        vec![
            "Complete step 6 · Review the draft against brand rules first".to_string(),
            waits.clone(),
            format!(
                "{gate}: Customer contact (Cy) decided on version 1; version 2 needs their decision; \
                 Legal reviewer (Lee) decided on version 1; version 2 needs their decision; \
                 Brand owner (Bo) decided on version 1; version 2 needs their decision"
            )
        ],
        "version 2 is not approved yet"
    );
    for row in &approvers {
        d.decide_on(*row, "approved", 22);
    }
    assert_eq!(
        d.cell("approvals", "approvers", optional, "version"),
        Some(FieldValue::Number(1.0)),
        "the optional approver's decision stays on version 1"
    );
    // The new version reopened brand review: it is reviewed again first.
    assert_eq!(
        d.run.step("brand-review").unwrap().status,
        StepStatus::InProgress
    );
    d.complete("brand-review").unwrap();
    d.complete("approvals").unwrap();
    d.complete("publication").unwrap();
    assert_eq!(d.run.step("publication").unwrap().status, StepStatus::Done);
}

// Regression: any edit of an approver row re-stamped it with the current draft
// version, so after version 2 existed, changing only the date of legal's
// version-1 approval made it count for version 2 and approvals completed.
#[test]
fn editing_the_date_of_a_version_1_approval_does_not_make_it_count_for_version_2() {
    let (mut d, approvers) = up_to_approvals();
    for row in &approvers {
        d.decide(*row, "approved");
    }
    assert_eq!(d.missing("approvals"), Vec::<String>::new());
    d.apply(RunChange::Reopen {
        step: "draft".into(),
    });
    d.complete("draft").unwrap();
    d.complete("brand-review").unwrap();
    // Two approvers decide on version 2; legal's row only gets a new date.
    d.decide_on(approvers[0], "approved", 22);
    d.decide_on(approvers[2], "approved", 22);
    d.set_cell("approvals", "approvers", approvers[1], "date", date(23));
    assert_eq!(
        d.cell("approvals", "approvers", approvers[1], "version"),
        Some(FieldValue::Number(1.0)),
        "the decision stays a decision on version 1"
    );
    assert_eq!(
        d.complete("approvals"),
        Err(ChangeError::Incomplete(vec![Missing::Rule {
            message: "Every required approver must approve the current draft version: \
                      Legal reviewer (Lee) decided on version 1; version 2 needs their decision"
                .into()
        }]))
    );
    // Giving the decision on version 2 is what counts.
    d.decide_on(approvers[1], "approved", 23);
    assert_eq!(
        d.cell("approvals", "approvers", approvers[1], "version"),
        Some(FieldValue::Number(2.0))
    );
    d.complete("approvals").unwrap();
}

// Regression: "Not applicable" was offered on every step, consent included,
// and the run then counted as complete without consent.
#[test]
fn consent_review_approvals_and_publication_cannot_be_skipped() {
    let mut d = Driver::new();
    for step in ["consent", "brand-review", "approvals", "publication"] {
        let title = story().step(step).unwrap().title.clone();
        assert_eq!(
            d.try_apply(RunChange::MarkNotApplicable {
                step: step.into(),
                reason: "not needed".into(),
            }),
            Err(ChangeError::NotSkippable(title)),
            "{step}"
        );
        assert!(!story().step(step).unwrap().skippable);
    }
    // Steps the record does not depend on may still be skipped, with a reason.
    d.apply(RunChange::MarkNotApplicable {
        step: "interview-plan".into(),
        reason: "Written questions instead".into(),
    });
    assert_eq!(
        d.run.step("interview-plan").unwrap().status,
        StepStatus::NotApplicable {
            reason: "Written questions instead".into()
        }
    );
}

// Regression: publication could be marked done while steps 1–4 were not
// done, and brand review completed while the draft had no version at all.
#[test]
fn steps_wait_for_what_they_depend_on_and_say_which() {
    let mut d = Driver::new();
    d.tick_all("brand-review");
    assert_eq!(
        d.missing("brand-review"),
        vec![
            "Complete step 5 · Write the draft first",
            "“Write the draft” has no completed version to review yet"
        ]
    );
    let publication = d.missing("publication");
    for n in 1..=7 {
        let title = &story().steps[n - 1].title;
        assert!(
            publication.contains(&format!("Complete step {n} · {title} first")),
            "publication waits for step {n}: {publication:?}"
        );
    }
    assert!(matches!(
        d.complete("publication"),
        Err(ChangeError::Incomplete(_))
    ));
}

// Regression: a story was published with a single approver row; nothing
// asked for the customer contact, the legal reviewer and the brand owner.
#[test]
fn a_story_starts_with_the_approvers_the_sop_requires_named_from_roles() {
    let mut d = Driver::new();
    let rows = d.rows("approvals", "approvers");
    let roles: Vec<Option<FieldValue>> =
        rows.iter().map(|r| r.values.get("role").cloned()).collect();
    assert_eq!(
        roles,
        vec![
            choice("customer-contact"),
            choice("legal-reviewer"),
            choice("brand-owner")
        ]
    );
    assert!(
        rows.iter()
            .all(|r| r.values.get("required") == yes().as_ref())
    );
    d.apply(RunChange::Assign {
        role: "legal-reviewer".into(),
        person: "Lee".into(),
    });
    let spec = runsheet::domain::approvals::spec::ApprovalSpec::in_template(story()).unwrap();
    let state = runsheet::domain::approvals::state::ApprovalState::read(&spec, story(), &d.run);
    assert_eq!(state.approvers[1].name.as_deref(), Some("Lee"));
    assert_eq!(state.approvers[1].label(), "Legal reviewer (Lee)");
    // Removing a required approver's record is noticed, not silently accepted.
    d.apply(RunChange::RemoveRow {
        step: "approvals".into(),
        field: "approvers".into(),
        row: rows[2].id,
    });
    let state = runsheet::domain::approvals::state::ApprovalState::read(&spec, story(), &d.run);
    assert_eq!(state.missing_roles, vec!["Brand owner".to_owned()]);
}

// Regression: a new draft version left the old brand review standing.
#[test]
fn a_new_draft_version_reopens_brand_review() {
    let (mut d, _) = up_to_approvals();
    assert_eq!(
        d.run.step("brand-review").unwrap().reviewed_version,
        Some(1)
    );
    d.apply(RunChange::Reopen {
        step: "draft".into(),
    });
    d.complete("draft").unwrap();
    let review = d.run.step("brand-review").unwrap();
    assert_eq!(review.status, StepStatus::InProgress);
    assert!(
        d.run.activity.iter().any(
            |e| e.new.as_deref() == Some("Version 2 of “Write the draft” needs its own review")
        )
    );
    d.complete("brand-review").unwrap();
    assert_eq!(
        d.run.step("brand-review").unwrap().reviewed_version,
        Some(2)
    );
}

// Regression: quotes and results under "Version N" were read from today's
// interview rows, not from the version as it was completed.
#[test]
fn a_draft_version_keeps_its_quote_and_results_as_they_read_then() {
    let mut d = Driver::new();
    let acme = d.intake();
    d.consent(acme);
    let (quote, _, outcome, _) = d.interview();
    d.draft(quote, outcome);
    d.complete("draft").unwrap();
    let version = &d.run.step("draft").unwrap().versions[0];
    let quotes = &version.picked["quote"];
    assert_eq!(quotes.len(), 1);
    assert_eq!(
        quotes[0].values.get("text"),
        text("It halved our costs.").as_ref()
    );
    let results = &version.picked["outcomes"];
    assert_eq!(
        results[0].values.get("after"),
        Some(&FieldValue::Number(50.0))
    );
}

/// A story taken through approval of version 1 by every required approver.
fn approved_story() -> Driver {
    let (mut d, approvers) = up_to_approvals();
    for row in &approvers {
        d.decide(*row, "approved");
    }
    d.complete("approvals").unwrap();
    d
}

// Regression: the printed "The results" section showed "metric — source"
// without the before and after values, and the only print was the full
// internal record with the uncleared quote in it.
#[test]
fn the_story_print_holds_the_approved_version_with_figures_and_nothing_uncleared() {
    use chrono::FixedOffset;
    use runsheet::domain::summary::{SummaryValue, product_document};
    let mut d = approved_story();
    let utc = FixedOffset::east_opt(0).unwrap();
    let doc = product_document(&d.run, story(), utc).expect("the story SOP has a document");
    assert!(doc.approved);
    assert_eq!(doc.headline, "Acme halves costs");
    let results = doc
        .sections
        .iter()
        .find(|(h, _)| h == "The results")
        .map(|(_, b)| b.clone())
        .expect("results section");
    assert_eq!(results, vec!["Cost: 100 → 50".to_owned()]);
    assert_eq!(
        doc.quote,
        Some(("It halved our costs.".into(), "Cy, CTO".into()))
    );
    let everything = format!("{doc:?}");
    assert!(!everything.contains("Off the record"), "no uncleared quote");
    assert!(!everything.contains("Speed"), "no unverified result");
    let Some(SummaryValue::Table { rows, .. }) = &doc.approvals else {
        panic!("approval record");
    };
    assert_eq!(rows.len(), 3);
    assert_eq!(
        rows[1],
        [
            "Lee",
            "Legal reviewer",
            "Yes",
            "Approved",
            "1",
            "2026-07-20"
        ]
        .map(String::from)
    );
    // Editing the interview after approval does not change the approved story.
    d.apply(RunChange::Reopen {
        step: "interview".into(),
    });
    let outcome = d.rows("interview", "measurable-outcomes")[0].id;
    d.set_cell(
        "interview",
        "measurable-outcomes",
        outcome,
        "after",
        Some(FieldValue::Number(75.0)),
    );
    let doc = product_document(&d.run, story(), utc).unwrap();
    assert!(
        doc.sections
            .iter()
            .any(|(_, b)| b == &vec!["Cost: 100 → 50".to_owned()])
    );
}

// Regression: the sign-off block listed only the roles that own a step; the
// customer contact, legal reviewer and brand owner decide but were missing.
#[test]
fn sign_off_lists_step_owners_and_every_required_approver_with_their_decision() {
    use chrono::FixedOffset;
    use runsheet::domain::summary::summarize;
    let d = approved_story();
    let s = summarize(&d.run, story(), FixedOffset::east_opt(0).unwrap(), false);
    let legal = s
        .sign_off
        .iter()
        .find(|l| l.role == "Legal reviewer" && l.decision == "Approved")
        .expect("legal reviewer signs");
    assert_eq!(legal.name, "Lee");
    assert_eq!(legal.version, Some(1));
    assert_eq!(legal.date.as_deref(), Some("2026-07-20"));
    for role in [
        "Customer contact",
        "Brand owner",
        "Content owner",
        "Content writer",
    ] {
        assert!(s.sign_off.iter().any(|l| l.role == role), "{role} signs");
    }
    assert!(
        s.activity.is_empty(),
        "the log is left out unless asked for"
    );
}

/// Names the legal reviewer on the Roles form.
fn name_legal_reviewer(d: &mut Driver, person: &str) {
    d.apply(RunChange::Assign {
        role: "legal-reviewer".into(),
        person: person.into(),
    });
}

/// Completes a new draft version and its brand review, reopening the
/// approvals first when they were closed.
fn new_draft_version(d: &mut Driver) {
    for step in ["approvals", "draft"] {
        d.apply(RunChange::Reopen { step: step.into() });
    }
    d.complete("draft").unwrap();
    d.complete("brand-review").unwrap();
}

// Regression (issue 19): Jonas Weber, Legal reviewer on the Roles form,
// approved draft version 2; once the Roles form named Anna Schmidt, the
// approval record, the sign-off and the JSON all said Anna had approved it,
// because the approver's name was read from the Roles form every time.
#[test]
fn a_decision_keeps_who_made_it_when_the_roles_form_changes() {
    use chrono::FixedOffset;
    use runsheet::domain::export::{export_run, to_pretty_json};
    use runsheet::domain::import::{Integrity, parse_import};
    use runsheet::domain::markdown::to_markdown;
    use runsheet::domain::summary::{SummaryValue, summarize};

    let (mut d, approvers) = up_to_approvals();
    name_legal_reviewer(&mut d, "Jonas Weber");
    new_draft_version(&mut d);
    for row in &approvers {
        d.decide_on(*row, "approved", 22);
    }
    d.complete("approvals").unwrap();
    let legal = approvers[1];
    assert_eq!(
        d.cell("approvals", "approvers", legal, "decided-by"),
        text("Jonas Weber"),
        "the name is kept with the decision when it is given"
    );
    name_legal_reviewer(&mut d, "Anna Schmidt");

    // The record, the sign-off, the story print and the Markdown name Jonas.
    let utc = FixedOffset::east_opt(0).unwrap();
    let s = summarize(&d.run, story(), utc, true);
    let line = s
        .sign_off
        .iter()
        .find(|l| l.role == "Legal reviewer")
        .expect("the legal reviewer signs");
    assert_eq!(
        (line.name.as_str(), line.decision.as_str(), line.version),
        ("Jonas Weber", "Approved", Some(2))
    );
    let Some(SummaryValue::Table { rows, .. }) = &s.document.as_ref().unwrap().approvals else {
        panic!("approval record");
    };
    assert_eq!(
        rows[1],
        [
            "Jonas Weber",
            "Legal reviewer",
            "Yes",
            "Approved",
            "2",
            "2026-07-22"
        ]
        .map(String::from)
    );
    assert!(
        s.roles
            .contains(&("Legal reviewer".to_owned(), "Anna Schmidt".to_owned())),
        "the Roles form itself says who holds the role now"
    );
    let md = to_markdown(&s);
    assert!(
        md.contains("| Legal reviewer | Jonas Weber | Approved | 2 | 2026-07-22 |"),
        "{md}"
    );
    assert!(
        md.contains("| Jonas Weber | Legal reviewer | Yes | Approved | 2 | 2026-07-22 |"),
        "{md}"
    );
    assert!(!md.contains("Anna Schmidt | Approved"), "{md}");
    // The activity log says so too, when the decision was given.
    assert!(d.run.activity.iter().any(|e| {
        e.what.ends_with("Approvers, record 2 · Decided by")
            && e.new.as_deref() == Some("Jonas Weber")
    }));
    assert!(
        !d.run
            .activity
            .iter()
            .any(|e| e.what.ends_with("· Decided by") && e.new.as_deref() == Some("Anna Schmidt")),
        "changing the Roles form changes no decision"
    );

    // The JSON file carries the name, and reads back to the same record.
    let file = to_pretty_json(&export_run(&d.run, story(), d.clock));
    let json: serde_json::Value = serde_json::from_str(&file).unwrap();
    let approvals = story().step_index("approvals").unwrap();
    assert_eq!(
        json["run"]["steps"][approvals]["values"]["approvers"]["value"][1]["values"]["decided-by"],
        serde_json::json!({"type": "text", "value": "Jonas Weber"})
    );
    let incoming = parse_import(file.len(), &file).unwrap();
    assert_eq!(incoming[0].integrity, Integrity::Intact);
    assert_eq!(incoming[0].run, d.run);
    assert_eq!(summarize(&incoming[0].run, story(), utc, true), s);

    // Who is asked next is whoever the Roles form names now.
    new_draft_version(&mut d);
    let missing = d.missing("approvals").join(" | ");
    assert!(
        missing.contains(
            "Legal reviewer (Jonas Weber) decided on version 2; \
             version 3 needs a decision from Legal reviewer (Anna Schmidt)"
        ),
        "{missing}"
    );
    assert!(
        missing.contains("Brand owner (Bo) decided on version 2; version 3 needs their decision"),
        "{missing}"
    );
    d.decide_on(legal, "approved", 24);
    assert_eq!(
        d.cell("approvals", "approvers", legal, "decided-by"),
        text("Anna Schmidt"),
        "a decision on a newer version is a new decision, by who holds the role now"
    );
    // The stamp is the app's to fill, never the person's.
    assert_eq!(
        d.try_apply(RunChange::SetRowValue {
            step: "approvals".into(),
            field: "approvers".into(),
            row: legal,
            column: "decided-by".into(),
            value: text("Jonas Weber"),
        }),
        Err(ChangeError::WrongValue("Decided by".into()))
    );
    // Clearing the decision clears who gave it; the pending approval is
    // shown as asked of whoever the Roles form names now.
    d.set_cell("approvals", "approvers", legal, "decision", None);
    assert_eq!(d.cell("approvals", "approvers", legal, "decided-by"), None);
    name_legal_reviewer(&mut d, "Lena Vogt");
    let s = summarize(&d.run, story(), utc, false);
    let line = s
        .sign_off
        .iter()
        .find(|l| l.role == "Legal reviewer")
        .unwrap();
    assert_eq!(
        (line.name.as_str(), line.decision.as_str()),
        ("Lena Vogt", "No decision yet")
    );
}

// A change request clears every decision, and with it who gave it: the next
// decision is asked of whoever holds the role then.
#[test]
fn a_change_request_clears_who_decided_with_the_decision() {
    let (mut d, approvers) = up_to_approvals();
    d.decide(approvers[1], "changes-requested");
    assert_eq!(
        d.cell("approvals", "approvers", approvers[1], "decided-by"),
        text("Lee")
    );
    d.set_cell(
        "approvals",
        "approvers",
        approvers[1],
        "comment",
        text("Remove the price"),
    );
    d.apply(RunChange::TakeOutcome {
        step: "approvals".into(),
        outcome: "changes-requested".into(),
        note: "Legal: remove the price".into(),
    });
    assert_eq!(
        d.cell("approvals", "approvers", approvers[1], "decided-by"),
        None
    );
}

// A name typed into the record is who the record asks; it is kept with the
// decision like a name from the Roles form, and a later edit of the typed
// name does not rewrite who decided.
#[test]
fn a_typed_approver_is_kept_with_their_decision() {
    let (mut d, approvers) = up_to_approvals();
    let legal = approvers[1];
    d.set_cell(
        "approvals",
        "approvers",
        legal,
        "approver",
        text("Ute Kern"),
    );
    d.decide(legal, "approved");
    assert_eq!(
        d.cell("approvals", "approvers", legal, "decided-by"),
        text("Ute Kern")
    );
    d.set_cell(
        "approvals",
        "approvers",
        legal,
        "approver",
        text("Max Roth"),
    );
    let spec = runsheet::domain::approvals::spec::ApprovalSpec::in_template(story()).unwrap();
    let state = runsheet::domain::approvals::state::ApprovalState::read(&spec, story(), &d.run);
    assert_eq!(state.approvers[1].name.as_deref(), Some("Max Roth"));
    assert_eq!(state.approvers[1].shown_name().as_deref(), Some("Ute Kern"));
}

// A run stored or exported before Runsheet kept names with decisions still
// opens and reads as it did; where the name can only come from today's Roles
// form, it says so, so nobody takes it for the person who decided.
#[test]
fn a_decision_recorded_before_names_were_kept_reads_as_before_marked_as_todays_name() {
    use chrono::FixedOffset;
    use runsheet::domain::export::{export_run, to_pretty_json};
    use runsheet::domain::import::{Integrity, parse_import};
    use runsheet::domain::summary::{SummaryValue, summarize};

    let mut d = approved_story();
    // As the previous release wrote it: no name with the decisions, no
    // person with the closed steps.
    let approvals = story().step_index("approvals").unwrap();
    if let Some(FieldValue::Rows(rows)) = d.run.steps[approvals].values.get_mut("approvers") {
        for row in rows.iter_mut() {
            row.values.remove("decided-by");
        }
    }
    for step in &mut d.run.steps {
        step.responsible = None;
    }
    let file = to_pretty_json(&export_run(&d.run, story(), d.clock));
    assert!(!file.contains("decided-by") && !file.contains("\"responsible\""));
    let incoming = parse_import(file.len(), &file).unwrap();
    assert_eq!(incoming[0].integrity, Integrity::Intact);
    let run = &incoming[0].run;
    let s = summarize(run, story(), FixedOffset::east_opt(0).unwrap(), false);
    let legal = s
        .sign_off
        .iter()
        .find(|l| l.role == "Legal reviewer")
        .unwrap();
    assert_eq!(
        legal.name,
        "Lee (on the Roles form now; not recorded at the time)"
    );
    let Some(SummaryValue::Table { rows, .. }) = &s.document.as_ref().unwrap().approvals else {
        panic!("approval record");
    };
    assert_eq!(
        rows[1][0],
        "Lee (on the Roles form now; not recorded at the time)"
    );
    let writer = s
        .sign_off
        .iter()
        .find(|l| l.role == "Content writer")
        .unwrap();
    assert_eq!(writer.name, "", "nobody was or is named for the role");
}

// Regression (issue 19): the sign-off named, for every step of a role, the
// person holding the role today, also for steps closed under someone else.
#[test]
fn a_closed_step_keeps_who_answered_for_it_when_the_roles_form_changes() {
    use chrono::FixedOffset;
    use runsheet::domain::markdown::to_markdown;
    use runsheet::domain::summary::summarize;

    let mut d = Driver::new();
    d.apply(RunChange::Assign {
        role: "content-owner".into(),
        person: "Jonas Weber".into(),
    });
    d.intake();
    assert_eq!(
        d.run.step("intake").unwrap().responsible.as_deref(),
        Some("Jonas Weber")
    );
    assert_eq!(
        d.run.step("consent").unwrap().responsible,
        None,
        "an open step keeps nobody"
    );
    d.apply(RunChange::Assign {
        role: "content-owner".into(),
        person: "Anna Schmidt".into(),
    });
    let s = summarize(&d.run, story(), FixedOffset::east_opt(0).unwrap(), false);
    let owners: Vec<(&str, &str, Option<&str>)> = s
        .sign_off
        .iter()
        .filter(|l| l.role == "Content owner")
        .map(|l| (l.name.as_str(), l.decision.as_str(), l.date.as_deref()))
        .collect();
    assert_eq!(
        owners,
        vec![
            ("Jonas Weber", "Responsible for step 1", Some("2026-07-01")),
            ("Anna Schmidt", "Responsible for step 8", None),
        ],
        "step 1 was closed under Jonas; step 8 is asked of Anna"
    );
    assert_eq!(s.steps[0].responsible, "Content owner (Jonas Weber)");
    assert_eq!(s.steps[7].responsible, "Content owner (Anna Schmidt)");
    let md = to_markdown(&s);
    assert!(
        md.contains("| Content owner | Jonas Weber | Responsible for step 1 |  | 2026-07-01 |"),
        "{md}"
    );
    assert!(
        md.contains("| Content owner | Anna Schmidt | Responsible for step 8 |  |  |"),
        "{md}"
    );
    assert!(
        md.contains("Responsible: Content owner (Jonas Weber)"),
        "{md}"
    );

    // Reopening the step makes it the current holder's again.
    d.apply(RunChange::Reopen {
        step: "intake".into(),
    });
    assert_eq!(d.run.step("intake").unwrap().responsible, None);
    let s = summarize(&d.run, story(), FixedOffset::east_opt(0).unwrap(), false);
    assert_eq!(s.steps[0].responsible, "Content owner (Anna Schmidt)");
}
