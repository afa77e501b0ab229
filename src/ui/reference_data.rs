//! The reference directory as the pages see it: extracted from every run of
//! the reference program once, and again only when one of those runs changes.

use leptos::prelude::*;

use crate::domain::catalogue;
use crate::domain::procedure::registry::REFERENCE_PROGRAM;
use crate::domain::reference::extract::{Extracted, extract_into, settle};
use crate::ui::state::AppState;

/// The one directory memo of the app, kept by its root owner.
#[derive(Clone, Copy)]
struct SharedDirectory(Memo<Extracted>);

/// The directory, shared by the directory, match and overview pages: going
/// from one to another does not read the program again, and a change to a
/// program run is read once, by the first page that asks (a memo is lazy).
/// Each run is read where it is kept, never copied: a program of thousands
/// of records and its log took longer to copy than to read.
pub fn use_directory() -> Memo<Extracted> {
    let state = expect_context::<AppState>();
    state.at_root(|| {
        if let Some(SharedDirectory(memo)) = use_context::<SharedDirectory>() {
            return memo;
        }
        let memo = Memo::new(move |_| {
            let mut out = Extracted::default();
            if let Some(template) = catalogue::find(REFERENCE_PROGRAM) {
                for handle in state.program_handles() {
                    handle.run.with(|run| extract_into(&mut out, run, template));
                }
            }
            // Each customer once, from the newest period that holds it.
            settle(&mut out);
            out
        });
        provide_context(SharedDirectory(memo));
        memo
    })
}
