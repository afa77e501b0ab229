//! Reading the program's records out of runs of the reference template.
//!
//! The directory is the union of every run of the template: each record keeps
//! the run and row it came from. Rows are edited live and may be half filled,
//! so reading never fails: a record that lacks what it cannot do without is
//! skipped and reported, and an optional column that cannot be read is left
//! empty and reported.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::run::Run;
use crate::domain::template::Template;
use crate::domain::value::{FieldValue, Row};

use super::archive::is_archived;
use super::customer_id::CustomerId;
use super::ids::CUSTOMER_PICK;
use super::ids::{
    approvals as appr, briefings as brief, candidates as cand, closure, consents as cons, criteria,
    escalations as esc, interactions as int, references as refs, requests as req,
};
use super::join::join_name;
use super::model::{
    Approval, Availability, Briefing, Candidate, CandidateSource, Closure, Consent, ConsentStatus,
    ConsentUse, Criterion, Decision, Escalation, EscalationTarget, EscalationType, FinalStatus,
    Health, History, Interaction, Program, ProgramSettings, RecordKey, Reference, ReferenceStatus,
    ReferenceType, Request, RequestStatus, ResponseStatus,
};
use super::periods::Periods;

/// Everything the reference program has recorded, across all its runs, in run
/// order and then row order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Directory {
    /// One entry per run: settings and close-out.
    pub programs: Vec<Program>,
    /// Candidates (step 2).
    pub candidates: Vec<Candidate>,
    /// Consent lines (step 3).
    pub consents: Vec<Consent>,
    /// Reference profiles (step 5): the directory proper.
    pub references: Vec<Reference>,
    /// Briefings (step 6).
    pub briefings: Vec<Briefing>,
    /// Requests (step 7).
    pub requests: Vec<Request>,
    /// Interactions (step 8).
    pub interactions: Vec<Interaction>,
    /// Decisions on requests (step 10).
    pub approvals: Vec<Approval>,
    /// Escalations (step 11).
    pub escalations: Vec<Escalation>,
    /// Profiles of a customer that a newer period holds too: history, left
    /// out of `references` by [`super::periods::settle`].
    pub earlier_references: Vec<Reference>,
    /// When each program run was started, by run id: orders periods that
    /// are not linked as a chain.
    pub started: BTreeMap<String, DateTime<Utc>>,
    /// The next period of each program run that has one here, by run id.
    pub successors: BTreeMap<String, String>,
}

impl Directory {
    /// The records matching and approval look back at.
    pub fn history(&self) -> History<'_> {
        History {
            consents: &self.consents,
            interactions: &self.interactions,
            escalations: &self.escalations,
            approvals: &self.approvals,
        }
    }

    /// The program run with this id.
    pub fn program(&self, run_id: &str) -> Option<&Program> {
        self.programs.iter().find(|p| p.run_id == run_id)
    }

    /// The requests still to be worked on: those of runs not archived. An
    /// archived run is the record of its period; its open requests were
    /// carried into the next one.
    pub fn requests_to_work(&self) -> impl Iterator<Item = &Request> {
        self.requests.iter().filter(|r| {
            r.key
                .as_ref()
                .is_none_or(|k| !self.program(&k.run_id).is_some_and(|p| p.closure.archived))
        })
    }

    /// The next period started from the program run `run_id`, when it is here.
    pub fn successor(&self, run_id: &str) -> Option<&Program> {
        self.program(self.successors.get(run_id)?)
    }

    /// Whether the program run `run_id` is history: archived, with its next
    /// period here, which carried what was still open.
    pub fn superseded(&self, run_id: &str) -> bool {
        self.successors.contains_key(run_id)
    }

    /// The settings of the program run with this id, once its tolerance is set.
    pub fn settings(&self, run_id: &str) -> Option<&ProgramSettings> {
        self.program(run_id)?.settings.as_ref()
    }
}

/// What went wrong reading one record or setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Issue {
    /// The record lacks what it cannot do without, and was left out.
    Skipped {
        /// What is missing, in the labels people see.
        needs: String,
    },
    /// A choice holds an option this version does not know; read as not filled in.
    UnknownOption {
        /// The column's label.
        column: String,
        /// The stored option id.
        value: String,
    },
    /// A setting is not a whole number of zero or more; the settings are not used.
    BadNumber {
        /// The field's label.
        field: String,
        /// The stored number.
        value: String,
    },
    /// The list holds a value of another kind (e.g. a hand-edited file) and was skipped.
    NotAList,
}

/// One problem found while reading, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtractProblem {
    /// The run.
    pub run_id: String,
    /// The run's title, to name it to people.
    pub run_title: String,
    /// Where in the run, e.g. "References, record 2" or "Usage limit".
    pub place: String,
    /// The row id, for records.
    pub row_id: Option<u32>,
    /// What is wrong.
    pub issue: Issue,
}

impl fmt::Display for ExtractProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "“{}” · {}: ", self.run_title, self.place)?;
        match &self.issue {
            Issue::Skipped { needs } => write!(f, "left out, needs {needs}"),
            Issue::UnknownOption { column, value } => {
                write!(f, "{column} has an unknown option “{value}”")
            }
            Issue::BadNumber { value, .. } => {
                write!(f, "must be a whole number of zero or more, not {value}")
            }
            Issue::NotAList => write!(f, "not a list of records"),
        }
    }
}

/// The directory and the problems met building it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// What could be read.
    pub directory: Directory,
    /// What could not, for a notice next to the directory.
    pub problems: Vec<ExtractProblem>,
}

/// The records of list `list` in step `step` of `run`; none when the list is
/// empty or holds a value of another kind.
pub fn rows_of<'r>(run: &'r Run, step: &str, list: &str) -> &'r [Row] {
    match run.step(step).and_then(|s| s.values.get(list)) {
        Some(FieldValue::Rows(rows)) => rows,
        _ => &[],
    }
}

/// Reads every run of `template` (other runs are ignored) into typed records.
/// Each customer is listed once, from the newest period that holds it
/// ([`super::periods::settle`]).
pub fn extract(runs: &[Run], template: &Template) -> Extracted {
    let mut out = Extracted::default();
    for run in runs {
        extract_into(&mut out, run, template);
    }
    settle(&mut out);
    out
}

/// Finishes a directory read one run at a time with [`extract_into`]: each
/// customer once, from the newest period that holds it.
pub fn settle(out: &mut Extracted) {
    let d = &mut out.directory;
    let periods = Periods {
        programs: &d.programs,
        started: &d.started,
    };
    let mut references = std::mem::take(&mut d.references);
    references.append(&mut d.earlier_references);
    let settled = super::periods::settle(periods, &d.candidates, references);
    d.references = settled.current;
    d.earlier_references = settled.earlier;
    d.successors = settled.successors;
}

/// Reads one more run of `template` into `out` (a run of another template is
/// ignored): for a caller that can lend its runs only one at a time, so none
/// is copied to be read.
pub fn extract_into(out: &mut Extracted, run: &Run, template: &Template) {
    if run.template_id != template.id {
        return;
    }
    let mut reader = RunReader {
        run,
        template,
        problems: &mut out.problems,
    };
    reader.read(&mut out.directory);
}

/// The customers a run's records may pick (its step 2 candidates), by row:
/// in runs of version 2 on, a record holds the candidate's row id instead of
/// a typed name, and reads its names from here.
#[derive(Default)]
struct RunCustomers {
    run_id: String,
    by_row: std::collections::HashMap<u32, (CustomerId, String, String)>,
}

/// Who a record names: the customer picked, and the name the program's
/// name joins read (contact, or company when there is none).
struct Named {
    customer: Option<CustomerId>,
    name: String,
    company: String,
    contact: String,
}

impl RunCustomers {
    fn of(run_id: &str, candidates: &[Candidate]) -> RunCustomers {
        RunCustomers {
            run_id: run_id.to_owned(),
            by_row: candidates
                .iter()
                .filter(|c| c.key.run_id == run_id)
                .map(|c| {
                    (
                        c.key.row_id,
                        (c.customer.clone(), c.company.clone(), c.contact.clone()),
                    )
                })
                .collect(),
        }
    }

    /// Who the row of `c` names: its pick of a candidate (a removed candidate
    /// keeps its id and names nobody, so it never matches another customer),
    /// or in an older run the customer id or the name typed in `typed`.
    fn named(&self, c: &Cells<'_, '_>, pick: &str, typed: &str) -> Named {
        match c.values.get(pick) {
            Some(FieldValue::Picks(ids)) => {
                let Some(row) = ids.first() else {
                    return Named::typed(None, String::new());
                };
                match self.by_row.get(row) {
                    Some((id, company, contact)) => Named {
                        customer: Some(id.clone()),
                        name: join_name(contact, company).to_owned(),
                        company: company.clone(),
                        contact: contact.clone(),
                    },
                    None => Named::typed(
                        Some(CustomerId::first_entered(&self.run_id, *row)),
                        String::new(),
                    ),
                }
            }
            _ => Named::typed(c.customer(pick), c.text(typed)),
        }
    }
}

impl Named {
    fn typed(customer: Option<CustomerId>, name: String) -> Named {
        Named {
            customer,
            name,
            company: String::new(),
            contact: String::new(),
        }
    }
}

/// The name the program's joins read for `row` of a list in `run`: in a run
/// that picks customers, the picked candidate's contact (or company); in an
/// older run, the name typed in column `typed`. Empty when nobody is named or
/// the picked candidate was removed. For the gates that read rows directly.
pub fn named_in_row(run: &Run, row: &Row, typed: &str) -> String {
    match row.values.get(CUSTOMER_PICK) {
        Some(FieldValue::Picks(ids)) => ids
            .first()
            .and_then(|id| {
                rows_of(run, cand::STEP, cand::LIST)
                    .iter()
                    .find(|r| r.id == *id)
            })
            .map(|candidate| {
                let text = |column: &str| match candidate.values.get(column) {
                    Some(FieldValue::Text(t)) => t.trim().to_owned(),
                    _ => String::new(),
                };
                join_name(&text(cand::CONTACT), &text(cand::COMPANY)).to_owned()
            })
            .unwrap_or_default(),
        _ => match row.values.get(typed) {
            Some(FieldValue::Text(t)) => t.trim().to_owned(),
            _ => String::new(),
        },
    }
}

/// Reads one run, collecting problems as it goes.
struct RunReader<'r> {
    run: &'r Run,
    template: &'r Template,
    problems: &'r mut Vec<ExtractProblem>,
}

/// One row being read; unknown options go to `problems` with the row's place.
struct Cells<'r, 'p> {
    values: &'r BTreeMap<String, FieldValue>,
    labels: &'r dyn Fn(&str) -> String,
    unknown: &'p mut Vec<Issue>,
}

impl Cells<'_, '_> {
    fn text(&self, column: &str) -> String {
        match self.values.get(column) {
            Some(FieldValue::Text(s)) => s.trim().to_owned(),
            _ => String::new(),
        }
    }

    /// The customer id a column holds; `None` when empty or not an id (an
    /// older run has no such column at all).
    fn customer(&self, column: &str) -> Option<CustomerId> {
        CustomerId::from_value(self.values.get(column))
    }

    /// A whole number stored in a number column, e.g. a score.
    fn integer(&self, column: &str) -> Option<i32> {
        match self.values.get(column) {
            Some(FieldValue::Number(n))
                if n.is_finite() && n.fract() == 0.0 && n.abs() <= f64::from(i32::MAX) =>
            {
                // Exact: checked whole and in range just above.
                Some(*n as i32)
            }
            _ => None,
        }
    }

    /// The one row id a pick column holds.
    fn picked(&self, column: &str) -> Option<u32> {
        match self.values.get(column) {
            Some(FieldValue::Picks(ids)) => ids.first().copied(),
            _ => None,
        }
    }

    fn date(&self, column: &str) -> Option<NaiveDate> {
        match self.values.get(column) {
            Some(FieldValue::Date(d)) => Some(*d),
            _ => None,
        }
    }

    fn yes_no(&self, column: &str) -> Option<bool> {
        match self.values.get(column) {
            Some(FieldValue::Bool(b)) => Some(*b),
            _ => None,
        }
    }

    fn choice<T>(&mut self, column: &str, parse: fn(&str) -> Option<T>) -> Option<T> {
        match self.values.get(column) {
            Some(FieldValue::Choice(id)) => {
                let parsed = parse(id);
                if parsed.is_none() {
                    self.unknown.push(Issue::UnknownOption {
                        column: (self.labels)(column),
                        value: id.clone(),
                    });
                }
                parsed
            }
            _ => None,
        }
    }

    fn choices<T>(&mut self, column: &str, parse: fn(&str) -> Option<T>) -> Vec<T> {
        match self.values.get(column) {
            Some(FieldValue::Choices(ids)) => ids
                .iter()
                .filter_map(|id| {
                    let parsed = parse(id);
                    if parsed.is_none() {
                        self.unknown.push(Issue::UnknownOption {
                            column: (self.labels)(column),
                            value: id.clone(),
                        });
                    }
                    parsed
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}

impl<'r> RunReader<'r> {
    fn read(&mut self, directory: &mut Directory) {
        let settings = self.settings();
        directory
            .started
            .insert(self.run.id.clone(), self.run.created_at);
        directory.programs.push(Program {
            run_id: self.run.id.clone(),
            title: self.run.title.clone(),
            settings,
            closure: self.closure(),
        });
        let archived = is_archived(self.run);
        let list = &mut directory.candidates;
        self.each_row(cand::STEP, cand::LIST, |key, c| {
            let company = c.text(cand::COMPANY);
            if company.is_empty() {
                return Err(c.label(cand::COMPANY));
            }
            let customer = c
                .customer(cand::CUSTOMER_ID)
                .unwrap_or_else(|| CustomerId::first_entered(&key.run_id, key.row_id));
            list.push(Candidate {
                key,
                customer,
                company,
                contact: c.text(cand::CONTACT),
                industry: c.text(cand::INDUSTRY),
                product: c.text(cand::PRODUCT),
                source: c.choice(cand::SOURCE, CandidateSource::from_id),
                health: c.choice(cand::HEALTH, Health::from_id),
                recent_positive_outcome: c.yes_no(cand::RECENT_WIN),
                measurable_value: c.yes_no(cand::MEASURABLE_VALUE),
                advocacy_potential: c.yes_no(cand::ADVOCACY_POTENTIAL),
                criteria_met: c.choices(cand::CRITERIA_MET, Criterion::from_id),
                notes: c.text(cand::NOTES),
            });
            Ok(())
        });
        let customers = RunCustomers::of(&self.run.id, &directory.candidates);
        let list = &mut directory.consents;
        self.each_row(cons::STEP, cons::LIST, |key, c| {
            let Named {
                customer,
                name: reference,
                ..
            } = customers.named(c, cons::CUSTOMER, cons::REFERENCE);
            let consent_use = c.choice(cons::USE, ConsentUse::from_id);
            let status = c.choice(cons::STATUS, ConsentStatus::from_id);
            let (false, Some(consent_use), Some(status)) = (
                reference.is_empty() && customer.is_none(),
                consent_use,
                status,
            ) else {
                return Err(c.labels(&[cons::REFERENCE, cons::USE, cons::STATUS]));
            };
            list.push(Consent {
                key,
                reference,
                customer,
                consent_use,
                status,
                date: c.date(cons::DATE),
                expires_on: c.date(cons::EXPIRES_ON),
                evidence: c.text(cons::EVIDENCE),
                approvals: c.text(cons::APPROVALS),
                restrictions: c.text(cons::RESTRICTIONS),
            });
            Ok(())
        });
        let list = &mut directory.references;
        self.each_row(refs::STEP, refs::LIST, |key, c| {
            let named = customers.named(c, refs::CUSTOMER, refs::NAME);
            let picked = matches!(c.values.get(refs::CUSTOMER), Some(FieldValue::Picks(_)));
            let (name, company) = if picked {
                (named.contact, named.company)
            } else {
                (c.text(refs::NAME), c.text(refs::COMPANY))
            };
            let customer = named.customer;
            if name.is_empty() && company.is_empty() && customer.is_none() {
                return Err(format!(
                    "{} or {}",
                    c.label(refs::NAME),
                    c.label(refs::COMPANY)
                ));
            }
            list.push(Reference {
                key,
                customer,
                name,
                email: c.text(refs::EMAIL),
                phone: c.text(refs::PHONE),
                company,
                title: c.text(refs::TITLE),
                industry: c.text(refs::INDUSTRY),
                product: c.text(refs::PRODUCT),
                approved_types: c.choices(refs::APPROVED_TYPES, ReferenceType::from_id),
                preferred_topics: c.text(refs::PREFERRED_TOPICS),
                region: c.text(refs::REGION),
                time_zone: c.text(refs::TIME_ZONE),
                // A profile still being typed in is taken as available and active:
                // consent and approved types already keep it from being asked too soon.
                availability: c
                    .choice(refs::AVAILABILITY, Availability::from_id)
                    .unwrap_or(Availability::Available),
                availability_notes: c.text(refs::AVAILABILITY_NOTES),
                status: c
                    .choice(refs::STATUS, ReferenceStatus::from_id)
                    .unwrap_or(ReferenceStatus::Active),
                archived,
            });
            Ok(())
        });
        let list = &mut directory.briefings;
        self.each_row(brief::STEP, brief::LIST, |key, c| {
            let Named {
                customer,
                name: reference,
                ..
            } = customers.named(c, brief::CUSTOMER, brief::REFERENCE);
            if reference.is_empty() && customer.is_none() {
                return Err(c.label(brief::REFERENCE));
            }
            list.push(Briefing {
                key,
                reference,
                customer,
                briefed_on: c.date(brief::BRIEFED_ON),
            });
            Ok(())
        });
        let list = &mut directory.requests;
        self.each_row(req::STEP, req::LIST, |key, c| {
            let Some(kind) = c.choice(req::TYPE, ReferenceType::from_id) else {
                return Err(c.label(req::TYPE));
            };
            let chosen = customers.named(c, req::CUSTOMER, req::CHOSEN_REFERENCE);
            list.push(Request {
                key: Some(key),
                requester: c.text(req::REQUESTER),
                kind,
                audience: c.text(req::AUDIENCE),
                industry: c.text(req::INDUSTRY),
                use_case: c.text(req::USE_CASE),
                geography: c.text(req::GEOGRAPHY),
                product: c.text(req::PRODUCT),
                needed_by: c.date(req::NEEDED_BY),
                chosen_reference: chosen.name,
                customer: chosen.customer,
                received_on: c.date(req::RECEIVED_ON),
                match_score: c.integer(req::MATCH_SCORE),
                match_reasons: c.text(req::MATCH_REASON),
                status: c.choice(req::STATUS, RequestStatus::from_id),
            });
            Ok(())
        });
        let list = &mut directory.interactions;
        self.each_row(int::STEP, int::LIST, |key, c| {
            let Named {
                customer,
                name: reference,
                ..
            } = customers.named(c, int::CUSTOMER, int::REFERENCE);
            let kind = c.choice(int::REQUEST_TYPE, ReferenceType::from_id);
            let (false, Some(kind)) = (reference.is_empty() && customer.is_none(), kind) else {
                return Err(c.labels(&[int::REFERENCE, int::REQUEST_TYPE]));
            };
            list.push(Interaction {
                key,
                reference,
                customer,
                request: c.picked(int::REQUEST),
                kind,
                audience: c.text(int::AUDIENCE),
                requested_on: c.date(int::REQUEST_DATE),
                response: c
                    .choice(int::RESPONSE_STATUS, ResponseStatus::from_id)
                    .unwrap_or(ResponseStatus::AwaitingConfirmation),
                completed_on: c.date(int::COMPLETED_ON),
                activity: c.text(int::ACTIVITY),
                feedback: c.text(int::FEEDBACK),
                issues: c.text(int::ISSUES),
            });
            Ok(())
        });
        let list = &mut directory.approvals;
        self.each_row(appr::STEP, appr::LIST, |key, c| {
            let Named {
                customer,
                name: reference,
                ..
            } = customers.named(c, appr::CUSTOMER, appr::REFERENCE);
            let kind = c.choice(appr::REQUEST_TYPE, ReferenceType::from_id);
            let (false, Some(kind)) = (reference.is_empty() && customer.is_none(), kind) else {
                return Err(c.labels(&[appr::REFERENCE, appr::REQUEST_TYPE]));
            };
            list.push(Approval {
                key,
                reference,
                customer,
                request: c.picked(appr::REQUEST),
                kind,
                decision: c.choice(appr::DECISION, Decision::from_id),
                decided_on: c.date(appr::DECIDED_ON),
                notes: c.text(appr::NOTES),
            });
            Ok(())
        });
        let list = &mut directory.escalations;
        self.each_row(esc::STEP, esc::LIST, |key, c| {
            let Named {
                customer,
                name: reference,
                ..
            } = customers.named(c, esc::CUSTOMER, esc::REFERENCE);
            let kind = c.choice(esc::TYPE, EscalationType::from_id);
            let (false, Some(kind)) = (reference.is_empty() && customer.is_none(), kind) else {
                return Err(c.labels(&[esc::REFERENCE, esc::TYPE]));
            };
            list.push(Escalation {
                key,
                reference,
                customer,
                kind,
                details: c.text(esc::DETAILS),
                escalated_to: c.choice(esc::ESCALATED_TO, EscalationTarget::from_id),
                date: c.date(esc::DATE),
                outcome: c.text(esc::OUTCOME),
            });
            Ok(())
        });
    }

    /// Label of a step-level field, falling back to its id.
    fn field_label(&self, step: &str, field: &str) -> String {
        self.template
            .step(step)
            .and_then(|s| s.field(field))
            .map_or_else(|| field.to_owned(), |f| f.label.clone())
    }

    fn problem(&mut self, place: String, row_id: Option<u32>, issue: Issue) {
        self.problems.push(ExtractProblem {
            run_id: self.run.id.clone(),
            run_title: self.run.title.clone(),
            place,
            row_id,
            issue,
        });
    }

    fn value(&self, step: &str, field: &str) -> Option<&'r FieldValue> {
        let run: &'r Run = self.run;
        run.step(step)?.values.get(field)
    }

    /// A whole number of zero or more from a number field; `None` when empty
    /// or invalid (invalid values are reported).
    fn whole(&mut self, step: &str, field: &str) -> Option<u32> {
        let n = match self.value(step, field)? {
            FieldValue::Number(n) => *n,
            _ => return None,
        };
        if n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX) {
            // Exact: checked whole and in range just above.
            Some(n as u32)
        } else {
            let label = self.field_label(step, field);
            self.problem(
                label.clone(),
                None,
                Issue::BadNumber {
                    field: label,
                    value: n.to_string(),
                },
            );
            None
        }
    }

    fn text(&self, step: &str, field: &str) -> String {
        match self.value(step, field) {
            Some(FieldValue::Text(s)) => s.trim().to_owned(),
            _ => String::new(),
        }
    }

    fn settings(&mut self) -> Option<ProgramSettings> {
        let usage_limit = self.whole(criteria::STEP, criteria::USAGE_LIMIT);
        let window_days = self.whole(criteria::STEP, criteria::USAGE_WINDOW);
        let retention_months = self.whole(criteria::STEP, criteria::RETENTION_PERIOD);
        let eligible_types = match self.value(criteria::STEP, criteria::REFERENCE_TYPES) {
            Some(FieldValue::Choices(ids)) => ids
                .iter()
                .filter_map(|id| ReferenceType::from_id(id))
                .collect(),
            _ => Vec::new(),
        };
        Some(ProgramSettings {
            usage_limit: usage_limit?,
            window_days: window_days?,
            retention_months,
            eligible_types,
            product_fit: self.text(criteria::STEP, criteria::PRODUCT_FIT),
            relationship_health: self.text(criteria::STEP, criteria::RELATIONSHIP_HEALTH),
            willing_to_speak: self.text(criteria::STEP, criteria::WILLING_TO_SPEAK),
            industry_relevance: self.text(criteria::STEP, criteria::INDUSTRY_RELEVANCE),
        })
    }

    fn closure(&self) -> Closure {
        let date = |field| match self.value(closure::STEP, field) {
            Some(FieldValue::Date(d)) => Some(*d),
            _ => None,
        };
        Closure {
            final_status: match self.value(closure::STEP, closure::FINAL_STATUS) {
                Some(FieldValue::Choice(id)) => FinalStatus::from_id(id),
                _ => None,
            },
            closed_on: date(closure::CLOSED_ON),
            archived: is_archived(self.run),
            retain_until: date(closure::RETAIN_UNTIL),
            retention_rule: self.text(closure::STEP, closure::RETENTION_REFERENCE),
            closes_open: self.value(closure::STEP, closure::STILL_OPEN)
                == Some(&FieldValue::Choice(closure::STILL_OPEN_CLOSED.to_owned())),
        }
    }

    /// Calls `read` for each row of a list field. `read` returns the labels of
    /// what is missing when the row cannot be used; that and any unknown
    /// option become problems placed at "List, record N".
    fn each_row(
        &mut self,
        step: &str,
        list: &str,
        mut read: impl FnMut(RecordKey, &mut Cells<'_, '_>) -> Result<(), String>,
    ) {
        let rows: &[Row] = match self.value(step, list) {
            None => return,
            Some(FieldValue::Rows(rows)) => rows,
            Some(_) => {
                let label = self.field_label(step, list);
                self.problem(label, None, Issue::NotAList);
                return;
            }
        };
        let list_field = self.template.step(step).and_then(|s| s.field(list));
        let list_label = list_field.map_or_else(|| list.to_owned(), |f| f.label.clone());
        let labels = |column: &str| {
            let columns = list_field.map(|f| f.sub_fields()).unwrap_or_default();
            columns
                .iter()
                .find(|c| c.id == column)
                // A typed name that a later version picks: the pick's label.
                .or_else(|| columns.iter().find(|c| c.id == CUSTOMER_PICK))
                .map_or_else(|| column.to_owned(), |c| c.label.clone())
        };
        for (position, row) in rows.iter().enumerate() {
            let mut unknown = Vec::new();
            let mut cells = Cells {
                values: &row.values,
                labels: &labels,
                unknown: &mut unknown,
            };
            let key = RecordKey {
                run_id: self.run.id.clone(),
                row_id: row.id,
            };
            let result = read(key, &mut cells);
            let place = format!("{list_label}, record {}", position + 1);
            for issue in unknown {
                self.problem(place.clone(), Some(row.id), issue);
            }
            if let Err(needs) = result {
                self.problem(place, Some(row.id), Issue::Skipped { needs });
            }
        }
    }
}

impl Cells<'_, '_> {
    fn label(&self, column: &str) -> String {
        (self.labels)(column)
    }

    /// "A, B and C" for the columns a record cannot do without.
    fn labels(&self, columns: &[&str]) -> String {
        let names: Vec<String> = columns.iter().map(|c| self.label(c)).collect();
        match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => names.concat(),
        }
    }
}
