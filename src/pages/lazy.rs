//! Pages loaded on demand. Each `view` below becomes its own wasm chunk at build
//! time (`scripts/trunk-post-build.mjs` runs wasm-split on the module cargo
//! built), so the first visit downloads only the shell and the catalogue.
//! Each installs the code that reads and writes runs (`ui::codec`), which
//! is thereby theirs too, not the first module's.

use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// `/runs`: the list of runs, import and backup.
pub struct RunsRoute;

#[lazy_route]
impl LazyRoute for RunsRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        crate::ui::codec::install();
        crate::pages::runs::RunsPage().into_any()
    }
}

/// `/runs/:id` and its steps: the run being worked on.
pub struct RunRoute;

#[lazy_route]
impl LazyRoute for RunRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        crate::ui::codec::install();
        crate::pages::run::RunPage().into_any()
    }
}

/// `/runs/:id/summary`: the printable summary and Markdown.
pub struct SummaryRoute;

#[lazy_route]
impl LazyRoute for SummaryRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        crate::ui::codec::install();
        crate::pages::summary::SummaryPage().into_any()
    }
}

/// `/references`: the reference directory.
pub struct DirectoryRoute;

#[lazy_route]
impl LazyRoute for DirectoryRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        crate::ui::codec::install();
        crate::pages::directory::DirectoryPage().into_any()
    }
}

/// `/references/match`: ranking a request.
pub struct MatchingRoute;

#[lazy_route]
impl LazyRoute for MatchingRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        crate::ui::codec::install();
        crate::pages::matching::MatchingPage().into_any()
    }
}

/// `/references/overview`: the program overview.
pub struct OverviewRoute;

#[lazy_route]
impl LazyRoute for OverviewRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        crate::ui::codec::install();
        crate::pages::overview::OverviewPage().into_any()
    }
}

/// `/recovery`: records that could not be read.
pub struct RecoveryRoute;

#[lazy_route]
impl LazyRoute for RecoveryRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        crate::ui::codec::install();
        crate::pages::recovery::RecoveryPage().into_any()
    }
}

/// `/runs/:id/story`: the product alone, for outside readers.
pub struct StoryRoute;

#[lazy_route]
impl LazyRoute for StoryRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        crate::ui::codec::install();
        crate::pages::story::StoryPage().into_any()
    }
}

/// Loads the code a visitor most likely needs next (the storage codec, the
/// Runs page and a run's page) once the browser is idle after start-up, so
/// the first click on "Runs" or "Start run" does not wait for a chunk. The
/// service worker caches these files on install anyway, so this adds no
/// download to a visit; the first load itself is unchanged.
pub fn warm_up() {
    request_idle_callback(|| {
        leptos::task::spawn_local(async {
            // A route's preload cannot fail softly (it panics, as opening the
            // route would), so the routes are warmed only once the codec's
            // fallible fetch has just worked.
            if crate::ui::codec::ready().await.is_ok() {
                <RunsRoute as LazyRoute>::preload().await;
                <RunRoute as LazyRoute>::preload().await;
            }
        });
    });
}
