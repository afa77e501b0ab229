//! Importing references (each customer with its profile and consents) from a
//! spreadsheet on the profile step: the shared import panel, with the
//! reference import's preview and action. A reference the run has already is
//! updated, not added twice; the domain decides which.

use std::sync::Arc;

use leptos::prelude::*;

use crate::domain::reference::actions::import_references::import_references;
use crate::domain::reference::csv_import::ImportColumn;
use crate::domain::reference::reference_import::{ReferenceColumn, ReferenceRow, preview};
use crate::ui::csv_import_panel::{
    AddFn, CsvImportPanel, PreviewFn, PreviewLines, apply_as_person, rejected_lines, values_text,
};
use crate::ui::state::AppState;

/// The reference import panel; `disabled` while the run takes no edits.
#[component]
pub fn ReferenceImport(
    run_id: String,
    #[prop(into, optional)] disabled: Signal<bool>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let show: PreviewFn<ReferenceColumn> = Arc::new(|csv, mapping| {
        let p = preview(csv, mapping);
        PreviewLines {
            rows: p.rows.iter().map(row_line).collect(),
            rejected: rejected_lines(&p.rejected),
        }
    });
    let add: AddFn<ReferenceColumn> = Arc::new(move |csv, mapping| {
        let rows = preview(csv, mapping).rows;
        apply_as_person(state, &run_id, |run, editor| {
            import_references(run, editor, &rows)
        })
        .map(|done| {
            format!(
                "Imported {} references: {} new customers, {} profiles added, {} updated, {} consent lines added.",
                rows.len(),
                done.customers_added,
                done.profiles_added,
                done.profiles_updated,
                done.consent_lines_added
            )
        })
    });
    view! {
        <CsvImportPanel
            heading="Import references from a spreadsheet"
            file_label="References (CSV file) "
            noun="references"
            preview=show
            add=add
            disabled=disabled
        />
    }
}

/// "Line 2: company: … · email: … · Logo consent: verified".
fn row_line(row: &ReferenceRow) -> String {
    let mut parts = vec![values_text(row.customer.values.iter().chain(&row.profile))];
    for consent in &row.consents {
        let mut part = format!(
            "{}: {}",
            ReferenceColumn::Consent(consent.consent_use).label(),
            consent.status.label()
        );
        if let Some(day) = consent.expires_on {
            part.push_str(&format!(" until {day}"));
        }
        parts.push(part);
    }
    format!("Line {}: {}", row.line(), parts.join(" · "))
}
