//! The app shell: shared state, page frame and routes.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{Lazy, path};

use crate::browser::base_path::base_path;
use crate::browser::lifecycle::{on_page_hidden, on_page_visible};
use crate::browser::persistence::request_persistence;
use crate::browser::service_worker;
use crate::browser::tabs::on_other_tab_change;
use crate::pages::lazy::{
    DirectoryRoute, MatchingRoute, OverviewRoute, RecoveryRoute, RunRoute, RunsRoute, StoryRoute,
    SummaryRoute, warm_up,
};
use crate::pages::start::StartPage;
use crate::pages::{catalogue::CataloguePage, not_found::NotFoundPage};
use crate::ui::route_focus::RouteFocus;
use crate::ui::shell::{Footer, Header, StorageBanner};
use crate::ui::state::AppState;
use crate::ui::update_prompt::UpdatePrompt;
use leptos::task::spawn_local;

/// Root component: loads storage once, provides [`AppState`], registers the
/// service worker, and routes; the pages other than the catalogue load on demand.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::load();
    provide_context(state);
    on_page_hidden(move || state.flush());
    on_other_tab_change(move |key| match key {
        Some(key) => state.other_tab_changed(&key),
        None => state.storage_cleared_elsewhere(),
    });
    spawn_local(async move {
        let answer = request_persistence().await;
        state.persistence.set(Some(answer));
    });
    let (update_ready, set_update_ready) = signal(false);
    service_worker::register(move || set_update_ready.set(true));
    on_page_visible(service_worker::check_for_update);
    warm_up();
    view! {
        <Router base=base_path()>
            <RouteFocus />
            <Header />
            <UpdatePrompt ready=update_ready />
            <StorageBanner />
            <main id="main" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=CataloguePage />
                    <Route path=path!("/runs") view={Lazy::<RunsRoute>::new()} />
                    <Route path=path!("/references") view={Lazy::<DirectoryRoute>::new()} />
                    <Route path=path!("/recovery") view={Lazy::<RecoveryRoute>::new()} />
                    <Route path=path!("/references/match") view={Lazy::<MatchingRoute>::new()} />
                    <Route path=path!("/references/overview") view={Lazy::<OverviewRoute>::new()} />
                    <Route path=path!("/runs/:id") view={Lazy::<RunRoute>::new()} />
                    <Route path=path!("/runs/:id/steps/:step") view={Lazy::<RunRoute>::new()} />
                    <Route path=path!("/runs/:id/summary") view={Lazy::<SummaryRoute>::new()} />
                    <Route path=path!("/runs/:id/story") view={Lazy::<StoryRoute>::new()} />
                    <Route path=path!("/start/:template") view=StartPage />
                </Routes>
            </main>
            <Footer />
        </Router>
    }
}
