//! The customer reference program template covers everything its source SOP asks for.
//!
//! One row per source step lists, in short words, each role, check, record and
//! branch the source names, and where the template keeps it. A missing or
//! renamed item shows up here with its plain-words description, and every gap
//! is reported in a single failure.

use runsheet::domain::catalogue::find;
use runsheet::domain::template::{Field as TemplateField, FieldKind, Template};

const TEMPLATE: &str = "customer-reference-program";

/// Where the template keeps something the source names. Field paths use dots
/// for list sub-fields (`candidates.status`).
#[derive(Debug, Clone, Copy)]
enum Item {
    /// A declared role.
    Role(&'static str),
    /// A check in a step.
    Check(&'static str, &'static str),
    /// A field (or list sub-field) in a step.
    Field(&'static str, &'static str),
    /// A field that must be filled before the step can complete.
    Required(&'static str, &'static str),
    /// A field of a given kind (the serde `type` tag).
    Kind(&'static str, &'static str, &'static str),
    /// A number field with a given unit.
    Unit(&'static str, &'static str, &'static str),
    /// An option of a choice field.
    Choice(&'static str, &'static str, &'static str),
    /// An outcome of a step.
    Outcome(&'static str, &'static str),
    /// An outcome escalating to a role.
    EscalatesTo(&'static str, &'static str, &'static str),
    /// An outcome looping back or jumping to a step.
    GoesTo(&'static str, &'static str, &'static str),
}

use Item::*;

/// One step of the source SOP, in order.
struct SourceStep {
    id: &'static str,
    role: &'static str,
    items: &'static [(&'static str, Item)],
}

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
            ("which reference", Required("consent", "consents.reference")),
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
            (
                "invited whom",
                Required("outreach", "invitations.reference"),
            ),
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
            ("contact person", Required("profile", "references.name")),
            ("contact email", Required("profile", "references.email")),
            ("contact phone", Field("profile", "references.phone")),
            ("company", Required("profile", "references.company")),
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
            (
                "reference picked",
                Field("matching", "requests.chosen-reference"),
            ),
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
            ("with whom", Required("tracking", "interactions.reference")),
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
            (
                "about whom",
                Required("escalation", "escalations.reference"),
            ),
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
        ],
    },
];

/// Finds a field by dotted path, descending into list sub-fields.
fn field<'t>(t: &'t Template, step: &str, path: &str) -> Option<&'t TemplateField> {
    let mut parts = path.split('.');
    let mut current = t.step(step)?.field(parts.next()?)?;
    for part in parts {
        current = current.sub_fields().iter().find(|f| f.id == part)?;
    }
    Some(current)
}

/// Describes why `item` is not satisfied, or `None` when it is.
fn gap(t: &Template, item: Item) -> Option<String> {
    let ok = match item {
        Role(role) => t.role(role).is_some(),
        Check(step, id) => t.step(step).and_then(|s| s.check(id)).is_some(),
        Field(step, path) => field(t, step, path).is_some(),
        Required(step, path) => field(t, step, path).is_some_and(|f| f.required),
        Kind(step, path, tag) => field(t, step, path).is_some_and(|f| {
            serde_json::to_value(&f.kind).expect("kinds serialize")["type"] == tag
        }),
        Unit(step, path, unit) => field(t, step, path)
            .is_some_and(|f| matches!(&f.kind, FieldKind::Number { unit: Some(u) } if u == unit)),
        Choice(step, path, option) => {
            field(t, step, path).is_some_and(|f| f.kind.options().iter().any(|o| o.id == option))
        }
        Outcome(step, id) => t.step(step).and_then(|s| s.outcome(id)).is_some(),
        EscalatesTo(step, id, role) => t
            .step(step)
            .and_then(|s| s.outcome(id))
            .is_some_and(|o| o.escalate_to.as_deref() == Some(role)),
        GoesTo(step, id, target) => t
            .step(step)
            .and_then(|s| s.outcome(id))
            .is_some_and(|o| o.go_to.as_deref() == Some(target)),
    };
    (!ok).then(|| format!("{item:?}"))
}

fn template() -> &'static Template {
    find(TEMPLATE).expect("reference program template is in the catalogue")
}

#[test]
fn steps_follow_the_source_order() {
    let ids: Vec<&str> = template().steps.iter().map(|s| s.id.as_str()).collect();
    let expected: Vec<&str> = SOURCE.iter().map(|s| s.id).collect();
    assert_eq!(ids.len(), 12, "the source has twelve steps");
    assert_eq!(ids, expected);
}

#[test]
fn each_step_has_the_source_role() {
    let t = template();
    let wrong: Vec<String> = SOURCE
        .iter()
        .filter_map(|s| {
            let actual = t.step(s.id).map(|step| step.role.as_str());
            (actual != Some(s.role))
                .then(|| format!("{}: expected {}, got {actual:?}", s.id, s.role))
        })
        .collect();
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn every_item_the_source_names_is_encoded() {
    let t = template();
    let missing: Vec<String> = SOURCE
        .iter()
        .enumerate()
        .flat_map(|(n, s)| {
            s.items.iter().filter_map(move |(what, item)| {
                gap(t, *item).map(|g| format!("step {} ({}): {what} -> {g}", n + 1, s.id))
            })
        })
        .collect();
    assert!(
        missing.is_empty(),
        "{} item(s) missing or wrong:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

// Each step carries the practical guidance a person needs to act on it.
#[test]
fn every_step_has_a_title_and_short_instruction() {
    for step in &template().steps {
        assert!(!step.title.is_empty(), "{} has no title", step.id);
        let sentences = step.instruction.matches(['.', '!', '?']).count();
        assert!(
            (1..=3).contains(&sentences),
            "{}: instruction should be 1-3 sentences, has {sentences}",
            step.id
        );
    }
}
