//! The service worker that keeps Runsheet working offline (`sw.js`, written by
//! `scripts/post-build/offline.mjs`), and how a new deployment reaches an open page.
//!
//! A new build's worker installs beside the running one and waits: nothing of it
//! is used until the person agrees. [`apply_update`] then asks it to take over
//! and reloads the page once it has, so the page is served whole from the new
//! build's cache: never old HTML with new wasm.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::task::spawn_local;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    RegistrationOptions, ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState,
};

use crate::browser::base_path::href;

thread_local! {
    static REGISTRATION: RefCell<Option<ServiceWorkerRegistration>> = const { RefCell::new(None) };
    /// Set when this page asked the waiting worker to take over: its arrival reloads the page.
    static RELOAD_WHEN_CONTROLLED: Cell<bool> = const { Cell::new(false) };
}

fn service_workers() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    // Absent outside secure contexts (plain http on another host than localhost).
    js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker"))
        .ok()?
        .then(|| navigator.service_worker())
}

fn listen(target: &web_sys::EventTarget, event: &str, handler: impl Fn() + 'static) {
    let handler = Closure::<dyn Fn()>::new(handler);
    let _ = target.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
    // Listeners for the page's whole life.
    handler.forget();
}

fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

/// Registers `sw.js` under the app's base path, and calls `on_update_ready`
/// when a newer build is installed and waiting, or has been put in charge by
/// another tab. The first install (no worker yet) is not an update.
pub fn register(on_update_ready: impl Fn() + 'static) {
    let Some(container) = service_workers() else {
        return;
    };
    let on_update_ready = Rc::new(on_update_ready);
    let had_controller = container.controller().is_some();
    {
        let notify = on_update_ready.clone();
        listen(&container, "controllerchange", move || {
            if RELOAD_WHEN_CONTROLLED.get() {
                reload();
            } else if had_controller {
                notify();
            }
        });
    }
    let options = RegistrationOptions::new();
    options.set_scope(&href("/"));
    let registering = container.register_with_options(&href("/sw.js"), &options);
    spawn_local(async move {
        let Ok(registration) = JsFuture::from(registering).await else {
            return;
        };
        let registration: ServiceWorkerRegistration = registration.unchecked_into();
        if had_controller && registration.waiting().is_some() {
            on_update_ready();
        }
        let watched = registration.clone();
        listen(&registration, "updatefound", move || {
            let Some(worker) = watched.installing() else {
                return;
            };
            let notify = on_update_ready.clone();
            let installing = worker.clone();
            listen(&worker, "statechange", move || {
                let has_controller = service_workers().and_then(|c| c.controller()).is_some();
                if installing.state() == ServiceWorkerState::Installed && has_controller {
                    notify();
                }
            });
        });
        REGISTRATION.with(|r| *r.borrow_mut() = Some(registration));
    });
}

/// Asks the server whether a newer build exists (the browser also does on
/// every navigation); called when the tab becomes visible again.
pub fn check_for_update() {
    let Some(registration) = REGISTRATION.with(|r| r.borrow().clone()) else {
        return;
    };
    if let Ok(checking) = registration.update() {
        // Offline, the check fails; that is not an error worth reporting.
        spawn_local(async move {
            let _ = JsFuture::from(checking).await;
        });
    }
}

/// Puts the waiting build in charge and reloads the page once it is; if another
/// tab already did, only reloads.
pub fn apply_update() {
    let waiting = REGISTRATION.with(|r| r.borrow().as_ref().and_then(|reg| reg.waiting()));
    match waiting {
        Some(worker) => {
            RELOAD_WHEN_CONTROLLED.set(true);
            if worker
                .post_message(&JsValue::from_str("skip-waiting"))
                .is_err()
            {
                reload();
            }
        }
        None => reload(),
    }
}
