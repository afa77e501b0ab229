//! Runs of realistic size for the storage tests and benchmarks, built through
//! the domain (`Run::apply`, so every value, version and log entry is what the
//! app itself would record): a completed Customer Story Production run with
//! every step, two draft versions and its whole activity log, and a reference
//! program holding hundreds of references and thousands of interactions.
//! Shared by the native tests, the native benchmark and the in-browser one;
//! kept out of the library, since it is test data. Each includes it with `#[path]`.
#![allow(dead_code)]

use std::collections::BTreeMap;

use chrono::{DateTime, Days, Duration, NaiveDate, TimeZone, Utc};

use runsheet::domain::catalogue;
use runsheet::domain::change::RunChange;
use runsheet::domain::run::Run;
use runsheet::domain::template::Template;
use runsheet::domain::value::{FieldValue, Row};

#[path = "common.rs"]
mod common;
pub use common::Lcg;
use common::{INDUSTRIES, PRODUCTS, REGIONS, ZONES};

/// The story SOP.
pub fn story_template() -> &'static Template {
    catalogue::find("customer-story-production").expect("the story SOP is built in")
}

/// The reference program SOP.
pub fn program_template() -> &'static Template {
    // Version 1, which names references by typing them: the program as stored
    // by the releases before customers were picked.
    catalogue::find_version("customer-reference-program", 1).expect("the reference SOP is built in")
}

impl Lcg {
    /// A generator for `seed` (mixed first, so that seeds 0, 1, 2… differ at once).
    pub fn new(seed: u64) -> Lcg {
        Lcg(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// A sentence of `words` words from a working vocabulary, capitalised and
    /// ended with a full stop, as people type them.
    pub fn sentence(&mut self, words: usize) -> String {
        let mut out = String::new();
        for i in 0..words.max(1) {
            let word = self.pick(WORDS);
            if i == 0 {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(chars.as_str());
                }
            } else {
                out.push(' ');
                out.push_str(word);
            }
        }
        out.push('.');
        out
    }

    /// A paragraph of about `words` words in sentences of 8 to 20.
    pub fn paragraph(&mut self, words: usize) -> String {
        let mut out = String::new();
        let mut left = words;
        while left > 0 {
            let n = (8 + self.below(13)).min(left);
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&self.sentence(n));
            left -= n;
        }
        out
    }
}

/// About three hundred words of the kind a marketing or customer-success team
/// types into these procedures.
const WORDS: &[&str] = &[
    "the",
    "a",
    "and",
    "of",
    "to",
    "in",
    "for",
    "with",
    "on",
    "our",
    "their",
    "we",
    "they",
    "customer",
    "story",
    "team",
    "teams",
    "platform",
    "product",
    "results",
    "cost",
    "costs",
    "time",
    "months",
    "weeks",
    "days",
    "quarter",
    "year",
    "rollout",
    "migration",
    "legacy",
    "system",
    "systems",
    "data",
    "reporting",
    "dashboards",
    "integration",
    "integrations",
    "security",
    "compliance",
    "audit",
    "review",
    "approval",
    "legal",
    "brand",
    "sales",
    "marketing",
    "success",
    "support",
    "onboarding",
    "training",
    "adoption",
    "usage",
    "growth",
    "revenue",
    "pipeline",
    "deal",
    "renewal",
    "expansion",
    "reference",
    "references",
    "call",
    "calls",
    "case",
    "study",
    "quote",
    "quotes",
    "logo",
    "webinar",
    "interview",
    "draft",
    "headline",
    "summary",
    "problem",
    "solution",
    "outcome",
    "outcomes",
    "metric",
    "metrics",
    "baseline",
    "before",
    "after",
    "improved",
    "reduced",
    "increased",
    "doubled",
    "halved",
    "saved",
    "faster",
    "slower",
    "manual",
    "automated",
    "workflow",
    "workflows",
    "process",
    "processes",
    "operations",
    "finance",
    "procurement",
    "IT",
    "engineering",
    "executive",
    "sponsor",
    "stakeholder",
    "stakeholders",
    "champion",
    "contact",
    "director",
    "manager",
    "head",
    "lead",
    "analyst",
    "consultant",
    "partner",
    "vendor",
    "contract",
    "pilot",
    "phase",
    "first",
    "second",
    "third",
    "next",
    "last",
    "new",
    "old",
    "early",
    "late",
    "clear",
    "confirmed",
    "verified",
    "agreed",
    "shared",
    "sent",
    "received",
    "signed",
    "scheduled",
    "planned",
    "recorded",
    "approved",
    "requested",
    "changed",
    "updated",
    "published",
    "launched",
    "announced",
    "asked",
    "explained",
    "mentioned",
    "noted",
    "said",
    "wants",
    "needs",
    "expects",
    "prefers",
    "avoids",
    "allows",
    "requires",
    "supports",
    "covers",
    "includes",
    "excludes",
    "limits",
    "names",
    "figures",
    "numbers",
    "percent",
    "hours",
    "minutes",
    "tickets",
    "orders",
    "invoices",
    "stores",
    "warehouses",
    "regions",
    "countries",
    "Europe",
    "EMEA",
    "America",
    "APAC",
    "Germany",
    "France",
    "Spain",
    "Italy",
    "Nordics",
    "retail",
    "banking",
    "insurance",
    "healthcare",
    "logistics",
    "manufacturing",
    "energy",
    "public",
    "sector",
    "media",
    "telecom",
    "education",
    "travel",
    "hospitality",
    "food",
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "will",
    "would",
    "can",
    "could",
    "should",
    "must",
    "may",
    "not",
    "no",
    "only",
    "also",
    "still",
    "already",
    "again",
    "about",
    "around",
    "over",
    "under",
    "from",
    "by",
    "at",
    "into",
    "through",
    "across",
    "between",
    "without",
    "within",
    "after",
    "during",
    "because",
    "so",
    "but",
    "or",
    "if",
    "when",
    "while",
    "once",
    "every",
    "each",
    "all",
    "some",
    "most",
    "more",
    "less",
    "fewer",
    "one",
    "two",
    "three",
    "four",
    "five",
    "ten",
    "twelve",
    "twenty",
    "fifty",
    "hundred",
    "thousand",
    "million",
    "high",
    "low",
    "strong",
    "weak",
    "good",
    "better",
    "best",
    "key",
    "main",
    "real",
    "simple",
    "complex",
    "public",
    "internal",
    "external",
    "written",
    "named",
    "anonymous",
    "quoted",
    "cited",
    "measured",
    "estimated",
    "exact",
    "rough",
    "final",
    "pending",
    "open",
    "closed",
    "resolved",
    "blocked",
    "ready",
    "done",
    "live",
    "short",
    "long",
    "full",
    "partial",
    "direct",
    "indirect",
    "customer's",
    "partner's",
    "company's",
];

const FIRST: &[&str] = &[
    "Ada", "Bo", "Cy", "Dee", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lee", "Mia",
    "Noor", "Oli", "Pia", "Quinn", "Rae", "Sam", "Tove", "Uma", "Vik", "Wen", "Xia", "Yan", "Zoe",
];
const LAST: &[&str] = &[
    "Park", "Lee", "Novak", "Haddad", "Okafor", "Silva", "Berg", "Moreau", "Rossi", "Kowalski",
    "Tanaka", "Nguyen", "Schmidt", "Jensen", "Garcia", "Murphy", "Ivanova", "Costa",
];
const COMPANIES: &[&str] = &[
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Fintrust",
    "Northwind",
    "Contoso",
    "Tailspin",
    "Fabrikam",
    "Wingtip",
    "Litware",
    "Proseware",
    "Adatum",
    "Lucerne",
    "Margie",
    "Trey",
];
const REFERENCE_TYPES: &[&str] = &[
    "case-study",
    "testimonial",
    "live-sales-call",
    "logo",
    "quote",
    "recording",
];

fn person(rng: &mut Lcg) -> String {
    format!("{} {}", rng.pick(FIRST), rng.pick(LAST))
}

fn text(s: impl Into<String>) -> Option<FieldValue> {
    Some(FieldValue::Text(s.into()))
}

fn yes() -> Option<FieldValue> {
    Some(FieldValue::Bool(true))
}

fn choice(id: &str) -> Option<FieldValue> {
    Some(FieldValue::Choice(id.into()))
}

fn choices(ids: &[&str]) -> Option<FieldValue> {
    Some(FieldValue::Choices(
        ids.iter().map(|s| (*s).to_owned()).collect(),
    ))
}

fn day(date: NaiveDate, plus: u64) -> Option<FieldValue> {
    Some(FieldValue::Date(date.checked_add_days(Days::new(plus))?))
}

/// Applies changes to one run through `Run::apply`, as one person working
/// through the day: the clock moves on by `step` between changes.
pub struct Driver {
    pub run: Run,
    /// The run as started, before any change.
    pub initial: Run,
    /// Every change applied, in order.
    pub changes: Vec<RunChange>,
    template: &'static Template,
    clock: DateTime<Utc>,
    step: Duration,
    who: String,
}

impl Driver {
    pub fn new(template: &'static Template, id: &str, title: &str, start: DateTime<Utc>) -> Self {
        let run = Run::start(template, id.into(), title.into(), "Ada Park", start);
        Driver {
            initial: run.clone(),
            changes: Vec::new(),
            run,
            template,
            clock: start,
            step: Duration::seconds(97),
            who: "Ada Park".into(),
        }
    }

    pub fn as_who(&mut self, who: &str) {
        self.who = who.to_owned();
    }

    pub fn apply(&mut self, change: RunChange) {
        self.clock += self.step;
        let description = format!("{change:?}");
        self.changes.push(change.clone());
        self.run
            .apply(self.template, change, &self.who, self.clock)
            .unwrap_or_else(|e| panic!("{description}: {e}"));
    }

    pub fn set(&mut self, step: &str, field: &str, value: Option<FieldValue>) {
        self.apply(RunChange::SetValue {
            step: step.into(),
            field: field.into(),
            value,
        });
    }

    pub fn notes(&mut self, step: &str, notes: String) {
        self.apply(RunChange::SetNotes {
            step: step.into(),
            notes,
        });
    }

    pub fn tick_all(&mut self, step: &str) {
        let checks: Vec<String> = self
            .template
            .step(step)
            .map(|s| s.checks.iter().map(|c| c.id.clone()).collect())
            .unwrap_or_default();
        for check in checks {
            self.apply(RunChange::SetCheck {
                step: step.into(),
                check,
                ticked: true,
            });
        }
    }

    /// Adds a record and fills its columns; returns its id.
    pub fn add_row(
        &mut self,
        step: &str,
        field: &str,
        cells: &[(&str, Option<FieldValue>)],
    ) -> u32 {
        self.apply(RunChange::AddRow {
            step: step.into(),
            field: field.into(),
        });
        let id = self
            .run
            .rows(self.index(step), field)
            .last()
            .map_or(0, |r| r.id);
        for (column, value) in cells {
            if value.is_some() {
                self.set_cell(step, field, id, column, value.clone());
            }
        }
        id
    }

    pub fn set_cell(
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

    pub fn complete(&mut self, step: &str) {
        self.apply(RunChange::Complete { step: step.into() });
    }

    fn index(&self, step: &str) -> usize {
        self.template.step_index(step).expect("known step")
    }
}

/// How much a story run records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    /// What a team typically records: the required fields and a few optional
    /// ones, in a few sentences each (about 45,000 UTF-16 units as one plain
    /// record, as the issue measured a completed run at 42,947).
    Typical,
    /// Every optional field and list filled, in long paragraphs (about twice
    /// as much).
    Thorough,
}

/// A typical completed Customer Story Production run (see [`story_run_with`]).
pub fn story_run(seed: u64, id: &str) -> Run {
    story_run_with(seed, id, Detail::Typical)
}

/// A completed Customer Story Production run as a team records it: every step
/// done, its fields and lists filled with realistic text, one change request
/// from legal that loops back to the draft (so the draft has two versions and
/// the approvals a second round), and the whole activity log.
pub fn story_run_with(seed: u64, id: &str, detail: Detail) -> Run {
    story_driver(seed, id, detail).run
}

/// The driver that built [`story_run_with`]'s run, with the run as started
/// and every change it applied.
pub fn story_driver(seed: u64, id: &str, detail: Detail) -> Driver {
    let thorough = detail == Detail::Thorough;
    // Words of a text that is long when thorough, shorter otherwise.
    let w = |n: usize| if thorough { n } else { n * 7 / 20 };
    let mut rng = Lcg::new(seed);
    let start = Utc
        .with_ymd_and_hms(2026, 1, 5, 9, 0, 0)
        .single()
        .expect("valid date")
        + Duration::hours(i64::try_from(seed % 5000).unwrap_or(0));
    let day0 = start.date_naive();
    let customer = format!("{} {}", rng.pick(COMPANIES), rng.pick(INDUSTRIES));
    let title = format!("{customer} story, {}", rng.pick(&["Q1", "Q2", "Q3", "Q4"]));
    let mut d = Driver::new(story_template(), id, &title, start);
    let owner = person(&mut rng);
    for (role, who) in [
        ("content-owner", owner.clone()),
        ("customer-advocacy-manager", person(&mut rng)),
        ("content-writer", person(&mut rng)),
        ("interviewer", person(&mut rng)),
        ("brand-manager", person(&mut rng)),
        ("customer-contact", person(&mut rng)),
        ("legal-reviewer", person(&mut rng)),
        ("brand-owner", person(&mut rng)),
    ]
    .into_iter()
    .take(if thorough { 8 } else { 3 })
    {
        d.apply(RunChange::Assign {
            role: role.into(),
            person: who,
        });
    }
    d.apply(RunChange::SetTargetDate(
        day0.checked_add_days(Days::new(45)),
    ));

    // 1. Intake: the request, the goal and three candidates, one selected.
    d.set("intake", "request", text(rng.paragraph(w(45))));
    d.set("intake", "campaign-objective", text(rng.paragraph(w(30))));
    d.set("intake", "target-audience", text(rng.sentence(6)));
    d.set("intake", "fit-criteria", text(rng.paragraph(w(30))));
    let mut selected = 0;
    let statuses: &[&str] = if thorough {
        &["selected", "alternate", "alternate"]
    } else {
        &["selected", "alternate"]
    };
    for (i, status) in statuses.iter().enumerate() {
        let company = if i == 0 {
            customer.clone()
        } else {
            format!("{} {}", rng.pick(COMPANIES), rng.pick(INDUSTRIES))
        };
        let row = d.add_row(
            "intake",
            "candidates",
            &[
                ("customer", text(company)),
                ("contact", text(person(&mut rng))),
                ("fits-goal", if thorough { yes() } else { None }),
                ("has-results", if thorough { yes() } else { None }),
                ("credible-story", if thorough { yes() } else { None }),
                ("status", choice(status)),
            ],
        );
        if i == 0 {
            selected = row;
        }
    }
    if thorough {
        d.notes("intake", rng.paragraph(20));
    }
    d.tick_all("intake");
    d.complete("intake");

    // 2. Consent.
    d.set(
        "consent",
        "candidate",
        Some(FieldValue::Picks(vec![selected])),
    );
    d.set("consent", "consent-received", day(day0, 6));
    d.set("consent", "consent-scope", text(rng.paragraph(w(25))));
    d.set(
        "consent",
        "consent-evidence",
        text(format!("https://drive.example.com/consent/{id}")),
    );
    for _ in 0..if thorough { 2 } else { 0 } {
        d.add_row(
            "consent",
            "internal-stakeholders",
            &[
                ("person", text(person(&mut rng))),
                (
                    "team",
                    text(rng.pick(&["Sales", "Legal", "Product", "Support"])),
                ),
                ("why", text(rng.sentence(7))),
            ],
        );
    }
    d.tick_all("consent");
    d.complete("consent");

    // 3. Interview plan.
    let when = day0
        .checked_add_days(Days::new(10))
        .and_then(|d| d.and_hms_opt(15, 30, 0))
        .expect("valid time");
    d.set(
        "interview-plan",
        "scheduled-at",
        Some(FieldValue::DateTime(when)),
    );
    d.set("interview-plan", "format", choice("video"));
    d.set("interview-plan", "duration", Some(FieldValue::Number(45.0)));
    let sides: &[&str] = if thorough {
        &["customer", "customer", "internal"]
    } else {
        &["customer"]
    };
    for side in sides {
        d.add_row(
            "interview-plan",
            "participants",
            &[
                ("name", text(person(&mut rng))),
                ("side", choice(side)),
                (
                    "role",
                    text(rng.pick(&["CTO", "Head of Operations", "Writer", "CFO"])),
                ),
            ],
        );
    }
    d.set("interview-plan", "recording-permission", choice("granted"));
    d.set(
        "interview-plan",
        "guide-link",
        text(format!("https://docs.example.com/guides/{id}")),
    );
    d.tick_all("interview-plan");
    d.complete("interview-plan");

    // 4. Interview: quotes, outcomes, details, follow-ups.
    let mut approved_quote = 0;
    let quotes = if thorough { 4 } else { 2 };
    for i in 0..quotes {
        let row = d.add_row(
            "interview",
            "quotes",
            &[
                ("text", text(rng.paragraph(w(28)))),
                (
                    "speaker",
                    text(format!(
                        "{}, {}",
                        person(&mut rng),
                        rng.pick(&["CTO", "CFO", "COO"])
                    )),
                ),
                ("approved", Some(FieldValue::Bool(i != 3))),
            ],
        );
        if i == 0 {
            approved_quote = row;
        }
    }
    let mut verified = Vec::new();
    for (metric, before, after) in [
        ("Cost per order", 4.2, 2.1),
        ("Time to report", 10.0, 2.0),
        ("Tickets per week", 800.0, 350.0),
    ] {
        verified.push(d.add_row(
            "interview",
            "measurable-outcomes",
            &[
                ("metric", text(metric)),
                ("before", Some(FieldValue::Number(before))),
                ("after", Some(FieldValue::Number(after))),
                ("unit", text(rng.pick(&["EUR", "days", "tickets"]))),
                ("source", text(rng.sentence(5))),
                ("verified", yes()),
            ],
        ));
    }
    d.set(
        "interview",
        "implementation-details",
        text(rng.paragraph(w(60))),
    );
    if thorough {
        d.set("interview", "approved-examples", text(rng.paragraph(25)));
        d.add_row(
            "interview",
            "ambiguous-statements",
            &[
                ("statement", text(rng.paragraph(15))),
                ("how-confirmed", text(rng.sentence(6))),
            ],
        );
    }
    for _ in 0..if thorough { 2 } else { 0 } {
        d.add_row(
            "interview",
            "follow-ups",
            &[
                ("item", text(rng.sentence(6))),
                ("owner", text(person(&mut rng))),
                ("due", day(day0, 14)),
                ("resolved", yes()),
            ],
        );
    }
    if thorough {
        d.set("interview", "notes", text(rng.paragraph(40)));
    }
    d.tick_all("interview");
    d.complete("interview");

    // 5. Draft, version 1.
    d.set("draft", "headline", text(rng.sentence(9)));
    d.set("draft", "problem-statement", text(rng.paragraph(w(70))));
    d.set("draft", "solution-summary", text(rng.paragraph(w(70))));
    d.set(
        "draft",
        "outcomes",
        Some(FieldValue::Picks(
            verified[..verified.len().min(2)].to_vec(),
        )),
    );
    if thorough {
        d.set("draft", "outcomes-narrative", text(rng.paragraph(50)));
    }
    d.set(
        "draft",
        "quote",
        Some(FieldValue::Picks(vec![approved_quote])),
    );
    d.set(
        "draft",
        "draft-link",
        text(format!("https://docs.example.com/drafts/{id}")),
    );
    d.add_row(
        "draft",
        "unsupported-claims",
        &[
            ("claim", text(rng.sentence(12))),
            ("needed", text(rng.sentence(5))),
            ("owner", text(owner.clone())),
            ("resolved", yes()),
        ],
    );
    d.tick_all("draft");
    d.complete("draft");

    // 6. Brand review.
    d.add_row(
        "brand-review",
        "deviations",
        &[
            ("finding", text(rng.sentence(12))),
            ("correction", text(rng.sentence(12))),
            ("resolved", yes()),
        ],
    );
    d.tick_all("brand-review");
    d.complete("brand-review");

    // 7. Approvals: legal asks for a change; the draft gets a second version.
    d.tick_all("approvals");
    // The run starts with one approver record per required role; each is named.
    let approvers: Vec<u32> = d
        .run
        .rows(d.index("approvals"), "approvers")
        .iter()
        .map(|r| r.id)
        .collect();
    for row in &approvers {
        let name = person(&mut rng);
        d.set_cell("approvals", "approvers", *row, "approver", text(name));
    }
    d.set_cell(
        "approvals",
        "approvers",
        approvers[0],
        "decision",
        choice("approved"),
    );
    d.set_cell(
        "approvals",
        "approvers",
        approvers[0],
        "date",
        day(day0, 25),
    );
    d.set_cell(
        "approvals",
        "approvers",
        approvers[1],
        "decision",
        choice("changes-requested"),
    );
    let change = rng.sentence(14);
    d.set_cell(
        "approvals",
        "approvers",
        approvers[1],
        "comment",
        text(change.clone()),
    );
    d.set_cell(
        "approvals",
        "approvers",
        approvers[1],
        "date",
        day(day0, 26),
    );
    d.apply(RunChange::TakeOutcome {
        step: "approvals".into(),
        outcome: "changes-requested".into(),
        note: change,
    });
    d.set("draft", "headline", text(rng.sentence(9)));
    d.set("draft", "problem-statement", text(rng.paragraph(w(70))));
    if thorough {
        d.set("draft", "outcomes-narrative", text(rng.paragraph(50)));
    }
    d.complete("draft");
    d.complete("brand-review");
    let deviation = d
        .run
        .rows(d.index("approvals"), "deviations")
        .last()
        .map_or(0, |r| r.id);
    d.set_cell("approvals", "deviations", deviation, "draft-updated", yes());
    d.set_cell(
        "approvals",
        "deviations",
        deviation,
        "resubmitted",
        day(day0, 29),
    );
    for row in &approvers {
        d.set_cell(
            "approvals",
            "approvers",
            *row,
            "decision",
            choice("approved"),
        );
        if thorough {
            d.set_cell(
                "approvals",
                "approvers",
                *row,
                "comment",
                text(rng.sentence(6)),
            );
        }
        d.set_cell("approvals", "approvers", *row, "date", day(day0, 31));
    }
    d.complete("approvals");

    // 8. Publication.
    d.set("publication", "published-on", day(day0, 35));
    for channel in ["Blog", "Newsletter"]
        .into_iter()
        .take(if thorough { 2 } else { 1 })
    {
        d.add_row(
            "publication",
            "channels",
            &[
                ("channel", text(channel)),
                (
                    "link",
                    text(format!(
                        "https://example.com/{}/{id}",
                        channel.to_lowercase()
                    )),
                ),
            ],
        );
    }
    d.set(
        "publication",
        "final-link",
        text(format!("https://example.com/customers/{id}")),
    );
    d.set(
        "publication",
        "shared-with",
        choices(&["sales", "demand-generation", "customer-success"]),
    );
    if thorough {
        d.set("publication", "usage-restrictions", text(rng.paragraph(20)));
    }
    d.tick_all("publication");
    d.complete("publication");
    d
}

/// Rows of a run whose values are set aside while a program is built, so that
/// `Run::apply`'s all-or-nothing snapshot copies ids, not whole records: the
/// change functions only ever read the record they change, so the result is
/// exactly what applying every change to the full run gives (a test checks).
struct Hollowed(BTreeMap<(usize, String, usize), BTreeMap<String, FieldValue>>);

impl Hollowed {
    fn set_aside(&mut self, run: &mut Run) {
        for (index, step) in run.steps.iter_mut().enumerate() {
            for (field, value) in step.values.iter_mut() {
                if let FieldValue::Rows(rows) = value {
                    for (position, row) in rows.iter_mut().enumerate() {
                        if !row.values.is_empty() {
                            let key = (index, field.clone(), position);
                            self.0.insert(key, std::mem::take(&mut row.values));
                        }
                    }
                }
            }
        }
    }

    fn put_back(self, run: &mut Run) {
        for ((index, field, position), values) in self.0 {
            if let Some(FieldValue::Rows(rows)) = run.steps[index].values.get_mut(&field)
                && let Some(row) = rows.get_mut(position)
            {
                row.values = values;
            }
        }
    }
}

/// A reference program with `references` references (each a candidate, a
/// consent line and a profile) and `interactions` interactions, with its
/// settings and whole activity log. `hollow` sets each finished record's values
/// aside while building (see [`Hollowed`]); without it every change copies the
/// whole run, which takes minutes at full size.
pub fn program_run_built(
    seed: u64,
    id: &str,
    references: usize,
    interactions: usize,
    hollow: bool,
) -> Run {
    program_driver(seed, id, references, interactions, hollow).run
}

/// The driver that built [`program_run_built`]'s run, with the run as started
/// and every change it applied.
pub fn program_driver(
    seed: u64,
    id: &str,
    references: usize,
    interactions: usize,
    hollow: bool,
) -> Driver {
    let mut rng = Lcg::new(seed);
    let start = Utc
        .with_ymd_and_hms(2025, 1, 6, 8, 0, 0)
        .single()
        .expect("valid date");
    let day0 = start.date_naive();
    let mut d = Driver::new(program_template(), id, "EMEA reference program 2025", start);
    d.step = Duration::seconds(53);
    d.set("criteria", "product-fit", text(rng.paragraph(40)));
    d.set("criteria", "relationship-health", text(rng.paragraph(30)));
    d.set("criteria", "willing-to-speak", text(rng.paragraph(30)));
    d.set("criteria", "industry-relevance", text(rng.paragraph(30)));
    d.set("criteria", "reference-types", choices(REFERENCE_TYPES));
    d.set("criteria", "usage-limit", Some(FieldValue::Number(3.0)));
    d.set("criteria", "usage-window", Some(FieldValue::Number(90.0)));
    d.set(
        "criteria",
        "retention-period",
        Some(FieldValue::Number(24.0)),
    );
    d.complete("criteria");
    let mut aside = Hollowed(BTreeMap::new());
    let mut names = Vec::with_capacity(references);
    for i in 0..references {
        if hollow {
            aside.set_aside(&mut d.run);
        }
        let company = format!(
            "{} {} {i}",
            rng.pick(COMPANIES),
            rng.pick(&["GmbH", "Ltd", "Inc", "SA", "AB"])
        );
        let contact = person(&mut rng);
        let industry = rng.pick(INDUSTRIES);
        let product = rng.pick(PRODUCTS);
        d.add_row(
            "candidates",
            "candidates",
            &[
                ("company", text(company.clone())),
                ("contact", text(contact.clone())),
                ("industry", text(industry)),
                ("product", text(product)),
                ("source", choice(rng.pick(&["crm", "health", "both"]))),
                ("health", choice(rng.pick(&["healthy", "healthy", "watch"]))),
                ("recent-win", yes()),
                ("measurable-value", yes()),
                (
                    "advocacy-potential",
                    Some(FieldValue::Bool(rng.below(3) > 0)),
                ),
                (
                    "criteria-met",
                    choices(&["product-fit", "relationship-health"]),
                ),
                ("notes", text(rng.sentence(8))),
            ],
        );
        d.add_row(
            "consent",
            "consents",
            &[
                ("reference", text(company.clone())),
                (
                    "use",
                    choice(rng.pick(&["logo", "quotes", "public-case-study", "sales-call"])),
                ),
                (
                    "status",
                    choice(rng.pick(&["verified", "verified", "verified", "requested"])),
                ),
                ("date", day(day0, 10 + (i as u64 % 200))),
                (
                    "evidence",
                    text(format!("https://crm.example.com/consent/{i}")),
                ),
            ],
        );
        let approved = [REFERENCE_TYPES[rng.below(6)], REFERENCE_TYPES[rng.below(6)]];
        let mut approved: Vec<&str> = approved.to_vec();
        approved.sort_by_key(|t| REFERENCE_TYPES.iter().position(|x| x == t));
        approved.dedup();
        d.add_row(
            "profile",
            "references",
            &[
                ("name", text(contact.clone())),
                (
                    "email",
                    text(format!(
                        "{}.{i}@example.com",
                        contact.to_lowercase().replace(' ', ".")
                    )),
                ),
                (
                    "phone",
                    text(format!("+49 30 {:07}", rng.below(10_000_000))),
                ),
                ("company", text(company.clone())),
                (
                    "title",
                    text(rng.pick(&[
                        "CTO",
                        "CFO",
                        "Head of Operations",
                        "VP Sales",
                        "IT Director",
                    ])),
                ),
                ("industry", text(industry)),
                ("product", text(product)),
                ("approved-types", choices(&approved)),
                ("preferred-topics", text(rng.sentence(4))),
                ("region", text(rng.pick(REGIONS))),
                ("time-zone", text(rng.pick(ZONES))),
                (
                    "availability",
                    choice(rng.pick(&["available", "available", "limited"])),
                ),
                ("status", choice("active")),
            ],
        );
        names.push(contact);
    }
    for n in 0..interactions {
        if hollow && n % 16 == 0 {
            aside.set_aside(&mut d.run);
        }
        let who = names
            .get(rng.below(names.len()))
            .cloned()
            .unwrap_or_default();
        let requested = 20 + (n as u64 * 330 / interactions.max(1) as u64);
        let status = rng.pick(&[
            "completed",
            "completed",
            "completed",
            "confirmed",
            "declined",
        ]);
        d.add_row(
            "tracking",
            "interactions",
            &[
                ("reference", text(who)),
                ("request-type", choice(REFERENCE_TYPES[rng.below(6)])),
                (
                    "audience",
                    text(rng.pick(&[
                        "Prospect CFO",
                        "Prospect CTO",
                        "Analyst",
                        "Press",
                        "Webinar attendees",
                    ])),
                ),
                ("request-date", day(day0, requested)),
                ("response-status", choice(status)),
                (
                    "completed-on",
                    if status == "completed" {
                        day(day0, requested + 7)
                    } else {
                        None
                    },
                ),
                ("activity", text(rng.sentence(5))),
                (
                    "feedback",
                    if rng.below(3) == 0 {
                        text(rng.sentence(12))
                    } else {
                        None
                    },
                ),
            ],
        );
    }
    if hollow {
        aside.set_aside(&mut d.run);
        aside.put_back(&mut d.run);
    }
    d
}

/// The full-size program: 500 references, 5,000 interactions.
pub fn program_run(seed: u64, id: &str) -> Run {
    program_run_built(seed, id, 500, 5_000, true)
}

/// The rows of one list of a run, for tests that edit one record.
pub fn rows<'r>(run: &'r Run, template: &Template, step: &str, field: &str) -> &'r [Row] {
    run.rows(template.step_index(step).unwrap_or(usize::MAX), field)
}
