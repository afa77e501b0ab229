//! The one gate of every change: [`Run::apply`].

use chrono::{DateTime, FixedOffset};

use crate::domain::activity::entry::author;
use crate::domain::procedure::registry::rules_for;
use crate::domain::run::Run;
use crate::domain::template::Template;

use super::applied::Applied;
use super::error::ChangeError;
use super::log::ChangeLog;
use super::request::RunChange;
use super::snapshot::Snapshot;
use super::{outcome, records, run_fields, status, step_fields};

impl Run {
    /// Applies `change` by `who` at `now`: asks the run's procedure whether the
    /// change is permitted, checks the rules, updates the run and appends to
    /// the activity log; then lets the procedure refuse the result or add its
    /// follow-up changes ([`ProcedureRules::after_change`]). On error the run is
    /// left exactly as it was; on success, [`Applied::touched`] says where the
    /// change and its follow-ups wrote, from the same analysis as that rollback.
    ///
    /// `now` is the person's now, with their UTC offset (a `DateTime<Utc>`
    /// converts): the run stores the instant in UTC, and the procedure's rules
    /// judge and date on the person's own calendar day.
    ///
    /// [`ProcedureRules::after_change`]: crate::domain::procedure::rules::ProcedureRules::after_change
    pub fn apply(
        &mut self,
        template: &Template,
        change: RunChange,
        who: &str,
        now: impl Into<DateTime<FixedOffset>>,
    ) -> Result<Applied, ChangeError> {
        let local = now.into();
        let now = local.to_utc();
        let rules = rules_for(&template.id);
        rules
            .permits(template, self, &change)
            .map_err(|refusal| ChangeError::ReadOnly(refusal.to_string()))?;
        let who = author(who);
        // Saved for an all-or-nothing change: what the change may write (see
        // `Snapshot`), and the log's length and last entry, since the log only
        // ever grows at its end or merges into its last entry.
        let log_len = self.activity.len();
        let log_last = self.activity.last().cloned();
        let entries = std::mem::take(&mut self.activity);
        let mut before = Snapshot::take(self, template, &change);
        let mut log = ChangeLog {
            entries,
            who,
            now,
            touched: false,
        };
        let asked = change.clone();
        let mut result = dispatch(self, template, change, &mut log);
        if result.is_ok() && log.touched {
            result = match rules.after_change(template, self, &asked, local) {
                Ok(follow_ups) => follow_ups
                    .into_iter()
                    .try_for_each(|c| {
                        before.include(self, template, &c);
                        dispatch(self, template, c, &mut log).map(|_| ())
                    })
                    .and(result),
                Err(refusal) => Err(ChangeError::NotAllowed(refusal.to_string())),
            };
        }
        let mut entries = log.entries;
        match &mut result {
            Ok(applied) if log.touched => {
                self.updated_at = now;
                applied.changed = true;
                applied.touched = before.touched();
            }
            Ok(_) => {}
            Err(_) => {
                before.restore(self);
                entries.truncate(log_len);
                if let (Some(last), Some(original)) = (entries.last_mut(), log_last) {
                    *last = original;
                }
            }
        }
        self.activity = entries;
        result
    }
}

/// Hands each kind of change to its own function.
fn dispatch(
    run: &mut Run,
    template: &Template,
    change: RunChange,
    log: &mut ChangeLog,
) -> Result<Applied, ChangeError> {
    match change {
        RunChange::Rename(title) => run_fields::rename(run, title, log),
        RunChange::Assign { role, person } => run_fields::assign(run, template, role, person, log),
        RunChange::SetTargetDate(date) => run_fields::set_target_date(run, date, log),
        RunChange::SetCheck {
            step,
            check,
            ticked,
        } => step_fields::set_check(run, template, &step, check, ticked, log),
        RunChange::SetValue { step, field, value } => {
            step_fields::set_value(run, template, &step, field, value, log)
        }
        RunChange::SetNotes { step, notes } => {
            step_fields::set_notes(run, template, &step, notes, log)
        }
        RunChange::SetDue { step, due } => step_fields::set_due(run, template, &step, due, log),
        RunChange::AddRow { step, field } => records::add_row(run, template, &step, &field, log),
        RunChange::SetRowValue {
            step,
            field,
            row,
            column,
            value,
        } => records::set_row_value(run, template, &step, &field, row, column, value, log),
        RunChange::RemoveRow { step, field, row } => {
            records::remove_row(run, template, &step, &field, row, log)
        }
        RunChange::Complete { step } => status::complete(run, template, &step, log),
        RunChange::Block {
            step,
            reason,
            escalated_to,
        } => status::block(run, template, &step, &reason, &escalated_to, log),
        RunChange::MarkNotApplicable { step, reason } => {
            status::mark_not_applicable(run, template, &step, &reason, log)
        }
        RunChange::Reopen { step } => status::reopen(run, template, &step, log),
        RunChange::TakeOutcome {
            step,
            outcome,
            note,
        } => outcome::take(run, template, &step, &outcome, &note, log),
    }
}
