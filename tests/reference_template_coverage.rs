//! The customer reference program template covers everything its source SOP asks for.
//!
//! One row per source step lists, in short words, each role, check, record and
//! branch the source names, and where the template keeps it. A missing or
//! renamed item shows up here with its plain-words description, and every gap
//! is reported in a single failure.

mod common;

use common::coverage::Item::*;
use common::coverage::{
    SourceStep, assert_instructions, assert_items, assert_roles, assert_steps_in_order, template,
};

const TEMPLATE: &str = "customer-reference-program";

const RPO: &str = "reference-program-owner";

const SOURCE: &[SourceStep] = &[
    // 1. What qualifies a customer.
    SourceStep {
        id: "criteria",
        role: RPO,
        items: &[
            ("role: program owner", Role("reference-program-owner")),
            ("product fit", Required("criteria", "product-fit")),
            (
                "relationship health",
                Required("criteria", "relationship-health"),
            ),
            (
                "happy to speak publicly",
                Required("criteria", "willing-to-speak"),
            ),
            (
                "relevant industry",
                Required("criteria", "industry-relevance"),
            ),
            (
                "which reference types",
                Required("criteria", "reference-types"),
            ),
            (
                "types: several",
                Kind("criteria", "reference-types", "multiple_choice"),
            ),
            (
                "type: case study",
                Choice("criteria", "reference-types", "case-study"),
            ),
            (
                "type: testimonial",
                Choice("criteria", "reference-types", "testimonial"),
            ),
            (
                "type: live sales call",
                Choice("criteria", "reference-types", "live-sales-call"),
            ),
            ("type: logo", Choice("criteria", "reference-types", "logo")),
            (
                "type: quote",
                Choice("criteria", "reference-types", "quote"),
            ),
            (
                "type: recording",
                Choice("criteria", "reference-types", "recording"),
            ),
            (
                "tolerance: how many activities",
                Required("criteria", "usage-limit"),
            ),
            (
                "tolerance counted in activities",
                Unit("criteria", "usage-limit", "activities"),
            ),
            (
                "tolerance: over how long",
                Required("criteria", "usage-window"),
            ),
            (
                "tolerance window in days",
                Unit("criteria", "usage-window", "days"),
            ),
            (
                "how long records are kept",
                Required("criteria", "retention-period"),
            ),
            (
                "kept for a number of months",
                Unit("criteria", "retention-period", "months"),
            ),
        ],
    },
    // 2. Candidates from account data.
    SourceStep {
        id: "candidates",
        role: "account-owner",
        items: &[
            ("role: success or account owner", Role("account-owner")),
            ("CRM looked at", Check("candidates", "crm-reviewed")),
            (
                "health scores looked at",
                Check("candidates", "health-reviewed"),
            ),
            ("candidate table", Required("candidates", "candidates")),
            (
                "candidates are a table",
                Kind("candidates", "candidates", "list"),
            ),
            ("company", Required("candidates", "candidates.company")),
            ("found where", Field("candidates", "candidates.source")),
            (
                "found in CRM",
                Choice("candidates", "candidates.source", "crm"),
            ),
            (
                "found in health data",
                Choice("candidates", "candidates.source", "health"),
            ),
            ("account health", Field("candidates", "candidates.health")),
            ("recent win", Field("candidates", "candidates.recent-win")),
            (
                "value with numbers",
                Field("candidates", "candidates.measurable-value"),
            ),
            (
                "keen advocate",
                Field("candidates", "candidates.advocacy-potential"),
            ),
            (
                "which criteria are met",
                Kind("candidates", "candidates.criteria-met", "multiple_choice"),
            ),
            (
                "criterion: product fit",
                Choice("candidates", "candidates.criteria-met", "product-fit"),
            ),
            (
                "criterion: relationship",
                Choice(
                    "candidates",
                    "candidates.criteria-met",
                    "relationship-health",
                ),
            ),
            (
                "criterion: speaks in public",
                Choice("candidates", "candidates.criteria-met", "willing-to-speak"),
            ),
            (
                "criterion: industry",
                Choice(
                    "candidates",
                    "candidates.criteria-met",
                    "industry-relevance",
                ),
            ),
        ],
    },
    // 3. Consent per intended use, and limits, before anyone reaches out.
    SourceStep {
        id: "consent",
        role: RPO,
        items: &[
            ("consent documented", Check("consent", "consent-documented")),
            (
                "limits settled before outreach",
                Check("consent", "restrictions-confirmed"),
            ),
            ("consent table", Required("consent", "consents")),
            ("consents are a table", Kind("consent", "consents", "list")),
            ("which reference", Required("consent", "consents.customer")),
            ("which use", Required("consent", "consents.use")),
            ("use: logo", Choice("consent", "consents.use", "logo")),
            ("use: quotes", Choice("consent", "consents.use", "quotes")),
            (
                "use: recordings",
                Choice("consent", "consents.use", "recordings"),
            ),
            (
                "use: public case study",
                Choice("consent", "consents.use", "public-case-study"),
            ),
            (
                "use: sales calls",
                Choice("consent", "consents.use", "sales-call"),
            ),
            ("consent status", Required("consent", "consents.status")),
            (
                "status: verified",
                Choice("consent", "consents.status", "verified"),
            ),
            (
                "status: withdrawn",
                Choice("consent", "consents.status", "withdrawn"),
            ),
            ("consent date", Field("consent", "consents.date")),
            ("consent proof", Field("consent", "consents.evidence")),
            ("extra sign-offs", Field("consent", "consents.approvals")),
            (
                "disclosure, confidentiality, legal limits",
                Field("consent", "consents.restrictions"),
            ),
        ],
    },
    // 4. Invitation.
    SourceStep {
        id: "outreach",
        role: "assigned-owner",
        items: &[
            ("role: assigned owner", Role("assigned-owner")),
            (
                "used the approved template",
                Check("outreach", "template-used"),
            ),
            (
                "asked them to join",
                Check("outreach", "participation-requested"),
            ),
            ("invitation table", Required("outreach", "invitations")),
            ("invited whom", Required("outreach", "invitations.customer")),
            (
                "time asked of them",
                Required("outreach", "invitations.time-commitment"),
            ),
            (
                "kinds of reference",
                Required("outreach", "invitations.reference-types"),
            ),
            (
                "what they get",
                Required("outreach", "invitations.benefits"),
            ),
            ("their answer", Required("outreach", "invitations.response")),
            (
                "answer: yes",
                Choice("outreach", "invitations.response", "accepted"),
            ),
            (
                "answer: no",
                Choice("outreach", "invitations.response", "declined"),
            ),
        ],
    },
    // 5. Profiles in the directory.
    SourceStep {
        id: "profile",
        role: RPO,
        items: &[
            ("saved in the tracker", Check("profile", "saved-in-tracker")),
            ("reference table", Required("profile", "references")),
            (
                "references are a table",
                Kind("profile", "references", "list"),
            ),
            ("contact person", Required("profile", "references.customer")),
            ("contact email", Required("profile", "references.email")),
            ("contact phone", Field("profile", "references.phone")),
            ("company", Required("profile", "references.customer")),
            ("job title", Required("profile", "references.title")),
            ("industry", Required("profile", "references.industry")),
            ("product in use", Required("profile", "references.product")),
            (
                "reference types agreed",
                Required("profile", "references.approved-types"),
            ),
            (
                "topics they like",
                Field("profile", "references.preferred-topics"),
            ),
            ("region", Field("profile", "references.region")),
            ("time zone", Required("profile", "references.time-zone")),
            (
                "free to help or not",
                Required("profile", "references.availability"),
            ),
            (
                "when they cannot help",
                Field("profile", "references.availability-notes"),
            ),
            ("active or not", Required("profile", "references.status")),
        ],
    },
    // 6. Briefing.
    SourceStep {
        id: "briefing",
        role: RPO,
        items: &[
            ("process explained", Check("briefing", "process")),
            ("talking points", Check("briefing", "talking-points")),
            (
                "messaging limits",
                Check("briefing", "messaging-boundaries"),
            ),
            (
                "who to escalate to",
                Check("briefing", "escalation-contacts"),
            ),
            ("reply times", Check("briefing", "response-times")),
            ("how to say no", Check("briefing", "how-to-decline")),
            (
                "briefing date",
                Required("briefing", "briefings.briefed-on"),
            ),
        ],
    },
    // 7. Matching requests.
    SourceStep {
        id: "matching",
        role: RPO,
        items: &[
            ("request table", Required("matching", "requests")),
            ("requests are a table", Kind("matching", "requests", "list")),
            ("who asked", Required("matching", "requests.requester")),
            (
                "kind of reference wanted",
                Required("matching", "requests.type"),
            ),
            ("audience", Required("matching", "requests.audience")),
            ("industry", Required("matching", "requests.industry")),
            ("use case", Required("matching", "requests.use-case")),
            ("region", Required("matching", "requests.geography")),
            ("product", Required("matching", "requests.product")),
            ("date needed", Required("matching", "requests.needed-by")),
            ("reference picked", Field("matching", "requests.customer")),
            ("why picked", Field("matching", "requests.match-reason")),
            ("where it stands", Required("matching", "requests.status")),
            (
                "status: sent to confirm",
                Choice("matching", "requests.status", "sent"),
            ),
            (
                "recent usage looked at",
                Check("matching", "recent-usage-checked"),
            ),
            (
                "customer asked to confirm",
                Check("matching", "sent-for-confirmation"),
            ),
        ],
    },
    // 8. Interaction log.
    SourceStep {
        id: "tracking",
        role: RPO,
        items: &[
            ("interaction table", Required("tracking", "interactions")),
            (
                "interactions are a table",
                Kind("tracking", "interactions", "list"),
            ),
            ("with whom", Required("tracking", "interactions.customer")),
            (
                "which kind",
                Required("tracking", "interactions.request-type"),
            ),
            ("for whom", Field("tracking", "interactions.audience")),
            (
                "when requested",
                Required("tracking", "interactions.request-date"),
            ),
            (
                "reply status",
                Required("tracking", "interactions.response-status"),
            ),
            (
                "reply: awaiting",
                Choice(
                    "tracking",
                    "interactions.response-status",
                    "awaiting-confirmation",
                ),
            ),
            (
                "reply: done",
                Choice("tracking", "interactions.response-status", "completed"),
            ),
            (
                "when done",
                Kind("tracking", "interactions.completed-on", "date"),
            ),
            ("what was done", Field("tracking", "interactions.activity")),
            (
                "what the customer said",
                Field("tracking", "interactions.feedback"),
            ),
            ("problems raised", Field("tracking", "interactions.issues")),
        ],
    },
    // 9. Overuse check.
    SourceStep {
        id: "usage-review",
        role: RPO,
        items: &[
            ("review table", Required("usage-review", "usage-reviews")),
            (
                "recent similar uses",
                Required("usage-review", "usage-reviews.uses-in-window"),
            ),
            (
                "same kind of request",
                Required("usage-review", "usage-reviews.request-type"),
            ),
            (
                "same audience",
                Required("usage-review", "usage-reviews.same-audience"),
            ),
            (
                "audience of the request",
                Required("usage-review", "usage-reviews.audience"),
            ),
            (
                "why a verdict goes against the count",
                Field("usage-review", "usage-reviews.decision-reason"),
            ),
            (
                "verdict",
                Required("usage-review", "usage-reviews.decision"),
            ),
            (
                "verdict: too often",
                Choice("usage-review", "usage-reviews.decision", "overused"),
            ),
            (
                "too often: not approved",
                Outcome("usage-review", "overused"),
            ),
            (
                "too often: pick another",
                GoesTo("usage-review", "overused", "matching"),
            ),
        ],
    },
    // 10. Final go-ahead.
    SourceStep {
        id: "approval",
        role: RPO,
        items: &[
            ("still qualifies", Check("approval", "eligible")),
            ("free to help", Check("approval", "available")),
            (
                "inside the tolerance",
                Check("approval", "within-tolerance"),
            ),
            ("approval table", Required("approval", "approvals")),
            ("verdict", Required("approval", "approvals.decision")),
            (
                "verdict: approved",
                Choice("approval", "approvals.decision", "approved"),
            ),
            (
                "approval date",
                Required("approval", "approvals.decided-on"),
            ),
            (
                "no longer fits: back to matching",
                GoesTo("approval", "not-approved", "matching"),
            ),
        ],
    },
    // 11. Escalations.
    SourceStep {
        id: "escalation",
        role: RPO,
        items: &[
            ("role: sponsor", Role("program-sponsor")),
            ("role: success leader", Role("customer-success-leader")),
            ("role: legal", Role("legal-reviewer")),
            ("escalation table", Field("escalation", "escalations")),
            ("about whom", Required("escalation", "escalations.customer")),
            (
                "what kind of problem",
                Required("escalation", "escalations.type"),
            ),
            (
                "kind: consent pulled",
                Choice("escalation", "escalations.type", "consent-withdrawn"),
            ),
            (
                "kind: unhappy customer",
                Choice("escalation", "escalations.type", "negative-sentiment"),
            ),
            (
                "kind: promise not kept",
                Choice("escalation", "escalations.type", "missed-commitment"),
            ),
            (
                "kind: overused again",
                Choice("escalation", "escalations.type", "repeated-overuse"),
            ),
            (
                "sent to whom",
                Required("escalation", "escalations.escalated-to"),
            ),
            ("when", Kind("escalation", "escalations.date", "date")),
            (
                "what was decided",
                Field("escalation", "escalations.outcome"),
            ),
            (
                "up to the sponsor",
                EscalatesTo("escalation", "to-sponsor", "program-sponsor"),
            ),
            (
                "up to the success leader",
                EscalatesTo(
                    "escalation",
                    "to-customer-success-leader",
                    "customer-success-leader",
                ),
            ),
            (
                "up to legal",
                EscalatesTo("escalation", "to-legal", "legal-reviewer"),
            ),
        ],
    },
    // 12. Closing the records.
    SourceStep {
        id: "closure",
        role: RPO,
        items: &[
            ("status set", Check("closure", "status-updated")),
            ("records archived", Check("closure", "records-archived")),
            ("final status", Required("closure", "final-status")),
            ("closed when", Required("closure", "closed-on")),
            ("archived: yes or no", Kind("closure", "archived", "yes_no")),
            ("keep until", Required("closure", "retain-until")),
            (
                "keep-until is a date",
                Kind("closure", "retain-until", "date"),
            ),
            (
                "which retention rule",
                Required("closure", "retention-reference"),
            ),
            (
                "why another keep-until date",
                Field("closure", "retain-until-reason"),
            ),
        ],
    },
];

/// Finds a field by dotted path, descending into list sub-fields.
#[test]
fn steps_follow_the_source_order() {
    assert_steps_in_order(template(TEMPLATE), SOURCE, 12);
}

#[test]
fn each_step_has_the_source_role() {
    assert_roles(template(TEMPLATE), SOURCE);
}

#[test]
fn every_item_the_source_names_is_encoded() {
    assert_items(template(TEMPLATE), SOURCE);
}

// Each step carries the practical guidance a person needs to act on it.
#[test]
fn every_step_has_a_title_and_short_instruction() {
    assert_instructions(template(TEMPLATE));
}
