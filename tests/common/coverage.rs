//! Shared harness of the template coverage tests: each SOP's test lists, per
//! source step, the items the source names; these helpers check them all and
//! report every gap in one failure.

use runsheet::domain::catalogue::find;
use runsheet::domain::template::{Field as TemplateField, FieldKind, Template};

/// Where the template keeps something the source names. Field paths use dots
/// for list sub-fields (`candidates.status`).
#[derive(Debug, Clone, Copy)]
pub enum Item {
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
pub struct SourceStep {
    /// Template step id.
    pub id: &'static str,
    /// Role id responsible in the source.
    pub role: &'static str,
    /// Items the source names, with a description in plain words.
    pub items: &'static [(&'static str, Item)],
}

/// A field or list sub-field by its dotted path.
fn field<'t>(t: &'t Template, step: &str, path: &str) -> Option<&'t TemplateField> {
    let mut parts = path.split('.');
    let mut current = t.step(step)?.field(parts.next()?)?;
    for part in parts {
        current = current.sub_fields().iter().find(|f| f.id == part)?;
    }
    Some(current)
}

/// Describes why `item` is not satisfied, or `None` when it is.
pub fn gap(t: &Template, item: Item) -> Option<String> {
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

/// The template under test, from the built-in catalogue.
pub fn template(id: &str) -> &'static Template {
    find(id).unwrap_or_else(|| panic!("{id} is in the catalogue"))
}

/// The template's steps are the source's, in order.
pub fn assert_steps_in_order(t: &Template, source: &[SourceStep], count: usize) {
    let ids: Vec<&str> = t.steps.iter().map(|s| s.id.as_str()).collect();
    let expected: Vec<&str> = source.iter().map(|s| s.id).collect();
    assert_eq!(ids.len(), count, "the source has {count} steps");
    assert_eq!(ids, expected);
}

/// Each step is the responsibility of the role the source names.
pub fn assert_roles(t: &Template, source: &[SourceStep]) {
    let wrong: Vec<String> = source
        .iter()
        .filter_map(|s| {
            let actual = t.step(s.id).map(|step| step.role.as_str());
            (actual != Some(s.role))
                .then(|| format!("{}: expected {}, got {actual:?}", s.id, s.role))
        })
        .collect();
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

/// Every item the source names is in the template.
pub fn assert_items(t: &Template, source: &[SourceStep]) {
    let missing: Vec<String> = source
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

/// Each step carries a title and one to three sentences of guidance.
pub fn assert_instructions(t: &Template) {
    for step in &t.steps {
        assert!(!step.title.is_empty(), "{} has no title", step.id);
        let sentences = step.instruction.matches(['.', '!', '?']).count();
        assert!(
            (1..=3).contains(&sentences),
            "{}: instruction should be 1-3 sentences, has {sentences}",
            step.id
        );
    }
}
