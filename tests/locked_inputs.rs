//! A run that takes no edits (an archived program run, a run saved by a newer
//! app) shows no input that looks editable: every input, select, textarea and
//! button of the views that render a run's record can be disabled, except the
//! few named here, which change nothing in the run.
//!
//! Checked on the source of those views, as `tests/architecture.rs` checks the
//! imports: each element's opening tag is read up to its closing `>` (skipping
//! what is inside brackets and strings, so closures in attributes do not end
//! it) and must carry `prop:disabled`. The browser test
//! `tests/e2e/references.test.mjs` checks the same on the rendered page.

use std::fs;
use std::path::Path;

/// The views that render a run's record and send its changes.
const RUN_VIEWS: &[&str] = &[
    "src/pages/run.rs",
    "src/ui/roles_form.rs",
    "src/ui/step_panel.rs",
    "src/ui/list_field.rs",
    "src/ui/field_input.rs",
    "src/ui/pick_field.rs",
    "src/ui/pick_cell.rs",
    "src/ui/candidate_import.rs",
    "src/ui/csv_import_panel.rs",
];

/// Elements that change nothing in the run, found by a piece of their tag,
/// with why they stay enabled.
const CHANGE_NOTHING: &[(&str, &str)] = &[
    (
        "autocomplete=\"name\"",
        "the person's name for the log is a setting of this browser",
    ),
    ("run_export", "downloading the run reads it"),
    (
        "start_next_period",
        "starting the next period makes a new run from this one, which stays as it is",
    ),
    ("pending.set(Pending::None)", "cancelling a form closes it"),
    (
        "type=\"submit\"",
        "a form's submit sends the change the form was opened for; the button opening it is disabled",
    ),
    (
        "reason.set(event_target_value",
        "a form's reason is kept on the page until sent",
    ),
    (
        "escalated_to.set(event_target_value",
        "a form's escalation contact is kept on the page until sent",
    ),
    (
        "mapping.update(",
        "mapping a CSV's columns changes the preview, not the run",
    ),
    ("file.set(None)", "cancelling an import drops the file"),
];

/// The opening tag starting at `start` (at its `<`), up to and with its `>`.
fn opening_tag(code: &str, start: usize) -> &str {
    let bytes = code.as_bytes();
    let mut depth = 0i32;
    let mut i = start + 1;
    let mut in_string = false;
    while i < bytes.len() {
        let c = bytes[i];
        if in_string {
            match c {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match c {
                b'"' => in_string = true,
                b'(' | b'{' | b'[' => depth += 1,
                b')' | b'}' | b']' => depth -= 1,
                // `=>` of a match arm, `->` of a return type: not the end.
                b'>' if depth == 0 && !matches!(bytes[i - 1], b'=' | b'-') => {
                    return &code[start..=i];
                }
                _ => {}
            }
        }
        i += 1;
    }
    &code[start..]
}

/// Every input, select, textarea and button tag in `code`.
fn controls(code: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for name in ["<input", "<select", "<textarea", "<button"] {
        let mut from = 0;
        while let Some(at) = code[from..].find(name) {
            let start = from + at;
            let next = code.as_bytes().get(start + name.len()).copied();
            if matches!(next, Some(b' ' | b'\n' | b'>' | b'/')) {
                found.push(opening_tag(code, start));
            }
            from = start + name.len();
        }
    }
    found
}

#[test]
fn the_tag_reader_sees_whole_tags() {
    let code = r#"<button type="button" on:click=move |_| { if a > b { go() } }>"Go"</button>
        <input prop:value=move || x.get() on:change=move |ev| match f(ev) { Ok(_) => (), Err(e) => g(e) } />"#;
    let tags = controls(code);
    assert_eq!(tags.len(), 2);
    // Inputs are listed first, then selects, textareas and buttons.
    assert!(
        tags[0].starts_with("<input") && tags[0].ends_with("/>"),
        "{}",
        tags[0]
    );
    assert!(
        tags[1].starts_with("<button") && tags[1].ends_with("} }>"),
        "{}",
        tags[1]
    );
}

// Regression: on an archived program run the role boxes, the target date,
// the due dates and the step's action buttons stayed enabled; what was typed
// showed, "Saved" showed, and a reload showed it had never been stored.
#[test]
fn every_control_of_a_runs_views_can_be_disabled() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut open = Vec::new();
    for file in RUN_VIEWS {
        let code = fs::read_to_string(root.join(file)).expect("view source is readable");
        for tag in controls(&code) {
            let exempt = CHANGE_NOTHING.iter().any(|(mark, _)| tag.contains(mark));
            if !tag.contains("prop:disabled") && !exempt {
                let line = code[..code.find(tag).unwrap_or(0)].lines().count() + 1;
                let first = tag.lines().next().unwrap_or(tag);
                open.push(format!("{file}:{line}: {first}"));
            }
        }
    }
    assert!(
        open.is_empty(),
        "controls that stay enabled on a locked run:\n{}",
        open.join("\n")
    );
}
