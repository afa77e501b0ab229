//! Typed records of the reference program, read out of runs by [`super::extract`].
//!
//! Runs store loose field values; matching, tolerance and approval need typed
//! records they can trust, so the rules never re-parse choice ids or dates.

use chrono::NaiveDate;

use super::customer_id::CustomerId;
use super::join::{display_name, join_name, normalize};

/// Declares an enum whose variants are the options of a template choice field,
/// with the stored option id and the label people see. One declaration keeps
/// the two spellings together, so a renamed option cannot half-change.
macro_rules! choices {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => ($id:literal, $label:literal), )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every option, in template order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The option id stored in runs.
            pub fn id(self) -> &'static str {
                match self { $($name::$variant => $id,)+ }
            }

            /// The label shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            /// The option with this stored id; `None` for an id this version does not know.
            pub fn from_id(id: &str) -> Option<$name> {
                match id { $($id => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

choices! {
    /// What a reference is asked to do; a request asks for exactly one type.
    pub enum ReferenceType {
        /// A published customer story.
        CaseStudy => ("case-study", "Case study"),
        /// A short statement of support.
        Testimonial => ("testimonial", "Testimonial"),
        /// Talking to a prospect on a sales call.
        LiveSalesCall => ("live-sales-call", "Live sales call"),
        /// Showing the customer's logo.
        Logo => ("logo", "Logo"),
        /// A quotation attributed to the customer.
        Quote => ("quote", "Quote"),
        /// A recorded video or audio piece.
        Recording => ("recording", "Recording"),
    }
}

choices! {
    /// What a consent covers. Consent is given per use, not per reference type,
    /// because legal sign-off is about what is published, not why.
    pub enum ConsentUse {
        /// Showing the logo.
        Logo => ("logo", "Logo"),
        /// Quoting the customer.
        Quotes => ("quotes", "Quotes"),
        /// Recording the customer.
        Recordings => ("recordings", "Recordings"),
        /// Publishing a case study.
        PublicCaseStudy => ("public-case-study", "Public case study"),
        /// Putting the customer on a sales call.
        SalesCall => ("sales-call", "Sales call"),
    }
}

choices! {
    /// Where a consent stands.
    pub enum ConsentStatus {
        /// Asked for, no answer yet.
        Requested => ("requested", "Requested"),
        /// Given and documented.
        Verified => ("verified", "Verified"),
        /// Declined by the customer.
        Refused => ("refused", "Refused"),
        /// Given once, taken back since.
        Withdrawn => ("withdrawn", "Withdrawn"),
    }
}

choices! {
    /// Whether a reference can take requests at the moment.
    pub enum Availability {
        /// Free to help.
        Available => ("available", "Available"),
        /// Can help, with constraints; ranks lower.
        Limited => ("limited", "Limited"),
        /// Cannot help now; excluded from matching.
        Unavailable => ("unavailable", "Unavailable"),
    }
}

choices! {
    /// Where a reference stands in the program; only active ones are matched.
    pub enum ReferenceStatus {
        /// In the program.
        Active => ("active", "Active"),
        /// Taking a break.
        Paused => ("paused", "Paused"),
        /// Left the program.
        Retired => ("retired", "Retired"),
    }
}

choices! {
    /// How a reference answered a request.
    pub enum ResponseStatus {
        /// Sent, no answer yet.
        AwaitingConfirmation => ("awaiting-confirmation", "Awaiting confirmation"),
        /// Agreed to do it.
        Confirmed => ("confirmed", "Confirmed"),
        /// Said no.
        Declined => ("declined", "Declined"),
        /// Done; counts toward the usage tolerance, as do open bookings.
        Completed => ("completed", "Completed"),
        /// Never answered.
        NoResponse => ("no-response", "No response"),
    }
}

choices! {
    /// Where a request stands.
    pub enum RequestStatus {
        /// Not matched yet.
        Open => ("open", "Open"),
        /// Sent to a reference to confirm.
        Sent => ("sent", "Sent for confirmation"),
        /// The reference agreed.
        Confirmed => ("confirmed", "Confirmed by the customer"),
        /// Approved to go ahead.
        Approved => ("approved", "Approved"),
        /// Turned down.
        Declined => ("declined", "Declined"),
        /// No longer needed.
        Cancelled => ("cancelled", "Cancelled"),
    }
}

choices! {
    /// The decision recorded for a request in step 10.
    pub enum Decision {
        /// Cleared to go ahead.
        Approved => ("approved", "Approved"),
        /// Not cleared; the notes say which condition failed.
        NotApproved => ("not-approved", "Not approved"),
    }
}

choices! {
    /// The verdict of a usage review in step 9.
    pub enum UsageVerdict {
        /// Below the usage limit for the type.
        WithinTolerance => ("within-tolerance", "Within tolerance"),
        /// At or over it: the request goes back to matching.
        Overused => ("overused", "Used too often"),
    }
}

choices! {
    /// Kind of non-conformance escalated.
    pub enum EscalationType {
        /// The customer took consent back; the reference leaves matching at once.
        ConsentWithdrawn => ("consent-withdrawn", "Consent withdrawn"),
        /// The customer is unhappy.
        NegativeSentiment => ("negative-sentiment", "Negative sentiment"),
        /// A promised activity did not happen.
        MissedCommitment => ("missed-commitment", "Missed commitment"),
        /// Asked too often, again.
        RepeatedOveruse => ("repeated-overuse", "Repeated overuse"),
        /// Anything else.
        Other => ("other", "Other"),
    }
}

choices! {
    /// Who an escalation goes to.
    pub enum EscalationTarget {
        /// Program-level problems.
        ProgramSponsor => ("program-sponsor", "Program sponsor"),
        /// Relationship problems.
        CustomerSuccessLeader => ("customer-success-leader", "Customer success leader"),
        /// Consent, disclosure and confidentiality problems.
        LegalReviewer => ("legal-reviewer", "Legal reviewer"),
    }
}

choices! {
    /// Account health of a candidate.
    pub enum Health {
        /// Doing well.
        Healthy => ("healthy", "Healthy"),
        /// Needs watching.
        Watch => ("watch", "Watch"),
        /// Likely to churn.
        AtRisk => ("at-risk", "At risk"),
    }
}

choices! {
    /// A qualification criterion from the program settings a candidate can meet.
    pub enum Criterion {
        /// Uses the product the way the program wants to show.
        ProductFit => ("product-fit", "Product fit"),
        /// The relationship is healthy.
        RelationshipHealth => ("relationship-health", "Relationship health"),
        /// Happy to speak in public.
        WillingToSpeak => ("willing-to-speak", "Willing to speak in public"),
        /// In an industry the program cares about.
        IndustryRelevance => ("industry-relevance", "Industry relevance"),
    }
}

choices! {
    /// Where a candidate was found.
    pub enum CandidateSource {
        /// The CRM.
        Crm => ("crm", "CRM"),
        /// Customer health data.
        Health => ("health", "Health data"),
        /// Both.
        Both => ("both", "Both"),
    }
}

choices! {
    /// How a program run ended.
    pub enum FinalStatus {
        /// The planned period is over.
        Completed => ("completed", "Program period completed"),
        /// A newer program run took over.
        Superseded => ("superseded", "Replaced by a newer program run"),
        /// Stopped early.
        Cancelled => ("cancelled", "Program cancelled"),
    }
}

impl ReferenceType {
    /// The consent a reference of this type needs before it may be used: a
    /// testimonial and a quote both publish the customer's words, so both need
    /// consent for quotes.
    pub fn consent_use(self) -> ConsentUse {
        match self {
            ReferenceType::CaseStudy => ConsentUse::PublicCaseStudy,
            ReferenceType::Testimonial | ReferenceType::Quote => ConsentUse::Quotes,
            ReferenceType::LiveSalesCall => ConsentUse::SalesCall,
            ReferenceType::Logo => ConsentUse::Logo,
            ReferenceType::Recording => ConsentUse::Recordings,
        }
    }
}

/// Where a record lives: which run, which row of its list. Stable while other
/// rows come and go, so the UI can point back at the exact record.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RecordKey {
    /// The run holding the record.
    pub run_id: String,
    /// The row id within its list field.
    pub row_id: u32,
}

/// A reference profile: one entry of the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// Run and row the profile was recorded in.
    pub key: RecordKey,
    /// The customer the profile is of, picked by id; `None` in a profile
    /// recorded before customers were picked (it links by its typed names).
    pub customer: Option<CustomerId>,
    /// Contact name.
    pub name: String,
    /// Email address.
    pub email: String,
    /// Phone number.
    pub phone: String,
    /// Company name.
    pub company: String,
    /// Job title.
    pub title: String,
    /// Industry.
    pub industry: String,
    /// Product(s) used, comma separated as typed.
    pub product: String,
    /// Reference types the customer agreed to.
    pub approved_types: Vec<ReferenceType>,
    /// Preferred topics, comma separated as typed.
    pub preferred_topics: String,
    /// Region, e.g. "EMEA".
    pub region: String,
    /// Time zone, e.g. "Europe/Berlin".
    pub time_zone: String,
    /// Whether the reference can take requests.
    pub availability: Availability,
    /// Availability constraints in words.
    pub availability_notes: String,
    /// Standing in the program.
    pub status: ReferenceStatus,
    /// The run holding the profile is archived: shown in the directory, never matched.
    pub archived: bool,
}

impl Reference {
    /// The name to show: contact and company, or whichever is filled in.
    pub fn display_name(&self) -> String {
        display_name(&self.name, &self.company)
    }

    /// The text that links new records (interactions, consents) to this
    /// profile: the contact name, or the company when no name is recorded.
    pub fn join_name(&self) -> &str {
        join_name(&self.name, &self.company)
    }

    /// Whether `text`, typed in a record of the same run, names this profile:
    /// its contact name, its company, or both as [`Reference::display_name`]
    /// writes them, compared as [`normalize`] does.
    pub fn is_named(&self, text: &str) -> bool {
        let wanted = normalize(text);
        !wanted.is_empty()
            && [
                normalize(&self.name),
                normalize(&self.company),
                normalize(&self.display_name()),
            ]
            .contains(&wanted)
    }

    /// Each product listed, trimmed; the field may hold several, comma separated.
    pub fn products(&self) -> impl Iterator<Item = &str> {
        split_list(&self.product)
    }

    /// Each preferred topic, trimmed.
    pub fn topics(&self) -> impl Iterator<Item = &str> {
        split_list(&self.preferred_topics)
    }
}

/// Splits a comma or semicolon separated list typed by a person, dropping blanks.
pub fn split_list(text: &str) -> impl Iterator<Item = &str> {
    // Byte-wise: ',' and ';' never occur inside a multi-byte UTF-8 character,
    // so every cut is on a character boundary, and no decoding is needed.
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        loop {
            let current = rest?;
            let (item, next) = match current.bytes().position(|b| b == b',' || b == b';') {
                Some(i) => (current.get(..i), current.get(i + 1..)),
                None => (Some(current), None),
            };
            rest = next;
            let item = item.unwrap_or_default().trim();
            if !item.is_empty() {
                return Some(item);
            }
        }
    })
}

/// Consent for one use by one reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    /// Run and row.
    pub key: RecordKey,
    /// Company or contact name as typed; joins to a profile by name.
    pub reference: String,
    /// The customer, picked by id; `None` in a line recorded before
    /// customers were picked, which joins by [`Consent::reference`].
    pub customer: Option<CustomerId>,
    /// The use covered.
    pub consent_use: ConsentUse,
    /// Where it stands.
    pub status: ConsentStatus,
    /// Date of that status, when recorded.
    pub date: Option<NaiveDate>,
    /// Last day a verified consent holds, inclusive; `None` when it does not
    /// expire. From the next day it excludes like a missing one.
    pub expires_on: Option<NaiveDate>,
    /// Where the proof is kept.
    pub evidence: String,
    /// Sign-offs obtained.
    pub approvals: String,
    /// Disclosure, confidentiality or legal limits.
    pub restrictions: String,
}

/// One request sent to a reference and what came of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interaction {
    /// Run and row.
    pub key: RecordKey,
    /// Company or contact name as typed; joins to a profile by name.
    pub reference: String,
    /// The customer, picked by id; `None` in a row recorded before
    /// customers were picked, which joins by [`Interaction::reference`].
    pub customer: Option<CustomerId>,
    /// The row id of the request (step 7, same run) this interaction answers;
    /// `None` in a row recorded before interactions belonged to a request.
    pub request: Option<u32>,
    /// Reference type of the activity.
    pub kind: ReferenceType,
    /// Who it was for.
    pub audience: String,
    /// When the request was sent.
    pub requested_on: Option<NaiveDate>,
    /// How the reference answered.
    pub response: ResponseStatus,
    /// When the activity was done.
    pub completed_on: Option<NaiveDate>,
    /// What was done.
    pub activity: String,
    /// What the customer said.
    pub feedback: String,
    /// Problems raised.
    pub issues: String,
}

impl Interaction {
    /// Whether the request is still open with the reference (awaiting its
    /// answer or confirmed, not yet done): a booking, which counts toward the
    /// tolerance like a completed activity.
    pub fn is_booked(&self) -> bool {
        matches!(
            self.response,
            ResponseStatus::AwaitingConfirmation | ResponseStatus::Confirmed
        )
    }

    /// The day a completed activity counts from, or `None` if it is not completed.
    /// A completed activity without a completion date falls back to its request
    /// date, so a forgotten date never lets a reference escape the tolerance.
    pub fn completed_date(&self) -> Option<NaiveDate> {
        match self.response {
            ResponseStatus::Completed => self.completed_on.or(self.requested_on),
            _ => None,
        }
    }
}

/// A request for a reference, as recorded in step 7 or typed into a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Run and row, when the request is recorded; `None` for one being drafted.
    pub key: Option<RecordKey>,
    /// Who asked.
    pub requester: String,
    /// Reference type wanted.
    pub kind: ReferenceType,
    /// Who the reference will speak to.
    pub audience: String,
    /// Industry wanted.
    pub industry: String,
    /// Use case wanted.
    pub use_case: String,
    /// Region or time zone wanted.
    pub geography: String,
    /// Product wanted.
    pub product: String,
    /// Date needed.
    pub needed_by: Option<NaiveDate>,
    /// Reference chosen, as typed.
    pub chosen_reference: String,
    /// Reference chosen, picked by customer id; `None` while none is chosen
    /// or in a request recorded before references were picked.
    pub customer: Option<CustomerId>,
    /// The day the request came in; its age counts from it.
    pub received_on: Option<NaiveDate>,
    /// The score the chosen reference was matched with when the request was sent.
    pub match_score: Option<i32>,
    /// The reasons of that score, in words, as they read when it was sent.
    pub match_reasons: String,
    /// Where it stands; `None` when not set.
    pub status: Option<RequestStatus>,
}

impl Request {
    /// Whether the request is recorded as sent to `reference` (sent, confirmed
    /// or approved, with it as the chosen reference): one of the reference's
    /// open bookings is then this request's own, and is not counted against it.
    pub fn booked_with(&self, reference: &Reference) -> bool {
        let sent = matches!(
            self.status,
            Some(RequestStatus::Sent | RequestStatus::Confirmed | RequestStatus::Approved)
        );
        sent && match (&self.customer, &reference.customer) {
            (Some(chosen), Some(of)) => chosen == of,
            _ => reference.is_named(&self.chosen_reference),
        }
    }

    /// A blank request of one type, for a form to fill in.
    pub fn new(kind: ReferenceType) -> Request {
        Request {
            key: None,
            requester: String::new(),
            kind,
            audience: String::new(),
            industry: String::new(),
            use_case: String::new(),
            geography: String::new(),
            product: String::new(),
            needed_by: None,
            chosen_reference: String::new(),
            customer: None,
            received_on: None,
            match_score: None,
            match_reasons: String::new(),
            status: None,
        }
    }
}

/// Program settings from step 1; one set per program run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramSettings {
    /// Activities of one type a reference may be asked for within the window
    /// (done, booked or approved, see [`super::tolerance::Load::counted`]).
    /// Reaching it puts the reference over tolerance for that type.
    pub usage_limit: u32,
    /// Length of the rolling window in days, today included.
    pub window_days: u32,
    /// Months to keep records after close-out; `None` while not set.
    pub retention_months: Option<u32>,
    /// Reference types the program offers; empty means not set yet.
    pub eligible_types: Vec<ReferenceType>,
    /// What product fit means, in words.
    pub product_fit: String,
    /// What relationship health means, in words.
    pub relationship_health: String,
    /// What willingness to speak in public means, in words.
    pub willing_to_speak: String,
    /// Which industries are relevant, in words.
    pub industry_relevance: String,
}

impl ProgramSettings {
    /// Settings with only the usage tolerance filled in, for tests and tools.
    pub fn with_tolerance(usage_limit: u32, window_days: u32) -> ProgramSettings {
        ProgramSettings {
            usage_limit,
            window_days,
            retention_months: None,
            eligible_types: Vec::new(),
            product_fit: String::new(),
            relationship_health: String::new(),
            willing_to_speak: String::new(),
            industry_relevance: String::new(),
        }
    }

    /// Whether the program offers this type; a program that has not listed its
    /// types yet offers all of them, so matching works while step 1 is in progress.
    pub fn offers(&self, kind: ReferenceType) -> bool {
        self.eligible_types.is_empty() || self.eligible_types.contains(&kind)
    }
}

/// A non-conformance sent to someone, with what was decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Escalation {
    /// Run and row.
    pub key: RecordKey,
    /// Company or contact name as typed; joins to a profile by name.
    pub reference: String,
    /// The customer, picked by id; `None` in a row recorded before
    /// customers were picked.
    pub customer: Option<CustomerId>,
    /// Kind of problem.
    pub kind: EscalationType,
    /// What happened.
    pub details: String,
    /// Who it went to.
    pub escalated_to: Option<EscalationTarget>,
    /// When.
    pub date: Option<NaiveDate>,
    /// What was decided.
    pub outcome: String,
}

/// A decision on a request, recorded in step 10.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    /// Run and row.
    pub key: RecordKey,
    /// Company or contact name as typed; joins to a profile by name.
    pub reference: String,
    /// The customer, picked by id; `None` in a row recorded before
    /// customers were picked.
    pub customer: Option<CustomerId>,
    /// The row id of the request (step 7, same run) decided on; `None` in a
    /// row recorded before decisions named their request.
    pub request: Option<u32>,
    /// Reference type decided on.
    pub kind: ReferenceType,
    /// The decision; `None` while not given.
    pub decision: Option<Decision>,
    /// When it was decided.
    pub decided_on: Option<NaiveDate>,
    /// Notes.
    pub notes: String,
}

impl Approval {
    /// Whether the decision is "approved": a commitment of the reference.
    pub fn is_approved(&self) -> bool {
        self.decision == Some(Decision::Approved)
    }
}

/// A customer proposed for the program (step 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Run and row.
    pub key: RecordKey,
    /// The customer's identity: the id it was given where it was first
    /// entered, kept when a later program run carries it over.
    pub customer: CustomerId,
    /// Company.
    pub company: String,
    /// Contact person.
    pub contact: String,
    /// Industry.
    pub industry: String,
    /// Product used.
    pub product: String,
    /// Where it was found.
    pub source: Option<CandidateSource>,
    /// Account health.
    pub health: Option<Health>,
    /// Had a recent positive outcome.
    pub recent_positive_outcome: Option<bool>,
    /// Can show measurable value.
    pub measurable_value: Option<bool>,
    /// Shows strong advocacy potential.
    pub advocacy_potential: Option<bool>,
    /// Criteria met.
    pub criteria_met: Vec<Criterion>,
    /// Free notes.
    pub notes: String,
}

/// A briefing given to a reference before it speaks (step 6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Briefing {
    /// Run and row.
    pub key: RecordKey,
    /// Company or contact name as typed, in a row recorded before customers
    /// were picked.
    pub reference: String,
    /// The customer, picked by id.
    pub customer: Option<CustomerId>,
    /// When the briefing was given.
    pub briefed_on: Option<NaiveDate>,
}

/// Close-out of a program run (step 12).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Closure {
    /// How it ended.
    pub final_status: Option<FinalStatus>,
    /// When it was closed.
    pub closed_on: Option<NaiveDate>,
    /// Whether the run is archived (read-only).
    pub archived: bool,
    /// Keep records until this day, inclusive.
    pub retain_until: Option<NaiveDate>,
    /// Retention rule applied, in words.
    pub retention_rule: String,
    /// Close-out closed what was still open (requests, escalations) with a
    /// reason, instead of carrying it into the next period.
    pub closes_open: bool,
}

/// One run of the reference program template: its settings and close-out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    /// The run.
    pub run_id: String,
    /// The run's title.
    pub title: String,
    /// Settings from step 1; `None` until the tolerance is filled in.
    pub settings: Option<ProgramSettings>,
    /// Close-out from step 12.
    pub closure: Closure,
}

/// The records matching and approval look back at, borrowed from wherever they
/// are kept (usually an extracted [`super::extract::Directory`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct History<'h> {
    /// Consent lines.
    pub consents: &'h [Consent],
    /// Interactions.
    pub interactions: &'h [Interaction],
    /// Escalations; consent withdrawals among them exclude a reference at once.
    pub escalations: &'h [Escalation],
    /// Decisions of step 10; approved ones count toward the tolerance.
    pub approvals: &'h [Approval],
}
