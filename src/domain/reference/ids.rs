//! The ids the reference program template uses for the records this module reads.
//!
//! Kept in one place so the template file and the engine cannot drift apart
//! silently: a test walks these ids through the embedded template and fails on
//! any that is missing or of the wrong kind.

use crate::domain::template::Template;

/// The column every list that names a customer picks it in, from template
/// version 2 on (version 1 typed a name in `reference` instead).
pub const CUSTOMER_PICK: &str = "customer";

/// Whether list `list` of step `step` has column `column` in `template`: a
/// column a later version added (a customer's pick, a match score).
pub fn has_column(template: &Template, step: &str, list: &str, column: &str) -> bool {
    template
        .step(step)
        .and_then(|s| s.field(list))
        .is_some_and(|f| f.sub_fields().iter().any(|c| c.id == column))
}

/// Step 1: program settings.
pub mod criteria {
    /// Step id.
    pub const STEP: &str = "criteria";
    /// Long text: what product fit means here.
    pub const PRODUCT_FIT: &str = "product-fit";
    /// Long text: what a healthy relationship means here.
    pub const RELATIONSHIP_HEALTH: &str = "relationship-health";
    /// Long text: what willingness to speak in public means here.
    pub const WILLING_TO_SPEAK: &str = "willing-to-speak";
    /// Long text: which industries matter.
    pub const INDUSTRY_RELEVANCE: &str = "industry-relevance";
    /// Multiple choice of reference type ids the program offers.
    pub const REFERENCE_TYPES: &str = "reference-types";
    /// Number: activities of one type allowed within the window.
    pub const USAGE_LIMIT: &str = "usage-limit";
    /// Number: length of the rolling window in days.
    pub const USAGE_WINDOW: &str = "usage-window";
    /// Number: months records are kept after close-out.
    pub const RETENTION_PERIOD: &str = "retention-period";
}

/// Step 2: candidate customers.
pub mod candidates {
    /// Step id.
    pub const STEP: &str = "candidates";
    /// List field id.
    pub const LIST: &str = "candidates";
    /// Column: company (the one column a candidate cannot do without).
    pub const COMPANY: &str = "company";
    /// Column (added with customer ids; absent in older runs): the identity
    /// of a customer carried over from an earlier program run. A candidate
    /// without it is identified by where it was entered.
    pub const CUSTOMER_ID: &str = "customer-id";
    /// Column: contact person.
    pub const CONTACT: &str = "contact";
    /// Column: industry.
    pub const INDUSTRY: &str = "industry";
    /// Column: product used.
    pub const PRODUCT: &str = "product";
    /// Column: where the candidate was found.
    pub const SOURCE: &str = "source";
    /// Column: account health.
    pub const HEALTH: &str = "health";
    /// Column: recent positive outcome (yes/no).
    pub const RECENT_WIN: &str = "recent-win";
    /// Column: measurable value (yes/no).
    pub const MEASURABLE_VALUE: &str = "measurable-value";
    /// Column: advocacy potential (yes/no).
    pub const ADVOCACY_POTENTIAL: &str = "advocacy-potential";
    /// Column: criteria met (multiple choice).
    pub const CRITERIA_MET: &str = "criteria-met";
    /// Column: free notes.
    pub const NOTES: &str = "notes";
}

/// Step 3: consent per use.
pub mod consents {
    /// Step id.
    pub const STEP: &str = "consent";
    /// List field id.
    pub const LIST: &str = "consents";
    /// Column: company or contact name, the join key.
    pub const REFERENCE: &str = "reference";
    /// Column (added with customer ids; absent in older runs): the customer
    /// picked, holding its [`CustomerId`](super::customer::CustomerId) as text.
    pub const CUSTOMER: &str = "customer";
    /// Column: which use the consent covers.
    pub const USE: &str = "use";
    /// Column: consent status.
    pub const STATUS: &str = "status";
    /// Column: date of the status.
    pub const DATE: &str = "date";
    /// Column (added with consent expiry; absent in older runs): the last day
    /// a consent holds.
    pub const EXPIRES_ON: &str = "expires-on";
    /// Column: where the proof is kept.
    pub const EVIDENCE: &str = "evidence";
    /// Column: sign-offs obtained.
    pub const APPROVALS: &str = "approvals";
    /// Column: disclosure, confidentiality or legal limits.
    pub const RESTRICTIONS: &str = "restrictions";
}

/// Step 4: invitations.
pub mod outreach {
    /// Step id.
    pub const STEP: &str = "outreach";
    /// List field id.
    pub const LIST: &str = "invitations";
    /// Column: who was invited (join key).
    pub const REFERENCE: &str = "reference";
    /// Column (added with customer ids; absent in older runs): the customer
    /// picked, holding its [`CustomerId`](super::customer::CustomerId) as text.
    pub const CUSTOMER: &str = "customer";
    /// Column: reference types offered (multiple choice).
    pub const REFERENCE_TYPES: &str = "reference-types";
    /// Column: the day the customer was contacted; consent must hold then.
    pub const CONTACTED_ON: &str = "contacted-on";
}

/// Step 5: the reference profiles, i.e. the directory.
pub mod references {
    /// Step id.
    pub const STEP: &str = "profile";
    /// List field id.
    pub const LIST: &str = "references";
    /// Column: contact name.
    pub const NAME: &str = "name";
    /// Column (added with customer ids; absent in older runs): the customer
    /// picked, holding its [`CustomerId`](super::customer::CustomerId) as text.
    pub const CUSTOMER: &str = "customer";
    /// Column: email.
    pub const EMAIL: &str = "email";
    /// Column: phone.
    pub const PHONE: &str = "phone";
    /// Column: company.
    pub const COMPANY: &str = "company";
    /// Column: job title.
    pub const TITLE: &str = "title";
    /// Column: industry.
    pub const INDUSTRY: &str = "industry";
    /// Column: product(s) used, comma separated.
    pub const PRODUCT: &str = "product";
    /// Column: approved reference types (multiple choice).
    pub const APPROVED_TYPES: &str = "approved-types";
    /// Column: preferred topics, comma separated.
    pub const PREFERRED_TOPICS: &str = "preferred-topics";
    /// Column: region.
    pub const REGION: &str = "region";
    /// Column: time zone.
    pub const TIME_ZONE: &str = "time-zone";
    /// Column: availability (single choice).
    pub const AVAILABILITY: &str = "availability";
    /// Column: availability constraints in words.
    pub const AVAILABILITY_NOTES: &str = "availability-notes";
    /// Column: status (single choice).
    pub const STATUS: &str = "status";
}

/// Step 6: briefings.
pub mod briefings {
    /// Step id.
    pub const STEP: &str = "briefing";
    /// List field id.
    pub const LIST: &str = "briefings";
    /// Column: who was briefed (join key in older runs).
    pub const REFERENCE: &str = "reference";
    /// Column (added with customer ids; absent in older runs): the customer
    /// picked, holding its [`CustomerId`](super::customer::CustomerId) as text.
    pub const CUSTOMER: &str = "customer";
    /// Column: when.
    pub const BRIEFED_ON: &str = "briefed-on";
}

/// Step 7: incoming requests.
pub mod requests {
    /// Step id.
    pub const STEP: &str = "matching";
    /// List field id.
    pub const LIST: &str = "requests";
    /// Column: who asked.
    pub const REQUESTER: &str = "requester";
    /// Column: reference type wanted.
    pub const TYPE: &str = "type";
    /// Column: audience.
    pub const AUDIENCE: &str = "audience";
    /// Column: industry.
    pub const INDUSTRY: &str = "industry";
    /// Column: use case.
    pub const USE_CASE: &str = "use-case";
    /// Column: geography (region or time zone).
    pub const GEOGRAPHY: &str = "geography";
    /// Column: product.
    pub const PRODUCT: &str = "product";
    /// Column: date needed.
    pub const NEEDED_BY: &str = "needed-by";
    /// Column: the reference chosen.
    pub const CHOSEN_REFERENCE: &str = "chosen-reference";
    /// Column (added with customer ids; absent in older runs): the customer
    /// picked, holding its [`CustomerId`](super::customer::CustomerId) as text.
    pub const CUSTOMER: &str = "customer";
    /// Column (new): the day the request came in.
    pub const RECEIVED_ON: &str = "received-on";
    /// Column (new): the score the chosen reference had when the request was sent.
    pub const MATCH_SCORE: &str = "match-score";
    /// Column: why that reference.
    pub const MATCH_REASON: &str = "match-reason";
    /// Column: request status.
    pub const STATUS: &str = "status";
}

/// Step 8: interactions.
pub mod interactions {
    /// Step id.
    pub const STEP: &str = "tracking";
    /// List field id.
    pub const LIST: &str = "interactions";
    /// Column: reference (join key).
    pub const REFERENCE: &str = "reference";
    /// Column (added with customer ids; absent in older runs): the customer
    /// picked, holding its [`CustomerId`](super::customer::CustomerId) as text.
    pub const CUSTOMER: &str = "customer";
    /// Column (new): the request (step 7, same run) answered, holding its row
    /// id as a pick.
    pub const REQUEST: &str = "request";
    /// Column: reference type of the activity.
    pub const REQUEST_TYPE: &str = "request-type";
    /// Column: audience.
    pub const AUDIENCE: &str = "audience";
    /// Column: date the request was sent.
    pub const REQUEST_DATE: &str = "request-date";
    /// Column: response status.
    pub const RESPONSE_STATUS: &str = "response-status";
    /// Column: date the activity was completed.
    pub const COMPLETED_ON: &str = "completed-on";
    /// Column: what was done.
    pub const ACTIVITY: &str = "activity";
    /// Column: customer feedback.
    pub const FEEDBACK: &str = "feedback";
    /// Column: issues raised.
    pub const ISSUES: &str = "issues";
}

/// Step 9: the usage reviews.
pub mod usage {
    /// Step id.
    pub const STEP: &str = "usage-review";
    /// List field id.
    pub const LIST: &str = "usage-reviews";
    /// Column: reference (join key).
    pub const REFERENCE: &str = "reference";
    /// Column (added with customer ids; absent in older runs): the customer
    /// picked, holding its [`CustomerId`](super::customer::CustomerId) as text.
    pub const CUSTOMER: &str = "customer";
    /// Column: reference type of the request reviewed.
    pub const REQUEST_TYPE: &str = "request-type";
    /// Column: audience of the request reviewed.
    pub const AUDIENCE: &str = "audience";
    /// Column, worked out: uses of that type in the window, besides this request.
    pub const USES: &str = "uses-in-window";
    /// Column, worked out: whether a use in the window had the same audience.
    pub const SAME_AUDIENCE: &str = "same-audience";
    /// Column: the decision (within tolerance or used too often).
    pub const DECISION: &str = "decision";
    /// Column: why the decision goes against the count, when it does.
    pub const DECISION_REASON: &str = "decision-reason";
    /// Column: the day the window ends on.
    pub const REVIEWED_ON: &str = "reviewed-on";
}

/// Step 10: approvals.
pub mod approvals {
    /// Step id.
    pub const STEP: &str = "approval";
    /// List field id.
    pub const LIST: &str = "approvals";
    /// Column: reference (join key).
    pub const REFERENCE: &str = "reference";
    /// Column (added with customer ids; absent in older runs): the customer
    /// picked, holding its [`CustomerId`](super::customer::CustomerId) as text.
    pub const CUSTOMER: &str = "customer";
    /// Column (added with idempotent approval; absent in older runs): the
    /// request (step 7, same run) decided on, holding its row id as a pick.
    pub const REQUEST: &str = "request";
    /// Column: reference type approved.
    pub const REQUEST_TYPE: &str = "request-type";
    /// Column: the decision (approved or not).
    pub const DECISION: &str = "decision";
    /// Column: date of the decision; the tolerance is counted back from it.
    pub const DECIDED_ON: &str = "decided-on";
    /// Column: notes (which condition failed, when not approved).
    pub const NOTES: &str = "notes";
}

/// Step 11: escalations.
pub mod escalations {
    /// Step id.
    pub const STEP: &str = "escalation";
    /// List field id.
    pub const LIST: &str = "escalations";
    /// Column: reference (join key).
    pub const REFERENCE: &str = "reference";
    /// Column (added with customer ids; absent in older runs): the customer
    /// picked, holding its [`CustomerId`](super::customer::CustomerId) as text.
    pub const CUSTOMER: &str = "customer";
    /// Column: escalation type.
    pub const TYPE: &str = "type";
    /// Column: what happened.
    pub const DETAILS: &str = "details";
    /// Column: who it went to.
    pub const ESCALATED_TO: &str = "escalated-to";
    /// Column: date escalated.
    pub const DATE: &str = "date";
    /// Column: what was decided.
    pub const OUTCOME: &str = "outcome";
}

/// Step 12: close-out.
pub mod closure {
    /// Step id.
    pub const STEP: &str = "closure";
    /// Single choice: final status.
    pub const FINAL_STATUS: &str = "final-status";
    /// Date: when the program run was closed.
    pub const CLOSED_ON: &str = "closed-on";
    /// Yes/no: archived runs are read-only.
    pub const ARCHIVED: &str = "archived";
    /// Date: keep the records until this day, inclusive.
    pub const RETAIN_UNTIL: &str = "retain-until";
    /// Short text: retention rule applied.
    pub const RETENTION_REFERENCE: &str = "retention-reference";
    /// Long text: why the keep-until date differs from the one the retention
    /// period gives, when it does.
    pub const RETAIN_UNTIL_REASON: &str = "retain-until-reason";
    /// Single choice (added with the close-out check; absent in older runs):
    /// what happens to what is still open — carried or closed.
    pub const STILL_OPEN: &str = "still-open";
    /// Option of [`STILL_OPEN`]: carried into the next period.
    pub const STILL_OPEN_CARRIED: &str = "carried";
    /// Option of [`STILL_OPEN`]: closed here, with its reason.
    pub const STILL_OPEN_CLOSED: &str = "closed";
    /// Long text: why what is still open is closed here.
    pub const STILL_OPEN_REASON: &str = "still-open-reason";
}
