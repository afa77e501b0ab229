//! Matching requests to references: the score and its reasons, every reason a
//! reference is left out, the rolling usage window at its edges, and approval.

use chrono::{Days, NaiveDate};
use runsheet::domain::reference::approval_rule::{Condition, can_approve};
use runsheet::domain::reference::consent::ConsentState;
use runsheet::domain::reference::matching::{
    Exclusion, INDUSTRY_WEIGHT, LIMITED_AVAILABILITY_WEIGHT, MatchIndex, PRODUCT_WEIGHT,
    RECENT_USE_WEIGHT, REGION_WEIGHT, Reason, TIME_ZONE_WEIGHT, USE_CASE_WEIGHT, rank,
};
use runsheet::domain::reference::model::{
    Availability, Consent, ConsentStatus, ConsentUse, Escalation, EscalationType, History,
    Interaction, ProgramSettings, RecordKey, Reference, ReferenceStatus, ReferenceType, Request,
    ResponseStatus,
};
use runsheet::domain::reference::outreach::outreach_allowed;
use runsheet::domain::reference::tolerance::uses_in_window;

const RUN: &str = "program1";

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn today() -> NaiveDate {
    day(2026, 6, 30)
}

fn days_ago(n: u64) -> NaiveDate {
    today().checked_sub_days(Days::new(n)).expect("in range")
}

fn key(row: u32) -> RecordKey {
    RecordKey {
        run_id: RUN.into(),
        row_id: row,
    }
}

/// An active, available reference approved for every type, matching nothing in particular.
fn reference(row: u32, name: &str, company: &str) -> Reference {
    Reference {
        customer: None,
        key: key(row),
        name: name.into(),
        email: format!("{}@example.com", name.to_lowercase().replace(' ', ".")),
        phone: String::new(),
        company: company.into(),
        title: "VP Engineering".into(),
        industry: "Retail".into(),
        product: "Support desk".into(),
        approved_types: ReferenceType::ALL.to_vec(),
        preferred_topics: "hiring".into(),
        region: "LATAM".into(),
        time_zone: "America/Sao_Paulo".into(),
        availability: Availability::Available,
        availability_notes: String::new(),
        status: ReferenceStatus::Active,
        archived: false,
    }
}

fn consent(row: u32, who: &str, consent_use: ConsentUse, status: ConsentStatus) -> Consent {
    Consent {
        customer: None,
        expires_on: None,
        key: key(row),
        reference: who.into(),
        consent_use,
        status,
        date: Some(day(2026, 1, 10)),
        evidence: "signed form".into(),
        approvals: String::new(),
        restrictions: String::new(),
    }
}

/// Verified consent for every use, so only what a test changes can exclude.
fn all_consents(who: &str) -> Vec<Consent> {
    ConsentUse::ALL
        .iter()
        .enumerate()
        .map(|(i, u)| consent(100 + i as u32, who, *u, ConsentStatus::Verified))
        .collect()
}

fn completed(row: u32, who: &str, kind: ReferenceType, on: NaiveDate) -> Interaction {
    Interaction {
        customer: None,
        request: None,
        key: key(row),
        reference: who.into(),
        kind,
        audience: "CFO".into(),
        requested_on: on.checked_sub_days(Days::new(5)),
        response: ResponseStatus::Completed,
        completed_on: Some(on),
        activity: String::new(),
        feedback: String::new(),
        issues: String::new(),
    }
}

fn request() -> Request {
    let mut r = Request::new(ReferenceType::LiveSalesCall);
    r.industry = "Financial services".into();
    r.use_case = "Data migration".into();
    r.geography = "EMEA".into();
    r.product = "Payments".into();
    r.audience = "CFO".into();
    r
}

fn settings() -> ProgramSettings {
    ProgramSettings::with_tolerance(3, 90)
}

fn history<'h>(
    consents: &'h [Consent],
    interactions: &'h [Interaction],
    escalations: &'h [Escalation],
) -> History<'h> {
    History {
        consents,
        interactions,
        escalations,
        approvals: &[],
    }
}

fn only_exclusions(
    reference: Reference,
    consents: &[Consent],
    interactions: &[Interaction],
    escalations: &[Escalation],
) -> Vec<Exclusion> {
    let refs = [reference];
    let result = rank(
        &request(),
        &refs,
        history(consents, interactions, escalations),
        &settings(),
        today(),
    );
    match result.excluded.as_slice() {
        [] => Vec::new(),
        [one] => one.why.clone(),
        _ => panic!("one reference in, at most one excluded"),
    }
}

#[test]
fn a_full_match_scores_every_component_with_its_reason() {
    let mut r = reference(1, "Ada Park", "Fintrust");
    r.industry = "Financial Services".into();
    r.preferred_topics = "security, migration".into();
    r.region = "emea".into();
    r.product = "Analytics, Payments".into();
    let refs = [r];
    let consents = all_consents("Fintrust");
    let result = rank(
        &request(),
        &refs,
        history(&consents, &[], &[]),
        &settings(),
        today(),
    );
    assert!(result.excluded.is_empty());
    let ranked = &result.ranked[0];
    assert_eq!(
        ranked.reasons,
        vec![
            Reason::Industry {
                industry: "Financial Services"
            },
            Reason::UseCase { topic: "migration" },
            Reason::Region { region: "emea" },
            Reason::Product {
                product: "Payments"
            },
        ]
    );
    assert_eq!(
        ranked.score,
        INDUSTRY_WEIGHT + USE_CASE_WEIGHT + REGION_WEIGHT + PRODUCT_WEIGHT
    );
    let words: Vec<String> = ranked.reasons.iter().map(ToString::to_string).collect();
    assert_eq!(
        words,
        [
            "Same industry: Financial Services (+30)",
            "Preferred topic “migration” fits the use case (+25)",
            "Same region: emea (+15)",
            "Uses Payments (+30)",
        ]
    );
}

#[test]
fn a_time_zone_counts_only_without_a_region_match() {
    let mut by_zone = reference(1, "Ben Ode", "Zonal");
    by_zone.region = String::new();
    by_zone.time_zone = "Europe/Berlin".into();
    let mut both = reference(2, "Cy Two", "Both");
    both.region = "EMEA".into();
    both.time_zone = "Europe/Berlin".into();
    let refs = [by_zone, both];
    let mut consents = all_consents("Zonal");
    consents.extend(all_consents("Both"));
    let mut wanted = request();
    wanted.geography = "Europe".into();
    let result = rank(
        &wanted,
        &refs,
        history(&consents, &[], &[]),
        &settings(),
        today(),
    );
    let zonal = result
        .ranked
        .iter()
        .find(|r| r.reference.company == "Zonal")
        .expect("ranked");
    assert_eq!(
        zonal.reasons,
        [Reason::TimeZone {
            time_zone: "Europe/Berlin"
        }]
    );
    assert_eq!(zonal.score, TIME_ZONE_WEIGHT);
    wanted.geography = "EMEA".into();
    let result = rank(
        &wanted,
        &refs,
        history(&consents, &[], &[]),
        &settings(),
        today(),
    );
    let both = result
        .ranked
        .iter()
        .find(|r| r.reference.company == "Both")
        .expect("ranked");
    assert_eq!(both.reasons, [Reason::Region { region: "EMEA" }]);
}

#[test]
fn nothing_in_common_scores_zero_and_limited_availability_costs_points() {
    let plain = reference(1, "Dee Plain", "Plainco");
    let mut limited = reference(2, "Eve Busy", "Busyco");
    limited.availability = Availability::Limited;
    let refs = [plain, limited];
    let mut consents = all_consents("Plainco");
    consents.extend(all_consents("Busyco"));
    let result = rank(
        &request(),
        &refs,
        history(&consents, &[], &[]),
        &settings(),
        today(),
    );
    let scores: Vec<(&str, i32)> = result
        .ranked
        .iter()
        .map(|r| (r.reference.company.as_str(), r.score))
        .collect();
    assert_eq!(
        scores,
        [("Plainco", 0), ("Busyco", -LIMITED_AVAILABILITY_WEIGHT)]
    );
    assert_eq!(
        result.ranked[1].reasons[0].to_string(),
        "Limited availability (−10)"
    );
}

// Recent use lowers the score, more for recent activity: an activity today costs
// the full weight, one at the far edge of the window costs 1 point.
#[test]
fn recent_use_penalty_grows_with_recency() {
    let refs = [reference(1, "Fay Used", "Usedco")];
    let consents = all_consents("Usedco");
    let penalty_for = |age: u64| {
        let log = [completed(1, "Fay Used", ReferenceType::Logo, days_ago(age))];
        let result = rank(
            &request(),
            &refs,
            history(&consents, &log, &[]),
            &settings(),
            today(),
        );
        result.ranked[0].score
    };
    assert_eq!(penalty_for(0), -RECENT_USE_WEIGHT);
    assert_eq!(penalty_for(45), -10);
    assert_eq!(penalty_for(89), -1, "last day inside the window");
    assert_eq!(penalty_for(90), 0, "first day outside the window");
    assert!(penalty_for(1) < penalty_for(30));

    let log = [
        completed(1, "Fay Used", ReferenceType::Logo, days_ago(3)),
        completed(2, "Fay Used", ReferenceType::Quote, days_ago(60)),
    ];
    let result = rank(
        &request(),
        &refs,
        history(&consents, &log, &[]),
        &settings(),
        today(),
    );
    let reason = result.ranked[0].reasons[0];
    assert_eq!(
        reason,
        Reason::RecentUse {
            uses: 2,
            days_since_last: 3,
            window_days: 90,
            penalty: 20 * 87 / 90 + 1 + 20 * 30 / 90 + 1,
        }
    );
    assert_eq!(
        reason.to_string(),
        "2 activities completed in the last 90 days, the latest 3 days ago (−27)"
    );
}

#[test]
fn ranking_is_by_score_then_name_and_repeatable() {
    let mut best = reference(1, "Zed Best", "Bestco");
    best.industry = "Financial services".into();
    let tie_b = reference(2, "bob tie", "Tieco B");
    let tie_a = reference(3, "Al Tie", "Tieco A");
    let refs = [tie_b, best, tie_a];
    let consents: Vec<Consent> = ["Bestco", "Tieco B", "Tieco A"]
        .iter()
        .flat_map(|c| all_consents(c))
        .collect();
    let run = || {
        rank(
            &request(),
            &refs,
            history(&consents, &[], &[]),
            &settings(),
            today(),
        )
        .ranked
        .iter()
        .map(|r| r.reference.name.clone())
        .collect::<Vec<_>>()
    };
    assert_eq!(run(), ["Zed Best", "Al Tie", "bob tie"]);
    assert_eq!(run(), run());
}

#[test]
fn excluded_for_a_type_the_profile_does_not_approve() {
    let mut r = reference(1, "Gil Logo", "Logoco");
    r.approved_types = vec![ReferenceType::Logo];
    let why = only_exclusions(r, &all_consents("Logoco"), &[], &[]);
    assert_eq!(
        why,
        [Exclusion::TypeNotApproved {
            kind: ReferenceType::LiveSalesCall
        }]
    );
    assert_eq!(why[0].to_string(), "Not approved for live sales call");
}

#[test]
fn excluded_without_verified_consent_for_the_use_the_type_needs() {
    let r = reference(1, "Hal Quiet", "Quietco");
    // Consent for everything but sales calls, which a live sales call needs.
    let mut consents: Vec<Consent> = all_consents("Quietco")
        .into_iter()
        .filter(|c| c.consent_use != ConsentUse::SalesCall)
        .collect();
    let why = only_exclusions(r.clone(), &consents, &[], &[]);
    assert_eq!(
        why,
        [Exclusion::NoConsent {
            consent_use: ConsentUse::SalesCall,
            last: None
        }]
    );
    consents.push(consent(
        9,
        "quietco",
        ConsentUse::SalesCall,
        ConsentStatus::Refused,
    ));
    let why = only_exclusions(r.clone(), &consents, &[], &[]);
    assert_eq!(
        why[0].to_string(),
        "No verified consent for sales call (refused)"
    );
    consents.push(consent(
        10,
        " QuietCo ",
        ConsentUse::SalesCall,
        ConsentStatus::Verified,
    ));
    assert!(
        only_exclusions(r, &consents, &[], &[]).is_empty(),
        "names join case- and space-insensitively"
    );
}

#[test]
fn each_type_needs_its_own_consent_use() {
    let expected = [
        (ReferenceType::CaseStudy, ConsentUse::PublicCaseStudy),
        (ReferenceType::Testimonial, ConsentUse::Quotes),
        (ReferenceType::LiveSalesCall, ConsentUse::SalesCall),
        (ReferenceType::Logo, ConsentUse::Logo),
        (ReferenceType::Quote, ConsentUse::Quotes),
        (ReferenceType::Recording, ConsentUse::Recordings),
    ];
    for (kind, consent_use) in expected {
        assert_eq!(kind.consent_use(), consent_use, "{kind}");
    }
}

#[test]
fn excluded_when_consent_was_withdrawn_by_a_line_or_an_escalation() {
    let r = reference(1, "Ida Gone", "Goneco");
    let mut consents = all_consents("Goneco");
    consents.push(Consent {
        date: Some(day(2026, 2, 1)),
        ..consent(
            9,
            "Ida Gone",
            ConsentUse::SalesCall,
            ConsentStatus::Withdrawn,
        )
    });
    assert_eq!(
        only_exclusions(r.clone(), &consents, &[], &[]),
        [Exclusion::ConsentWithdrawn {
            consent_use: ConsentUse::SalesCall
        }]
    );
    // An escalation takes the reference out at once, for every use.
    let escalation = Escalation {
        customer: None,
        key: key(50),
        reference: "Goneco".into(),
        kind: EscalationType::ConsentWithdrawn,
        details: "Asked to stop all reference work".into(),
        escalated_to: None,
        date: Some(days_ago(1)),
        outcome: String::new(),
    };
    let why = only_exclusions(
        r.clone(),
        &all_consents("Goneco"),
        &[],
        std::slice::from_ref(&escalation),
    );
    assert_eq!(
        why,
        [Exclusion::ConsentWithdrawn {
            consent_use: ConsentUse::SalesCall
        }]
    );
    assert_eq!(why[0].to_string(), "Consent withdrawn for sales call");
    // Other escalation kinds do not touch consent.
    let unhappy = Escalation {
        kind: EscalationType::NegativeSentiment,
        ..escalation
    };
    assert!(only_exclusions(r, &all_consents("Goneco"), &[], &[unhappy]).is_empty());
}

#[test]
fn excluded_when_unavailable_paused_retired_or_archived() {
    let consents = all_consents("Awayco");
    let mut r = reference(1, "Jo Away", "Awayco");
    r.availability = Availability::Unavailable;
    let why = only_exclusions(r.clone(), &consents, &[], &[]);
    assert_eq!(
        why,
        [Exclusion::Unavailable {
            availability: Availability::Unavailable,
            status: ReferenceStatus::Active
        }]
    );
    assert_eq!(why[0].to_string(), "Unavailable");
    for status in [ReferenceStatus::Paused, ReferenceStatus::Retired] {
        let mut r = reference(1, "Jo Away", "Awayco");
        r.status = status;
        let why = only_exclusions(r, &consents, &[], &[]);
        assert!(
            matches!(why.as_slice(), [Exclusion::Unavailable { .. }]),
            "{status}"
        );
    }
    let mut r = reference(1, "Jo Away", "Awayco");
    r.archived = true;
    assert_eq!(
        only_exclusions(r, &consents, &[], &[]),
        [Exclusion::Archived]
    );
}

#[test]
fn every_reason_is_listed_not_just_the_first() {
    let mut r = reference(1, "Kim All", "Allco");
    r.approved_types = vec![];
    r.status = ReferenceStatus::Retired;
    let log: Vec<Interaction> = (0..3)
        .map(|i| {
            completed(
                i,
                "Kim All",
                ReferenceType::LiveSalesCall,
                days_ago(u64::from(i)),
            )
        })
        .collect();
    let why = only_exclusions(r, &[], &log, &[]);
    let kinds: Vec<&str> = why
        .iter()
        .map(|e| match e {
            Exclusion::TypeNotApproved { .. } => "type",
            Exclusion::NoConsent { .. } => "consent",
            Exclusion::ConsentWithdrawn { .. } => "withdrawn",
            Exclusion::ConsentExpired { .. } => "expired",
            Exclusion::Unavailable { .. } => "unavailable",
            Exclusion::Archived => "archived",
            Exclusion::OverTolerance { .. } => "tolerance",
            Exclusion::NotOffered { .. } => "not offered",
        })
        .collect();
    assert_eq!(kinds, ["type", "consent", "unavailable", "tolerance"]);
}

// The rolling window: limit 3 within 90 days, today 2026-06-30, so the window
// runs from 2026-04-02 to 2026-06-30, both included.
mod tolerance {
    use super::*;

    fn sales_calls(ages: &[u64]) -> Vec<Interaction> {
        ages.iter()
            .enumerate()
            .map(|(i, age)| {
                completed(
                    i as u32,
                    "Lu Calls",
                    ReferenceType::LiveSalesCall,
                    days_ago(*age),
                )
            })
            .collect()
    }

    fn why(log: &[Interaction]) -> Vec<Exclusion> {
        only_exclusions(
            reference(1, "Lu Calls", "Callco"),
            &all_consents("Callco"),
            log,
            &[],
        )
    }

    fn count(log: &[Interaction]) -> u32 {
        uses_in_window(
            log,
            &reference(1, "Lu Calls", "Callco"),
            ReferenceType::LiveSalesCall,
            today(),
            90,
        )
    }

    #[test]
    fn the_window_edges_are_today_and_89_days_before() {
        assert_eq!(days_ago(89), day(2026, 4, 2));
        assert_eq!(count(&sales_calls(&[89])), 1, "first day of the window");
        assert_eq!(count(&sales_calls(&[90])), 0, "one day before the window");
        assert_eq!(count(&sales_calls(&[0])), 1, "today");
        let tomorrow = [completed(
            1,
            "Lu Calls",
            ReferenceType::LiveSalesCall,
            day(2026, 7, 1),
        )];
        assert_eq!(count(&tomorrow), 0, "one day after the window (the future)");
    }

    #[test]
    fn one_below_the_limit_is_eligible_and_reaching_it_is_over() {
        assert!(why(&sales_calls(&[1, 2])).is_empty());
        assert_eq!(
            why(&sales_calls(&[1, 2, 89])),
            [Exclusion::OverTolerance {
                kind: ReferenceType::LiveSalesCall,
                used: 3,
                limit: 3,
                window_days: 90
            }]
        );
        assert_eq!(
            why(&sales_calls(&[1, 2, 89]))[0].to_string(),
            "Over tolerance: 3 of 3 live sales call activities in the last 90 days"
        );
        // The third call slides out of the window the next day.
        assert!(why(&sales_calls(&[1, 2, 90])).is_empty());
    }

    #[test]
    fn only_completed_activities_of_the_same_type_count() {
        let mut log = sales_calls(&[1, 2]);
        log.push(completed(7, "Lu Calls", ReferenceType::Logo, days_ago(3)));
        let mut declined = completed(8, "Lu Calls", ReferenceType::LiveSalesCall, days_ago(3));
        declined.response = ResponseStatus::Declined;
        log.push(declined);
        assert_eq!(count(&log), 2);
        assert!(why(&log).is_empty());
    }

    // A completed activity with no completion date must not escape the tolerance.
    #[test]
    fn a_completed_activity_without_a_date_counts_from_its_request_date() {
        let mut log = sales_calls(&[1, 2]);
        let mut undated = completed(9, "Lu Calls", ReferenceType::LiveSalesCall, days_ago(10));
        undated.completed_on = None;
        log.push(undated);
        assert_eq!(count(&log), 3);
        assert!(matches!(
            why(&log).as_slice(),
            [Exclusion::OverTolerance { .. }]
        ));
    }

    #[test]
    fn activities_recorded_in_another_run_do_not_count() {
        let mut log = sales_calls(&[1, 2, 3]);
        for i in &mut log {
            i.key.run_id = "other-run".into();
        }
        assert_eq!(count(&log), 0);
        assert!(why(&log).is_empty());
    }

    #[test]
    fn the_index_and_the_plain_count_agree() {
        let refs = [reference(1, "Lu Calls", "Callco")];
        let log = sales_calls(&[0, 5, 60, 89, 90, 200]);
        let index = MatchIndex::new(&refs, history(&[], &log, &[]));
        let usage = index.usage(0, today(), 90).expect("reference 0 exists");
        assert_eq!(usage.total, count(&log));
        assert_eq!(usage.by_type, [(ReferenceType::LiveSalesCall, 4)]);
        assert_eq!(usage.last_completed, Some(today()));
        assert_eq!(index.usage(1, today(), 90), None);
        assert_eq!(index.position_of(&key(1)), Some(0));
        assert_eq!(index.position_of(&key(2)), None);
    }
}

#[test]
fn a_program_that_does_not_offer_the_type_is_flagged_but_still_ranked() {
    let refs = [reference(1, "Mo Offer", "Offerco")];
    let consents = all_consents("Offerco");
    let mut s = settings();
    s.eligible_types = vec![ReferenceType::Logo];
    let result = rank(&request(), &refs, history(&consents, &[], &[]), &s, today());
    assert!(!result.type_offered);
    assert_eq!(result.ranked.len(), 1);
}

#[test]
fn approval_names_each_failing_condition() {
    let consents = all_consents("Nocall");
    let r = reference(1, "Ned Call", "Nocall");
    assert_eq!(
        can_approve(
            &r,
            &request(),
            history(&consents, &[], &[]),
            &settings(),
            today()
        ),
        Ok(())
    );
    let mut busy = r.clone();
    busy.availability = Availability::Unavailable;
    busy.approved_types = vec![ReferenceType::Logo];
    let log: Vec<Interaction> = (0..3)
        .map(|i| completed(i, "Ned Call", ReferenceType::LiveSalesCall, days_ago(10)))
        .collect();
    let blocks = can_approve(
        &busy,
        &request(),
        history(&consents, &log, &[]),
        &settings(),
        today(),
    )
    .expect_err("three conditions fail");
    let conditions: Vec<Condition> = blocks.iter().map(|b| b.condition).collect();
    assert_eq!(
        conditions,
        [
            Condition::Eligible,
            Condition::Available,
            Condition::WithinTolerance
        ]
    );
    let checks: Vec<&str> = conditions.iter().map(|c| c.check_id()).collect();
    assert_eq!(checks, ["eligible", "available", "within-tolerance"]);
    assert_eq!(
        blocks[0].to_string(),
        "Eligible: Not approved for live sales call"
    );
    let withdrawn = Consent {
        date: Some(days_ago(1)),
        ..consent(
            9,
            "Ned Call",
            ConsentUse::SalesCall,
            ConsentStatus::Withdrawn,
        )
    };
    let mut consents = consents;
    consents.push(withdrawn);
    let blocks = can_approve(
        &r,
        &request(),
        history(&consents, &[], &[]),
        &settings(),
        today(),
    )
    .expect_err("consent withdrawn");
    assert_eq!(blocks[0].condition, Condition::Eligible);
}

#[test]
fn outreach_waits_for_verified_consent_for_every_offered_type() {
    let offered = [
        ReferenceType::Testimonial,
        ReferenceType::Quote,
        ReferenceType::Logo,
    ];
    let mut consents = vec![consent(
        1,
        "Oli Out",
        ConsentUse::Logo,
        ConsentStatus::Verified,
    )];
    let missing = outreach_allowed(RUN, "oli out", &offered, None, history(&consents, &[], &[]))
        .expect_err("quotes not verified");
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].consent_use, ConsentUse::Quotes);
    assert_eq!(
        missing[0].for_types,
        [ReferenceType::Testimonial, ReferenceType::Quote]
    );
    assert_eq!(missing[0].state, ConsentState::NotVerified { last: None });
    assert_eq!(
        missing[0].to_string(),
        "Consent for quotes is not verified (needed for Testimonial, Quote)"
    );
    consents.push(consent(
        2,
        "Oli Out",
        ConsentUse::Quotes,
        ConsentStatus::Verified,
    ));
    assert_eq!(
        outreach_allowed(RUN, "Oli Out", &offered, None, history(&consents, &[], &[])),
        Ok(())
    );
    assert!(
        outreach_allowed(
            "other-run",
            "Oli Out",
            &offered,
            None,
            history(&consents, &[], &[])
        )
        .is_err(),
        "consent recorded in another run does not count"
    );
}

// The issue: a consent that has run out must exclude like a missing one, with
// its own reason, and stop blocking once it is renewed.
#[test]
fn an_expired_consent_excludes_with_its_own_reason_until_renewed() {
    let r = reference(1, "Eve Lapse", "Lapseco");
    let mut consents: Vec<Consent> = all_consents("Lapseco")
        .into_iter()
        .map(|c| match c.consent_use {
            ConsentUse::SalesCall => Consent {
                expires_on: Some(days_ago(1)),
                ..c
            },
            _ => c,
        })
        .collect();
    let why = only_exclusions(r.clone(), &consents, &[], &[]);
    assert_eq!(
        why,
        [Exclusion::ConsentExpired {
            consent_use: ConsentUse::SalesCall,
            on: days_ago(1)
        }]
    );
    assert!(
        why[0]
            .to_string()
            .starts_with("Consent for sales call expired on ")
    );
    let blocks = can_approve(
        &r,
        &request(),
        history(&consents, &[], &[]),
        &settings(),
        today(),
    )
    .expect_err("consent expired");
    assert_eq!(blocks[0].condition, Condition::Eligible);
    // Holds through its last day.
    for c in &mut consents {
        if c.consent_use == ConsentUse::SalesCall {
            c.expires_on = Some(today());
        }
    }
    assert_eq!(only_exclusions(r, &consents, &[], &[]), []);
}
