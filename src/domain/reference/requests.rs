//! Requests and their interactions by identity: where each request stands,
//! how old it is, what it was matched with, and what answering it changes.
//!
//! An interaction belongs to one request (its row id, in the same run) and
//! one reference (its customer id), so a request's state is read from its own
//! interactions, never from names that happen to match. The stored request
//! status has no "completed" option; completion is the interaction's, and
//! [`RequestState`] joins the two.

use std::collections::HashMap;
use std::fmt;

use chrono::NaiveDate;

use super::customer_id::CustomerId;
use super::ids::{interactions as int, requests as req};
use super::matching::Ranked;
use super::model::{Interaction, Request, RequestStatus, ResponseStatus};
use crate::domain::value::FieldValue;

/// Where a request stands, from its status and its interactions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RequestState {
    /// No reference asked yet.
    Open,
    /// Sent to a reference, no answer yet.
    Sent,
    /// The reference agreed.
    Confirmed,
    /// Cleared to go ahead (step 10).
    Approved,
    /// The activity was done.
    Completed,
    /// The reference said no, or the request was turned down.
    Declined,
    /// The reference never answered.
    NoResponse,
    /// No longer needed.
    Cancelled,
}

impl RequestState {
    /// The state in words.
    pub fn label(self) -> &'static str {
        match self {
            RequestState::Open => "Open",
            RequestState::Sent => "Sent, awaiting the customer",
            RequestState::Confirmed => "Confirmed by the customer",
            RequestState::Approved => "Approved",
            RequestState::Completed => "Completed",
            RequestState::Declined => "Declined",
            RequestState::NoResponse => "No response",
            RequestState::Cancelled => "Cancelled",
        }
    }

    /// Whether the request still needs work: not done, declined, unanswered
    /// or cancelled. Open requests are what the overview lists and what a new
    /// program run carries over.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            RequestState::Open
                | RequestState::Sent
                | RequestState::Confirmed
                | RequestState::Approved
        )
    }
}

impl fmt::Display for RequestState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The interactions of `request`: those in its run naming its row.
pub fn interactions_of<'i>(
    request: &Request,
    interactions: &'i [Interaction],
) -> impl Iterator<Item = &'i Interaction> + use<'i> {
    let key = request.key.clone();
    interactions.iter().filter(move |i| {
        key.as_ref()
            .is_some_and(|k| i.key.run_id == k.run_id && i.request == Some(k.row_id))
    })
}

/// Where `request` stands, given its own interactions. A cancelled or
/// declined status wins; otherwise the latest word of its interactions
/// (completed, declined, unanswered) does; otherwise its status. Interactions
/// are read newest row last, so a request asked again after a refusal stands
/// by the second ask.
pub fn state_of<'i>(
    request: &Request,
    own: impl IntoIterator<Item = &'i Interaction>,
) -> RequestState {
    match request.status {
        Some(RequestStatus::Cancelled) => return RequestState::Cancelled,
        Some(RequestStatus::Declined) => return RequestState::Declined,
        _ => {}
    }
    let latest = own.into_iter().max_by_key(|i| i.key.row_id);
    let from_status = match request.status {
        None | Some(RequestStatus::Open) => RequestState::Open,
        Some(RequestStatus::Sent) => RequestState::Sent,
        Some(RequestStatus::Confirmed) => RequestState::Confirmed,
        Some(RequestStatus::Approved) => RequestState::Approved,
        Some(RequestStatus::Declined) => RequestState::Declined,
        Some(RequestStatus::Cancelled) => RequestState::Cancelled,
    };
    match latest.map(|i| i.response) {
        Some(ResponseStatus::Completed) => RequestState::Completed,
        Some(ResponseStatus::Declined) => RequestState::Declined,
        Some(ResponseStatus::NoResponse) => RequestState::NoResponse,
        Some(ResponseStatus::Confirmed) if from_status <= RequestState::Sent => {
            RequestState::Confirmed
        }
        Some(ResponseStatus::AwaitingConfirmation) if from_status == RequestState::Open => {
            RequestState::Sent
        }
        _ => from_status,
    }
}

/// Whole days since the request came in, on `today`; `None` when the day it
/// came in is not recorded. Never negative: a date after today reads as 0.
pub fn age_days(request: &Request, today: NaiveDate) -> Option<u32> {
    let days = (today - request.received_on?).num_days().max(0);
    Some(u32::try_from(days).unwrap_or(u32::MAX))
}

/// A request as the request list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRow<'d> {
    /// The request.
    pub request: &'d Request,
    /// Where it stands.
    pub state: RequestState,
    /// Days since it came in, when known.
    pub age_days: Option<u32>,
    /// Its latest interaction, if any.
    pub latest: Option<&'d Interaction>,
    /// Still open and its date needed has passed.
    pub overdue: bool,
}

/// Every request with its state and age on `today`, in the order given.
pub fn request_rows<'d>(
    requests: impl IntoIterator<Item = &'d Request>,
    interactions: &'d [Interaction],
    today: NaiveDate,
) -> Vec<RequestRow<'d>> {
    // Each request's own interactions, gathered once: a program holds
    // hundreds of requests and thousands of interactions.
    let mut own: HashMap<(&str, u32), Vec<&Interaction>> = HashMap::new();
    for interaction in interactions {
        if let Some(row) = interaction.request {
            own.entry((interaction.key.run_id.as_str(), row))
                .or_default()
                .push(interaction);
        }
    }
    requests
        .into_iter()
        .map(|request| {
            let mine: &[&Interaction] = request
                .key
                .as_ref()
                .and_then(|k| own.get(&(k.run_id.as_str(), k.row_id)))
                .map_or(&[], Vec::as_slice);
            let state = state_of(request, mine.iter().copied());
            RequestRow {
                request,
                state,
                age_days: age_days(request, today),
                latest: mine.iter().copied().max_by_key(|i| i.key.row_id),
                overdue: state.is_open() && request.needed_by.is_some_and(|d| d < today),
            }
        })
        .collect()
}

/// What sending a request to a reference records: the customer picked, the
/// score and reasons it was matched with (kept, so the choice can be
/// explained later even when the directory has changed), and the status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentRecord {
    /// The reference's customer.
    pub customer: CustomerId,
    /// Its score when sent.
    pub score: i32,
    /// The reasons of that score, one per line.
    pub reasons: String,
}

impl SentRecord {
    /// The record of sending to `ranked`, the reference of customer `customer`.
    pub fn of(ranked: &Ranked<'_>, customer: CustomerId) -> SentRecord {
        SentRecord {
            customer,
            score: ranked.score,
            reasons: ranked
                .reasons
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    /// The request's columns to write, column id to value.
    pub fn request_cells(&self) -> Vec<(&'static str, FieldValue)> {
        vec![
            (req::CUSTOMER, self.customer.to_value()),
            (req::MATCH_SCORE, FieldValue::Number(f64::from(self.score))),
            (req::MATCH_REASON, FieldValue::Text(self.reasons.clone())),
            (
                req::STATUS,
                FieldValue::Choice(RequestStatus::Sent.id().to_owned()),
            ),
        ]
    }

    /// The columns of the interaction logged with it, tying it to request row
    /// `request_row` and to the customer.
    pub fn interaction_cells(&self, request_row: u32) -> Vec<(&'static str, FieldValue)> {
        vec![
            (int::CUSTOMER, self.customer.to_value()),
            (int::REQUEST, FieldValue::Picks(vec![request_row])),
        ]
    }
}

/// An answer to a sent request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// The reference agreed.
    Confirm,
    /// The reference said no.
    Decline,
    /// The activity was done on this day.
    Complete {
        /// When it was done.
        on: NaiveDate,
    },
}

/// What an answer changes: the request's status, when it changes, and its
/// latest interaction's response (and completion date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerUpdate {
    /// The request's new status; `None` to leave it (completion is the interaction's).
    pub request_status: Option<RequestStatus>,
    /// The interaction's new response.
    pub response: ResponseStatus,
    /// The interaction's completion date, for a completion.
    pub completed_on: Option<NaiveDate>,
}

/// Why an answer does not fit where the request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerRefused {
    /// Where the request stands.
    pub state: RequestState,
    /// The answer given.
    pub answer: Answer,
}

impl fmt::Display for AnswerRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.answer {
            Answer::Confirm => "confirmed",
            Answer::Decline => "declined",
            Answer::Complete { .. } => "completed",
        };
        write!(
            f,
            "A request that is “{}” cannot be {what}.",
            self.state.label().to_lowercase()
        )
    }
}

impl std::error::Error for AnswerRefused {}

/// What `answer` changes for a request standing at `state`. A request is
/// confirmed once sent; declined while sent, confirmed or approved; completed
/// once confirmed or approved (the customer agreed first).
pub fn answer(state: RequestState, answer: Answer) -> Result<AnswerUpdate, AnswerRefused> {
    let refused = Err(AnswerRefused { state, answer });
    match (answer, state) {
        (Answer::Confirm, RequestState::Sent) => Ok(AnswerUpdate {
            request_status: Some(RequestStatus::Confirmed),
            response: ResponseStatus::Confirmed,
            completed_on: None,
        }),
        (
            Answer::Decline,
            RequestState::Sent | RequestState::Confirmed | RequestState::Approved,
        ) => Ok(AnswerUpdate {
            request_status: Some(RequestStatus::Declined),
            response: ResponseStatus::Declined,
            completed_on: None,
        }),
        (Answer::Complete { on }, RequestState::Confirmed | RequestState::Approved) => {
            Ok(AnswerUpdate {
                request_status: None,
                response: ResponseStatus::Completed,
                completed_on: Some(on),
            })
        }
        _ => refused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::reference::model::{RecordKey, ReferenceType};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn request(row: u32, status: Option<RequestStatus>) -> Request {
        Request {
            key: Some(RecordKey {
                run_id: "r".into(),
                row_id: row,
            }),
            status,
            received_on: Some(day(1)),
            needed_by: Some(day(20)),
            ..Request::new(ReferenceType::Logo)
        }
    }

    fn interaction(run: &str, row: u32, request: u32, response: ResponseStatus) -> Interaction {
        Interaction {
            key: RecordKey {
                run_id: run.into(),
                row_id: row,
            },
            reference: String::new(),
            customer: Some(CustomerId::first_entered("r", 1)),
            request: Some(request),
            kind: ReferenceType::Logo,
            audience: String::new(),
            requested_on: Some(day(2)),
            response,
            completed_on: None,
            activity: String::new(),
            feedback: String::new(),
            issues: String::new(),
        }
    }

    fn state(request: &Request, interactions: &[Interaction]) -> RequestState {
        state_of(request, interactions_of(request, interactions))
    }

    #[test]
    fn a_request_stands_by_its_status_until_its_interactions_say_more() {
        use RequestStatus as S;
        use ResponseStatus as R;
        assert_eq!(state(&request(1, None), &[]), RequestState::Open);
        assert_eq!(state(&request(1, Some(S::Sent)), &[]), RequestState::Sent);
        let awaiting = [interaction("r", 1, 1, R::AwaitingConfirmation)];
        assert_eq!(
            state(&request(1, Some(S::Open)), &awaiting),
            RequestState::Sent
        );
        let confirmed = [interaction("r", 1, 1, R::Confirmed)];
        assert_eq!(
            state(&request(1, Some(S::Sent)), &confirmed),
            RequestState::Confirmed
        );
        assert_eq!(
            state(&request(1, Some(S::Approved)), &confirmed),
            RequestState::Approved
        );
        let done = [interaction("r", 1, 1, R::Completed)];
        assert_eq!(
            state(&request(1, Some(S::Approved)), &done),
            RequestState::Completed
        );
        let silent = [interaction("r", 1, 1, R::NoResponse)];
        assert_eq!(
            state(&request(1, Some(S::Sent)), &silent),
            RequestState::NoResponse
        );
        assert_eq!(
            state(&request(1, Some(S::Cancelled)), &done),
            RequestState::Cancelled
        );
    }

    // Interactions join their request by row id within the run, not by name:
    // another request's or another run's interaction changes nothing.
    #[test]
    fn only_the_requests_own_interactions_count() {
        let others = [
            interaction("r", 1, 2, ResponseStatus::Completed),
            interaction("other", 2, 1, ResponseStatus::Completed),
        ];
        assert_eq!(
            state(&request(1, Some(RequestStatus::Sent)), &others),
            RequestState::Sent
        );
    }

    #[test]
    fn asked_again_after_a_refusal_stands_by_the_second_ask() {
        let asks = [
            interaction("r", 2, 1, ResponseStatus::Confirmed),
            interaction("r", 1, 1, ResponseStatus::Declined),
        ];
        assert_eq!(
            state(&request(1, Some(RequestStatus::Sent)), &asks),
            RequestState::Confirmed
        );
    }

    #[test]
    fn rows_show_state_age_and_overdue() {
        let requests = [
            request(1, Some(RequestStatus::Sent)),
            Request {
                received_on: None,
                ..request(2, Some(RequestStatus::Open))
            },
            request(3, Some(RequestStatus::Confirmed)),
        ];
        let interactions = [interaction("r", 1, 3, ResponseStatus::Completed)];
        let rows = request_rows(&requests, &interactions, day(21));
        assert_eq!(rows[0].state, RequestState::Sent);
        assert_eq!(rows[0].age_days, Some(20));
        assert!(
            rows[0].overdue,
            "needed on the 20th, still open on the 21st"
        );
        assert_eq!(rows[1].age_days, None);
        assert_eq!(rows[2].state, RequestState::Completed);
        assert!(!rows[2].overdue, "a completed request is never overdue");
        assert_eq!(rows[2].latest.map(|i| i.key.row_id), Some(1));
        assert_eq!(age_days(&requests[0], day(1)), Some(0));
        assert_eq!(
            age_days(&requests[0], NaiveDate::from_ymd_opt(2026, 2, 1).unwrap()),
            Some(0)
        );
    }

    #[test]
    fn answers_move_the_request_along_and_refuse_what_does_not_fit() {
        let confirm = answer(RequestState::Sent, Answer::Confirm).unwrap();
        assert_eq!(confirm.request_status, Some(RequestStatus::Confirmed));
        assert_eq!(confirm.response, ResponseStatus::Confirmed);
        let decline = answer(RequestState::Confirmed, Answer::Decline).unwrap();
        assert_eq!(decline.request_status, Some(RequestStatus::Declined));
        let done = answer(RequestState::Approved, Answer::Complete { on: day(9) }).unwrap();
        assert_eq!(done.request_status, None, "completion is the interaction's");
        assert_eq!(
            (done.response, done.completed_on),
            (ResponseStatus::Completed, Some(day(9)))
        );
        let refused = answer(RequestState::Sent, Answer::Complete { on: day(9) }).unwrap_err();
        assert_eq!(
            refused.to_string(),
            "A request that is “sent, awaiting the customer” cannot be completed."
        );
        assert!(answer(RequestState::Open, Answer::Confirm).is_err());
        assert!(answer(RequestState::Completed, Answer::Decline).is_err());
        assert!(answer(RequestState::Cancelled, Answer::Confirm).is_err());
    }

    #[test]
    fn a_sent_request_keeps_the_score_and_reasons_it_was_matched_with() {
        let ranked_reasons = vec![
            crate::domain::reference::matching::Reason::Industry { industry: "Retail" },
            crate::domain::reference::matching::Reason::LimitedAvailability,
        ];
        let reference = crate::domain::reference::model::Reference {
            key: RecordKey {
                run_id: "r".into(),
                row_id: 1,
            },
            customer: None,
            name: "Ada".into(),
            email: String::new(),
            phone: String::new(),
            company: "Acme".into(),
            title: String::new(),
            industry: "Retail".into(),
            product: String::new(),
            approved_types: Vec::new(),
            preferred_topics: String::new(),
            region: String::new(),
            time_zone: String::new(),
            availability: crate::domain::reference::model::Availability::Limited,
            availability_notes: String::new(),
            status: crate::domain::reference::model::ReferenceStatus::Active,
            archived: false,
        };
        let ranked = Ranked {
            reference: &reference,
            score: 20,
            reasons: ranked_reasons,
        };
        let id = CustomerId::first_entered("r", 1);
        let sent = SentRecord::of(&ranked, id.clone());
        assert_eq!(sent.score, 20);
        assert_eq!(
            sent.reasons,
            "Same industry: Retail (+30)\nLimited availability (−10)"
        );
        let cells = sent.request_cells();
        assert!(cells.contains(&(req::CUSTOMER, id.to_value())));
        assert!(cells.contains(&(req::MATCH_SCORE, FieldValue::Number(20.0))));
        assert!(
            sent.interaction_cells(4)
                .contains(&(int::REQUEST, FieldValue::Picks(vec![4])))
        );
    }
}
