//! What Runsheet does, in plain Rust: templates, runs and the rules between them.
//! Nothing here knows about the browser, so every rule is tested natively.

pub mod activity;
pub mod approvals;
pub mod catalogue;
pub mod change;
pub mod completion;
pub mod csv;
pub mod export;
pub mod ids;
pub mod import;
pub mod integrity;
pub mod listing;
pub mod markdown;
pub mod option_list;
pub mod paging;
pub mod picks;
pub mod procedure;
pub mod progress;
pub mod record_fit;
pub mod record_name;
pub mod reference;
pub mod run;
pub mod schedule;
pub mod stamps;
pub mod summary;
pub mod template;
pub mod template_check;
pub mod unreadable;
pub mod value;
