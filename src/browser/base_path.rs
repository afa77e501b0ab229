//! The URL prefix the app is served under (e.g. `/runsheet` on GitHub Pages).

use std::sync::OnceLock;

/// The path of the document's `<base href>` without its trailing slash; empty
/// when served from the root. Trunk writes the base from `--public-url`, so one
/// build knows its own sub-path without any code change. Read once: it never changes.
pub fn base_path() -> &'static str {
    static BASE: OnceLock<String> = OnceLock::new();
    BASE.get_or_init(|| {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.base_uri().ok().flatten())
            .and_then(|uri| web_sys::Url::new(&uri).ok())
            .map(|url| url.pathname())
            .unwrap_or_default()
            .trim_end_matches('/')
            .to_owned()
    })
}

/// A link target inside the app, e.g. `href("/runs")` → `/runsheet/runs`.
/// leptos_router's `<A>` does not add the router base to absolute paths.
pub fn href(path: &str) -> String {
    format!("{}{}", base_path(), path)
}
