//! The reference directory as the pages see it: extracted once from every run
//! of the reference program, and again only when one of those runs changes.

use leptos::prelude::*;

use crate::domain::catalogue;
use crate::domain::procedure::registry::{REFERENCE_PROGRAM, is_reference_program};
use crate::domain::reference::extract::{Extracted, extract};
use crate::domain::run::Run;
use crate::ui::state::AppState;

/// Every run of the reference program, in creation order (read whole the
/// first time they are asked for).
pub fn program_runs(state: AppState) -> Vec<Run> {
    state
        .program_handles()
        .into_iter()
        .filter_map(|h| {
            h.run
                .with(|r| is_reference_program(&r.template_id).then(|| r.clone()))
        })
        .collect()
}

/// The directory, recomputed only when a program run changes.
pub fn use_directory() -> Memo<Extracted> {
    let state = expect_context::<AppState>();
    Memo::new(move |_| match catalogue::find(REFERENCE_PROGRAM) {
        Some(template) => extract(&program_runs(state), template),
        None => Extracted::default(),
    })
}
