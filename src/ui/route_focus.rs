//! Where keyboard focus goes when the address changes: to the page's `h1`, or,
//! within one run, to the heading of the step now in focus, so a keyboard user
//! carries on where the work is instead of starting again from the top.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::browser::focus::focus_new;

/// Watches the address; renders nothing.
#[component]
pub fn RouteFocus() -> impl IntoView {
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if let Some(previous) = previous
            && previous != path
        {
            if same_run(&previous, &path) && path.contains("/steps/") {
                focus_new(".step-panel h2");
            } else {
                focus_new("main h1");
            }
        }
        path
    });
}

/// Whether both addresses show the same run's page (`…/runs/<id>[/steps/…]`).
fn same_run(a: &str, b: &str) -> bool {
    let run = |p: &str| {
        let rest = p.split("/runs/").nth(1)?;
        let mut parts = rest.split('/');
        let id = parts.next()?;
        matches!(parts.next(), None | Some("steps")).then(|| id.to_owned())
    };
    run(a).is_some() && run(a) == run(b)
}
