//! The approval of a versioned step (the story draft): one reading of who must
//! approve and who decided what on which version, used by the completion gate,
//! the sign-off block and the story print, so they never disagree.

pub mod spec;
pub mod state;
