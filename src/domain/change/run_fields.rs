//! Changes to the run as a whole: its title, the people in its roles, its target date.

use chrono::NaiveDate;

use crate::domain::activity::subject::Subject;
use crate::domain::run::Run;
use crate::domain::template::Template;

use super::applied::Applied;
use super::error::ChangeError;
use super::log::ChangeLog;
use super::lookup::required_text;

/// Gives the run a new, non-empty title.
pub(super) fn rename(
    run: &mut Run,
    title: String,
    log: &mut ChangeLog,
) -> Result<Applied, ChangeError> {
    let title = required_text(&title, "a title")?;
    if title != run.title {
        let old = std::mem::replace(&mut run.title, title.clone());
        log.add("Title".into(), Subject::Title, Some(old), Some(title));
    }
    Ok(Applied::default())
}

/// Sets (or, with an empty name, clears) the person in a role.
pub(super) fn assign(
    run: &mut Run,
    template: &Template,
    role: String,
    person: String,
    log: &mut ChangeLog,
) -> Result<Applied, ChangeError> {
    let role_def = template
        .role(&role)
        .ok_or_else(|| ChangeError::UnknownItem(role.clone()))?;
    let person = person.trim().to_owned();
    let old = run.assignments.get(&role).cloned();
    let new = (!person.is_empty()).then_some(person);
    if old != new {
        match &new {
            Some(p) => run.assignments.insert(role.clone(), p.clone()),
            None => run.assignments.remove(&role),
        };
        log.add(
            format!("Role · {}", role_def.name),
            Subject::Role { role: &role },
            old,
            new,
        );
    }
    Ok(Applied::default())
}

/// Sets or clears the date the whole run should be finished by.
pub(super) fn set_target_date(
    run: &mut Run,
    date: Option<NaiveDate>,
    log: &mut ChangeLog,
) -> Result<Applied, ChangeError> {
    if date != run.target_date {
        let old = run.target_date.map(|d| d.to_string());
        run.target_date = date;
        log.add(
            "Target date".into(),
            Subject::TargetDate,
            old,
            date.map(|d| d.to_string()),
        );
    }
    Ok(Applied::default())
}
