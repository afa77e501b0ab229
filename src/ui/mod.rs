//! Reusable views and the state they share. Components render domain state
//! and send intent back to [`state::AppState`]; no business rule lives here.

pub mod activity_log;
pub mod candidate_import;
pub mod codec;
pub mod csv_import_panel;
pub mod field_input;
pub mod import_panel;
pub mod interaction_import;
pub mod list_field;
pub mod page_title;
pub mod pick_cell;
pub mod pick_field;
pub mod progress;
pub mod reference_data;
pub mod reference_import;
pub mod roles_form;
pub mod route_focus;
pub mod routes;
pub mod run_error;
pub mod run_handle;
pub mod shell;
pub mod show_more;
pub mod state;
pub mod status_badge;
pub mod step_nav;
pub mod step_panel;
pub mod summary_view;
pub mod update_prompt;
