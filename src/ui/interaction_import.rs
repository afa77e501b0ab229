//! Importing past interactions from a spreadsheet on the tracking step: the
//! shared import panel, with the interaction import's preview (each row
//! joined to its reference by the domain, as the run is now) and action.

use std::sync::Arc;

use leptos::prelude::*;

use crate::domain::reference::actions::import_interactions::import_interactions;
use crate::domain::reference::interaction_import::{InteractionColumn, preview};
use crate::domain::run::Run;
use crate::domain::template::Template;
use crate::ui::csv_import_panel::{
    AddFn, CsvImportPanel, PreviewFn, PreviewLines, apply_as_person, rejected_lines, values_text,
};
use crate::ui::state::AppState;

/// The interaction import panel; `disabled` while the run takes no edits.
#[component]
pub fn InteractionImport(
    run_id: String,
    run: RwSignal<Run>,
    template: &'static Template,
    #[prop(into, optional)] disabled: Signal<bool>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    // Reads the run tracked, so a customer added meanwhile joins its rows.
    let show: PreviewFn<InteractionColumn> = Arc::new(move |csv, mapping| {
        let p = run.with(|r| preview(csv, mapping, r, template));
        PreviewLines {
            rows: p
                .rows
                .iter()
                .map(|row| {
                    format!(
                        "Line {}: {} · {}",
                        row.line,
                        row.customer,
                        values_text(&row.values)
                    )
                })
                .collect(),
            rejected: rejected_lines(&p.rejected),
        }
    });
    let add: AddFn<InteractionColumn> = Arc::new(move |csv, mapping| {
        let rows = run
            .with_untracked(|r| preview(csv, mapping, r, template))
            .rows;
        apply_as_person(state, &run_id, |run, editor| {
            import_interactions(run, editor, &rows)
        })
        .map(|ids| format!("Added {} interactions.", ids.len()))
    });
    view! {
        <CsvImportPanel
            heading="Import past interactions from a spreadsheet"
            file_label="Interactions (CSV file) "
            noun="interactions"
            preview=show
            add=add
            disabled=disabled
        />
    }
}
