//! The customer story template covers everything its source SOP asks for.
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

const TEMPLATE: &str = "customer-story-production";

const SOURCE: &[SourceStep] = &[
    // 1. Intake and candidate choice.
    SourceStep {
        id: "intake",
        role: "content-owner",
        items: &[
            ("role: content owner", Role("content-owner")),
            ("the request itself", Required("intake", "request")),
            ("campaign goal", Required("intake", "campaign-objective")),
            (
                "who the story is for",
                Required("intake", "target-audience"),
            ),
            ("fit criteria", Required("intake", "fit-criteria")),
            ("candidate list", Required("intake", "candidates")),
            (
                "candidate list is a table",
                Kind("intake", "candidates", "list"),
            ),
            ("candidate name", Field("intake", "candidates.customer")),
            ("candidate contact", Field("intake", "candidates.contact")),
            (
                "candidate matches goal",
                Field("intake", "candidates.fits-goal"),
            ),
            (
                "candidate has numbers",
                Field("intake", "candidates.has-results"),
            ),
            (
                "candidate story believable",
                Field("intake", "candidates.credible-story"),
            ),
            ("candidate status", Field("intake", "candidates.status")),
            (
                "status: selected",
                Choice("intake", "candidates.status", "selected"),
            ),
            (
                "status: alternate",
                Choice("intake", "candidates.status", "alternate"),
            ),
            (
                "status: dropped",
                Choice("intake", "candidates.status", "dropped"),
            ),
            (
                "why a candidate was dropped",
                Field("intake", "candidates.reason-dropped"),
            ),
            ("confirm goal fit", Check("intake", "fits-goal")),
            ("confirm measurable results", Check("intake", "has-results")),
            (
                "confirm believable narrative",
                Check("intake", "credible-story"),
            ),
        ],
    },
    // 2. Consent and internal people.
    SourceStep {
        id: "consent",
        role: "customer-advocacy-manager",
        items: &[
            ("role: advocacy manager", Role("customer-advocacy-manager")),
            (
                "written consent on file",
                Check("consent", "written-consent"),
            ),
            (
                "internal people listed",
                Check("consent", "stakeholders-identified"),
            ),
            (
                "date consent arrived",
                Required("consent", "consent-received"),
            ),
            (
                "consent date is a date",
                Kind("consent", "consent-received", "date"),
            ),
            ("scope of the consent", Required("consent", "consent-scope")),
            (
                "internal stakeholder list",
                Field("consent", "internal-stakeholders"),
            ),
            (
                "stakeholder list is a table",
                Kind("consent", "internal-stakeholders", "list"),
            ),
            (
                "no consent or customer away",
                Outcome("consent", "consent-missing"),
            ),
            (
                "raise it with the content owner",
                EscalatesTo("consent", "consent-missing", "content-owner"),
            ),
            (
                "back to choose the alternate",
                GoesTo("consent", "consent-missing", "intake"),
            ),
        ],
    },
    // 3. Interview planning: everything must be settled before the call.
    SourceStep {
        id: "interview-plan",
        role: "content-writer",
        items: &[
            ("role: content writer", Role("content-writer")),
            (
                "when the interview is",
                Required("interview-plan", "scheduled-at"),
            ),
            (
                "interview slot has a time",
                Kind("interview-plan", "scheduled-at", "date_time"),
            ),
            ("interview format", Required("interview-plan", "format")),
            (
                "format is one choice",
                Kind("interview-plan", "format", "single_choice"),
            ),
            ("format: video", Choice("interview-plan", "format", "video")),
            ("format: phone", Choice("interview-plan", "format", "phone")),
            (
                "format: in person",
                Choice("interview-plan", "format", "in-person"),
            ),
            ("how long it takes", Required("interview-plan", "duration")),
            (
                "duration is a number",
                Kind("interview-plan", "duration", "number"),
            ),
            (
                "duration in minutes",
                Unit("interview-plan", "duration", "minutes"),
            ),
            ("who attends", Required("interview-plan", "participants")),
            (
                "attendees are a table",
                Kind("interview-plan", "participants", "list"),
            ),
            (
                "recording permission",
                Required("interview-plan", "recording-permission"),
            ),
            (
                "recording: granted",
                Choice("interview-plan", "recording-permission", "granted"),
            ),
            (
                "recording: refused",
                Choice("interview-plan", "recording-permission", "refused"),
            ),
            (
                "recording: not needed",
                Choice("interview-plan", "recording-permission", "not-needed"),
            ),
            ("agenda sent out", Check("interview-plan", "agenda-shared")),
            (
                "question guide ready",
                Check("interview-plan", "guide-prepared"),
            ),
        ],
    },
    // 4. The interview itself.
    SourceStep {
        id: "interview",
        role: "interviewer",
        items: &[
            ("role: interviewer", Role("interviewer")),
            (
                "went through the guide",
                Check("interview", "questions-asked"),
            ),
            (
                "vague answers cleared on the call",
                Check("interview", "ambiguities-confirmed"),
            ),
            ("quotes", Required("interview", "quotes")),
            ("quote wording", Field("interview", "quotes.text")),
            ("who said it", Field("interview", "quotes.speaker")),
            (
                "quote cleared for use",
                Field("interview", "quotes.approved"),
            ),
            (
                "results with numbers",
                Required("interview", "measurable-outcomes"),
            ),
            (
                "result metric",
                Field("interview", "measurable-outcomes.metric"),
            ),
            (
                "value before",
                Field("interview", "measurable-outcomes.before"),
            ),
            (
                "value after",
                Field("interview", "measurable-outcomes.after"),
            ),
            (
                "result unit",
                Field("interview", "measurable-outcomes.unit"),
            ),
            (
                "where the number comes from",
                Field("interview", "measurable-outcomes.source"),
            ),
            (
                "result checked",
                Field("interview", "measurable-outcomes.verified"),
            ),
            (
                "how it was rolled out",
                Required("interview", "implementation-details"),
            ),
            (
                "examples the customer cleared",
                Field("interview", "approved-examples"),
            ),
            (
                "unclear statements",
                Field("interview", "ambiguous-statements"),
            ),
            (
                "unclear statement text",
                Field("interview", "ambiguous-statements.statement"),
            ),
            (
                "how it was cleared up",
                Field("interview", "ambiguous-statements.how-confirmed"),
            ),
            ("follow-ups", Field("interview", "follow-ups")),
            ("follow-up item", Field("interview", "follow-ups.item")),
            ("follow-up owner", Field("interview", "follow-ups.owner")),
            ("follow-up due", Field("interview", "follow-ups.due")),
            ("follow-up done", Field("interview", "follow-ups.resolved")),
        ],
    },
    // 5. Drafting from checked facts.
    SourceStep {
        id: "draft",
        role: "content-writer",
        items: &[
            ("headline", Required("draft", "headline")),
            ("headline signed off", Check("draft", "headline-approved")),
            ("problem section", Required("draft", "problem-statement")),
            ("solution section", Required("draft", "solution-summary")),
            ("results section", Required("draft", "outcomes")),
            ("quotes section", Required("draft", "quote")),
            ("only checked facts", Check("draft", "verified-facts-only")),
            (
                "claims without evidence",
                Field("draft", "unsupported-claims"),
            ),
            (
                "claims are a table",
                Kind("draft", "unsupported-claims", "list"),
            ),
        ],
    },
    // 6. Brand review.
    SourceStep {
        id: "brand-review",
        role: "brand-manager",
        items: &[
            ("role: brand manager", Role("brand-manager")),
            ("facts right", Check("brand-review", "accuracy")),
            ("voice right", Check("brand-review", "tone")),
            ("approved wording", Check("brand-review", "terminology")),
            (
                "customer named correctly",
                Check("brand-review", "naming-conventions"),
            ),
            ("disclaimers there", Check("brand-review", "disclaimers")),
            ("deviation log", Field("brand-review", "deviations")),
            (
                "what was found",
                Field("brand-review", "deviations.finding"),
            ),
            (
                "fix asked for",
                Field("brand-review", "deviations.correction"),
            ),
            ("fixed or not", Field("brand-review", "deviations.resolved")),
            (
                "send back for fixes",
                GoesTo("brand-review", "corrections-requested", "draft"),
            ),
            (
                "unfixed problem",
                Outcome("brand-review", "nonconformance-unresolved"),
            ),
            (
                "unfixed goes to content owner",
                EscalatesTo("brand-review", "nonconformance-unresolved", "content-owner"),
            ),
        ],
    },
    // 7. Sign-offs.
    SourceStep {
        id: "approvals",
        role: "marketing-operations-specialist",
        items: &[
            (
                "role: marketing operations",
                Role("marketing-operations-specialist"),
            ),
            ("role: customer contact approves", Role("customer-contact")),
            ("role: legal approves", Role("legal-reviewer")),
            ("role: brand owner approves", Role("brand-owner")),
            ("sent to every approver", Check("approvals", "routed")),
            ("approver table", Required("approvals", "approvers")),
            ("who approves", Field("approvals", "approvers.approver")),
            ("approver role", Field("approvals", "approvers.role")),
            (
                "approver: customer contact",
                Choice("approvals", "approvers.role", "customer-contact"),
            ),
            (
                "approver: legal",
                Choice("approvals", "approvers.role", "legal-reviewer"),
            ),
            (
                "approver: brand owner",
                Choice("approvals", "approvers.role", "brand-owner"),
            ),
            ("decision", Field("approvals", "approvers.decision")),
            (
                "decision: yes",
                Choice("approvals", "approvers.decision", "approved"),
            ),
            (
                "decision: changes",
                Choice("approvals", "approvers.decision", "changes-requested"),
            ),
            ("approver comment", Field("approvals", "approvers.comment")),
            ("decision date", Field("approvals", "approvers.date")),
            ("change log", Field("approvals", "deviations")),
            ("changes asked", Outcome("approvals", "changes-requested")),
            (
                "rework and send again",
                GoesTo("approvals", "changes-requested", "draft"),
            ),
        ],
    },
    // 8. Going live.
    SourceStep {
        id: "publication",
        role: "content-owner",
        items: &[
            ("live on the channels", Check("publication", "published")),
            (
                "asset library updated",
                Check("publication", "asset-library-updated"),
            ),
            ("link sent out", Check("publication", "link-shared")),
            ("go-live date", Required("publication", "published-on")),
            (
                "go-live is a date",
                Kind("publication", "published-on", "date"),
            ),
            ("channel list", Required("publication", "channels")),
            (
                "channels are a table",
                Kind("publication", "channels", "list"),
            ),
            ("final link", Required("publication", "final-link")),
            (
                "final link is a web address",
                Kind("publication", "final-link", "url"),
            ),
            ("teams told", Required("publication", "shared-with")),
            (
                "teams: several",
                Kind("publication", "shared-with", "multiple_choice"),
            ),
            (
                "teams: sales",
                Choice("publication", "shared-with", "sales"),
            ),
            (
                "teams: demand gen",
                Choice("publication", "shared-with", "demand-generation"),
            ),
            (
                "teams: customer success",
                Choice("publication", "shared-with", "customer-success"),
            ),
            (
                "teams: others",
                Choice("publication", "shared-with", "other"),
            ),
            ("limits on use", Field("publication", "usage-restrictions")),
        ],
    },
];

/// Finds a field by dotted path, descending into list sub-fields.
#[test]
fn steps_follow_the_source_order() {
    assert_steps_in_order(template(TEMPLATE), SOURCE, 8);
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
