//! Structural checks on a template, run on every built-in template by the
//! test suite and, in debug builds, when the catalogue loads.
//!
//! serde already rejects malformed JSON and unknown keys; these checks catch
//! what parses but would break a run: ids that collide (a stored value would
//! land on the wrong field), references to roles or steps that do not exist
//! (an escalation with nobody to go to, a loop to nowhere) and blank text that
//! would render as an unlabeled control.

use std::collections::HashSet;
use std::fmt;

use super::template::{Effect, Field, FieldKind, FieldRef, Gate, Template};

/// Which piece of text is blank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// A stable id.
    Id,
    /// A template or step title.
    Title,
    /// A role name.
    Name,
    /// A check, field, option or outcome label.
    Label,
}

impl fmt::Display for TextKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TextKind::Id => "id",
            TextKind::Title => "title",
            TextKind::Name => "name",
            TextKind::Label => "label",
        })
    }
}

/// One thing wrong with a template. Each variant names the step, field or
/// outcome involved so an author can find it in the JSON file directly.
///
/// Field paths use dots for list sub-fields, e.g. `candidates.status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateProblem {
    /// An id, title, name or label is blank (or only whitespace).
    /// `place` says where, e.g. `check #2 of step "intake"`; items with a blank
    /// id are numbered from 1, others are named by id.
    EmptyText {
        /// Where the blank text is.
        place: String,
        /// Which text is blank.
        what: TextKind,
    },
    /// Two roles share an id.
    DuplicateRoleId {
        /// The repeated id.
        role: String,
    },
    /// Two steps share an id.
    DuplicateStepId {
        /// The repeated id.
        step: String,
    },
    /// Two checks in one step share an id.
    DuplicateCheckId {
        /// The step holding them.
        step: String,
        /// The repeated id.
        check: String,
    },
    /// Two fields of one step share an id.
    DuplicateFieldId {
        /// The step holding them.
        step: String,
        /// The repeated id.
        field: String,
    },
    /// Two sub-fields of one list field share an id.
    DuplicateSubFieldId {
        /// The step holding the list.
        step: String,
        /// Path of the list field.
        list: String,
        /// The repeated sub-field id.
        field: String,
    },
    /// Two outcomes of one step share an id.
    DuplicateOutcomeId {
        /// The step holding them.
        step: String,
        /// The repeated id.
        outcome: String,
    },
    /// A step is assigned to a role the template does not declare.
    UndeclaredStepRole {
        /// The step.
        step: String,
        /// The role id it names.
        role: String,
    },
    /// An outcome escalates to a role the template does not declare.
    UndeclaredEscalationRole {
        /// The step holding the outcome.
        step: String,
        /// The outcome.
        outcome: String,
        /// The role id it names.
        role: String,
    },
    /// An outcome jumps to a step that does not exist.
    UnknownGoToStep {
        /// The step holding the outcome.
        step: String,
        /// The outcome.
        outcome: String,
        /// The step id it names.
        target: String,
    },
    /// A single or multiple choice field offers nothing to choose.
    ChoiceWithoutOptions {
        /// The step holding the field.
        step: String,
        /// Path of the field.
        field: String,
    },
    /// Two options of one choice field share an id.
    DuplicateOptionId {
        /// The step holding the field.
        step: String,
        /// Path of the field.
        field: String,
        /// The repeated option id.
        option: String,
    },
    /// A list field has no sub-fields, so its rows could hold nothing.
    ListWithoutFields {
        /// The step holding the field.
        step: String,
        /// Path of the field.
        field: String,
    },
    /// A rule, pick, effect or document part points at a step, field or column
    /// that does not exist or has the wrong kind.
    BrokenReference {
        /// Where the reference is, e.g. `gate #1 of step "draft"`.
        place: String,
        /// What it points at and why that fails.
        detail: String,
    },
}

impl TemplateProblem {
    fn reference(place: String, detail: String) -> Self {
        TemplateProblem::BrokenReference { place, detail }
    }
}

impl fmt::Display for TemplateProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use TemplateProblem::*;
        match self {
            EmptyText { place, what } => write!(f, "{place} has an empty {what}"),
            DuplicateRoleId { role } => write!(f, "more than one role has the id \"{role}\""),
            DuplicateStepId { step } => write!(f, "more than one step has the id \"{step}\""),
            DuplicateCheckId { step, check } => {
                write!(f, "step \"{step}\" has more than one check \"{check}\"")
            }
            DuplicateFieldId { step, field } => {
                write!(f, "step \"{step}\" has more than one field \"{field}\"")
            }
            DuplicateSubFieldId { step, list, field } => write!(
                f,
                "list \"{list}\" in step \"{step}\" has more than one sub-field \"{field}\""
            ),
            DuplicateOutcomeId { step, outcome } => {
                write!(f, "step \"{step}\" has more than one outcome \"{outcome}\"")
            }
            UndeclaredStepRole { step, role } => write!(
                f,
                "step \"{step}\" is assigned to role \"{role}\", which the template does not declare"
            ),
            UndeclaredEscalationRole {
                step,
                outcome,
                role,
            } => write!(
                f,
                "outcome \"{outcome}\" of step \"{step}\" escalates to role \"{role}\", which the template does not declare"
            ),
            UnknownGoToStep {
                step,
                outcome,
                target,
            } => write!(
                f,
                "outcome \"{outcome}\" of step \"{step}\" goes to step \"{target}\", which does not exist"
            ),
            ChoiceWithoutOptions { step, field } => {
                write!(
                    f,
                    "choice field \"{field}\" in step \"{step}\" has no options"
                )
            }
            DuplicateOptionId {
                step,
                field,
                option,
            } => write!(
                f,
                "choice field \"{field}\" in step \"{step}\" has more than one option \"{option}\""
            ),
            BrokenReference { place, detail } => write!(f, "{place}: {detail}"),
            ListWithoutFields { step, field } => {
                write!(
                    f,
                    "list field \"{field}\" in step \"{step}\" has no sub-fields"
                )
            }
        }
    }
}

impl std::error::Error for TemplateProblem {}

/// Checks a template's structure; an empty result means it is safe to run.
///
/// Every problem is reported, not only the first, so an author fixes a file in
/// one pass.
pub fn check_template(t: &Template) -> Vec<TemplateProblem> {
    let mut problems = Vec::new();
    let out = &mut problems;

    blank(out, &t.id, "template", TextKind::Id);
    blank(out, &t.title, "template", TextKind::Title);

    for (i, role) in t.roles.iter().enumerate() {
        let place = named("role", &role.id, i);
        blank(out, &role.id, &place, TextKind::Id);
        blank(out, &role.name, &place, TextKind::Name);
    }
    for role in duplicates(t.roles.iter().map(|r| r.id.as_str())) {
        out.push(TemplateProblem::DuplicateRoleId { role });
    }
    for step in duplicates(t.steps.iter().map(|s| s.id.as_str())) {
        out.push(TemplateProblem::DuplicateStepId { step });
    }

    let roles: HashSet<&str> = t.roles.iter().map(|r| r.id.as_str()).collect();
    let steps: HashSet<&str> = t.steps.iter().map(|s| s.id.as_str()).collect();

    for (i, step) in t.steps.iter().enumerate() {
        let place = named("step", &step.id, i);
        blank(out, &step.id, &place, TextKind::Id);
        blank(out, &step.title, &place, TextKind::Title);
        if !roles.contains(step.role.as_str()) {
            out.push(TemplateProblem::UndeclaredStepRole {
                step: step.id.clone(),
                role: step.role.clone(),
            });
        }

        for (j, check) in step.checks.iter().enumerate() {
            let place = format!("{} of {place}", named("check", &check.id, j));
            blank(out, &check.id, &place, TextKind::Id);
            blank(out, &check.label, &place, TextKind::Label);
        }
        for check in duplicates(step.checks.iter().map(|c| c.id.as_str())) {
            out.push(TemplateProblem::DuplicateCheckId {
                step: step.id.clone(),
                check,
            });
        }

        for field in duplicates(step.fields.iter().map(|f| f.id.as_str())) {
            out.push(TemplateProblem::DuplicateFieldId {
                step: step.id.clone(),
                field,
            });
        }
        for (j, field) in step.fields.iter().enumerate() {
            check_field(out, &step.id, "", field, j);
        }

        for (j, outcome) in step.outcomes.iter().enumerate() {
            let place = format!("{} of {place}", named("outcome", &outcome.id, j));
            blank(out, &outcome.id, &place, TextKind::Id);
            blank(out, &outcome.label, &place, TextKind::Label);
            if let Some(role) = &outcome.escalate_to
                && !roles.contains(role.as_str())
            {
                out.push(TemplateProblem::UndeclaredEscalationRole {
                    step: step.id.clone(),
                    outcome: outcome.id.clone(),
                    role: role.clone(),
                });
            }
            if let Some(target) = &outcome.go_to
                && !steps.contains(target.as_str())
            {
                out.push(TemplateProblem::UnknownGoToStep {
                    step: step.id.clone(),
                    outcome: outcome.id.clone(),
                    target: target.clone(),
                });
            }
        }
        for outcome in duplicates(step.outcomes.iter().map(|o| o.id.as_str())) {
            out.push(TemplateProblem::DuplicateOutcomeId {
                step: step.id.clone(),
                outcome,
            });
        }
    }
    check_references(t, out);

    problems
}

/// The columns of the list field `at`, or why there are none.
fn list_columns<'t>(t: &'t Template, at: &FieldRef) -> Result<&'t [Field], String> {
    let field = t
        .field_at(at)
        .ok_or_else(|| format!("there is no field \"{}\" in step \"{}\"", at.field, at.step))?;
    match &field.kind {
        FieldKind::List { fields } => Ok(fields),
        _ => Err(format!(
            "field \"{}\" of step \"{}\" is not a list",
            at.field, at.step
        )),
    }
}

/// For a pick field or column: its source list exists and has the columns it
/// names (label, detail, condition); `None` for any other kind.
fn pick_source_exists(t: &Template, kind: &FieldKind) -> Option<Result<(), String>> {
    let FieldKind::Pick {
        source,
        label_column,
        detail_column,
        only_when,
        ..
    } = kind
    else {
        return None;
    };
    let mut wanted = vec![label_column.as_str()];
    wanted.extend(detail_column.as_deref());
    wanted.extend(only_when.as_ref().map(|c| c.field.as_str()));
    Some(list_columns(t, source).and_then(|cols| columns_exist(cols, &wanted, source)))
}

/// Checks that every column name exists in `columns`.
fn columns_exist(columns: &[Field], wanted: &[&str], list: &FieldRef) -> Result<(), String> {
    for name in wanted {
        if !columns.iter().any(|c| c.id == *name) {
            return Err(format!(
                "list \"{}\" of step \"{}\" has no column \"{name}\"",
                list.field, list.step
            ));
        }
    }
    Ok(())
}

fn versioned_step_exists(t: &Template, id: &str) -> Result<(), String> {
    match t.step(id) {
        Some(step) if step.versioned => Ok(()),
        Some(_) => Err(format!("step \"{id}\" is not versioned")),
        None => Err(format!("there is no step \"{id}\"")),
    }
}

/// Picks, conditions, stamps, gates, effects and the document must all point at
/// real steps, lists and columns: a typo would otherwise silently disable a rule.
fn check_references(t: &Template, out: &mut Vec<TemplateProblem>) {
    let roles: HashSet<&str> = t.roles.iter().map(|r| r.id.as_str()).collect();
    for step in &t.steps {
        let mut check = |place: String, result: Result<(), String>| {
            if let Err(detail) = result {
                out.push(TemplateProblem::reference(place, detail));
            }
        };
        let step_place = format!("step \"{}\"", step.id);
        for dependency in step.depends_on.iter().flatten() {
            let known = t.steps.iter().any(|s| s.id == *dependency);
            check(
                step_place.clone(),
                known.then_some(()).ok_or_else(|| {
                    format!("depends on step \"{dependency}\", which does not exist")
                }),
            );
        }
        if let Some(reviewed) = &step.reviews {
            check(step_place.clone(), versioned_step_exists(t, reviewed));
        }
        for field in &step.fields {
            let place = format!("field \"{}\" of step \"{}\"", field.id, step.id);
            if let Some(c) = &field.required_when {
                check(place.clone(), sibling_exists(&step.fields, &c.field));
            }
            if let Some(result) = pick_source_exists(t, &field.kind) {
                check(place.clone(), result);
            }
            for column in field.sub_fields() {
                let place = format!("column \"{}\" of {place}", column.id);
                // A record can pick a record of another list (a consent its customer).
                if let Some(result) = pick_source_exists(t, &column.kind) {
                    check(place.clone(), result);
                }
                if let Some(c) = &column.required_when {
                    check(place.clone(), sibling_exists(field.sub_fields(), &c.field));
                }
                if let Some(versioned) = &column.stamp_version_of {
                    check(place.clone(), versioned_step_exists(t, versioned));
                }
                if let Some(on) = &column.stamp_on {
                    check(place.clone(), sibling_exists(field.sub_fields(), on));
                }
                if !column.stamp_name_from.is_empty() {
                    check(place.clone(), name_stamp_reads(field.sub_fields(), column));
                }
            }
        }
        for (i, gate) in step.gates.iter().enumerate() {
            let place = format!("gate #{} of step \"{}\"", i + 1, step.id);
            let result = match gate {
                Gate::AllRows {
                    list, condition, ..
                } => list_columns(t, list)
                    .and_then(|cols| columns_exist(cols, &[condition.field.as_str()], list)),
                Gate::ApprovedCurrentVersion {
                    approvers,
                    required_column,
                    decision_column,
                    version_column,
                    versioned_step,
                    role_column,
                    required_roles,
                    name_column,
                    date_column,
                    ..
                } => list_columns(t, approvers)
                    .and_then(|cols| {
                        let mut wanted = vec![
                            required_column.as_str(),
                            decision_column.as_str(),
                            version_column.as_str(),
                        ];
                        wanted.extend(role_column.as_deref());
                        wanted.extend(name_column.as_deref());
                        wanted.extend(date_column.as_deref());
                        columns_exist(cols, &wanted, approvers)
                    })
                    .and_then(|()| versioned_step_exists(t, versioned_step))
                    .and_then(|()| match (role_column, required_roles.is_empty()) {
                        (None, false) => Err("required roles need a role column".to_owned()),
                        _ => required_roles
                            .iter()
                            .find(|r| !roles.contains(r.as_str()))
                            .map_or(Ok(()), |r| {
                                Err(format!(
                                    "requires role \"{r}\", which the template does not declare"
                                ))
                            }),
                    }),
            };
            check(place, result);
        }
        for outcome in &step.outcomes {
            for (i, effect) in outcome.effects.iter().enumerate() {
                let place = format!(
                    "effect #{} of outcome \"{}\" in step \"{}\"",
                    i + 1,
                    outcome.id,
                    step.id
                );
                let result = match effect {
                    Effect::UpdateRows {
                        list,
                        when,
                        set_column,
                        note_column,
                        ..
                    } => {
                        let mut wanted = vec![when.field.as_str(), set_column.as_str()];
                        wanted.extend(note_column.as_deref());
                        list_columns(t, list).and_then(|cols| columns_exist(cols, &wanted, list))
                    }
                    Effect::ClearColumns { list, columns } => {
                        let wanted: Vec<&str> = columns.iter().map(String::as_str).collect();
                        list_columns(t, list).and_then(|cols| {
                            columns_exist(cols, &wanted, list)
                                .and_then(|()| stamps_cleared_too(cols, &wanted))
                        })
                    }
                    Effect::AddRow { list, note_column } => list_columns(t, list)
                        .and_then(|cols| columns_exist(cols, &[note_column], list)),
                };
                check(place, result);
            }
        }
    }
    if let Some(doc) = &t.document {
        let mut refs = vec![&doc.headline];
        refs.extend(doc.sections.iter().map(|s| &s.field));
        refs.extend(doc.quote.iter());
        refs.extend(doc.approvals.iter());
        for at in refs {
            if t.field_at(at).is_none() {
                out.push(TemplateProblem::reference(
                    "document".into(),
                    format!("there is no field \"{}\" in step \"{}\"", at.field, at.step),
                ));
            }
        }
        if let Some(versioned) = &doc.versioned_step
            && let Err(detail) = versioned_step_exists(t, versioned)
        {
            out.push(TemplateProblem::reference("document".into(), detail));
        }
    }
}

/// A column keeping the name of who decided: it is stamped on the decision,
/// reads the name from columns beside it, and holds text.
fn name_stamp_reads(columns: &[Field], stamp: &Field) -> Result<(), String> {
    if stamp.stamp_on.is_none() {
        return Err("it keeps a name but does not say on which decision (stamp_on)".to_owned());
    }
    if !matches!(stamp.kind, FieldKind::Person | FieldKind::ShortText) {
        return Err("it keeps a name, so it must be a person or short text".to_owned());
    }
    for from in &stamp.stamp_name_from {
        if !columns.iter().any(|c| c.id == *from) {
            return Err(format!(
                "it reads the name from \"{from}\", which is not a column beside it"
            ));
        }
    }
    Ok(())
}

/// Clearing a decision clears what was stamped on it too: a version or a name
/// left behind would read as part of the next decision.
fn stamps_cleared_too(columns: &[Field], cleared: &[&str]) -> Result<(), String> {
    let left = columns.iter().find(|c| {
        c.is_stamped()
            && c.stamp_on
                .as_deref()
                .is_some_and(|on| cleared.contains(&on))
            && !cleared.contains(&c.id.as_str())
    });
    match left {
        Some(c) => Err(format!(
            "it clears \"{}\" but not \"{}\", which is stamped on it",
            c.stamp_on.as_deref().unwrap_or_default(),
            c.id
        )),
        None => Ok(()),
    }
}

fn sibling_exists(fields: &[Field], id: &str) -> Result<(), String> {
    if fields.iter().any(|f| f.id == id) {
        Ok(())
    } else {
        Err(format!(
            "its condition looks at \"{id}\", which is not a field beside it"
        ))
    }
}

/// Checks one field, and recursively the sub-fields of a list.
/// `parent` is the path of the enclosing list field, empty at the top level.
fn check_field(
    out: &mut Vec<TemplateProblem>,
    step: &str,
    parent: &str,
    field: &Field,
    index: usize,
) {
    let path = if parent.is_empty() {
        field.id.clone()
    } else {
        format!("{parent}.{}", field.id)
    };
    let place = if field.id.trim().is_empty() {
        let within = if parent.is_empty() {
            String::new()
        } else {
            format!(" of list \"{parent}\"")
        };
        format!("field #{}{within} in step \"{step}\"", index + 1)
    } else {
        format!("field \"{path}\" in step \"{step}\"")
    };
    blank(out, &field.id, &place, TextKind::Id);
    blank(out, &field.label, &place, TextKind::Label);

    match &field.kind {
        FieldKind::SingleChoice { options } | FieldKind::MultipleChoice { options } => {
            if options.is_empty() {
                out.push(TemplateProblem::ChoiceWithoutOptions {
                    step: step.into(),
                    field: path.clone(),
                });
            }
            for (k, option) in options.iter().enumerate() {
                let option_place = format!("{} of {place}", named("option", &option.id, k));
                blank(out, &option.id, &option_place, TextKind::Id);
                blank(out, &option.label, &option_place, TextKind::Label);
            }
            for option in duplicates(options.iter().map(|o| o.id.as_str())) {
                out.push(TemplateProblem::DuplicateOptionId {
                    step: step.into(),
                    field: path.clone(),
                    option,
                });
            }
        }
        FieldKind::List { fields } => {
            if fields.is_empty() {
                out.push(TemplateProblem::ListWithoutFields {
                    step: step.into(),
                    field: path.clone(),
                });
            }
            for sub in duplicates(fields.iter().map(|f| f.id.as_str())) {
                out.push(TemplateProblem::DuplicateSubFieldId {
                    step: step.into(),
                    list: path.clone(),
                    field: sub,
                });
            }
            for (k, sub) in fields.iter().enumerate() {
                check_field(out, step, &path, sub, k);
            }
        }
        _ => {}
    }
}

/// Records an [`TemplateProblem::EmptyText`] when `text` is blank.
fn blank(out: &mut Vec<TemplateProblem>, text: &str, place: &str, what: TextKind) {
    if text.trim().is_empty() {
        out.push(TemplateProblem::EmptyText {
            place: place.into(),
            what,
        });
    }
}

/// Names an item by id, or by its 1-based position when the id is blank.
fn named(kind: &str, id: &str, index: usize) -> String {
    if id.trim().is_empty() {
        format!("{kind} #{}", index + 1)
    } else {
        format!("{kind} \"{id}\"")
    }
}

/// Each id that occurs more than once, reported once, in order of its first
/// repeat. Blank ids are skipped: they are already reported as empty.
fn duplicates<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut reported = HashSet::new();
    let mut repeated = Vec::new();
    for id in ids {
        if id.trim().is_empty() {
            continue;
        }
        if !seen.insert(id) && reported.insert(id) {
            repeated.push(id.to_owned());
        }
    }
    repeated
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::template::{Check, Choice, Outcome, Role, Step};

    fn role(id: &str) -> Role {
        Role {
            id: id.into(),
            name: format!("Role {id}"),
            description: String::new(),
        }
    }

    fn step(id: &str, role: &str) -> Step {
        Step {
            id: id.into(),
            title: format!("Do {id}"),
            role: role.into(),
            instruction: "Do it.".into(),
            due: None,
            checks: vec![],
            fields: vec![],
            outcomes: vec![],
            gates: vec![],
            versioned: false,
            skippable: true,
            depends_on: None,
            reviews: None,
        }
    }

    fn field(id: &str, kind: FieldKind) -> Field {
        Field {
            id: id.into(),
            label: format!("Field {id}"),
            kind,
            required: false,
            help: String::new(),
            required_when: None,
            stamp_version_of: None,
            stamp_on: None,
            stamp_name_from: Vec::new(),
        }
    }

    fn check(id: &str) -> Check {
        Check {
            id: id.into(),
            label: format!("Check {id}"),
        }
    }

    fn choice(id: &str) -> Choice {
        Choice {
            id: id.into(),
            label: format!("Choice {id}"),
        }
    }

    fn outcome(id: &str, escalate_to: Option<&str>, go_to: Option<&str>) -> Outcome {
        Outcome {
            id: id.into(),
            label: format!("Outcome {id}"),
            description: String::new(),
            escalate_to: escalate_to.map(Into::into),
            go_to: go_to.map(Into::into),
            effects: vec![],
        }
    }

    /// A small template with one of everything, valid as built.
    fn valid() -> Template {
        let mut first = step("first", "owner");
        first.checks = vec![check("done")];
        first.fields = vec![
            field("note", FieldKind::ShortText),
            field(
                "format",
                FieldKind::SingleChoice {
                    options: vec![choice("a"), choice("b")],
                },
            ),
            field(
                "people",
                FieldKind::List {
                    fields: vec![
                        field("name", FieldKind::Person),
                        field("when", FieldKind::Date),
                    ],
                },
            ),
        ];
        let mut second = step("second", "reviewer");
        second.outcomes = vec![outcome("rework", Some("owner"), Some("first"))];
        Template {
            id: "demo".into(),
            version: 1,
            title: "Demo".into(),
            summary: String::new(),
            roles: vec![role("owner"), role("reviewer")],
            steps: vec![first, second],
            document: None,
        }
    }

    fn only(t: &Template) -> TemplateProblem {
        let problems = check_template(t);
        assert_eq!(
            problems.len(),
            1,
            "expected exactly one problem, got {problems:?}"
        );
        problems.into_iter().next().unwrap()
    }

    #[test]
    fn valid_template_has_no_problems() {
        assert_eq!(check_template(&valid()), vec![]);
    }

    #[test]
    fn duplicate_step_id() {
        let mut t = valid();
        t.steps.push(step("first", "owner"));
        assert_eq!(
            only(&t),
            TemplateProblem::DuplicateStepId {
                step: "first".into()
            }
        );
    }

    // A third copy must not produce a second report for the same id.
    #[test]
    fn triplicate_step_id_is_reported_once() {
        let mut t = valid();
        t.steps.push(step("first", "owner"));
        t.steps.push(step("first", "owner"));
        assert_eq!(
            only(&t),
            TemplateProblem::DuplicateStepId {
                step: "first".into()
            }
        );
    }

    #[test]
    fn duplicate_role_id() {
        let mut t = valid();
        t.roles.push(role("owner"));
        assert_eq!(
            only(&t),
            TemplateProblem::DuplicateRoleId {
                role: "owner".into()
            }
        );
    }

    #[test]
    fn duplicate_check_id() {
        let mut t = valid();
        t.steps[0].checks.push(check("done"));
        assert_eq!(
            only(&t),
            TemplateProblem::DuplicateCheckId {
                step: "first".into(),
                check: "done".into()
            }
        );
    }

    #[test]
    fn duplicate_field_id() {
        let mut t = valid();
        t.steps[0].fields.push(field("note", FieldKind::LongText));
        assert_eq!(
            only(&t),
            TemplateProblem::DuplicateFieldId {
                step: "first".into(),
                field: "note".into()
            }
        );
    }

    #[test]
    fn duplicate_outcome_id() {
        let mut t = valid();
        t.steps[1].outcomes.push(outcome("rework", None, None));
        assert_eq!(
            only(&t),
            TemplateProblem::DuplicateOutcomeId {
                step: "second".into(),
                outcome: "rework".into()
            }
        );
    }

    #[test]
    fn duplicate_sub_field_id() {
        let mut t = valid();
        if let FieldKind::List { fields } = &mut t.steps[0].fields[2].kind {
            fields.push(field("name", FieldKind::ShortText));
        }
        assert_eq!(
            only(&t),
            TemplateProblem::DuplicateSubFieldId {
                step: "first".into(),
                list: "people".into(),
                field: "name".into()
            }
        );
    }

    // The same id in two different steps or lists is fine: ids are scoped.
    #[test]
    fn same_ids_in_different_scopes_are_allowed() {
        let mut t = valid();
        t.steps[1].checks.push(check("done"));
        t.steps[1].fields.push(field("note", FieldKind::ShortText));
        t.steps[1].fields.push(field("name", FieldKind::ShortText));
        assert_eq!(check_template(&t), vec![]);
    }

    #[test]
    fn step_role_not_declared() {
        let mut t = valid();
        t.steps[1].role = "auditor".into();
        assert_eq!(
            only(&t),
            TemplateProblem::UndeclaredStepRole {
                step: "second".into(),
                role: "auditor".into()
            }
        );
    }

    #[test]
    fn escalation_role_not_declared() {
        let mut t = valid();
        t.steps[1].outcomes[0].escalate_to = Some("sponsor".into());
        assert_eq!(
            only(&t),
            TemplateProblem::UndeclaredEscalationRole {
                step: "second".into(),
                outcome: "rework".into(),
                role: "sponsor".into()
            }
        );
    }

    #[test]
    fn go_to_unknown_step() {
        let mut t = valid();
        t.steps[1].outcomes[0].go_to = Some("zeroth".into());
        assert_eq!(
            only(&t),
            TemplateProblem::UnknownGoToStep {
                step: "second".into(),
                outcome: "rework".into(),
                target: "zeroth".into()
            }
        );
    }

    #[test]
    fn single_choice_without_options() {
        let mut t = valid();
        t.steps[0].fields[1].kind = FieldKind::SingleChoice { options: vec![] };
        assert_eq!(
            only(&t),
            TemplateProblem::ChoiceWithoutOptions {
                step: "first".into(),
                field: "format".into()
            }
        );
    }

    #[test]
    fn multiple_choice_with_duplicate_option() {
        let mut t = valid();
        t.steps[0].fields[1].kind = FieldKind::MultipleChoice {
            options: vec![choice("a"), choice("b"), choice("a")],
        };
        assert_eq!(
            only(&t),
            TemplateProblem::DuplicateOptionId {
                step: "first".into(),
                field: "format".into(),
                option: "a".into()
            }
        );
    }

    // Choice fields inside a list are checked too, and named by their path.
    #[test]
    fn choice_inside_list_without_options() {
        let mut t = valid();
        if let FieldKind::List { fields } = &mut t.steps[0].fields[2].kind {
            fields.push(field("status", FieldKind::SingleChoice { options: vec![] }));
        }
        assert_eq!(
            only(&t),
            TemplateProblem::ChoiceWithoutOptions {
                step: "first".into(),
                field: "people.status".into()
            }
        );
    }

    #[test]
    fn list_without_sub_fields() {
        let mut t = valid();
        t.steps[0].fields[2].kind = FieldKind::List { fields: vec![] };
        assert_eq!(
            only(&t),
            TemplateProblem::ListWithoutFields {
                step: "first".into(),
                field: "people".into()
            }
        );
    }

    #[test]
    fn empty_template_id_and_title() {
        let mut t = valid();
        t.id = String::new();
        t.title = "  ".into();
        assert_eq!(
            check_template(&t),
            vec![
                TemplateProblem::EmptyText {
                    place: "template".into(),
                    what: TextKind::Id
                },
                TemplateProblem::EmptyText {
                    place: "template".into(),
                    what: TextKind::Title
                },
            ]
        );
    }

    #[test]
    fn empty_step_title() {
        let mut t = valid();
        t.steps[1].title = String::new();
        assert_eq!(
            only(&t),
            TemplateProblem::EmptyText {
                place: "step \"second\"".into(),
                what: TextKind::Title
            }
        );
    }

    // A blank step id is one problem, not also a duplicate of another blank id.
    #[test]
    fn empty_step_id_is_numbered() {
        let mut t = valid();
        t.steps[1].id = String::new();
        assert_eq!(
            only(&t),
            TemplateProblem::EmptyText {
                place: "step #2".into(),
                what: TextKind::Id
            }
        );
    }

    #[test]
    fn empty_role_name() {
        let mut t = valid();
        t.roles[0].name = String::new();
        assert_eq!(
            only(&t),
            TemplateProblem::EmptyText {
                place: "role \"owner\"".into(),
                what: TextKind::Name
            }
        );
    }

    #[test]
    fn empty_check_label() {
        let mut t = valid();
        t.steps[0].checks[0].label = String::new();
        assert_eq!(
            only(&t),
            TemplateProblem::EmptyText {
                place: "check \"done\" of step \"first\"".into(),
                what: TextKind::Label
            }
        );
    }

    #[test]
    fn empty_sub_field_label() {
        let mut t = valid();
        if let FieldKind::List { fields } = &mut t.steps[0].fields[2].kind {
            fields[1].label = String::new();
        }
        assert_eq!(
            only(&t),
            TemplateProblem::EmptyText {
                place: "field \"people.when\" in step \"first\"".into(),
                what: TextKind::Label
            }
        );
    }

    #[test]
    fn empty_sub_field_id_is_numbered() {
        let mut t = valid();
        if let FieldKind::List { fields } = &mut t.steps[0].fields[2].kind {
            fields[1].id = String::new();
        }
        assert_eq!(
            only(&t),
            TemplateProblem::EmptyText {
                place: "field #2 of list \"people\" in step \"first\"".into(),
                what: TextKind::Id
            }
        );
    }

    #[test]
    fn empty_option_label() {
        let mut t = valid();
        if let FieldKind::SingleChoice { options } = &mut t.steps[0].fields[1].kind {
            options[0].label = String::new();
        }
        assert_eq!(
            only(&t),
            TemplateProblem::EmptyText {
                place: "option \"a\" of field \"format\" in step \"first\"".into(),
                what: TextKind::Label
            }
        );
    }

    #[test]
    fn empty_outcome_label() {
        let mut t = valid();
        t.steps[1].outcomes[0].label = String::new();
        assert_eq!(
            only(&t),
            TemplateProblem::EmptyText {
                place: "outcome \"rework\" of step \"second\"".into(),
                what: TextKind::Label
            }
        );
    }

    // Every problem is collected, so an author sees them all at once.
    #[test]
    fn reports_every_problem() {
        let mut t = valid();
        t.roles.push(role("owner"));
        t.steps[1].role = "auditor".into();
        t.steps[1].outcomes[0].go_to = Some("nowhere".into());
        assert_eq!(check_template(&t).len(), 3);
    }

    #[test]
    fn display_names_the_place() {
        let problem = TemplateProblem::UnknownGoToStep {
            step: "consent".into(),
            outcome: "consent-missing".into(),
            target: "intak".into(),
        };
        assert_eq!(
            problem.to_string(),
            "outcome \"consent-missing\" of step \"consent\" goes to step \"intak\", which does not exist"
        );
        let blank = TemplateProblem::EmptyText {
            place: "check #1 of step \"draft\"".into(),
            what: TextKind::Label,
        };
        assert_eq!(
            blank.to_string(),
            "check #1 of step \"draft\" has an empty label"
        );
    }

    /// `valid()` with a decision in its list, and a column keeping who decided.
    fn with_decision(stamp: Field) -> Template {
        let mut t = valid();
        let FieldKind::List { fields } = &mut t.steps[0].fields[2].kind else {
            unreachable!("the third field of valid() is a list");
        };
        fields.push(field(
            "decision",
            FieldKind::SingleChoice {
                options: vec![choice("yes")],
            },
        ));
        fields.push(stamp);
        t
    }

    fn decided_by() -> Field {
        Field {
            stamp_on: Some("decision".into()),
            stamp_name_from: vec!["name".into()],
            ..field("decided-by", FieldKind::Person)
        }
    }

    #[test]
    fn a_column_keeping_who_decided_names_its_decision_and_its_sources() {
        assert_eq!(check_template(&with_decision(decided_by())), vec![]);
        let problems = |stamp: Field| -> Vec<String> {
            check_template(&with_decision(stamp))
                .iter()
                .map(ToString::to_string)
                .collect()
        };
        let place = "column \"decided-by\" of field \"people\" of step \"first\"";
        assert_eq!(
            problems(Field {
                stamp_on: None,
                ..decided_by()
            }),
            vec![format!(
                "{place}: it keeps a name but does not say on which decision (stamp_on)"
            )]
        );
        assert_eq!(
            problems(Field {
                stamp_name_from: vec!["nickname".into()],
                ..decided_by()
            }),
            vec![format!(
                "{place}: it reads the name from \"nickname\", which is not a column beside it"
            )]
        );
        assert_eq!(
            problems(Field {
                kind: FieldKind::Date,
                ..decided_by()
            }),
            vec![format!(
                "{place}: it keeps a name, so it must be a person or short text"
            )]
        );
    }

    #[test]
    fn clearing_a_decision_clears_the_name_kept_with_it() {
        let mut t = with_decision(decided_by());
        let clear = |columns: &[&str]| Effect::ClearColumns {
            list: FieldRef {
                step: "first".into(),
                field: "people".into(),
            },
            columns: columns.iter().map(|c| (*c).to_owned()).collect(),
        };
        t.steps[1].outcomes[0].effects = vec![clear(&["decision"])];
        assert_eq!(
            only(&t).to_string(),
            "effect #1 of outcome \"rework\" in step \"second\": \
             it clears \"decision\" but not \"decided-by\", which is stamped on it"
        );
        t.steps[1].outcomes[0].effects = vec![clear(&["decision", "decided-by"])];
        assert_eq!(check_template(&t), vec![]);
    }

    #[test]
    fn broken_references_in_rules_are_reported() {
        let mut t = valid();
        t.steps[1].fields.push(field(
            "pick",
            FieldKind::Pick {
                source: FieldRef {
                    step: "first".into(),
                    field: "people".into(),
                },
                label_column: "nickname".into(),
                detail_column: None,
                only_when: None,
                multiple: false,
            },
        ));
        t.steps[1].gates.push(Gate::AllRows {
            list: FieldRef {
                step: "first".into(),
                field: "note".into(),
            },
            condition: crate::domain::template::Condition {
                field: "x".into(),
                equals: "yes".into(),
            },
            message: "m".into(),
        });
        let problems: Vec<String> = check_template(&t).iter().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            vec![
                "field \"pick\" of step \"second\": list \"people\" of step \"first\" has no column \"nickname\"".to_string(),
                "gate #1 of step \"second\": field \"note\" of step \"first\" is not a list".to_string(),
            ]
        );
    }
}
