//! The app shell: shared state, page frame and routes.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::browser::base_path::base_path;
use crate::browser::lifecycle::on_page_hidden;
use crate::browser::persistence::request_persistence;
use crate::browser::tabs::on_other_tab_change;
use crate::pages::directory::DirectoryPage;
use crate::pages::matching::MatchingPage;
use crate::pages::recovery::RecoveryPage;
use crate::pages::start::StartPage;
use crate::pages::story::StoryPage;
use crate::pages::summary::SummaryPage;
use crate::pages::{
    catalogue::CataloguePage, not_found::NotFoundPage, run::RunPage, runs::RunsPage,
};
use crate::ui::route_focus::RouteFocus;
use crate::ui::shell::{Footer, Header, StorageBanner};
use crate::ui::state::AppState;
use leptos::task::spawn_local;

/// Root component: loads storage once, provides [`AppState`], and routes.
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
    view! {
        <Router base=base_path()>
            <RouteFocus />
            <Header />
            <StorageBanner />
            <main id="main" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=CataloguePage />
                    <Route path=path!("/runs") view=RunsPage />
                    <Route path=path!("/references") view=DirectoryPage />
                    <Route path=path!("/recovery") view=RecoveryPage />
                    <Route path=path!("/references/match") view=MatchingPage />
                    <Route path=path!("/runs/:id") view=RunPage />
                    <Route path=path!("/runs/:id/steps/:step") view=RunPage />
                    <Route path=path!("/runs/:id/summary") view=SummaryPage />
                    <Route path=path!("/runs/:id/story") view=StoryPage />
                    <Route path=path!("/start/:template") view=StartPage />
                </Routes>
            </main>
            <Footer />
        </Router>
    }
}
