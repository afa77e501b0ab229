//! Importing candidates from a CRM export (CSV) on the candidates step: the
//! shared import panel, with the candidate import's preview and action.

use std::sync::Arc;

use leptos::prelude::*;

use crate::domain::reference::actions::add_candidates::add_candidates;
use crate::domain::reference::candidate_import::CandidateColumn;
use crate::ui::csv_import_panel::{
    AddFn, CsvImportPanel, PreviewFn, PreviewLines, apply_as_person, rejected_lines, values_text,
};
use crate::ui::state::AppState;

/// The CSV import panel of the candidates step; `disabled` while the run
/// takes no edits (an archived program run).
#[component]
pub fn CandidateImport(
    run_id: String,
    #[prop(into, optional)] disabled: Signal<bool>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let preview: PreviewFn<CandidateColumn> = Arc::new(|csv, mapping| {
        let p = csv.preview(mapping);
        PreviewLines {
            rows: p
                .rows
                .iter()
                .map(|row| format!("Line {}: {}", row.line, values_text(&row.values)))
                .collect(),
            rejected: rejected_lines(&p.rejected),
        }
    });
    let add: AddFn<CandidateColumn> = Arc::new(move |csv, mapping| {
        let rows = csv.preview(mapping).rows;
        apply_as_person(state, &run_id, |run, editor| {
            add_candidates(run, editor, &rows)
        })
        .map(|ids| format!("Added {} candidates.", ids.len()))
    });
    view! {
        <CsvImportPanel
            heading="Import candidates from a CRM export"
            file_label="CRM export (CSV file) "
            noun="candidates"
            preview=preview
            add=add
            disabled=disabled
        />
    }
}
