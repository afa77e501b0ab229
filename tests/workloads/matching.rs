//! A deterministic matching workload of realistic size, shared by the native
//! benchmark (`benches/matching.rs`) and the in-browser one
//! (`tests/matching_browser_bench.rs`), so both measure exactly the same thing.
//! Kept out of the library: it is test data, not part of the app. Both
//! include it with `#[path]`.

use chrono::{Days, NaiveDate};

use runsheet::domain::reference::model::{
    Availability, Consent, ConsentStatus, ConsentUse, Escalation, EscalationType, History,
    Interaction, ProgramSettings, RecordKey, Reference, ReferenceStatus, ReferenceType, Request,
    ResponseStatus,
};

#[path = "common.rs"]
mod common;
use common::{INDUSTRIES, Lcg, PRODUCTS, REGIONS, ZONES};

/// Everything needed to rank one request.
#[derive(Debug, Clone)]
pub struct Workload {
    /// The directory.
    pub references: Vec<Reference>,
    /// Consent lines.
    pub consents: Vec<Consent>,
    /// Interactions.
    pub interactions: Vec<Interaction>,
    /// Escalations.
    pub escalations: Vec<Escalation>,
    /// The request to rank.
    pub request: Request,
    /// Program settings.
    pub settings: ProgramSettings,
    /// The day of ranking.
    pub today: NaiveDate,
}

impl Workload {
    /// The records as matching reads them.
    pub fn history(&self) -> History<'_> {
        History {
            consents: &self.consents,
            interactions: &self.interactions,
            escalations: &self.escalations,
            approvals: &[],
        }
    }
}

const TOPICS: &[&str] = &[
    "data migration",
    "onboarding",
    "security",
    "cost savings",
    "automation",
    "reporting",
    "integrations",
    "scale",
];

/// The standard workload: 5,000 references and 50,000 interactions.
pub fn benchmark_workload(seed: u64) -> Workload {
    workload(seed, 5_000, 50_000)
}

/// A workload of any size. References spread over five program runs; most
/// have verified consent for a few uses, some are unavailable or paused, and
/// interactions fall over the last year, two in three completed.
pub fn workload(seed: u64, references: usize, interactions: usize) -> Workload {
    let mut rng = Lcg(seed);
    let today = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap_or_default();
    let key = |run: usize, row: usize| RecordKey {
        run_id: format!("program{run}"),
        row_id: u32::try_from(row).unwrap_or(u32::MAX),
    };
    let mut refs = Vec::with_capacity(references);
    let mut consents = Vec::new();
    for i in 0..references {
        let run = i % 5;
        let company = format!("Company {i:05}");
        let approved: Vec<ReferenceType> = ReferenceType::ALL
            .iter()
            .copied()
            .filter(|_| rng.below(3) > 0)
            .collect();
        let availability = match rng.below(20) {
            0 => Availability::Unavailable,
            1..=3 => Availability::Limited,
            _ => Availability::Available,
        };
        let status = if rng.below(25) == 0 {
            ReferenceStatus::Paused
        } else {
            ReferenceStatus::Active
        };
        let topics = format!("{}, {}", rng.pick(TOPICS), rng.pick(TOPICS));
        refs.push(Reference {
            customer: None,
            key: key(run, i),
            name: format!("Contact {i:05}"),
            email: format!("contact{i}@example.com"),
            phone: String::new(),
            company: company.clone(),
            title: "Head of Operations".to_owned(),
            industry: rng.pick(INDUSTRIES).to_owned(),
            product: rng.pick(PRODUCTS).to_owned(),
            approved_types: approved,
            preferred_topics: topics,
            region: rng.pick(REGIONS).to_owned(),
            time_zone: rng.pick(ZONES).to_owned(),
            availability,
            availability_notes: String::new(),
            status,
            archived: false,
        });
        for consent_use in ConsentUse::ALL {
            let status = match rng.below(10) {
                0..=5 => ConsentStatus::Verified,
                6 => ConsentStatus::Requested,
                7 => ConsentStatus::Refused,
                8 => ConsentStatus::Withdrawn,
                _ => continue,
            };
            consents.push(Consent {
                customer: None,
                expires_on: None,
                key: key(run, consents.len()),
                reference: company.clone(),
                consent_use: *consent_use,
                status,
                date: today.checked_sub_days(Days::new(rng.below(400) as u64)),
                evidence: String::new(),
                approvals: String::new(),
                restrictions: String::new(),
            });
        }
    }
    let mut log = Vec::with_capacity(interactions);
    for n in 0..interactions {
        let i = rng.below(references.max(1));
        let requested = today.checked_sub_days(Days::new(rng.below(365) as u64));
        let response = match rng.below(6) {
            0..=3 => ResponseStatus::Completed,
            4 => ResponseStatus::Declined,
            _ => ResponseStatus::Confirmed,
        };
        let completed = match response {
            ResponseStatus::Completed => requested.and_then(|d| d.checked_add_days(Days::new(7))),
            _ => None,
        }
        .filter(|d| *d <= today);
        log.push(Interaction {
            customer: None,
            request: None,
            key: key(i % 5, n),
            reference: format!("Contact {i:05}"),
            kind: ReferenceType::ALL[rng.below(ReferenceType::ALL.len())],
            audience: "Prospect".to_owned(),
            requested_on: requested,
            response,
            completed_on: completed,
            activity: String::new(),
            feedback: String::new(),
            issues: String::new(),
        });
    }
    let escalations = (0..references / 100)
        .map(|n| {
            let i = rng.below(references.max(1));
            Escalation {
                customer: None,
                key: key(i % 5, n),
                reference: format!("company {i:05}"),
                kind: EscalationType::ConsentWithdrawn,
                details: String::new(),
                escalated_to: None,
                date: today.checked_sub_days(Days::new(rng.below(200) as u64)),
                outcome: String::new(),
            }
        })
        .collect();
    let mut request = Request::new(ReferenceType::LiveSalesCall);
    request.industry = "Financial services".to_owned();
    request.use_case = "Data migration to the cloud".to_owned();
    request.geography = "EMEA".to_owned();
    request.product = "Payments".to_owned();
    request.audience = "CFO".to_owned();
    Workload {
        references: refs,
        consents,
        interactions: log,
        escalations,
        request,
        settings: ProgramSettings::with_tolerance(3, 90),
        today,
    }
}
