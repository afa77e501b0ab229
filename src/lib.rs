//! Runsheet: run a standard operating procedure step by step in the browser.
//!
//! `domain` and `storage` are plain Rust and compile natively, so the rules are
//! tested with `cargo test`; the Leptos UI only exists on wasm32.

pub mod domain;
pub mod storage;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod pages;
#[cfg(target_arch = "wasm32")]
pub mod ui;
