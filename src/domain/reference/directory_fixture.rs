//! Records for the directory's tests, built in a line each so a test reads
//! like the program it describes. Test-only.

use chrono::NaiveDate;

use super::customer_id::CustomerId;
use super::extract::Directory;
use super::model::{
    Approval, Availability, Briefing, Candidate, Closure, Consent, ConsentStatus, ConsentUse,
    Decision, Interaction, Program, ProgramSettings, RecordKey, Reference, ReferenceStatus,
    ReferenceType, ResponseStatus,
};

/// A day of 2026.
pub fn day(month: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, d).unwrap()
}

/// The day the tests read the directory on: a 30-day window starts on 1 June.
pub fn today() -> NaiveDate {
    day(6, 30)
}

/// Where a test record lives: run and row.
pub fn key(run: &str, row: u32) -> RecordKey {
    RecordKey {
        run_id: run.into(),
        row_id: row,
    }
}

/// A program run with a limit of `limit` uses per type in `window` days.
pub fn program(run: &str, limit: u32, window: u32, archived: bool) -> Program {
    Program {
        run_id: run.into(),
        title: format!("Program {run}"),
        settings: Some(ProgramSettings::with_tolerance(limit, window)),
        closure: Closure {
            archived,
            ..Closure::default()
        },
    }
}

/// A candidate as first entered in `run`: its customer id is where it was entered.
pub fn candidate(run: &str, row: u32, company: &str, contact: &str) -> Candidate {
    Candidate {
        key: key(run, row),
        customer: CustomerId::first_entered(run, row),
        company: company.into(),
        contact: contact.into(),
        industry: String::new(),
        product: String::new(),
        source: None,
        health: None,
        recent_positive_outcome: None,
        measurable_value: None,
        advocacy_potential: None,
        criteria_met: Vec::new(),
        notes: String::new(),
    }
}

/// An active, available profile approved for `types`.
pub fn reference(
    run: &str,
    row: u32,
    name: &str,
    company: &str,
    types: &[ReferenceType],
) -> Reference {
    Reference {
        key: key(run, row),
        customer: None,
        name: name.into(),
        email: String::new(),
        phone: String::new(),
        company: company.into(),
        title: String::new(),
        industry: String::new(),
        product: String::new(),
        approved_types: types.to_vec(),
        preferred_topics: String::new(),
        region: String::new(),
        time_zone: String::new(),
        availability: Availability::Available,
        availability_notes: String::new(),
        status: ReferenceStatus::Active,
        archived: false,
    }
}

/// A consent line naming its reference by `name`.
pub fn consent(
    run: &str,
    row: u32,
    name: &str,
    consent_use: ConsentUse,
    status: ConsentStatus,
    date: NaiveDate,
    expires_on: Option<NaiveDate>,
) -> Consent {
    Consent {
        key: key(run, row),
        reference: name.into(),
        customer: None,
        consent_use,
        status,
        date: Some(date),
        expires_on,
        evidence: String::new(),
        approvals: String::new(),
        restrictions: String::new(),
    }
}

/// An activity of `kind` done on `done` (asked the day before).
pub fn done(run: &str, row: u32, name: &str, kind: ReferenceType, done: NaiveDate) -> Interaction {
    Interaction {
        key: key(run, row),
        reference: name.into(),
        customer: None,
        request: None,
        kind,
        audience: String::new(),
        requested_on: done.pred_opt(),
        response: ResponseStatus::Completed,
        completed_on: Some(done),
        activity: String::new(),
        feedback: String::new(),
        issues: String::new(),
    }
}

/// A request of `kind` asked on `asked` and confirmed, not done yet.
pub fn booked(
    run: &str,
    row: u32,
    name: &str,
    kind: ReferenceType,
    asked: NaiveDate,
) -> Interaction {
    Interaction {
        response: ResponseStatus::Confirmed,
        requested_on: Some(asked),
        completed_on: None,
        ..done(run, row, name, kind, asked)
    }
}

/// A request of `kind` that was declined: it never counts.
pub fn declined(
    run: &str,
    row: u32,
    name: &str,
    kind: ReferenceType,
    asked: NaiveDate,
) -> Interaction {
    Interaction {
        response: ResponseStatus::Declined,
        ..booked(run, row, name, kind, asked)
    }
}

/// An approved decision of step 10 given on `on`.
pub fn approved(run: &str, row: u32, name: &str, kind: ReferenceType, on: NaiveDate) -> Approval {
    Approval {
        key: key(run, row),
        reference: name.into(),
        customer: None,
        request: None,
        kind,
        decision: Some(Decision::Approved),
        decided_on: Some(on),
        notes: String::new(),
    }
}

/// A briefing of `name` (or of `customer`, when given) on `on`.
pub fn briefing(
    run: &str,
    row: u32,
    name: &str,
    customer: Option<&CustomerId>,
    on: Option<NaiveDate>,
) -> Briefing {
    Briefing {
        key: key(run, row),
        reference: name.into(),
        customer: customer.cloned(),
        briefed_on: on,
    }
}

/// A directory of `references` in run "p" (limit 3 in 30 days) unless
/// `programs` says otherwise.
pub fn directory(references: Vec<Reference>) -> Directory {
    Directory {
        programs: vec![program("p", 3, 30, false)],
        references,
        ..Directory::default()
    }
}
