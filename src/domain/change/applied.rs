//! What a change that was carried out tells the page.

/// What the UI should do after a change that moves the run elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Applied {
    /// Step to put in focus, when the change sends the run to another step.
    pub focus_step: Option<String>,
    /// Whether anything changed; an unchanged run needs no save and no re-render.
    pub changed: bool,
}

impl Applied {
    /// A change that sends the person to `step` (when there is one).
    pub(super) fn focus(step: Option<String>) -> Self {
        Applied {
            focus_step: step,
            changed: false,
        }
    }
}
