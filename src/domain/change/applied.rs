//! What a change that was carried out tells the page and the save.

use super::touched::Touched;

/// What the UI should do after a change, and what the save should write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// Step to put in focus, when the change sends the run to another step.
    pub focus_step: Option<String>,
    /// Whether anything changed; an unchanged run needs no save and no re-render.
    pub changed: bool,
    /// Where the change and every follow-up of its procedure wrote: what the
    /// save encodes. Nothing when nothing changed.
    pub touched: Touched,
}

impl Default for Applied {
    fn default() -> Self {
        Applied::focus(None)
    }
}

impl Applied {
    /// A change that sends the person to `step` (when there is one).
    pub(super) fn focus(step: Option<String>) -> Self {
        Applied {
            focus_step: step,
            changed: false,
            touched: Touched::nothing(),
        }
    }
}
