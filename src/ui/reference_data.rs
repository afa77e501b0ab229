//! The reference directory as the pages see it: extracted once from every run
//! of the reference program, and again only when one of those runs changes.

use leptos::prelude::*;

use crate::domain::catalogue;
use crate::domain::procedure::registry::REFERENCE_PROGRAM;
use crate::domain::reference::extract::{Extracted, extract_into};
use crate::ui::state::AppState;

/// The directory, recomputed only when a program run changes. Each run is
/// read where it is kept, never copied: a program of thousands of records
/// and its log took longer to copy than to read.
pub fn use_directory() -> Memo<Extracted> {
    let state = expect_context::<AppState>();
    Memo::new(move |_| {
        let mut out = Extracted::default();
        if let Some(template) = catalogue::find(REFERENCE_PROGRAM) {
            for handle in state.program_handles() {
                handle.run.with(|run| extract_into(&mut out, run, template));
            }
        }
        out
    })
}
