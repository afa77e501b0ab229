//! The built-in catalogue: every embedded template parses, passes structural
//! validation, and can be found by id and by version.

use std::collections::HashSet;

use runsheet::domain::catalogue::{all_versions, find, find_version, load_errors, templates};
use runsheet::domain::template_check::check_template;

// A broken JSON file is dropped from the catalogue instead of crashing the
// app; this test is what stops such a file from ever shipping.
#[test]
fn every_embedded_file_parses() {
    let errors: Vec<String> = load_errors().iter().map(ToString::to_string).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn every_template_version_is_valid() {
    assert!(!all_versions().is_empty(), "the catalogue is empty");
    let report: Vec<String> = all_versions()
        .iter()
        .flat_map(|t| {
            check_template(t)
                .into_iter()
                .map(move |p| format!("{} v{}: {p}", t.id, t.version))
        })
        .collect();
    assert!(report.is_empty(), "\n{}", report.join("\n"));
}

#[test]
fn catalogue_lists_story_then_reference_program() {
    let ids: Vec<&str> = templates().iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        ["customer-story-production", "customer-reference-program"]
    );
}

#[test]
fn template_ids_are_unique_in_the_catalogue() {
    let mut seen = HashSet::new();
    for t in templates() {
        assert!(seen.insert(t.id.as_str()), "id {} listed twice", t.id);
    }
}

// Two files claiming the same id and version would make a stored run's
// template ambiguous.
#[test]
fn id_and_version_pairs_are_unique() {
    let mut seen = HashSet::new();
    for t in all_versions() {
        assert!(
            seen.insert((t.id.as_str(), t.version)),
            "{} v{} embedded twice",
            t.id,
            t.version
        );
    }
}

#[test]
fn versions_start_at_one() {
    for t in all_versions() {
        assert!(t.version >= 1, "{} has version 0", t.id);
    }
}

#[test]
fn find_returns_the_newest_version() {
    for t in templates() {
        let found = find(&t.id).expect("listed template is findable");
        let newest = all_versions()
            .iter()
            .filter(|v| v.id == t.id)
            .map(|v| v.version)
            .max();
        assert_eq!(Some(found.version), newest, "{}", t.id);
    }
    assert_eq!(
        find("customer-story-production").map(|t| t.version),
        Some(1)
    );
    assert_eq!(
        find("customer-reference-program").map(|t| t.version),
        Some(2)
    );
}

/// The reference program's version 2 types each customer once: every column
/// where version 1 had a name typed (a record's reference, the profile's
/// contact and company, a request's chosen reference) becomes a pick of the
/// step 2 candidate; every other column of version 1 is kept as it was, and
/// what is new (an expiry, a day received, a match score, an interaction's
/// request) is optional.
#[test]
fn the_reference_programs_version_2_picks_each_customer_instead_of_typing_its_name() {
    use runsheet::domain::template::FieldKind;
    let v1 = find_version("customer-reference-program", 1).expect("version 1 stays published");
    let v2 = find_version("customer-reference-program", 2).expect("version 2 is published");
    let typed_names = [
        "consents.reference",
        "invitations.reference",
        "references.name",
        "references.company",
        "briefings.reference",
        "requests.chosen-reference",
        "interactions.reference",
        "usage-reviews.reference",
        "approvals.reference",
        "escalations.reference",
    ];
    let (mut dropped, mut added) = (Vec::new(), Vec::new());
    for (old, new) in v1.steps.iter().zip(&v2.steps) {
        assert_eq!(old.id, new.id);
        for (old_field, new_field) in old.fields.iter().zip(&new.fields) {
            assert_eq!(old_field.id, new_field.id);
            for column in old_field.sub_fields() {
                match new_field.sub_fields().iter().find(|c| c.id == column.id) {
                    Some(kept) => {
                        assert_eq!(kept, column, "column {} of {}", column.id, old_field.id)
                    }
                    None => dropped.push(format!("{}.{}", old_field.id, column.id)),
                }
            }
            for column in new_field.sub_fields() {
                if old_field.sub_fields().iter().any(|c| c.id == column.id) {
                    continue;
                }
                added.push(format!("{}.{}", new_field.id, column.id));
                if column.id == "customer" {
                    let FieldKind::Pick {
                        source, multiple, ..
                    } = &column.kind
                    else {
                        panic!("{}.customer is not a pick", new_field.id);
                    };
                    assert_eq!(
                        (source.step.as_str(), source.field.as_str()),
                        ("candidates", "candidates")
                    );
                    assert!(!multiple);
                } else {
                    assert!(
                        !column.required,
                        "new column {} must be optional",
                        column.id
                    );
                }
            }
        }
    }
    assert_eq!(dropped, typed_names);
    let customers = added.iter().filter(|c| c.ends_with(".customer")).count();
    assert_eq!(
        customers, 9,
        "every list that named a customer picks it: {added:?}"
    );
    for new in [
        "consents.expires-on",
        "requests.received-on",
        "requests.match-score",
        "interactions.request",
        "approvals.request",
    ] {
        assert!(added.iter().any(|a| a == new), "{new} in {added:?}");
    }
}

#[test]
fn find_unknown_id_is_none() {
    assert!(find("no-such-sop").is_none());
    assert!(find("").is_none());
}

#[test]
fn find_version_returns_that_exact_version() {
    for t in all_versions() {
        let found = find_version(&t.id, t.version).expect("embedded version is findable");
        assert_eq!(found, t);
    }
    let story = find_version("customer-story-production", 1).expect("story v1");
    assert_eq!(story.title, "Customer Story Production");
    assert!(find_version("customer-story-production", 99).is_none());
    assert!(find_version("customer-reference-program", 0).is_none());
    assert!(find_version("no-such-sop", 1).is_none());
}

// The catalogue is parsed once and shared; callers can rely on stable references.
#[test]
fn catalogue_is_parsed_once() {
    assert!(std::ptr::eq(templates(), templates()));
    let a = find("customer-story-production").unwrap();
    let b = find("customer-story-production").unwrap();
    assert!(std::ptr::eq(a, b));
}
